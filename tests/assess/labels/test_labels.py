"""GB 45438 labels: written by Fulcrum, read back by independent readers, tampering detected."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fulcrum.assess.labels import (
    FIELDS,
    XMP_NS,
    add_label,
    check_file,
    check_label,
    check_labels,
    make_label,
)
from fulcrum.errors import DataError, InputError


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _independent_read(path: Path, kind: str) -> dict[str, str]:
    """The label as other libraries see it (Pillow's XMP reader, mutagen's tag readers)."""
    if kind in ("png", "jpeg", "webp", "webp-lossless"):
        with Image.open(path) as image:
            image.load()
            xmp = image.getxmp()
        description = xmp["xmpmeta"]["RDF"]["Description"]
        return json.loads(description["AIGC"])
    import mutagen

    tags = mutagen.File(path).tags
    if kind == "mp4":
        return json.loads(bytes(tags["----:cn.org.tc260:AIGC"][0]).decode())
    return json.loads(str(tags["TXXX:AIGC"].text[0]))


def test_round_trip_in_every_format(media: dict[str, Path], tmp_path: Path) -> None:
    assert "mp4" in media, "OpenCV could not write the MP4 sample"
    for kind, src in media.items():
        before = _sha(src)
        dst = tmp_path / "out" / f"labelled-{src.name}"
        add_label(src, dst, producer="001191110102MA0000000", content_id=f"id-{kind}")
        # the input is never modified
        assert _sha(src) == before
        # an independent reader finds the seven fields with our values
        label = _independent_read(dst, kind)
        assert list(label) == list(FIELDS)
        assert label["Label"] == "1" and label["ProduceID"] == f"id-{kind}"
        # and our checker calls it valid, with its integrity code verified
        report = check_file(dst, c2pa=False)
        assert report["verdict"] == "pass", (kind, report)
        assert report["label"]["integrity"] == "verified"


def test_pixels_are_not_re_encoded(media: dict[str, Path], tmp_path: Path) -> None:
    for kind in ("png", "jpeg", "webp"):
        dst = tmp_path / f"x.{kind}"
        add_label(media[kind], dst, producer="P", content_id="1")
        with Image.open(media[kind]) as a, Image.open(dst) as b:
            assert np.array_equal(np.asarray(a.convert("RGB")), np.asarray(b.convert("RGB")))
        # labelling twice replaces the label rather than adding a second one
        again = tmp_path / f"y.{kind}"
        add_label(dst, again, producer="P", content_id="2")
        report = check_file(again, c2pa=False)
        assert report["label"]["fields"]["ProduceID"] == "2" and report["verdict"] == "pass"


def _tamper(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (b'"ProduceID":"id-1"', b'"ProduceID":"id-9"', "altered label"),
        (b'"Label":"1"', b'"Label":"7"', "Label is '7'"),
        (
            b'"ContentProducer":"ACME",',
            b'"ContentProducex":"ACME",',
            "field ContentProducer is missing",
        ),
        (b'{"Label"', b'["Label"', "not valid JSON"),
    ],
)
def test_tampered_or_partial_labels_are_invalid(media, tmp_path: Path, old, new, problem) -> None:
    for kind in ("png", "jpeg", "webp"):
        dst = tmp_path / f"t.{kind}"
        add_label(media[kind], dst, producer="ACME", content_id="id-1", overwrite=True)
        _tamper(dst, old, new)
        report = check_file(dst, c2pa=False)
        assert report["verdict"] == "fail"
        assert any(problem in p for p in report["label"]["problems"]), report["label"]["problems"]


def test_a_label_written_by_another_tool_is_read(tmp_path: Path) -> None:
    # A Doubao-style XMP packet (another prefix, no Fulcrum integrity code) appended by hand
    path = tmp_path / "other.png"
    Image.new("RGB", (8, 8)).save(path)
    from fulcrum.assess.labels._images import png_put_xmp

    foreign = {
        "Label": "1",
        "ContentProducer": "BYTEDANCE001",
        "ProduceID": "f123",
        "ReservedCode1": "",
        "ContentPropagator": "",
        "PropagateID": "",
        "ReservedCode2": "",
    }
    value = json.dumps(foreign).replace('"', "&quot;")
    xmp = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmlns:AI="{XMP_NS}">'
        f"<AI:AIGC>{value}</AI:AIGC>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    path.write_bytes(png_put_xmp(path.read_bytes(), xmp))
    report = check_file(path, c2pa=False)
    assert report["verdict"] == "pass" and report["label"]["integrity"] == "not_verifiable"
    assert report["label"]["fields"]["ContentProducer"] == "BYTEDANCE001"


@pytest.mark.parametrize("kind", ["png", "jpeg", "webp"])
def test_visible_label_is_at_least_five_percent_of_the_shorter_side(media, tmp_path, kind) -> None:
    src = media[kind]
    dst = tmp_path / f"visible{src.suffix}"
    facts = add_label(src, dst, producer="P", content_id="1", visible=True)
    with Image.open(src) as a, Image.open(dst) as b:
        before = np.asarray(a.convert("RGB")).astype(int)
        after = np.asarray(b.convert("RGB")).astype(int)
    # lossy formats change every pixel a little when re-encoded; the label changes them a lot
    changed = np.argwhere((np.abs(before - after) > 60).any(axis=2))
    rows = changed[:, 0].max() - changed[:, 0].min() + 1
    shorter = min(before.shape[:2])
    assert facts["visible"]["text_height_px"] >= 0.05 * shorter
    assert rows >= 0.05 * shorter
    assert (
        changed[:, 0].min() > shorter / 2 and changed[:, 1].min() < before.shape[1] / 2
    )  # lower left
    assert check_file(dst, c2pa=False)["verdict"] == "pass"


def test_files_that_cannot_carry_a_label_are_errors_naming_them(tmp_path: Path, media) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(DataError, match=r"notes.txt: cannot carry a label"):
        add_label(text, tmp_path / "out.txt", producer="P", content_id="1")
    with pytest.raises(InputError, match="the input is never modified"):
        add_label(media["png"], media["png"], producer="P", content_id="1")
    with pytest.raises(InputError, match="a visible label is only drawn on images"):
        add_label(media["wav"], tmp_path / "v.wav", producer="P", content_id="1", visible=True)
    with pytest.raises(InputError, match="field ContentProducer is empty"):
        make_label("", "1")


def test_check_label_rules() -> None:
    good = make_label("P", "1")
    assert check_label(good) == []
    assert check_label({**good, "Extra": "x"}) == ["unknown field Extra"]
    assert "field ProduceID is not a string" in check_label({**good, "ProduceID": 5})
    assert check_label([1, 2]) == ["the AIGC value is not a JSON object"]


def test_folder_check_is_evidence(media, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for kind, src in media.items():
        add_label(src, out / "nested" / f"{kind}-{src.name}", producer="P", content_id=kind)
    report = check_labels([out], c2pa=False)
    assert report.metrics["files"] == len(media) and report.metrics["labelled_share"] == 1.0
    assert report.evidence.verdict == "pass"
    assert report.evidence.requirements[0] == "cn-gb-45438:metadata-label"
    assert "eu-ai-act:art-50-2-synthetic-content-marking" in report.evidence.requirements
    # one unlabelled image makes the share < 1 and the verdict fail
    Image.new("RGB", (8, 8)).save(out / "plain.png")
    (out / "readme.txt").write_text("not media")
    report = check_labels([out], c2pa=False)
    assert report.metrics["unsupported"] == 1
    assert report.metrics["labelled_share"] == pytest.approx(len(media) / (len(media) + 1))
    assert report.evidence.verdict == "fail"


def test_other_xmp_metadata_is_kept(tmp_path: Path) -> None:
    # Given a JPEG whose XMP already says who holds the rights and how it was made
    other = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'Iptc4xmpExt:DigitalSourceType="trainedAlgorithmicMedia">'
        "<dc:rights>ACME 2026</dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    src = tmp_path / "with-xmp.jpg"
    Image.new("RGB", (16, 16)).save(src, xmp=other.encode())
    # When it is labelled twice
    once, twice = tmp_path / "once.jpg", tmp_path / "twice.jpg"
    add_label(src, once, producer="P", content_id="1")
    add_label(once, twice, producer="P", content_id="2")
    # Then the rights and source type are still there, with exactly one (the newer) label
    with Image.open(twice) as image:
        descriptions = image.getxmp()["xmpmeta"]["RDF"]["Description"]
    assert isinstance(descriptions, list) and len(descriptions) == 2
    assert descriptions[0]["DigitalSourceType"] == "trainedAlgorithmicMedia"
    assert descriptions[0]["rights"] == "ACME 2026"
    assert json.loads(descriptions[1]["AIGC"])["ProduceID"] == "2"
    assert twice.read_bytes().count(b"TC260:AIGC>") == 2  # one open and one close tag


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_exiftool_reads_every_label_and_validates_the_images(media, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for kind, src in media.items():
        add_label(src, out / f"{kind}-{src.name}", producer="ACME", content_id=kind)
    files = sorted(out.iterdir())
    found = json.loads(
        subprocess.run(
            ["exiftool", "-j", "-a", "-u", "-G1", *map(str, files)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for entry in found:
        values = [
            v for k, v in entry.items() if k.split(":")[-1].upper() in ("AIGC", "USERDEFINEDTEXT")
        ]
        assert values, entry["SourceFile"]
        text = str(values[0]).removeprefix("(AIGC) ")
        label = json.loads(text)
        assert label["ContentProducer"] == "ACME" and check_label(label) == []
    images = [str(f) for f in files if f.suffix in (".png", ".jpg", ".webp")]
    checked = subprocess.run(
        ["exiftool", "-validate", "-warning", "-a", *images],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert checked.count("Validate                        : OK") == len(images), checked


def test_a_corrupt_image_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\x00" * 5)
    with pytest.raises(DataError, match=r"broken.png: truncated PNG chunk"):
        add_label(broken, tmp_path / "out.png", producer="P", content_id="1")
    assert not (tmp_path / "out.png").exists()
    report = check_file(broken, c2pa=False)
    assert report["verdict"] == "fail" and "truncated PNG chunk" in report["reason"]


def test_evidence_covers_every_file_by_content(media, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for kind, src in media.items():
        add_label(src, out / f"{kind}-{src.name}", producer="P", content_id=kind)
    first = check_labels([out], c2pa=False).evidence
    assert first.inputs[0].rows == len(media)
    assert first.id == check_labels([out], c2pa=False).evidence.id  # reproducible
    # changing one byte of one file changes the evidence
    victim = sorted(out.iterdir())[0]
    data = bytearray(victim.read_bytes())
    data[-1] ^= 1
    victim.write_bytes(bytes(data))
    assert check_labels([out], c2pa=False).evidence.inputs[0].sha256 != first.inputs[0].sha256

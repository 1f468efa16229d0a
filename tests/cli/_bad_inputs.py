"""Every file-reading command of the CLI, and the bad inputs a hostile tester hands them.

Shared by the bad-input matrix (``test_bad_input.py``) and the fuzz test
(``test_fuzz_inputs.py``). A :class:`Slot` is one file a command reads: the
command line that reads it, the file's format and the outputs the command would
write (which a refused run must not create).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()

PROFILES = Path(__file__).resolve().parents[2] / "src" / "fulcrum" / "demo" / "profiles"
PROFILE = PROFILES / "internal-spam-filter.yaml"

KINDS = (
    "missing",
    "folder",
    "empty",
    "binary",
    "non_utf8",
    "header_only",
    "wrong_type",
    "alias_bomb",
)
TEXT_FORMATS = {"yaml", "json", "jsonl", "csv", "text", "sparql", "pem", "folder-yaml"}
BINARY = bytes(range(256)) * 8
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    + "root: *i\n"
)


@dataclass(frozen=True)
class Slot:
    """One input file of one command."""

    name: str
    fmt: str
    suffix: str
    argv: Callable[[Path, Path], list[str]]
    header: str = ""
    wrong: str = ""
    outputs: tuple[str, ...] = ()
    db: bool = False
    env: tuple[tuple[str, str], ...] = ()
    kinds: tuple[str, ...] = field(default=KINDS)


def applies(slot: Slot, kind: str) -> bool:
    """Whether ``kind`` of bad input makes sense for ``slot``."""
    if kind not in slot.kinds:
        return False
    if kind == "header_only":
        return slot.fmt in {"csv", "parquet"}
    if kind == "non_utf8":
        return slot.fmt in TEXT_FORMATS
    if kind == "alias_bomb":
        return slot.fmt in {"yaml", "json", "folder-yaml"}
    if kind == "folder":
        return slot.fmt != "folder-yaml"
    return True


def content(slot: Slot, kind: str) -> bytes | None:
    """The bytes of a bad input of ``kind`` for ``slot`` (None: no file, or a folder)."""
    if kind in {"missing", "folder"}:
        return None
    if kind == "empty":
        return b""
    if kind == "binary":
        return BINARY
    if kind == "alias_bomb":
        return BOMB.encode()
    if kind == "non_utf8":
        if slot.fmt == "csv":
            return (slot.header + "\n" + "张三" + slot.wrong.partition(",")[2] + "\n").encode("gbk")
        return "name: café 名字\n".encode("latin-1", errors="ignore") + "名字".encode("gbk")
    if slot.fmt == "parquet":
        return _parquet(slot, kind)
    if kind == "header_only":
        return (slot.header + "\n").encode()
    # wrong_type
    wrong = {
        "yaml": "- a list\n- where a mapping belongs\n",
        "folder-yaml": "- a list\n- where a mapping belongs\n",
        "json": "[1, 2, 3]\n",
        "jsonl": "[1, 2, 3]\n",
        "sparql": "DELETE WHERE { ?s ?p ?o }\n",
        "pem": "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n",
        "text": "",
        "npy": None,
        "image": "this is text, not an image\n",
        "model": "this is text, not a model\n",
        "document": "",
    }.get(slot.fmt)
    if slot.fmt == "csv":
        return (slot.header + "\n" + slot.wrong + "\n").encode()
    if slot.fmt == "npy":
        import io

        import numpy as np

        buffer = io.BytesIO()
        np.save(buffer, np.array(["a", "b", "c", "d"]))
        return buffer.getvalue()
    return (wrong or "").encode()


def _parquet(slot: Slot, kind: str) -> bytes:
    import io

    import pandas as pd

    columns = slot.header.split(",")
    if kind == "header_only":
        frame = pd.DataFrame({c: pd.Series([], dtype="float64") for c in columns})
    else:
        values = slot.wrong.split(",")
        frame = pd.DataFrame({c: [v] * 4 for c, v in zip(columns, values, strict=True)})
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return buffer.getvalue()


def make_input(slot: Slot, kind: str, folder: Path) -> Path:
    """Write the bad input of ``kind`` for ``slot`` into ``folder``; return its path."""
    if slot.fmt == "folder-yaml":
        path = folder / "cat" / "bad.yaml"
        if kind != "missing":
            path.parent.mkdir()
    else:
        path = folder / f"bad{slot.suffix}"
    data = content(slot, kind)
    if kind == "folder":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    return path


def make_input_path(slot: Slot, folder: Path) -> Path:
    """Where :func:`make_input` puts the input of ``slot``."""
    return (
        folder / "cat" / "bad.yaml" if slot.fmt == "folder-yaml" else folder / f"bad{slot.suffix}"
    )


def named(slot: Slot, path: Path, kind: str) -> str:
    """The name the one error line must mention."""
    if slot.fmt == "folder-yaml" and kind == "missing":
        return path.parent.name
    return path.name


# -- companions: good inputs the other arguments of a command need ----------------------


@cache
def _template_db(root: str) -> Path:
    """A database with one registered system and one open case (built once, then copied)."""
    folder = Path(root)
    folder.mkdir(exist_ok=True)
    db = folder / "template.db"
    url = f"sqlite:///{db}"
    for args in (["system", "register", str(PROFILE)], ["review", "open", "internal-spam-filter"]):
        result = runner.invoke(app, ["--db", url, *args])
        assert result.exit_code == 0, result.output
    return db


def database(folder: Path, template_root: Path) -> str:
    """A fresh copy of the template database in ``folder``."""
    import sqlite3

    target = folder / "f.db"
    source = sqlite3.connect(_template_db(str(template_root)))
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)  # the backup API reads through the write-ahead log
    source.close()
    copy.close()
    return f"sqlite:///{target}"


def _good(folder: Path, name: str) -> Path:
    """Good companion inputs, written on demand."""
    path = folder / name
    if path.exists():
        return path
    if name == "policy.yaml":
        path.write_text("entities:\n  EMAIL: {operator: replace}\n")
    elif name == "data.csv":
        path.write_text("x1,x2,y\n" + "".join(f"{i % 7},{i % 3},{i % 2}\n" for i in range(60)))
    elif name == "model.skops":
        import numpy as np
        import skops.io as sio
        from sklearn.linear_model import LogisticRegression

        x = np.array([[i % 7, i % 3] for i in range(60)], dtype=float)
        y = np.array([i % 2 for i in range(60)])
        import pandas as pd

        frame = pd.DataFrame(x, columns=["x1", "x2"])
        sio.dump(LogisticRegression().fit(frame, y), path)
    elif name == "emb.npy":
        import numpy as np

        np.save(path, np.random.default_rng(0).normal(size=(4, 8)))
    elif name == "subjects.csv":
        path.write_text("subject\n1\n1\n2\n2\n")
    elif name == "key.pem":
        from fulcrum.audit._signing import load_or_create_private_key

        load_or_create_private_key(path)
    elif name == "people.csv":
        path.write_text("age,zip\n30,10001\n31,10002\n")
    return path


def _db_args(folder: Path) -> list[str]:
    # the template lives beside the per-test folders, so one session builds it once
    return ["--db", database(folder, folder.parent.parent / "bad-input-template")]


SLOTS: tuple[Slot, ...] = (
    Slot("classify PROFILE", "yaml", ".yaml", lambda p, f: ["classify", str(p)]),
    Slot(
        "system register PROFILE",
        "yaml",
        ".yaml",
        lambda p, f: [*_db_args(f), "system", "register", str(p)],
        db=True,
    ),
    Slot("precedents PROFILE", "yaml", ".yaml", lambda p, f: ["precedents", str(p)]),
    Slot(
        "catalog validate DIR",
        "folder-yaml",
        ".yaml",
        lambda p, f: ["catalog", "validate", str(p.parent)],
    ),
    Slot(
        "catalog diff DIR", "folder-yaml", ".yaml", lambda p, f: ["catalog", "diff", str(p.parent)]
    ),
    Slot("catalog query FILE", "sparql", ".rq", lambda p, f: ["catalog", "query", str(p)]),
    Slot(
        "review attach --record",
        "json",
        ".json",
        lambda p, f: [*_db_args(f), "review", "attach", "1", "--record", str(p)],
        db=True,
    ),
    Slot(
        "review attach DOCUMENT",
        "document",
        ".pdf",
        lambda p, f: [*_db_args(f), "review", "attach", "1", str(p)],
        db=True,
        kinds=("missing", "folder"),
    ),
    Slot(
        "review import YAML",
        "yaml",
        ".yaml",
        lambda p, f: [*_db_args(f), "review", "import", "1", str(p)],
        db=True,
    ),
    Slot(
        "review import CSV",
        "csv",
        ".csv",
        lambda p, f: [*_db_args(f), "review", "import", "1", str(p)],
        header="question,value,evidence",
        wrong="no-such-question,maybe,not-an-id",
        db=True,
    ),
    Slot(
        "audit verify --checkpoint",
        "json",
        ".json",
        lambda p, f: [*_db_args(f), "audit", "verify", "--checkpoint", str(p)],
        db=True,
    ),
    Slot(
        "audit verify --public-key",
        "pem",
        ".pem",
        lambda p, f: [*_db_args(f), "audit", "verify", "--public-key", str(p)],
        db=True,
    ),
    Slot(
        "signer add KEY",
        "pem",
        ".pem",
        lambda p, f: [*_db_args(f), "signer", "add", "ci", str(p)],
        db=True,
    ),
    Slot(
        "signer sign RECORD",
        "json",
        ".json",
        lambda p, f: [
            "signer",
            "sign",
            str(p),
            "--key",
            str(_good(f, "key.pem")),
            "-o",
            str(f / "out.json"),
        ],
        outputs=("out.json",),
    ),
    Slot(
        "signer sign --key",
        "pem",
        ".pem",
        lambda p, f: ["signer", "sign", str(p), "--key", str(p), "-o", str(f / "out.json")],
        outputs=("out.json",),
    ),
    Slot(
        "evidence push FILE",
        "document",
        ".pdf",
        lambda p, f: ["evidence", "push", str(p), "--server", "http://127.0.0.1:9"],
        env=(("FULCRUM_TOKEN", "t"),),
        kinds=("missing", "folder"),
    ),
    Slot(
        "deidentify IN",
        "csv",
        ".csv",
        lambda p, f: [
            "deidentify",
            str(p),
            str(f / "out.csv"),
            "--policy",
            str(_good(f, "policy.yaml")),
        ],
        header="name,email",
        wrong="Ann,ann@example.org",
        outputs=("out.csv",),
        kinds=("missing", "folder", "empty", "binary", "non_utf8"),
    ),
    Slot(
        "deidentify --policy",
        "yaml",
        ".yaml",
        lambda p, f: [
            "deidentify",
            str(_good(f, "people.csv")),
            str(f / "out.csv"),
            "--policy",
            str(p),
        ],
        outputs=("out.csv",),
    ),
    Slot(
        "privacy scan CSV",
        "csv",
        ".csv",
        lambda p, f: ["assess", "privacy", "scan", str(p)],
        header="name,email",
        wrong="Ann,ann@example.org",
        kinds=("missing", "folder", "empty", "binary", "non_utf8", "header_only"),
    ),
    Slot(
        "privacy scan PARQUET",
        "parquet",
        ".parquet",
        lambda p, f: ["assess", "privacy", "scan", str(p)],
        header="name,email",
        kinds=("missing", "folder", "empty", "binary", "header_only"),
    ),
    Slot(
        "privacy scan TEXT",
        "text",
        ".txt",
        lambda p, f: ["assess", "privacy", "scan", str(p)],
        kinds=("missing", "folder", "binary", "non_utf8"),
    ),
    Slot(
        "privacy risk CSV",
        "csv",
        ".csv",
        lambda p, f: ["assess", "privacy", "risk", str(p), "--quasi", "age,zip"],
        header="age,zip",
        wrong="old,10001",
        kinds=("missing", "folder", "empty", "binary", "non_utf8", "header_only"),
    ),
    Slot(
        "privacy risk PARQUET",
        "parquet",
        ".parquet",
        lambda p, f: ["assess", "privacy", "risk", str(p), "--quasi", "age,zip"],
        header="age,zip",
        kinds=("missing", "folder", "empty", "binary", "header_only"),
    ),
    Slot(
        "privacy risk --hierarchy",
        "csv",
        ".csv",
        lambda p, f: [
            "assess",
            "privacy",
            "risk",
            str(_good(f, "people.csv")),
            "--quasi",
            "age,zip",
            "--target-k",
            "2",
            "--hierarchy",
            f"zip={p}",
        ],
        header="level0,level1",
        wrong="",
        kinds=("missing", "folder", "empty", "binary", "non_utf8", "header_only"),
    ),
    Slot(
        "privacy faces IMAGE",
        "image",
        ".png",
        lambda p, f: ["assess", "privacy", "faces", str(p), str(f / "out.png")],
        outputs=("out.png",),
    ),
    Slot(
        "fairness CSV",
        "csv",
        ".csv",
        lambda p, f: [
            "assess",
            "fairness",
            str(p),
            "--label",
            "y",
            "--pred",
            "p",
            "--sensitive",
            "g",
        ],
        header="y,p,g",
        wrong="yes,no,a",
    ),
    Slot(
        "fairness PARQUET",
        "parquet",
        ".parquet",
        lambda p, f: [
            "assess",
            "fairness",
            str(p),
            "--label",
            "y",
            "--pred",
            "p",
            "--sensitive",
            "g",
        ],
        header="y,p,g",
        wrong="yes,no,a",
    ),
    Slot(
        "biometrics 1:1 CSV",
        "csv",
        ".csv",
        lambda p, f: ["assess", "biometrics", str(p)],
        header="score,mated",
        wrong="high,true",
    ),
    Slot(
        "biometrics 1:1 PARQUET",
        "parquet",
        ".parquet",
        lambda p, f: ["assess", "biometrics", str(p)],
        header="score,mated",
        wrong="high,true",
    ),
    Slot(
        "biometrics 1:N text",
        "csv",
        ".csv",
        lambda p, f: ["assess", "biometrics", str(p), "--candidates", "--format", "text"],
        header="search,mated,rank,score,candidate,true_subject",
        wrong="s1,true,first,0.9,a,a",
    ),
    Slot(
        "biometrics 1:N PARQUET",
        "parquet",
        ".parquet",
        lambda p, f: ["assess", "biometrics", str(p), "--candidates"],
        header="search,mated,rank,score,candidate,true_subject",
        wrong="s1,true,first,0.9,a,a",
    ),
    Slot(
        "biometrics PAD",
        "csv",
        ".csv",
        lambda p, f: ["assess", "biometrics", str(p), "--pad", "--format", "text"],
        header="score,label,species",
        wrong="high,attack,print",
    ),
    Slot(
        "biometrics --embeddings",
        "npy",
        ".npy",
        lambda p, f: [
            "assess",
            "biometrics",
            "--embeddings",
            str(p),
            "--subjects",
            str(_good(f, "subjects.csv")),
        ],
    ),
    Slot(
        "biometrics --subjects",
        "csv",
        ".csv",
        lambda p, f: [
            "assess",
            "biometrics",
            "--embeddings",
            str(_good(f, "emb.npy")),
            "--subjects",
            str(p),
        ],
        header="subject",
        wrong="",
    ),
    Slot(
        "genai validate BANK",
        "jsonl",
        ".jsonl",
        lambda p, f: ["assess", "genai", "validate", str(p)],
    ),
    Slot(
        "genai score RUN",
        "jsonl",
        ".jsonl",
        lambda p, f: ["assess", "genai", "score", str(p)],
    ),
    Slot(
        "genai run --responses",
        "jsonl",
        ".jsonl",
        lambda p, f: [
            "assess",
            "genai",
            "run",
            "--out",
            str(f / "out.jsonl"),
            "--responses",
            str(p),
        ],
        outputs=("out.jsonl",),
    ),
    Slot(
        "labels add SRC",
        "image",
        ".png",
        lambda p, f: [
            "assess",
            "labels",
            "add",
            str(p),
            str(f / "out.png"),
            "--producer",
            "acme",
            "--content-id",
            "c1",
        ],
        outputs=("out.png",),
    ),
    Slot(
        "labels check FILE",
        "image",
        ".png",
        lambda p, f: ["assess", "labels", "check", str(p)],
        kinds=("missing",),
    ),
    Slot(
        "robustness DATA",
        "csv",
        ".csv",
        lambda p, f: ["assess", "robustness", str(_good(f, "model.skops")), str(p), "--label", "y"],
        header="x1,x2,y",
        wrong="one,two,1",
    ),
    Slot(
        "robustness MODEL",
        "model",
        ".skops",
        lambda p, f: ["assess", "robustness", str(p), str(_good(f, "data.csv")), "--label", "y"],
    ),
    Slot(
        "explain DATA",
        "csv",
        ".csv",
        lambda p, f: ["assess", "explain", str(_good(f, "model.skops")), str(p), "--label", "y"],
        header="x1,x2,y",
        wrong="one,two,1",
    ),
    Slot(
        "explain MODEL",
        "model",
        ".skops",
        lambda p, f: ["assess", "explain", str(p), str(_good(f, "data.csv")), "--label", "y"],
    ),
    Slot(
        "report bias-audit EVIDENCE",
        "json",
        ".json",
        lambda p, f: ["report", "bias-audit", str(p), "-o", str(f / "out.html")],
        outputs=("out.html",),
    ),
    Slot(
        "report dossier PROFILE",
        "yaml",
        ".yaml",
        lambda p, f: ["report", "dossier", str(p), "-o", str(f / "out.html")],
        outputs=("out.html",),
    ),
    Slot(
        "report dossier --evidence",
        "json",
        ".json",
        lambda p, f: ["report", "dossier", str(PROFILE), "-e", str(p), "-o", str(f / "out.html")],
        outputs=("out.html",),
    ),
)

CELLS = [(slot, kind) for slot in SLOTS for kind in KINDS if applies(slot, kind)]


def outcome(slot: Slot, kind: str, folder: Path) -> tuple[str, str]:
    """Run ``slot`` on a bad input of ``kind``; return (verdict, output).

    The verdict is ``ok`` (exit 2, one line naming the file, nothing written, input
    untouched) or what went wrong: ``traceback``, ``exit N``, ``lines``, ``unnamed``,
    ``wrote`` or ``changed``.
    """
    return judge(
        slot,
        make_input(slot, kind, folder),
        folder,
        named(slot, make_input_path(slot, folder), kind),
    )


def judge(slot: Slot, path: Path, folder: Path, name: str) -> tuple[str, str]:
    """Run ``slot`` on the input at ``path``; the verdict as in :func:`outcome`."""
    before = path.read_bytes() if path.is_file() else None
    argv = slot.argv(path, folder)
    result = runner.invoke(app, argv, env=dict(slot.env))
    text = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(result.exception))
        return "traceback", text + tb
    if "Traceback" in text:
        return "traceback", text
    if result.exit_code != 2:
        return f"exit {result.exit_code}", text
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        return "lines", text
    if name not in text:
        return "unnamed", text
    if any((folder / out).exists() for out in slot.outputs):
        return "wrote", text
    if before is not None and path.read_bytes() != before:
        return "changed", text
    return "ok", text

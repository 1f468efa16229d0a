"""Precision and recall per entity type on the labelled corpus, and specific decoys."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from fulcrum.assess.privacy import Analyzer, Recognizer, Span, default_registry, resolve_overlaps

#: Types validated by a checksum or a structural check: no miss and no false alarm allowed.
EXACT = {"CN_RESIDENT_ID", "CN_USCC", "BANK_CARD", "IBAN", "CN_MOBILE", "IPV4", "IPV6", "MAC"}


def _score(analyzer: Analyzer, records: list[Any]) -> dict[str, tuple[float, float]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for record in records:
        got = {(s.entity_type, s.start, s.end) for s in analyzer.analyze(record.text)}
        want = {tuple(label) for label in record.labels}
        for kind, *_ in got & want:
            tp[kind] += 1
        for kind, *_ in got - want:
            fp[kind] += 1
        for kind, *_ in want - got:
            fn[kind] += 1
    kinds = set(tp) | set(fp) | set(fn)
    return {k: (tp[k] / (tp[k] + fp[k] or 1), tp[k] / (tp[k] + fn[k] or 1)) for k in sorted(kinds)}


def test_precision_and_recall_per_type(corpus: Any) -> None:
    # Given a labelled corpus of valid identifiers and decoys (seed 6, 900 sentences)
    records = corpus.make_corpus(900, seed=6)
    # When the default analyzer scans it
    scores = _score(Analyzer(), records)
    # Then every labelled type is found precisely
    assert set(scores) >= {kind for kind, *_ in corpus.VALID}
    for kind, (precision, recall) in scores.items():
        floor = 1.0 if kind in EXACT else 0.97
        assert precision >= floor, (kind, precision)
        assert recall >= floor, (kind, recall)


def test_recall_on_300_resident_ids(corpus: Any) -> None:
    records = corpus.resident_id_sentences(300)
    found = sum(
        any(s.entity_type == "CN_RESIDENT_ID" for s in Analyzer().analyze(r.text)) for r in records
    )
    assert found == 300


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4 released",
        "build 10.0.19041.1",
        "v2.10.3",
        "订单号 2023122500001234567",
        "身份证号 110105194912310021",  # wrong check digit
        "流水号11010519491231002X12",  # a valid ID inside a longer number
        "会议 12:30:45",
        "E12345678 is an error code",
        "SSN 000-12-3456",
    ],
)
def test_decoys_are_not_reported(text: str) -> None:
    assert Analyzer().analyze(text) == []


def test_valid_resident_id_is_not_also_a_bank_card() -> None:
    # 11010519491231002X is valid; find an 18-digit ID that also passes Luhn
    from fulcrum.assess.privacy._checksums import cn_resident_id_check_char, luhn_ok

    for seq in range(1000):
        body = f"44030619900101{seq:03d}"
        value = body + cn_resident_id_check_char(body)
        if value[-1] != "X" and luhn_ok(value) and value.startswith("4403"):
            break
    spans = Analyzer().analyze(f"号码 {value} ")
    assert [s.entity_type for s in spans] == ["CN_RESIDENT_ID"]


def test_context_raises_score_and_offsets_are_characters() -> None:
    text = "患者手机：13800138000"
    with_context = Analyzer(["CN_MOBILE"]).analyze(text)
    assert [text[s.start : s.end] for s in with_context] == ["13800138000"]
    assert with_context[0].start == 5  # characters, not UTF-8 bytes
    without = Analyzer(["CN_MOBILE"]).analyze("编号 13800138000")
    assert with_context[0].score > without[0].score


def test_min_score_filters() -> None:
    text = "手机 13800138000 and later in the same long message, 13900139000"
    spans = Analyzer(["CN_MOBILE"], min_score=0.9).analyze(text)
    assert [s.text for s in spans] == ["13800138000"]


def test_unknown_entity_type_is_an_input_error() -> None:
    from fulcrum.errors import InputError

    with pytest.raises(InputError, match="unknown entity type NOPE"):
        Analyzer(["NOPE"])


def test_prefilter_and_re2_give_the_same_spans(corpus: Any) -> None:
    text = corpus.mixed_text(60_000, seed=3)
    reference = Analyzer(prefilter=False).analyze(text)
    assert Analyzer().analyze(text) == reference
    pytest.importorskip("re2")
    fast = Analyzer(regex="re2")
    assert fast.regex_engine == "re2"
    assert fast.analyze(text) == reference


def test_resolve_overlaps_prefers_specificity_then_score() -> None:
    spans = [
        Span("BANK_CARD", 0, 18, 0.9),
        Span("CN_RESIDENT_ID", 0, 18, 0.8),
        Span("PHONE", 10, 25, 1.0),
        Span("EMAIL", 30, 40, 0.5),
    ]
    kept = resolve_overlaps(spans, {"CN_RESIDENT_ID": 90, "BANK_CARD": 70, "PHONE": 50})
    assert [s.entity_type for s in kept] == ["CN_RESIDENT_ID", "EMAIL"]


def test_a_new_recognizer_is_a_new_class() -> None:
    registry = default_registry()

    class EmployeeId(Recognizer):
        entity_type = "EMPLOYEE_ID"
        pattern = r"EMP-\d{6}"
        base_score = 0.9
        explanation = "company employee number"

    registry.register(EmployeeId)
    try:
        spans = Analyzer(["EMPLOYEE_ID", "EMAIL"]).analyze("EMP-123456 and a@b.cn")
        assert [s.entity_type for s in spans] == ["EMPLOYEE_ID", "EMAIL"]
    finally:
        del registry.classes["EmployeeId"]


def test_chinese_names_with_jieba() -> None:
    pytest.importorskip("jieba")
    spans = Analyzer(["PERSON", "CN_MOBILE"]).analyze("联系人王小明，手机13800138000。")
    assert ("PERSON", "王小明") in {(s.entity_type, s.text) for s in spans}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # the defect classes of issue 14, one example each
        ("call +447911123456 now", "PHONE", "+447911123456"),
        ("IBAN BE 68 5390 0754 7034 please", "IBAN", "BE 68 5390 0754 7034"),
        ("iban be68.5390.0754.7034", "IBAN", "be68.5390.0754.7034"),
        ("card 4111 1111 1111 1111 12/27 cvv 123", "BANK_CARD", "4111 1111 1111 1111"),
        ("amex 3782 822463 10005", "BANK_CARD", "3782 822463 10005"),
        ("maestro 6759649826438453", "BANK_CARD", "6759649826438453"),
        ("loopback ::1 and fe80::1", "IPV6", "::1"),
        ("mapped ::ffff:192.0.2.1 here", "IPV6", "::ffff:192.0.2.1"),
        ("hw AA:BB:CC:DD:EE:FF", "MAC", "AA:BB:CC:DD:EE:FF"),
        ("mail user@xn--bcher-kva.ch", "EMAIL", "user@xn--bcher-kva.ch"),
        ("SSN 078051121", "US_SSN", "078051121"),
        ("DOB 21/05/85", "DATE_OF_BIRTH", "21/05/85"),
        ("born 05-MAY-1985", "DATE_OF_BIRTH", "05-MAY-1985"),
        ("出生日期：1985年5月21日", "DATE_OF_BIRTH", "1985年5月21日"),
    ],
)
def test_issue_14_positives(text: str, kind: str, value: str) -> None:
    assert (kind, value) in {(s.entity_type, s.text) for s in Analyzer().analyze(text)}


@pytest.mark.parametrize(
    "text",
    [
        "call 123-456-7890",  # no valid number in CN, US or GB
        "SSN 078-05-1120",  # the Woolworth wallet number, never issued
        "Message-ID: <20201010123456.GA1234@mail.example.org>",
        "Created symlink getty@tty1.service",
        "TZ coordinates +4230+12100 Asia/Shanghai",
        "T.C. Kimlik No 10010405214",
        "SIRET 30206838200050",
        "price 9.15574552361, ratio 0.5499854683876038",
    ],
)
def test_issue_14_look_alikes(text: str) -> None:
    assert Analyzer().analyze(text) == []

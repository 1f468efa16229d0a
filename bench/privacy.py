"""Privacy benchmark: Fulcrum vs Microsoft Presidio side by side, and k/l/t at 10M rows.

Run:  .venv/bin/python bench/privacy.py [--presidio-python /tmp/fulcrum-presidio-venv/bin/python]
      (create that environment with  bash bench/presidio_env.sh ; it is optional)

Measures, in one run:
1. recall on 300 sentences with a Chinese resident ID, for both tools;
2. throughput (MB/s, one process, one core) on the same mixed Chinese/English text with
   the same entity types (Presidio: pattern recognizers only, a no-op NLP engine, so no
   spaCy model is downloaded), and Fulcrum with every default recognizer;
3. k, l, t on 10M rows x 4 quasi-identifiers + 1 sensitive attribute (Parquet, DuckDB).
Never run by pytest. ``--dense`` makes every line carry identifiers (a harder text).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "data" / "privacy"))

#: Fulcrum entity type -> the Presidio entity type that finds the same thing.
SAME_TYPES = {
    "EMAIL": "EMAIL_ADDRESS",
    "IPV4": "IP_ADDRESS",
    "IPV6": "IP_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "BANK_CARD": "CREDIT_CARD",
    "IBAN": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "URL": "URL",
}

PRESIDIO_WORKER = r'''
import json, sys, time
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer, EmailRecognizer, IbanRecognizer, IpRecognizer,
    PhoneRecognizer, UrlRecognizer, UsSsnRecognizer,
)

class NoNlp(NlpEngine):
    """No model: empty NLP artifacts, so only pattern recognizers run."""
    def load(self): pass
    def is_loaded(self): return True
    def process_text(self, text, language):
        return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[],
                            nlp_engine=self, language=language)
    def process_batch(self, texts, language, **kw):
        for t in texts: yield t, self.process_text(t, language)
    def is_stopword(self, word, language): return False
    def is_punct(self, word, language): return False
    def get_supported_entities(self): return []
    def get_supported_languages(self): return ["en"]

registry = RecognizerRegistry()
for cls in (CreditCardRecognizer, EmailRecognizer, IbanRecognizer, IpRecognizer,
            PhoneRecognizer, UrlRecognizer, UsSsnRecognizer):
    registry.add_recognizer(cls())
engine = AnalyzerEngine(registry=registry, nlp_engine=NoNlp(), supported_languages=["en"])
task = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for name, lines in task.items():
    start = time.perf_counter()
    spans = [[(r.entity_type, r.start, r.end) for r in engine.analyze(line, language="en")]
             for line in lines]
    out[name] = {"seconds": time.perf_counter() - start, "spans": spans}
json.dump(out, sys.stdout)
'''


def load_note() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
    except OSError:
        return "load average unavailable"


def mb(lines: list[str]) -> float:
    return sum(len(x.encode("utf-8")) + 1 for x in lines) / 1e6


def fulcrum_run(lines: list[str], entities: list[str] | None, regex: str = "re") -> tuple:
    from fulcrum.assess.privacy import Analyzer

    analyzer = Analyzer(entities, regex=regex)  # type: ignore[arg-type]
    start = time.perf_counter()
    spans = [analyzer.analyze(line) for line in lines]
    return time.perf_counter() - start, spans


def recall(records: list, spans: list[list], wanted: set[str]) -> tuple[float, float]:
    """(strict: right type and offsets, lenient: any span covering the ID) recall."""
    strict = lenient = 0
    for record, found in zip(records, spans, strict=True):
        _, s, e = record.labels[0]
        strict += any(t in wanted and a == s and b == e for t, a, b in found)
        lenient += any(a <= s and b >= e for _, a, b in found)
    return strict / len(records), lenient / len(records)


def text_benchmark(presidio_python: str | None, size: int, dense: bool) -> dict:
    import corpus

    ids = corpus.resident_id_sentences(300)
    # mixed text: paragraphs of Chinese/English prose; each paragraph carries one labelled
    # record (2-3 identifiers and a decoy) -- or, with --dense, every line is a record
    text = corpus.mixed_text(size, seed=8) if dense else _prose_text(corpus, size)
    lines = [line for line in text.split("\n") if line]
    result: dict = {"mixed_text_mb": round(mb(lines), 2), "lines": len(lines)}
    sec, spans = fulcrum_run([r.text for r in ids], None)
    result["fulcrum_cn_resident_id_recall"] = recall(
        ids, [[(s.entity_type, s.start, s.end) for s in x] for x in spans], {"CN_RESIDENT_ID"}
    )[0]
    same = sorted(SAME_TYPES)
    sec, _ = fulcrum_run(lines, same)
    result["fulcrum_same_types_mb_s"] = round(mb(lines) / sec, 2)
    sec, found = fulcrum_run(lines, None)
    result["fulcrum_all_types_mb_s"] = round(mb(lines) / sec, 2)
    result["fulcrum_all_types_entities"] = sum(len(x) for x in found)
    try:
        sec, _ = fulcrum_run(lines, None, regex="re2")
        result["fulcrum_all_types_re2_mb_s"] = round(mb(lines) / sec, 2)
    except Exception as exc:  # optional speed-up missing
        result["fulcrum_all_types_re2_mb_s"] = f"unavailable: {exc}"
    if presidio_python:
        sample = lines[: max(1, len(lines) // 8)]  # Presidio is slow: an eighth of the text
        with tempfile.TemporaryDirectory() as tmp:
            task = Path(tmp) / "task.json"
            task.write_text(json.dumps({"ids": [r.text for r in ids], "mixed": sample}))
            worker = Path(tmp) / "worker.py"
            worker.write_text(PRESIDIO_WORKER)
            proc = subprocess.run(
                [presidio_python, str(worker), str(task)], capture_output=True, text=True
            )
        if proc.returncode != 0:
            result["presidio"] = f"failed: {proc.stderr.strip()[-400:]}"
        else:
            out = json.loads(proc.stdout)
            strict, lenient = recall(ids, out["ids"]["spans"], {"CN_RESIDENT_ID"})
            result["presidio_cn_resident_id_recall"] = strict
            result["presidio_any_span_covering_id"] = lenient
            kinds: dict[str, int] = {}
            for found_spans in out["ids"]["spans"]:
                for t, _, _ in found_spans:
                    kinds[t] = kinds.get(t, 0) + 1
            result["presidio_labels_on_id_sentences"] = kinds
            result["presidio_same_types_mb_s"] = round(mb(sample) / out["mixed"]["seconds"], 3)
            sec, _ = fulcrum_run(sample, same)
            result["fulcrum_same_types_mb_s_on_presidio_sample"] = round(mb(sample) / sec, 2)
            result["speedup_same_types"] = round(
                result["fulcrum_same_types_mb_s_on_presidio_sample"]
                / result["presidio_same_types_mb_s"],
                1,
            )
    else:
        result["presidio"] = "not run (no --presidio-python); see bench/presidio_env.sh"
    return result


def _prose_text(corpus, size: int) -> str:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(9)
    records = corpus.make_corpus(400, seed=9)
    prose = corpus.FILLER_ZH + corpus.FILLER_EN
    out, total = [], 0
    while total < size:
        paragraph = " ".join(rng.choice(prose) for _ in range(rng.randint(20, 40)))
        line = paragraph + " " + rng.choice(records).text
        out.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(out)


def risk_benchmark(rows: int) -> dict:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from fulcrum.assess.privacy import assess_risk

    rng = np.random.default_rng(0)
    from fulcrum.assess.privacy._checksums import cn_province_codes

    provinces = np.array(sorted(f"{c}0000" for c in cn_province_codes()))
    table = pa.table(
        {
            "age": rng.integers(0, 100, rows, dtype=np.int16),
            "sex": pa.array(np.where(rng.random(rows) < 0.5, "F", "M")),
            "region": pa.array(provinces[rng.integers(0, len(provinces), rows)]),
            "education": rng.integers(0, 8, rows, dtype=np.int8),
            "diagnosis": pa.array(np.char.add("D", rng.integers(0, 20, rows).astype(str))),
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.parquet"
        pq.write_table(table, path)
        start = time.perf_counter()
        report = assess_risk(path, ["age", "sex", "region", "education"], "diagnosis")
        seconds = time.perf_counter() - start
    return {
        "rows": rows,
        "quasi_identifiers": 4,
        "seconds_k_l_t_duckdb": round(seconds, 2),
        "k": report.k,
        "l_diversity": report.l_diversity,
        "l_entropy": round(report.l_entropy or 0, 3),
        "t_closeness": round(report.t_closeness or 0, 4),
        "equivalence_classes": report.equivalence_classes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_py = "/tmp/fulcrum-presidio-venv/bin/python"
    parser.add_argument(
        "--presidio-python", default=default_py if Path(default_py).exists() else None
    )
    parser.add_argument("--text-mb", type=float, default=4.0)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--dense", action="store_true", help="every line carries identifiers")
    args = parser.parse_args()
    report = {"machine": load_note()}
    report["text"] = text_benchmark(args.presidio_python, int(args.text_mb * 1e6), args.dense)
    report["risk"] = risk_benchmark(args.rows)
    report["machine_after"] = load_note()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

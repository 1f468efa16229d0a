"""Privacy benchmark on real text nobody planted identifiers in, side by side with Presidio.

Run:  .venv/bin/python bench/privacy.py [--presidio-python /tmp/fulcrum-presidio-venv/bin/python]
      (create that environment with  bash bench/presidio_env.sh ; it is optional)

Measures, in one run:
1. the corpus: up to --mb-per-kind MB each of this machine's Debian changelogs, copyright
   files and man pages, the venv's Python sources, Chinese gettext catalogs, jieba's
   dictionary, /var/log service logs and numeric CSVs (stock prices, statsmodels data);
2. speed: MB per CPU second of one process (all default types, and the types Presidio's
   pattern recognizers also find), per source, and of a `fulcrum assess privacy scan`
   process on the whole corpus; Presidio (pattern recognizers, a no-op NLP engine, no
   model download) on the same lines and types, and the speed-up;
3. precision: per type on the 189 hand-labelled real lines (tests/data/privacy), and every
   hit on the corpus of a type it never holds (cards, IBANs, IDs, mobiles...);
4. recall per type on python-stdnum's, Presidio's, card processors' and libphonenumber's
   numbers (tests/data/privacy/vectors.py), and no false alarm on invalid or foreign ones;
5. k, l, t on --rows rows x 4 quasi-identifiers + 1 sensitive attribute (Parquet, DuckDB).
Never run by pytest. CPU seconds are reported because the machine is shared: wall time
depends on the load (printed before and after).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

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
    start = time.process_time()
    spans = [[(r.entity_type, r.start, r.end) for r in engine.analyze(line, language="en")]
             for line in lines]
    out[name] = {"cpu_seconds": time.process_time() - start, "spans": spans}
json.dump(out, sys.stdout)
'''


def load_note() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
    except OSError:
        return "load average unavailable"


def fulcrum_analyzer(entities: list[str] | None) -> Any:
    from fulcrum.assess.privacy import Analyzer

    return Analyzer(entities)


def cpu_rate(analyze: Any, texts: list[str]) -> tuple[float, float]:
    """(MB per CPU second, MB per wall second) of ``analyze`` over ``texts``."""
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        analyze(text)
    return size / max(time.process_time() - cpu, 1e-9), size / (time.perf_counter() - wall)


# --- real, unplanted text on this machine ----------------------------------------------------
VENV_SITE = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"


def _read(path: Path) -> str | None:
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


def _catalog(path: Path) -> str | None:
    import gettext

    try:
        with open(path, "rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    except Exception:
        return None
    return "\n".join(f"{k}\t{v}" for k, v in catalog.items() if isinstance(k, str))


def real_corpus(mb_per_kind: float) -> list[tuple[str, str, str]]:
    """(kind, file, text) of real text nobody planted identifiers in, in a fixed order."""
    site = VENV_SITE / "site-packages"
    doc, log = Path("/usr/share/doc"), Path("/var/log")
    sources: list[tuple[str, list[Path], Any]] = [
        ("changelog", sorted(doc.glob("*/changelog*.gz")), _read),
        ("copyright", sorted(doc.glob("*/copyright")), _read),
        ("man", sorted(Path("/usr/share/man").glob("man[1-8]/*.gz")), _read),
        ("python", sorted(site.glob("[a-m]*/**/*.py")), _read),
        ("zh_catalogs", sorted(Path("/usr/share/locale").glob("zh_*/LC_MESSAGES/*.mo")), _catalog),
        ("dictionary", sorted(site.glob("jieba/*.txt")), _read),
        ("logs", sorted([*log.glob("*.log"), *log.glob("*/*.log")]), _read),
        ("numeric_csv", sorted([*site.glob("matplotlib/mpl-data/sample_data/*.csv"),
                                *site.glob("statsmodels/**/*.csv")]), _read),
    ]  # fmt: skip
    out = []
    for kind, files, read in sources:
        total = 0.0
        for path in files:
            if total >= mb_per_kind * 1e6:
                break
            text = read(path)
            if text:
                text = text[:2_000_000]
                out.append((kind, str(path), text))
                total += len(text.encode("utf-8"))
    return out


#: Types a changelog, man page, source file, catalog, log or price table never holds: in the
#: unplanted corpus each of their hits is a false alarm unless a reader labels it otherwise.
NEVER_IN_CORPUS = {"BANK_CARD", "IBAN", "CN_RESIDENT_ID", "CN_USCC", "US_SSN", "CN_PASSPORT",
                   "CN_MOBILE", "DATE_OF_BIRTH", "CN_LICENSE_PLATE"}  # fmt: skip


def real_text_precision(analyzer: Any) -> dict:
    """Precision per type on the 189 hand-labelled real lines (tests/data/privacy)."""
    right: dict[str, int] = {}
    found: dict[str, int] = {}
    path = ROOT / "tests" / "data" / "privacy" / "real_text.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected = [tuple(e) for e in row["expect"]]
        for span in analyzer.analyze(row["text"]):
            found[span.entity_type] = found.get(span.entity_type, 0) + 1
            key = (span.entity_type, span.text)
            if key in expected:
                expected.remove(key)
                right[span.entity_type] = right.get(span.entity_type, 0) + 1
    return {
        k: {"precision": round(right.get(k, 0) / n, 4), "hits": n} for k, n in sorted(found.items())
    }


def corpus_hits(analyzer: Any, docs: list[tuple[str, str, str]]) -> dict:
    """Hits per type on the whole corpus; hits of types it never holds, with their context."""
    counts: dict[str, int] = {}
    suspicious = []
    for kind, path, text in docs:
        for span in analyzer.analyze(text):
            counts[span.entity_type] = counts.get(span.entity_type, 0) + 1
            if span.entity_type in NEVER_IN_CORPUS:
                context = text[max(0, span.start - 40) : span.end + 20].replace("\n", " ")
                suspicious.append(f"{span.entity_type} {kind} {Path(path).name}: {context}")
    return {
        "hits": dict(sorted(counts.items())),
        "count_never_in_corpus": len(suspicious),
        "hits_of_types_never_in_corpus": suspicious[:50],
    }


def process_level(docs: list[tuple[str, str, str]]) -> dict:
    """``fulcrum assess privacy scan`` on the corpus as one file, timed as a process."""
    import resource

    fulcrum = Path(sys.executable).with_name("fulcrum")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text("\n".join(t for _, _, t in docs), encoding="utf-8")
        size = path.stat().st_size / 1e6
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        proc = subprocess.run(
            [str(fulcrum), "assess", "privacy", "scan", str(path), "--format", "json"],
            capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        return {"failed": proc.stderr[-300:]}
    return {
        "mb": round(size, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "mb_per_cpu_s": round(size / cpu, 2),
        "mb_per_wall_s": round(size / wall, 2),
    }


def run_presidio(presidio_python: str, task: dict[str, list[str]]) -> dict | str:
    """Presidio's pattern recognizers on each list of texts, in its own environment."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "task.json"
        path.write_text(json.dumps(task))
        worker = Path(tmp) / "worker.py"
        worker.write_text(PRESIDIO_WORKER)
        proc = subprocess.run(
            [presidio_python, str(worker), str(path)], capture_output=True, text=True
        )
    if proc.returncode != 0:
        return f"failed: {proc.stderr.strip()[-400:]}"
    return json.loads(proc.stdout)


class _Found(NamedTuple):
    entity_type: str
    start: int
    end: int


#: Presidio type -> the Fulcrum type the vectors expect.
FROM_PRESIDIO = {"EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "CREDIT_CARD": "BANK_CARD",
                 "IBAN_CODE": "IBAN", "US_SSN": "US_SSN", "URL": "URL"}  # fmt: skip


def vector_recall(presidio_python: str | None) -> dict:
    """Recall per type on the independent vectors (tests/data/privacy/vectors.py)."""
    import measure

    analyzer = fulcrum_analyzer(None)
    tally = measure.recall(analyzer.analyze)
    alarms = measure.false_alarms(analyzer.analyze)
    out: dict[str, Any] = {
        "fulcrum_recall": tally.rates(),
        "cases": tally.total,
        "fulcrum_no_false_alarm_rate": alarms.rates(),
    }
    if presidio_python:
        texts: list[str] = []
        measure.recall(lambda t: texts.append(t) or [])
        measure.false_alarms(lambda t: texts.append(t) or [])
        found = run_presidio(presidio_python, {"vectors": texts})
        if isinstance(found, str):
            out["presidio"] = found
            return out
        spans = dict(zip(texts, found["vectors"]["spans"], strict=True))

        def presidio(text: str) -> list[_Found]:
            result = []
            for kind, start, end in spans[text]:
                if kind == "IP_ADDRESS":
                    kind = "IPV6" if ":" in text[start:end] else "IPV4"
                result.append(_Found(FROM_PRESIDIO.get(kind, kind), start, end))
            return result

        rates = measure.recall(presidio).rates()
        out["presidio_recall_same_types"] = {
            k: v for k, v in rates.items() if k in {*FROM_PRESIDIO.values(), "IPV4", "IPV6"}
        }
        out["presidio_no_false_alarm_rate"] = measure.false_alarms(presidio).rates()
    return out


def name_benchmark() -> dict:
    """Latin-script person names: recall on 512 real Debian maintainer names (exact span),
    precision on 80 real lines labelled by reading (tests/data/privacy)."""
    try:
        import gender_guesser  # noqa: F401
    except ModuleNotFoundError:
        return {"skipped": "gender-guesser missing: pip install 'fulcrum[privacy]'"}
    analyzer = fulcrum_analyzer(["PERSON"])
    data = ROOT / "tests" / "data" / "privacy"
    names = [
        n
        for n in (data / "debian_maintainers.txt").read_text(encoding="utf-8").splitlines()
        if n and not n.startswith("#")
    ]
    exact = sum(
        name in [s.text for s in analyzer.analyze(f"Thanks to {name} for the patch.")]
        for name in names
    )
    right = hits = 0
    for line in (data / "real_names.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for span in analyzer.analyze(row["text"]):
            hits += 1
            right += span.text in row["expect"]
    return {
        "recall_exact_span": round(exact / len(names), 4),
        "names": len(names),
        "precision": round(right / hits, 4) if hits else None,
        "hits": hits,
    }


def text_benchmark(presidio_python: str | None, mb_per_kind: float) -> dict:
    docs = real_corpus(mb_per_kind)
    texts = [t for _, _, t in docs]
    result: dict[str, Any] = {
        "corpus_mb_by_kind": {},
        "corpus_files": len(docs),
    }
    for kind, _, text in docs:
        mb_kind = result["corpus_mb_by_kind"]
        mb_kind[kind] = round(mb_kind.get(kind, 0) + len(text.encode("utf-8")) / 1e6, 2)
    analyzer = fulcrum_analyzer(None)
    cpu, wall = cpu_rate(analyzer.analyze, texts)
    result["fulcrum_all_types_mb_per_cpu_s"] = round(cpu, 2)
    result["fulcrum_all_types_mb_per_wall_s"] = round(wall, 2)
    by_kind = {}
    for kind in result["corpus_mb_by_kind"]:
        by_kind[kind] = round(
            cpu_rate(analyzer.analyze, [t for k, _, t in docs if k == kind])[0], 2
        )
    result["fulcrum_mb_per_cpu_s_by_kind"] = by_kind
    same = fulcrum_analyzer(sorted(SAME_TYPES))
    result["fulcrum_same_types_mb_per_cpu_s"] = round(cpu_rate(same.analyze, texts)[0], 2)
    result["process_level"] = process_level(docs)
    result["precision_hand_labelled_real_lines"] = real_text_precision(analyzer)
    result["corpus"] = corpus_hits(analyzer, docs)
    result["vectors"] = vector_recall(presidio_python)
    result["person_names_latin"] = name_benchmark()
    if presidio_python:
        # Presidio is slow: every sixteenth line of the same texts, the same lines for Fulcrum
        lines = [line for text in texts for line in text.splitlines() if line.strip()]
        sample = lines[::16]
        out = run_presidio(presidio_python, {"mixed": sample})
        if isinstance(out, str):
            result["presidio"] = out
        else:
            size = sum(len(x.encode("utf-8")) for x in sample) / 1e6
            presidio_rate = size / out["mixed"]["cpu_seconds"]
            fulcrum_rate = cpu_rate(same.analyze, sample)[0]
            result["presidio_sample_mb"] = round(size, 2)
            result["presidio_same_types_mb_per_cpu_s"] = round(presidio_rate, 3)
            result["fulcrum_same_types_mb_per_cpu_s_on_that_sample"] = round(fulcrum_rate, 2)
            result["speedup_same_types"] = round(fulcrum_rate / presidio_rate, 1)
    else:
        result["presidio"] = "not run (no --presidio-python); see bench/presidio_env.sh"
    return result


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
    parser.add_argument("--mb-per-kind", type=float, default=4.0, help="real text per source")
    parser.add_argument("--rows", type=int, default=10_000_000, help="0 skips the risk part")
    args = parser.parse_args()
    report: dict[str, Any] = {"machine": load_note()}
    report["text"] = text_benchmark(args.presidio_python, args.mb_per_kind)
    if args.rows:
        report["risk"] = risk_benchmark(args.rows)
    report["machine_after"] = load_note()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""The system dossier, read back: HTML tables, the PDF's text and fonts, reproducibility."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fulcrum.evidence import Evidence
from fulcrum.reports import render_dossier, render_dossier_html
from tests.reports.conftest import Tables, screener_record

pdftotext = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(pdftotext is None, reason="poppler-utils is not installed")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [str(pdftotext), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_sections_follow_annex_iv_in_order(compas_evidence: Evidence) -> None:
    # Given the screener with evidence, a review and an integrity appendix
    page = Tables(render_dossier_html(screener_record(compas_evidence)))
    # Then the six sections come in the Annex IV order
    sections = [h for h in page.headings if h[:2] in {"1.", "2.", "3.", "4.", "5.", "6."}]
    sections = [h for h in sections if not h[2:3].isdigit()]
    assert sections[:6] == [
        "1. General description of the AI system",
        "2. Classification and reasons",
        "3. Obligations and their status",
        "4. Technical evidence",
        "5. Ethics review record",
        "6. Integrity appendix",
    ]


def test_classification_shows_every_reason_and_citation() -> None:
    record = screener_record()
    page = Tables(render_dossier_html(record))
    verdicts = dict(page.tables["verdicts"])
    assert verdicts["EU AI Act tier"] == "high"
    assert verdicts["Review procedure"] == record.classification["review_procedure"]
    cells = [
        " ".join(row) for name, t in page.tables.items() if name.startswith("table") for row in t
    ]
    for finding in record.classification["eu_ai_act"]["because"]:
        assert any(finding["rule"] in c and finding["cites"] in c for c in cells), finding["rule"]
    # the recruitment rule reads the purpose fact
    assert any("Annex III point 4(a)" in c and "recruitment_selection" in c for c in cells)


def test_every_obligation_with_status_owner_due_and_evidence(compas_evidence: Evidence) -> None:
    base = screener_record()
    first, second = base.obligations[0].id, base.obligations[1].id
    record = screener_record(
        compas_evidence,
        **{
            first: {"status": "verified", "owner": "legal", "due": "2026-10-01",
                    "evidence": [compas_evidence.id]},
            second: {"status": "in_progress", "owner": "hr-ops"},
        },
    )  # fmt: skip
    rows = Tables(render_dossier_html(record)).tables["obligations"][1:]
    assert len(rows) == len(record.classification["obligations"]) == len(record.obligations)
    by_id = {o.id: row for o, row in zip(record.obligations, rows, strict=True)}
    for o, row in by_id.items():
        assert o in row[0]
    assert by_id[first][3:6] == ["verified", "legal", "2026-10-01"]
    assert by_id[first][6] == compas_evidence.id
    assert by_id[second][3:5] == ["in progress", "hr-ops"]
    assert all(row[3] == "not assessed" for o, row in by_id.items() if o not in {first, second})


def test_evidence_summary_has_checks_groups_and_hashes(compas_evidence: Evidence) -> None:
    html = render_dossier_html(screener_record(compas_evidence))
    page = Tables(html)
    assert compas_evidence.inputs[0].sha256 in html
    checks = next(t for t in page.tables.values() if t and t[0][0] == "Metric" and len(t[0]) == 6)
    assert checks[1][0] == "demographic_parity_ratio"
    assert checks[1][5].startswith("fail")
    groups = next(t for t in page.tables.values() if t and t[0][:2] == ["Group", "n"])
    labels = [row[0] for row in groups[1:]]
    assert "sex=Female, race=African-American" in labels
    female_aa = groups[1 + labels.index("sex=Female, race=African-American")]
    assert female_aa[1] == "652"  # ProPublica's data: 652 African-American women


def test_review_record_tally_recusal_decision_and_conditions() -> None:
    page = Tables(render_dossier_html(screener_record()))
    assert [r[2] for r in page.tables["votes"][1:]] == ["approve", "approve", "abstain"]
    assert page.tables["recusals"][1] == ["wu", "manages the hiring team"]
    decision = page.tables["decisions"][1]
    assert decision[1] == "approved_with_conditions" and "approve = 2" in decision[2]
    assert page.tables["conditions"][1][1:5] == [
        "Publish the bias audit summary", "people-analytics", "2026-12-01", "open",
    ]  # fmt: skip
    assert dict(page.tables["case"])["Review procedure"].startswith("general")


def test_integrity_appendix() -> None:
    page = Tables(render_dossier_html(screener_record()))
    chain = dict(page.tables["chain"])
    assert chain["Log head hash"] == "c3" * 32
    assert chain["Hash chain"] == "verifies from the genesis event"
    assert "d4" * 32 in chain["Latest signed checkpoint"]
    assert "ana-auditor" in chain["Latest signed checkpoint"]
    assert [r[0] for r in page.tables["events"][1:]] == ["11", "19"]


def test_chinese_labels() -> None:
    page = Tables(render_dossier_html(screener_record(), lang="zh-CN"))
    assert page.headings[0].startswith("技术文档档案")
    assert "5. 伦理审查记录" in page.headings
    assert dict(page.tables["verdicts"])["欧盟《人工智能法》风险等级"] == "high"


def test_html_escapes_record_text() -> None:
    record = screener_record()
    hostile = record.model_copy(
        update={"system": record.system.model_copy(update={"description": "<script>x</script>"})}
    )
    html = render_dossier_html(hostile)
    assert "<script>x" not in html and "&lt;script&gt;x" in html


@pytest.fixture(scope="module")
def english_pdf(compas_evidence: Evidence) -> bytes:
    pytest.importorskip("weasyprint")
    return render_dossier(screener_record(compas_evidence), format="pdf")


@needs_poppler
def test_pdf_text_reads_back(english_pdf: bytes, tmp_path: Path) -> None:
    pdf = english_pdf
    assert pdf.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf, tmp_path).split())
    for expected in (
        "Technical documentation dossier: CV screening and ranking assistant",
        "6. Integrity appendix",
        "Publish the bias audit summary",
        "demographic_parity_ratio",
    ):
        assert expected in text


@needs_poppler
def test_chinese_pdf_embeds_a_cjk_font_and_reads_back(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    pdf = render_dossier(screener_record(), format="pdf", lang="zh-CN")
    text = _pdf_text(pdf, tmp_path)
    # every Chinese character of these labels came out of the PDF as text (no missing glyphs)
    for label in ("技术文档档案", "伦理审查记录", "完整性附录", "欧盟《人工智能法》风险等级"):
        assert label in text
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "d.pdf")], check=True, capture_output=True, text=True
    ).stdout
    assert any(("CJK" in line or "SC" in line) and " yes " in line for line in fonts.splitlines())


def test_same_record_same_bytes(english_pdf: bytes, compas_evidence: Evidence) -> None:
    # a record built again (chart included) renders to the same bytes
    record = screener_record(compas_evidence)
    assert render_dossier(record, format="html") == render_dossier(record, format="html")
    assert render_dossier(record, format="pdf") == english_pdf


def test_fairness_evidence_gets_a_reproducible_chart(compas_evidence: Evidence) -> None:
    pytest.importorskip("matplotlib")
    import base64
    import io
    import re

    first = render_dossier_html(screener_record(compas_evidence))
    assert first == render_dossier_html(screener_record(compas_evidence))
    (data,) = re.findall(r'src="data:image/png;base64,([^"]+)"', first)
    png = base64.b64decode(data)
    assert png.startswith(b"\x89PNG\r\n")
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(png))
    assert pixels.shape[0] > 200 and pixels.shape[1] > 600  # 12 groups of bars, 6.4 in wide

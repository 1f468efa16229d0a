"""Statement of Applicability: every ISO/IEC 42001 Annex A control, read back from each format."""

from __future__ import annotations

import csv
import io

import pytest

from fulcrum.reports import build_soa, render_soa
from tests.reports.conftest import Tables, screener_record

# ISO/IEC 42001:2023 Annex A controls, written out by hand from the standard's structure.
_REFS = (
    "A.2.2 A.2.3 A.2.4 A.3.2 A.3.3 A.4.2 A.4.3 A.4.4 A.4.5 A.4.6 A.5.2 A.5.3 A.5.4 A.5.5 "
    "A.6.1.2 A.6.1.3 A.6.2.2 A.6.2.3 A.6.2.4 A.6.2.5 A.6.2.6 A.6.2.7 A.6.2.8 A.7.2 A.7.3 A.7.4 "
    "A.7.5 A.7.6 A.8.2 A.8.3 A.8.4 A.8.5 A.9.2 A.9.3 A.9.4 A.10.2 A.10.3 A.10.4"
)
ANNEX_A = _REFS.split(" ")


def test_organisation_wide_statement_selects_every_control() -> None:
    soa = build_soa("iso-iec-42001")
    assert [r.ref for r in soa.rows] == ANNEX_A
    assert all(r.applicable for r in soa.rows)
    a52 = next(r for r in soa.rows if r.ref == "A.5.2")
    assert "iso-iec-42001:ai-system-impact-assessment" in a52.justification


def test_system_statement_includes_excludes_and_justifies() -> None:
    # Given the recruitment screener (a deployer: the provider's Art. 17 QMS does not apply)
    record = screener_record(
        **{
            "iso-iec-42001:ai-system-impact-assessment": {
                "status": "verified",
                "evidence": ["doc-1"],
            }
        }
    )
    soa = build_soa(obligations=record.obligations, system=record.system.id)
    rows = {r.ref: r for r in soa.rows}
    assert len(rows) == len(ANNEX_A)
    # Then A.4.2 is excluded, naming the provider obligation it addresses
    assert not rows["A.4.2"].applicable
    assert "eu-ai-act:art-17-quality-management" in rows["A.4.2"].justification
    assert rows["A.4.2"].implementation == "not_applicable"
    # A.5.3 is needed for the impact-assessment obligation, which is met with evidence
    assert rows["A.5.3"].applicable
    assert rows["A.5.3"].requirements == ("iso-iec-42001:ai-system-impact-assessment",)
    assert rows["A.5.3"].implementation == "implemented"
    assert rows["A.5.3"].evidence == ("doc-1",)
    # policies are organisation-wide: never excluded by a system's facts
    assert all(rows[ref].applicable for ref in ("A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3"))
    # a control tied to several obligations, only some met, is partial
    assert rows["A.6.2.6"].implementation == "not_assessed"


def test_csv_and_html_list_every_control() -> None:
    soa = build_soa(obligations=screener_record().obligations, system="eu-recruitment-screener")
    text = render_soa(soa, format="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Control", "ID", "Name", "Theme", "Applicable"]
    assert [r[0] for r in rows[1:]] == ANNEX_A
    assert {r[4] for r in rows[1:]} == {"yes", "no"}
    page = Tables(render_soa(soa, format="html").decode())
    assert [r[0] for r in page.tables["soa"][1:]] == ANNEX_A


def test_xlsx_reads_back_and_is_reproducible() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    soa = build_soa(obligations=screener_record().obligations, system="eu-recruitment-screener")
    data = render_soa(soa, format="xlsx")
    assert data == render_soa(soa, format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].value == "eu-recruitment-screener"
    refs = [sheet.cell(row=r, column=1).value for r in range(5, 5 + len(ANNEX_A))]
    assert refs == ANNEX_A
    a42 = [c.value for c in sheet[5 + ANNEX_A.index("A.4.2")]]
    assert a42[4] == "no" and "art-17" in a42[5]


def test_chinese_statement() -> None:
    soa = build_soa("iso-iec-42001", lang="zh-CN")
    text = render_soa(soa, format="csv", lang="zh-CN").decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[4] == "是否适用"
    assert "已纳入组织的人工智能管理体系" in text


def test_framework_without_controls_is_refused() -> None:
    from fulcrum.errors import InputError

    with pytest.raises(InputError, match="no controls"):
        build_soa("eu-ai-act")

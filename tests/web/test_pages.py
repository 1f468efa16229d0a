"""Every page renders for a signed-in user, as a full page and as an htmx partial."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

PAGES = [
    "/",
    "/systems",
    "/systems?q=spam&sort=tier&dir=desc",
    "/systems/internal-spam-filter",
    "/systems/internal-spam-filter?version=1",
    "/systems/new",
    "/systems/internal-spam-filter/edit",
    "/catalog",
    "/catalog?q=impact+assessment",
    "/catalog/frameworks/cn-pipl",
    "/catalog/frameworks/eu-ai-act",
    "/catalog/items/eu-ai-act:art-9-risk-management",
    "/catalog/coverage?a=eu-ai-act&b=iso-iec-42001",
    "/cases",
    "/cases?state=in_review",
    "/cases/1",
    "/committees",
    "/audit",
    "/account",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_with_security_headers(
    reader_as: Callable[[str], TestClient], url: str
) -> None:
    # Given the chair signed in
    client = reader_as("li-chair")
    # When they open the page
    response = client.get(url)
    # Then it renders in full, with a CSP that allows no inline script
    assert response.status_code == 200, response.text[:2000]
    assert response.text.startswith("<!doctype html>")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert '<main id="main"' in response.text


def test_htmx_requests_get_partials(reader_as: Callable[[str], TestClient]) -> None:
    client = reader_as("li-chair")
    full = client.get("/systems?tier=minimal")
    part = client.get("/systems?tier=minimal", headers={"HX-Request": "true"})
    assert "<html" in full.text
    assert "<html" not in part.text and part.text.lstrip().startswith('<div id="systems-table">')
    case = client.get("/cases/1", headers={"HX-Request": "true"})
    assert case.text.lstrip().startswith('<div id="case-body">')


def test_system_page_explains_classification_with_catalog_links(
    reader_as: Callable[[str], TestClient],
) -> None:
    page = reader_as("mei").get("/systems/eu-recruitment-screener").text
    assert "Recruitment or selection" in page
    assert 'href="/catalog/items/eu-ai-act:annex-iii-4-a"' in page
    assert "EU AI Act Art. 6(2) and Annex III point 4(a)" in page
    assert 'id="obligations"' in page and "ob-open" in page


def test_my_work_lists_the_vote_waiting_for_a_member(
    reader_as: Callable[[str], TestClient],
) -> None:
    page = reader_as("zhao").get("/").text
    assert "Awaiting my vote" in page and 'href="/cases/1"' in page
    chair = reader_as("li-chair").get("/").text
    assert "Awaiting my decision" in chair


def test_crosswalk_graph_links_every_neighbour(reader_as: Callable[[str], TestClient]) -> None:
    page = reader_as("ana").get("/catalog/items/eu-ai-act:art-10-data-governance").text
    assert "<svg" in page and 'class="node center"' in page
    assert page.count('<a href="/catalog/items/') >= 3


def test_catalog_shows_chinese_titles_of_chinese_instruments(
    reader_as: Callable[[str], TestClient],
) -> None:
    page = reader_as("ana").get("/catalog/frameworks/cn-pipl").text
    assert "中华人民共和国个人信息保护法" in page
    from fulcrum.catalog import get_catalog
    from fulcrum.web._i18n import CHINESE_TITLES

    chinese = {f for f, fw in get_catalog().frameworks.items() if fw.jurisdiction == "CN"}
    assert chinese <= set(CHINESE_TITLES), sorted(chinese - set(CHINESE_TITLES))


def test_inventory_filters_sorts_and_exports(reader_as: Callable[[str], TestClient]) -> None:
    client = reader_as("ana")
    page = client.get("/systems?q=spam").text
    assert "internal-spam-filter" in page and "eu-recruitment-screener" not in page
    csv = client.get("/systems.csv?tier=high")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("system,name,owner")
    assert all(",high," in line for line in lines[1:]) and len(lines) >= 2
    xlsx = client.get("/systems.xlsx")
    assert xlsx.content[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "system" and len(rows) == 4


def test_evidence_download_is_checked(reader_as: Callable[[str], TestClient]) -> None:
    response = reader_as("li-chair").get("/cases/1/evidence/1")
    assert response.status_code == 200
    assert response.content == b"Mail filtering policy v3\n"
    assert "attachment" in response.headers["content-disposition"]


def test_system_page_offers_reports_that_download_and_are_logged(
    reader_as: Callable[[str], TestClient],
) -> None:
    # Given an auditor on a system page
    client = reader_as("ana")
    page = client.get("/systems/internal-spam-filter").text
    assert 'id="reports"' in page
    link = "/systems/internal-spam-filter/reports/soa?format=csv&amp;version=1"
    assert link in page
    # When they follow the Statement of Applicability link
    download = client.get(link.replace("&amp;", "&"))
    # Then a CSV with the 38 ISO/IEC 42001 Annex A controls arrives as an attachment
    assert download.status_code == 200, download.text[:500]
    assert download.headers["content-disposition"].startswith('attachment; filename="internal')
    rows = download.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 38
    # and the audit page lists the issue with the document's hash
    sha = download.headers["x-content-sha256"]
    assert sha == hashlib.sha256(download.content).hexdigest()
    audit = client.get("/audit?type=report.issued").text
    assert "report.issued" in audit
    # and the case page links to the dossier of the version under review
    case = client.get("/cases/1").text
    assert "/systems/internal-spam-filter/reports/dossier?format=pdf&amp;version=1" in case

"""China algorithm-filing draft: pre-filled items, self-assessment sections, gaps."""

from __future__ import annotations

from fulcrum.demo._systems import PROFILES
from fulcrum.profile import load_profile
from fulcrum.reports import build_cn_filing, dossier_input, render_cn_filing
from fulcrum.rules import classify
from tests.reports.conftest import AS_OF, Tables


def _news(organisation: str = "示例科技有限公司"):  # type: ignore[no-untyped-def]
    profile = load_profile(PROFILES / "news-recommender.yaml")
    return dossier_input(
        profile.model_dump(mode="json"),
        classify(profile, as_of=AS_OF).to_dict(),
        organisation=organisation,
    )


def test_items_are_prefilled_from_the_profile() -> None:
    filing = build_cn_filing(_news())
    items = {i.key: i.value for i in filing.items}
    assert items["type"] == "个性化推送类"  # recommendation from reading history (profiling)
    assert items["entity"] == "示例科技有限公司"
    assert items["opinion"] == "是"
    assert items["users"] == "8,000,000"
    assert items["mechanism"] is None and items["credit_code"] is None


def test_gaps_and_sections() -> None:
    filing = build_cn_filing(_news(organisation=""))
    assert filing.gaps[:3] == ("备案主体", "统一社会信用代码", "算法机制机理")
    titles = [s.zh for s in filing.sections]
    assert "三、算法推荐与用户权益保护" in titles
    recommendation = filing.sections[titles.index("三、算法推荐与用户权益保护")]
    assert any(o.framework == "cn-algorithm-recommendation" for o in recommendation.obligations)
    assert "五、人脸识别" not in titles  # no face recognition in this system


def test_html_reads_back_in_both_languages() -> None:
    record = _news()
    zh = Tables(render_cn_filing(build_cn_filing(record), record).decode())
    assert dict(zh.tables["items"])["算法类型"].startswith("个性化推送类")
    assert dict(zh.tables["items"])["统一社会信用代码"] == "待补充"
    en = Tables(render_cn_filing(build_cn_filing(record, lang="en"), record, lang="en").decode())
    assert dict(en.tables["items"])["Algorithm type"].startswith("personalised push")

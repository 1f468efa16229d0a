"""China algorithm filing draft (互联网信息服务算法备案) and a security self-assessment skeleton.

The filing items (entity, algorithm type, mechanism and principle, scenarios, purpose, ...) are
pre-filled from the profile, the classification and the evidence; what the record cannot say
(the unified social credit code, the mechanism in words, the safety measures) is listed as a
gap to fill before filing. Algorithm types follow Art. 2 of the Provisions on the Management of
Algorithmic Recommendations (generation/synthesis, personalised push, ranking/selection,
retrieval/filtering, scheduling/decision-making).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from fulcrum.reports._model import SATISFIED, DossierInput, Lang, ObligationItem
from fulcrum.reports._render import html_to_pdf, render_template

__all__ = ["CnFiling", "FilingItem", "SelfAssessmentSection", "build_cn_filing", "render_cn_filing"]

# purpose -> (中文, English) algorithm type
_TYPES: dict[str, tuple[str, str]] = {
    "content_generation": ("生成合成类", "generation and synthesis"),
    "deep_synthesis": ("生成合成类", "generation and synthesis"),
    "chatbot": ("生成合成类", "generation and synthesis"),
    "recommendation": ("个性化推送类", "personalised push"),
    "spam_filtering": ("检索过滤类", "retrieval and filtering"),
    "fraud_detection": ("检索过滤类", "retrieval and filtering"),
    "recruitment_selection": ("调度决策类", "scheduling and decision-making"),
    "employment_decisions": ("调度决策类", "scheduling and decision-making"),
    "worker_monitoring": ("调度决策类", "scheduling and decision-making"),
    "credit_scoring": ("调度决策类", "scheduling and decision-making"),
    "public_benefits_eligibility": ("调度决策类", "scheduling and decision-making"),
    "insurance_pricing_life_health": ("调度决策类", "scheduling and decision-making"),
    "emergency_triage": ("调度决策类", "scheduling and decision-making"),
}
_RANKING = ("排序精选类", "ranking and selection")
GAP = ("待补充", "to be completed")

# self-assessment sections: (中文, English, frameworks whose obligations belong there)
_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("一、算法安全风险识别与分级", "1. Algorithm security risks and grading", ()),
    ("二、数据安全与个人信息保护", "2. Data security and personal information", ("cn-pipl",)),
    (
        "三、算法推荐与用户权益保护",
        "3. Algorithmic recommendation and users' rights",
        ("cn-algorithm-recommendation",),
    ),
    (
        "四、生成合成内容管理与标识",
        "4. Generated and synthetic content, labelling",
        ("cn-genai-measures", "cn-deep-synthesis", "cn-aigc-labeling"),
    ),
    ("五、人脸识别", "5. Facial recognition", ("cn-face-recognition-measures",)),
    ("六、科技伦理审查", "6. S&T ethics review", ("cn-st-ethics-review", "code-of-ethics")),
)


class FilingItem(BaseModel):
    """One item of the filing form: its value, where it came from, or a gap."""

    model_config = ConfigDict(frozen=True)

    key: str
    zh: str
    en: str
    value: str | None
    source: str = ""


class SelfAssessmentSection(BaseModel):
    """One section of the self-assessment: what the record says and what is missing."""

    model_config = ConfigDict(frozen=True)

    zh: str
    en: str
    findings: tuple[str, ...] = ()
    obligations: tuple[ObligationItem, ...] = ()
    gaps: tuple[str, ...] = ()


class CnFiling(BaseModel):
    """The filing draft, the self-assessment skeleton and every gap."""

    model_config = ConfigDict(frozen=True)

    system: str
    items: tuple[FilingItem, ...]
    sections: tuple[SelfAssessmentSection, ...]
    gaps: tuple[str, ...]


def _type(purposes: list[str], profiling: bool, lang_index: int) -> str | None:
    found = []
    for purpose in purposes:
        kind = _TYPES.get(purpose)
        if purpose == "recommendation" and not profiling:
            kind = _RANKING
        if kind and kind[lang_index] not in found:
            found.append(kind[lang_index])
    return "、".join(found) if lang_index == 0 else ", ".join(found) or None


def build_cn_filing(d: DossierInput, *, lang: Lang = "zh-CN") -> CnFiling:
    """The draft for one system version."""
    i = 0 if lang == "zh-CN" else 1
    p: dict[str, Any] = d.system.profile
    c = d.classification
    items = [
        FilingItem(key="entity", zh="备案主体", en="Filing entity",
                   value=d.organisation or None, source="organisation"),
        FilingItem(key="credit_code", zh="统一社会信用代码", en="Unified social credit code",
                   value=None),
        FilingItem(key="responsible", zh="算法安全责任人", en="Person responsible",
                   value=d.system.owner or None, source="profile.owner"),
        FilingItem(key="name", zh="算法名称", en="Algorithm name",
                   value=d.system.name or d.system.id, source="profile.name"),
        FilingItem(key="type", zh="算法类型", en="Algorithm type",
                   value=_type(list(p.get("purposes", [])), bool(p.get("profiling")), i),
                   source="profile.purposes"),
        FilingItem(key="role", zh="主体角色", en="Role",
                   value=str(p.get("role", "")) or None, source="profile.role"),
        FilingItem(key="mechanism", zh="算法机制机理", en="Mechanism and principle", value=None),
        FilingItem(key="scenarios", zh="应用场景", en="Scenarios",
                   value=", ".join([*p.get("settings", []), *p.get("purposes", [])]) or None,
                   source="profile.settings, profile.purposes"),
        FilingItem(key="purpose", zh="算法目的与用途", en="Purpose",
                   value=d.system.description or None, source="profile.description"),
        FilingItem(key="users", zh="服务对象与规模", en="Persons served",
                   value=f"{p.get('affected_persons', 0):,}" if p.get("affected_persons") else None,
                   source="profile.affected_persons"),
        FilingItem(key="data", zh="使用的数据类别", en="Data categories",
                   value=", ".join(p.get("data_categories", [])) or None,
                   source="profile.data_categories"),
        FilingItem(key="opinion", zh="是否具有舆论属性或社会动员能力",
                   en="Public-opinion attributes or social mobilisation capacity",
                   value=("是" if p.get("public_opinion_attributes") else "否") if i == 0
                   else ("yes" if p.get("public_opinion_attributes") else "no"),
                   source="profile.public_opinion_attributes"),
        FilingItem(key="biometric", zh="是否涉及生物特征识别", en="Biometric recognition",
                   value=", ".join(p.get("biometric_modalities", [])) or ("否" if i == 0 else "no"),
                   source="profile.biometric_modalities"),
        FilingItem(key="grade", zh="伦理风险等级", en="Ethics risk grade",
                   value=str(c.get("ethics_grade", "")) or None, source="classification"),
    ]  # fmt: skip
    by_framework: dict[str, list[ObligationItem]] = {}
    for o in d.obligations:
        by_framework.setdefault(o.framework, []).append(o)
    sections = []
    for zh, en, frameworks in _SECTIONS:
        obligations = tuple(o for f in frameworks for o in by_framework.get(f, []))
        findings: list[str] = []
        gaps: list[str] = []
        if not frameworks:
            findings.append(
                f"EU AI Act: {c.get('eu_ai_act', {}).get('tier')}; "
                f"{'伦理等级' if i == 0 else 'ethics grade'}: {c.get('ethics_grade')}; "
                f"{'审查程序' if i == 0 else 'procedure'}: {c.get('review_procedure')}"
            )
            for item in d.evidence:
                e = item.evidence
                findings.append(f"{e.title}: {e.verdict} ({e.id})")
            if not d.evidence:
                gaps.append("技术评估证据" if i == 0 else "technical assessment evidence")
            gaps.append("安全风险清单及处置措施" if i == 0 else "risk register and treatments")
        if frameworks and frameworks[0] == "cn-st-ethics-review":
            r = d.review
            if r is not None:
                findings.append(
                    f"{'案件' if i == 0 else 'case'} {r.case}: {r.procedure}, {r.state}, "
                    f"{r.outcome or '—'}"
                )
            else:
                gaps.append("伦理审查结论" if i == 0 else "ethics review decision")
        for o in obligations:
            if not o.evidence and o.status not in SATISFIED:
                gaps.append(f"{o.title} ({o.cites})")
        if frameworks and not obligations and not findings:
            continue
        sections.append(SelfAssessmentSection(
            zh=zh, en=en, findings=tuple(findings), obligations=obligations, gaps=tuple(gaps)
        ))  # fmt: skip
    gaps_all = [f"{it.zh if i == 0 else it.en}" for it in items if not it.value]
    gaps_all += [g for s in sections for g in s.gaps]
    return CnFiling(
        system=d.system.id, items=tuple(items), sections=tuple(sections), gaps=tuple(gaps_all)
    )


def render_cn_filing(
    filing: CnFiling,
    d: DossierInput,
    *,
    format: Literal["html", "pdf"] = "html",
    lang: Lang = "zh-CN",
) -> bytes:
    """The draft as HTML or PDF."""
    html = render_template("cn_filing.html.j2", lang=lang, f=filing, d=d, gap=GAP)
    if format == "pdf":
        return html_to_pdf(html, title=f"算法备案草稿 {filing.system}", issued_at=d.issued_at)
    return html.encode("utf-8")

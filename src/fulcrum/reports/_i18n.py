"""Report labels in English and Simplified Chinese (data such as catalog titles stays as is)."""

from __future__ import annotations

from collections.abc import Callable

from fulcrum.errors import InputError

LANGS = ("en", "zh-CN")

# key: (English, 简体中文)
_LABELS: dict[str, tuple[str, str]] = {
    # dossier sections (EU AI Act Annex IV order)
    "dossier": ("Technical documentation dossier", "技术文档档案"),
    "dossier_sub": (
        "Structured after Annex IV of the EU AI Act (Regulation (EU) 2024/1689)",
        "依据欧盟《人工智能法》(EU 2024/1689) 附件四的结构编制",
    ),
    "contents": ("Contents", "目录"),
    "s_general": ("1. General description of the AI system", "1. 人工智能系统概述"),
    "s_classification": ("2. Classification and reasons", "2. 分类结果及理由"),
    "s_obligations": ("3. Obligations and their status", "3. 适用义务及其状态"),
    "s_evidence": ("4. Technical evidence", "4. 技术证据"),
    "s_review": ("5. Ethics review record", "5. 伦理审查记录"),
    "s_integrity": ("6. Integrity appendix", "6. 完整性附录"),
    "system": ("System", "系统"),
    "name": ("Name", "名称"),
    "owner": ("Owner", "负责人"),
    "description": ("Description", "描述"),
    "version": ("Version", "版本"),
    "versions": ("Versions", "版本历史"),
    "registered_at": ("Registered", "登记时间"),
    "registered_by": ("Registered by", "登记人"),
    "profile_hash": ("Profile hash", "档案哈希"),
    "profile": ("Profile (facts)", "系统档案(事实)"),
    "field": ("Field", "字段"),
    "value": ("Value", "取值"),
    "issued": ("Issued", "出具时间"),
    "ruleset": ("Rule-set version", "规则集版本"),
    "eu_tier": ("EU AI Act tier", "欧盟《人工智能法》风险等级"),
    "transparency": ("Transparency duties (Art. 50)", "透明度义务(第50条)"),
    "ethics_grade": ("Ethics grade", "伦理等级"),
    "expert_rereview": ("Expert re-review", "专家复核"),
    "procedure": ("Review procedure", "审查程序"),
    "reasons": ("Reasons", "理由"),
    "rule": ("Rule", "规则"),
    "cites": ("Cites", "依据"),
    "because": ("Because", "因为"),
    "facts_used": ("Facts used", "所用事实"),
    "exception": ("Exception honoured", "适用例外"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "required": ("required", "需要"),
    "not_required": ("not required", "不需要"),
    "none": ("none", "无"),
    "obligation": ("Obligation", "义务"),
    "framework": ("Framework", "框架"),
    "severity": ("Severity", "严重程度"),
    "status": ("Status", "状态"),
    "due": ("Due", "截止日期"),
    "evidence": ("Evidence", "证据"),
    "applies_from": ("applies from", "适用起始"),
    "obligations_summary": ("obligations", "项义务"),
    "metric": ("Metric", "指标"),
    "threshold": ("Threshold", "阈值"),
    "interval": ("Interval", "区间"),
    "verdict": ("Verdict", "结论"),
    "group": ("Group", "群体"),
    "checks": ("Checks", "检查项"),
    "inputs": ("Inputs (content hashes)", "输入(内容哈希)"),
    "tool_versions": ("Tool versions", "工具版本"),
    "signer": ("Signer", "签名人"),
    "unsigned": ("unsigned", "未签名"),
    "signature_ok": ("signature verified", "签名已验证"),
    "signature_bad": ("signature does NOT verify", "签名验证失败"),
    "created": ("Created", "生成时间"),
    "requirements": ("Requirements", "相关要求"),
    "no_evidence": ("No evidence is attached.", "尚无证据。"),
    "no_review": ("No review case exists for this version.", "该版本尚无审查案件。"),
    "case": ("Case", "案件"),
    "state": ("State", "状态"),
    "outcome": ("Outcome", "结果"),
    "committees": ("Committees", "委员会"),
    "members": ("Committee members", "委员会成员"),
    "role": ("Role", "角色"),
    "expertise": ("Expertise", "专业领域"),
    "external": ("external", "外部"),
    "votes": ("Votes", "投票"),
    "tally": ("Tally", "计票"),
    "choice": ("Choice", "选择"),
    "comment": ("Comment", "意见"),
    "recusals": ("Recusals", "回避"),
    "reason": ("Reason", "原因"),
    "decisions": ("Decisions", "决定"),
    "decided_by": ("Decided by", "决定人"),
    "rationale": ("Rationale", "理由"),
    "conditions": ("Conditions", "附加条件"),
    "fulfilled": ("fulfilled", "已完成"),
    "open": ("open", "未完成"),
    "events": ("Audit events concerning the system", "与本系统相关的审计事件"),
    "seq": ("#", "序号"),
    "type": ("Type", "类型"),
    "actor": ("Actor", "操作人"),
    "at": ("At", "时间"),
    "hash": ("Hash", "哈希"),
    "log_head": ("Log head hash", "日志头哈希"),
    "log_count": ("Events in the log", "日志事件数"),
    "chain": ("Hash chain", "哈希链"),
    "chain_ok": ("verifies from the genesis event", "自创世事件起验证通过"),
    "chain_bad": ("BROKEN", "已损坏"),
    "checkpoint": ("Latest signed checkpoint", "最近的签名检查点"),
    "checkpoint_ok": ("verifies", "验证通过"),
    "checkpoint_bad": ("does NOT verify", "验证失败"),
    "no_checkpoint": ("No checkpoint has been taken.", "尚无检查点。"),
    "no_integrity": ("The audit log was not available to this report.", "本报告未获取审计日志。"),
    "page": ("Page", "第"),
    # statuses and verdicts
    "st_open": ("open", "待处理"),
    "st_in_progress": ("in progress", "进行中"),
    "st_evidenced": ("evidenced", "已有证据"),
    "st_verified": ("verified", "已核验"),
    "st_not_applicable": ("not applicable", "不适用"),
    "st_not_assessed": ("not assessed", "未评估"),
    "v_pass": ("pass", "通过"),
    "v_fail": ("fail", "未通过"),
    "v_inconclusive": ("inconclusive", "不确定"),
    "v_not_evaluated": ("not evaluated", "未评估"),
    # Statement of Applicability
    "soa": ("Statement of Applicability", "适用性声明"),
    "control": ("Control", "控制措施"),
    "theme": ("Theme", "主题"),
    "applicable": ("Applicable", "是否适用"),
    "justification": ("Justification", "理由说明"),
    "implementation": ("Implementation status", "实施状态"),
    "scope": ("Scope", "范围"),
    "organisation_scope": ("the organisation's AI management system", "组织的人工智能管理体系"),
    "im_implemented": ("implemented", "已实施"),
    "im_partial": ("partially implemented", "部分实施"),
    "im_planned": ("planned", "计划中"),
    "im_not_assessed": ("not assessed", "未评估"),
    "im_not_applicable": ("not applicable", "不适用"),
    # bias audit
    "bias_audit": ("Bias audit (NYC Local Law 144)", "偏差审计(纽约市第144号地方法)"),
    "audit_date": ("Audit date", "审计日期"),
    "data_range": ("Data date range", "数据时间范围"),
    "unknown": ("unspecified", "未说明"),
    "category": ("Category", "类别"),
    "applicants": ("Number of applicants", "申请人数"),
    "selected": ("Number selected", "入选人数"),
    "selection_rate": ("Selection rate", "入选率"),
    "impact_ratio": ("Impact ratio", "影响比"),
    "scored_above": ("Number scoring above the median", "得分高于中位数人数"),
    "scoring_rate": ("Scoring rate", "得分率"),
    "share": ("Share of data", "数据占比"),
    "excluded_small": ("excluded: under 2% of the data", "已排除:占数据不足2%"),
    "unknown_count": ("Applicants of unknown category", "类别未知的申请人"),
    "by_sex": ("By sex", "按性别"),
    "by_race": ("By race/ethnicity", "按种族/族裔"),
    "by_intersection": ("By sex and race/ethnicity", "按性别与种族/族裔交叉"),
    "total": ("Total", "合计"),
    # filing
    "cn_filing": ("Algorithm filing draft", "算法备案草稿"),
    "gaps": ("Gaps to fill before filing", "备案前需补充的内容"),
    "self_assessment": ("Algorithm security self-assessment (skeleton)", "算法安全自评估(框架)"),
    "model_card": ("Model card", "模型卡"),
    "j_needed": (
        "Needed for this system's obligations: {items}",
        "本系统的以下义务需要该控制措施:{items}",
    ),
    "j_default": (
        "Retained by default (ISO/IEC 42001 cl. 6.1.3): an organisation-wide control that no rule "
        "limits to particular systems",
        "默认保留(ISO/IEC 42001 第6.1.3条):组织层面的控制措施,没有规则将其限定于特定系统",
    ),
    "j_not_needed": (
        "Not needed for this system: the requirements it addresses do not apply to it ({items})",
        "本系统不需要:该控制措施所对应的要求均不适用于本系统({items})",
    ),
    "j_org": (
        "Selected for the organisation's AI management system; addresses {items}",
        "已纳入组织的人工智能管理体系;对应 {items}",
    ),
    "j_org_plain": (
        "Selected for the organisation's AI management system",
        "已纳入组织的人工智能管理体系",
    ),
}


def label(lang: str, key: str) -> str:
    """The label ``key`` in ``lang`` (``en`` or ``zh-CN``)."""
    check_lang(lang)
    en, zh = _LABELS[key]
    return zh if lang == "zh-CN" else en


def check_lang(lang: str) -> None:
    """Refuse a language reports do not offer."""
    if lang not in LANGS:
        raise InputError(f"language {lang!r} is not offered; choose one of {', '.join(LANGS)}")


def translator(lang: str) -> Callable[[str], str]:
    """A ``t(key)`` function for templates."""
    check_lang(lang)
    return lambda key: label(lang, key)

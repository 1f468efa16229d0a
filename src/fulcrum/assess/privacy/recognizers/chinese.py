"""Chinese identifiers: resident ID, mobile, social credit code, licence plate, passport."""

from __future__ import annotations

from typing import ClassVar

from fulcrum.assess.privacy._checksums import (
    is_cn_resident_id,
    is_gr_amka,
    is_tr_tckimlik,
    is_uscc,
    looks_like_cn_resident_id,
)
from fulcrum.assess.privacy._recognizer import (
    NEEDS_CONTEXT,
    Recognizer,
    numeric_boundary_ok,
    register,
)

_SEP = "[ -]?"


@register
class CnResidentIdRecognizer(Recognizer):
    """18-character resident identity number (GB 11643-1999)."""

    entity_type = "CN_RESIDENT_ID"
    first_chars = "1-8"
    pattern = r"[1-8]\d{16}[\dXx]"
    base_score = 0.95
    specificity = 90
    context = ("身份证", "证件号", "身份号", "id card", "resident id", "identity")
    explanation = "18 characters with a valid province code, birth date and GB 11643 check digit"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        return numeric_boundary_ok(text, start, end)

    def validate(self, candidate: str) -> bool:
        return is_cn_resident_id(candidate)


@register
class CnUsccRecognizer(Recognizer):
    """Unified social credit code of a legal entity (GB 32100-2015)."""

    entity_type = "CN_USCC"
    first_chars = "0-9ANY"
    pattern = r"[1-9ANY][1-59]\d{6}[0-9A-HJ-NPQRTUWXY]{10}"
    base_score = 0.9
    specificity = 85
    context = ("信用代码", "社会信用", "uscc", "credit code", "营业执照", "税号")
    negative_context = ("订单", "单号", "order", "流水", "tracking", "运单")
    explanation = "18 characters of the GB 32100 alphabet with a valid area and mod-31 check"

    #: Entity categories allowed after each registration authority (GB 32100 annex A).
    categories: ClassVar[dict[str, str]] = {
        "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129",
        "7": "129", "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
    }  # fmt: skip

    def validate(self, candidate: str) -> bool:
        if candidate[1] not in self.categories.get(candidate[0].upper(), ""):
            return False
        # an all-digit ID-shaped string with a wrong check digit is a mistyped ID, not a code
        return is_uscc(candidate) and not looks_like_cn_resident_id(candidate)


@register
class CnMobileRecognizer(Recognizer):
    """Mainland mobile number with a current operator prefix, optionally +86."""

    entity_type = "CN_MOBILE"
    first_chars = "+01-9"
    pattern = (
        r"(?:(?:\+|00)86[ -]?)?1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])"
        rf"{_SEP}\d{{4}}{_SEP}\d{{4}}"
    )
    base_score = 0.75
    specificity = 80
    context = ("手机", "电话", "联系", "mobile", "phone", "tel", "cell")
    negative_context = ("订单", "单号", "order", "tracking", "运单")
    explanation = "11 digits starting with a current mainland mobile prefix (13x-19x)"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and text[start - 1] in "+-":
            return False
        return numeric_boundary_ok(text, start, end)

    def validate(self, candidate: str) -> bool | float | str:
        digits = "".join(c for c in candidate if c.isdigit())
        if candidate.startswith(("+", "0086", "86")):
            return 0.9
        if len(digits) != 11:
            return False
        # 11 bare digits that pass a Turkish or Greek identity-number check: only with a
        # Chinese phone word nearby
        if digits == candidate and (is_tr_tckimlik(digits) or is_gr_amka(digits)):
            return NEEDS_CONTEXT
        return True


_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "[A-HJ-NP-Z]"


@register
class CnLicensePlateRecognizer(Recognizer):
    """Mainland vehicle licence plate (GA 36), including new-energy plates."""

    entity_type = "CN_LICENSE_PLATE"
    first_chars = _PROVINCES
    pattern = (
        rf"[{_PROVINCES}]{_PLATE_LETTER}[·• ]?"
        r"(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])"
    )
    base_score = 0.7
    specificity = 60
    context = ("车牌", "号牌", "车辆", "plate", "vehicle")
    explanation = "province character, issuing-office letter and 5 (6 new-energy) characters"

    def validate(self, candidate: str) -> bool:
        tail = candidate[2:].lstrip("·• ")
        # an all-letter tail is a word, not a plate
        return any(c.isdigit() for c in tail)


@register
class CnPassportRecognizer(Recognizer):
    """PRC passport number (E/G ordinary, D/P/S diplomatic, service, public affairs)."""

    entity_type = "CN_PASSPORT"
    first_chars = "EGDPS"
    pattern = r"(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]E?\d{7})"
    base_score = 0.5
    specificity = 55
    requires_context = True
    context = ("护照", "passport")
    context_window = 14
    explanation = "passport number shape with the word passport (护照) just before it"

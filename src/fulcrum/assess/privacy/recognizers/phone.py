"""International telephone numbers, validated with Google's libphonenumber."""

from __future__ import annotations

from typing import ClassVar

from fulcrum.assess.privacy._recognizer import ALNUM, Recognizer, register


@register
class PhoneRecognizer(Recognizer):
    """Telephone number valid for its country (``phonenumbers``), with or without ``+``."""

    entity_type = "PHONE"
    pattern = (
        r"(?:\+|00)[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}"
        r"|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]?\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{2,3}-\d{7,8}"
    )
    base_score = 0.7
    specificity = 50
    context = ("phone", "tel", "call", "mobile", "fax", "电话", "手机", "传真", "联系")
    negative_context = ("order", "invoice", "tracking", "订单", "单号")
    explanation = "a number that libphonenumber parses as a valid number for its region"
    #: Regions tried, in order, for numbers written without an international prefix.
    regions: ClassVar[tuple[str, ...]] = ("US", "CN", "GB", "DE", "FR", "IN", "CA", "BR")

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in "+-."):
            return False
        return not (end < len(text) and (text[end] in ALNUM or text[end] == "-"))

    def validate(self, candidate: str) -> bool | float:
        import phonenumbers

        text = "+" + candidate[2:] if candidate.startswith("00") else candidate
        regions = (None,) if text.startswith("+") else self.regions
        for region in regions:
            try:
                number = phonenumbers.parse(text, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return self.base_score if region is None else self.base_score - 0.2
        return False

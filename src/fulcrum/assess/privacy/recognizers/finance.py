"""Financial and national identifiers: payment cards, IBAN, US SSN."""

from __future__ import annotations

from fulcrum.assess.privacy._checksums import iban_mod97, looks_like_cn_resident_id, luhn_ok
from fulcrum.assess.privacy._recognizer import Recognizer, register

#: IBAN lengths of the ISO 13616 registry for the most common countries.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22,
    "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23,
    "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31,
    "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24,
    "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip


def card_network(digits: str) -> str | None:
    """The card network of an issuer identification number, or ``None``."""
    two, four = int(digits[:2]), int(digits[:4])
    n = len(digits)
    if digits.startswith("62") and 16 <= n <= 19:
        return "unionpay"
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "mastercard"
    if two in (34, 37) and n == 15:
        return "amex"
    if (digits.startswith("6011") or two == 65 or 644 <= int(digits[:3]) <= 649) and n >= 16:
        return "discover"
    if 3528 <= four <= 3589 and n >= 16:
        return "jcb"
    if (two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and n >= 14:
        return "diners"
    if (two == 50 or 56 <= two <= 58 or two == 60) and n >= 16:
        return "maestro"
    return None


@register
class BankCardRecognizer(Recognizer):
    """Payment card number: known issuer range and the Luhn check."""

    entity_type = "BANK_CARD"
    pattern = r"[2-6]\d{3}(?:[ -]\d{4}){2,3}(?:[ -]?\d{1,3})?|[2-6]\d{12,18}"
    base_score = 0.8
    specificity = 70
    context = ("卡号", "银行卡", "信用卡", "card", "visa", "unionpay", "银联", "账号")
    negative_context = ("订单", "单号", "order", "tracking", "运单", "invoice", "发票")
    explanation = "13-19 digits in a known card range (UnionPay 62, Visa, ...) passing Luhn"

    def validate(self, candidate: str) -> bool:
        digits = candidate.replace(" ", "").replace("-", "")
        if not (13 <= len(digits) <= 19 and luhn_ok(digits)) or card_network(digits) is None:
            return False
        # an ID-shaped 18-digit string with a wrong check digit is a mistyped ID, not a card
        return not looks_like_cn_resident_id(digits)


@register
class IbanRecognizer(Recognizer):
    """International bank account number (ISO 13616, mod 97)."""

    entity_type = "IBAN"
    pattern = r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"
    base_score = 0.9
    specificity = 85
    context = ("iban", "account", "konto", "账户")
    explanation = "country code, check digits and account of the registered length, mod 97 = 1"

    def validate(self, candidate: str) -> bool:
        compact = candidate.replace(" ", "")
        expected = IBAN_LENGTHS.get(compact[:2])
        if expected is None or len(compact) != expected:
            return False
        return iban_mod97(compact) == 1


@register
class UsSsnRecognizer(Recognizer):
    """US social security number written as AAA-GG-SSSS."""

    entity_type = "US_SSN"
    pattern = r"\d{3}[- ]\d{2}[- ]\d{4}"
    base_score = 0.6
    specificity = 65
    context = ("ssn", "social security", "soc sec")
    negative_context = ("order", "invoice", "tracking", "part", "订单")
    explanation = "AAA-GG-SSSS with an assignable area, group and serial"

    def validate(self, candidate: str) -> bool:
        if candidate[3] != candidate[6]:
            return False
        area, group, serial = candidate[:3], candidate[4:6], candidate[7:]
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            return False
        return len(set(candidate.replace("-", "").replace(" ", ""))) > 1

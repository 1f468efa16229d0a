"""Financial and national identifiers: payment cards, IBAN, US SSN."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from fulcrum.assess.privacy._checksums import iban_mod97, looks_like_cn_resident_id, luhn_ok
from fulcrum.assess.privacy._recognizer import (
    ALNUM,
    NEEDS_CONTEXT,
    Recognizer,
    Span,
    numeric_boundary_ok,
    register,
)

#: Labels of other identifiers: a number written after one of them is not a card or an SSN.
OTHER_ID_WORDS = (
    "siret", "siren", "tva", "vat", "kimlik", "tckn", "amka", "afm", "isbn", "issn", "ean",
    "gtin", "imei", "order", "invoice", "tracking", "订单", "单号", "运单", "发票", "流水",
)  # fmt: skip


def card_network(digits: str) -> str | None:
    """The card network of an issuer identification number (IIN), or ``None``.

    Ranges follow the networks' published IIN tables (ISO/IEC 7812 major industry
    identifiers 1-6 and 8-9); lengths are those each network issues.
    """
    n = len(digits)
    two, three, four = int(digits[:2]), int(digits[:3]), int(digits[:4])
    six = int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "mastercard"
    if 2200 <= four <= 2204 and 16 <= n <= 19:
        return "mir"
    if two in (34, 37) and n == 15:
        return "amex"
    if 3528 <= four <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (300 <= three <= 305 or two in (36, 38, 39)) and 14 <= n <= 19:
        return "diners"
    if (four == 6011 or two == 65 or 644 <= three <= 649 or 622126 <= six <= 622925) and (
        16 <= n <= 19
    ):
        return "discover"
    if two in (62, 81) and 16 <= n <= 19:
        return "unionpay"
    if (two == 50 or 56 <= two <= 69) and 12 <= n <= 19:
        return "maestro"  # Maestro, Dankort (5019), RuPay (60, 65), Verve (506, 650)
    if two == 82 and n == 16:
        return "rupay"
    if four == 9792 and n == 16:
        return "troy"
    if digits[0] == "1" and n == 15:
        return "uatp"
    return None


#: Networks whose numbers look like other identifiers (14-digit Diners or Maestro like a
#: French SIRET, 15-digit UATP like a record number): found only with a card word nearby.
_AMBIGUOUS = {("diners", 14), ("uatp", 15)}
_SEPARATED = re.compile(r"[ -]")


@register
class BankCardRecognizer(Recognizer):
    """Payment card number: a known issuer range and length, and the Luhn check."""

    entity_type = "BANK_CARD"
    # 4-4-4-4(-3), 4-6-5 / 4-6-4 (Amex, Diners), or 12-19 digits written together
    first_chars = "1-9"
    pattern = (
        r"[1-689]\d{3}(?:[ -]\d{4}){2,3}(?:[ -]?\d{1,3})?"
        r"|3\d{3}[ -]\d{6}[ -]\d{4,5}|[1-689]\d{11,18}"
    )
    base_score = 0.8
    specificity = 70
    context = ("卡号", "银行卡", "信用卡", "card", "visa", "unionpay", "银联", "账号", "amex",
               "mastercard", "diners", "maestro", "信用", "借记")  # fmt: skip
    negative_context = OTHER_ID_WORDS
    explanation = "12-19 digits in a card network's issuer range and length, passing Luhn"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        return numeric_boundary_ok(text, start, end)

    def validate(self, candidate: str) -> bool | str:
        digits = _SEPARATED.sub("", candidate)
        if not (12 <= len(digits) <= 19 and luhn_ok(digits)):
            return False
        network = card_network(digits)
        if network is None or len(set(digits)) < 2:
            return False
        # an ID-shaped 18-digit string with a wrong check digit is a mistyped ID, not a card
        if looks_like_cn_resident_id(digits):
            return False
        ambiguous = (network, len(digits)) in _AMBIGUOUS or (
            network == "maestro" and len(digits) < 16
        )
        # written in a card's grouping (3056 930902 5904) it is a card; bare, it may be a SIRET
        return NEEDS_CONTEXT if ambiguous and digits == candidate else True

    def confirm(self, text: str, start: int, end: int, header: str = "") -> Span | None:
        # a card followed by an expiry date or CVV ("4111 1111 1111 1111 12/27"): drop
        # trailing groups until the number holds
        while True:
            span = super().confirm(text, start, end, header)
            if span is not None:
                return span
            cut = max(text.rfind(" ", start, end), text.rfind("-", start, end))
            if cut <= start:
                return None
            end = cut


def _load_iban_registry() -> dict[str, re.Pattern[str]]:
    """Country code -> compiled BBAN structure, from the bundled SWIFT registry extract."""
    kinds = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
    registry = {}
    text = resources.files("fulcrum.assess.privacy").joinpath("data/iban_registry.txt")
    for line in text.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        country, spec = line.split()
        parts = re.findall(r"(\d+)!([nac])", spec)
        registry[country] = re.compile(
            "".join(f"{kinds[kind]}{{{count}}}" for count, kind in parts) + r"\Z"
        )
    return registry


@cache
def iban_registry() -> dict[str, re.Pattern[str]]:
    """Every IBAN country of the registry with its BBAN structure."""
    return _load_iban_registry()


def iban_compact(text: str, start: int) -> tuple[str, int] | None:
    """Read an IBAN written in any common spelling from ``start``: ``(compact, end)``.

    Groups may be separated by one space, dot or dash, anywhere; letters in either
    case. Reading stops once the registry length of the country is reached.
    """
    registry = iban_registry()
    country = text[start : start + 2].upper()
    bban = registry.get(country)
    if bban is None:
        return None
    length = _iban_length(country)
    chars: list[str] = []
    i, n = start, len(text)
    while i < n and len(chars) < length:
        ch = text[i]
        if ch in ALNUM:
            chars.append(ch.upper())
            i += 1
        elif ch in " .-" and chars and i + 1 < n and text[i + 1] in ALNUM and len(chars) >= 2:
            i += 1
        else:
            break
    if len(chars) != length:
        return None
    return "".join(chars), i


@cache
def _iban_length(country: str) -> int:
    spec = iban_registry()[country].pattern
    return 4 + sum(int(c) for c in re.findall(r"\{(\d+)\}", spec))


@register
class IbanRecognizer(Recognizer):
    """International bank account number (ISO 13616): registry structure and mod 97."""

    entity_type = "IBAN"
    first_chars = "A-Za-z"
    pattern = r"[A-Za-z]{2} ?\d{2}[ .-]?[A-Za-z0-9]"
    base_score = 0.9
    specificity = 85
    context = ("iban", "account", "konto", "账户", "compte", "cuenta")
    explanation = "registered country, check digits and the BBAN structure of the registry, mod 97"

    def confirm(self, text: str, start: int, end: int, header: str = "") -> Span | None:
        if start > 0 and text[start - 1] in ALNUM:
            return None
        found = iban_compact(text, start)
        if found is None:
            return None
        compact, stop = found
        if stop < len(text) and text[stop] in ALNUM:
            return None
        if not iban_registry()[compact[:2]].match(compact[4:]) or iban_mod97(compact) != 1:
            return None
        if self.has_context(text, start, header) is None:
            return None
        return Span(
            self.entity_type, start, stop, self.base_score, text[start:stop], self.name,
            self.explanation,
        )  # fmt: skip


#: SSNs printed in advertising or documentation and never issued (SSA), e.g. the Woolworth wallet.
_INVALID_SSNS = frozenset({"078051120", "219099999", "123456789", "111111111", "457555462"})


@register
class UsSsnRecognizer(Recognizer):
    """US social security number: AAA-GG-SSSS (one separator style), or 9 digits with context."""

    entity_type = "US_SSN"
    first_chars = "0-9"
    pattern = r"\d{3}[- .]\d{2}[- .]\d{4}|\d{9}"
    base_score = 0.6
    specificity = 65
    context = ("ssn", "social security", "soc sec", "社会安全")
    negative_context = (*OTHER_ID_WORDS, "part", "phone", "tel", "fax")
    explanation = "an assignable area, group and serial (not 000, 666, 9xx or a published number)"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        return numeric_boundary_ok(text, start, end, glue=".:-")

    def validate(self, candidate: str) -> bool | str:
        digits = candidate.replace("-", "").replace(" ", "").replace(".", "")
        if len(digits) != 9 or not digits.isdigit():
            return False
        if len(candidate) == 11 and candidate[3] != candidate[6]:
            return False
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            return False
        if digits in _INVALID_SSNS or len(set(digits)) < 3:
            return False
        if len(candidate) == 9:
            return NEEDS_CONTEXT  # 9 bare digits are too common in other numbers
        return True

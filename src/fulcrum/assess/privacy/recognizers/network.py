"""Network identifiers: e-mail address, URL, IPv4, IPv6, MAC address."""

from __future__ import annotations

import ipaddress

from fulcrum.assess.privacy._recognizer import ALNUM, Recognizer, register

#: CJK symbols and full-width forms end a URL (literal characters: RE2 has no \\u escapes).
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_VERSION_WORDS = ("version", "ver.", "ver ", "release", "build", "版本", "v.")


@register
class EmailRecognizer(Recognizer):
    """E-mail address (RFC 5322 common subset)."""

    entity_type = "EMAIL"
    pattern = r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}"
    base_score = 0.9
    specificity = 82
    explanation = "local part, @, and a domain with a top-level label"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and text[start - 1] in ALNUM:
            return False
        return not (end < len(text) and text[end].isascii() and text[end] in ALNUM)


@register
class UrlRecognizer(Recognizer):
    """Web address starting with a scheme or ``www.``."""

    entity_type = "URL"
    pattern = (
        r"(?:https?://|www\.)"
        rf"[^\s<>\"'{_CJK_PUNCT}]*[^\s<>\"'.,;:!?)\]}}{_CJK_PUNCT}]"
    )
    base_score = 0.6
    specificity = 60
    explanation = "http(s):// or www. followed by a host and path"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        return not (start > 0 and text[start - 1] in ALNUM)


@register
class Ipv4Recognizer(Recognizer):
    """IPv4 address in dotted-quad form (not a version string)."""

    entity_type = "IPV4"
    pattern = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
    base_score = 0.7
    specificity = 70
    context = ("ip", "address", "地址", "host", "server")
    negative_context = _VERSION_WORDS
    context_window = 12
    explanation = "four octets 0-255 without leading zeros"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in ".-_"):
            return False
        if end < len(text) and (text[end] in ALNUM or text[end] in "-_"):
            return False
        return not (end + 1 < len(text) and text[end] == "." and text[end + 1].isdigit())

    def validate(self, candidate: str) -> bool:
        parts = candidate.split(".")
        return all(int(p) <= 255 and (p == "0" or p[0] != "0") for p in parts)


@register
class Ipv6Recognizer(Recognizer):
    """IPv6 address (full or ``::``-compressed)."""

    entity_type = "IPV6"
    pattern = r"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:]{1,35}[0-9A-Fa-f]"
    base_score = 0.8
    specificity = 75
    explanation = "eight hexadecimal groups, or fewer with ::, that parse as an IPv6 address"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] == ":"):
            return False
        return not (end < len(text) and (text[end] in ALNUM or text[end] == ":"))

    def validate(self, candidate: str) -> bool:
        groups = [g for g in candidate.split(":") if g]
        if len(groups) < 3 and "::" not in candidate:
            return False
        if len(groups) < 2 or not any(len(g) >= 3 or not g.isdigit() for g in groups):
            return False  # times such as 12:30:45
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            return False
        return True


@register
class MacRecognizer(Recognizer):
    """MAC address (six hex pairs with : or -, or Cisco dotted form)."""

    entity_type = "MAC"
    pattern = (
        r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
        r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
    )
    base_score = 0.8
    specificity = 76
    context = ("mac", "硬件地址", "ethernet")
    explanation = "48-bit hardware address in a standard notation"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in ":-."):
            return False
        return not (end < len(text) and (text[end] in ALNUM or text[end] in ":-"))

    def validate(self, candidate: str) -> bool:
        return len({c for c in candidate.lower() if c not in ":-."}) > 1

"""Network identifiers: e-mail address, URL, IPv4, IPv6, MAC address."""

from __future__ import annotations

import ipaddress
from functools import cache
from importlib import resources

from fulcrum.assess.privacy._recognizer import ALNUM, NEEDS_CONTEXT, Recognizer, register

#: CJK symbols and full-width forms end a URL (literal characters: RE2 has no \\u escapes).
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_VERSION_WORDS = (
    "version", "ver.", "ver ", "release", "build", "版本", "v.", "upgrade", "update", "bump",
    "standards", "upstream", "package", "moved", "revision", "kernel",
)  # fmt: skip
_HEX = frozenset("0123456789abcdefABCDEF")


@cache
def top_level_domains() -> frozenset[str]:
    """IANA's root-zone top-level domains (bundled list), lower case."""
    text = resources.files("fulcrum.assess.privacy").joinpath("data/iana_tlds.txt")
    return frozenset(
        line.strip()
        for line in text.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@register
class EmailRecognizer(Recognizer):
    """E-mail address: RFC 5322 common subset whose domain ends in a real top-level domain."""

    entity_type = "EMAIL"
    first_chars = "A-Za-z0-9"
    pattern = (
        r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
        r"\.(?:xn--[A-Za-z0-9-]{2,59}|[A-Za-z]{2,24})"
    )
    base_score = 0.9
    specificity = 82
    negative_context = ("message-id", "msgid", "in-reply-to", "references:", "msg-id")
    context_window = 40
    explanation = "local part, @, and a domain whose top-level label is in IANA's root zone"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and text[start - 1] in ALNUM:
            return False
        return not (end < len(text) and text[end].isascii() and text[end] in ALNUM)

    def validate(self, candidate: str) -> bool:
        local, _, domain = candidate.rpartition("@")
        if domain.rsplit(".", 1)[-1].lower() not in top_level_domains():
            return False  # getty@tty1.service, foo@bar.local
        # a Message-ID's machine-made left part (<20230101123456.GA1234@host>) names no person
        return sum(c.isdigit() for c in local) < 10


@register
class UrlRecognizer(Recognizer):
    """Web address starting with a scheme or ``www.``."""

    entity_type = "URL"
    first_chars = "hHwW"
    pattern = (
        r"(?:https?://|www\.)"
        rf"[^\s<>\"'\\{_CJK_PUNCT}]*[^\s<>\"'\\.,;:!?)\]}}{_CJK_PUNCT}]"
    )
    base_score = 0.6
    specificity = 60
    explanation = "http(s):// or www. followed by a host and path"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        return not (start > 0 and text[start - 1] in ALNUM)

    def validate(self, candidate: str) -> bool:
        if candidate[:4].lower() != "www.":
            return True
        # no scheme: the host must end in a real top-level domain (not "www.tmac")
        host = candidate[4:].split("/", 1)[0].split(":", 1)[0].rstrip(".")
        return "." in host and host.rsplit(".", 1)[-1].lower() in top_level_domains()


def _version_like(parts: list[str]) -> bool:
    """Small octets everywhere, as in ``2.4.1.0``, and not a private or loopback network."""
    first = int(parts[0])
    return first not in (0, 10, 127) and all(int(p) < 32 for p in parts)


@register
class Ipv4Recognizer(Recognizer):
    """IPv4 address in dotted-quad form (not a version string)."""

    entity_type = "IPV4"
    first_chars = "0-9"
    pattern = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
    base_score = 0.7
    specificity = 70
    context = (
        "ip", "address", "地址", "host", "server", "dns", "gateway", "route", "subnet",
        "nameserver", "ping", "connect", "inet", "listen", "bind", "proxy", "from",
    )  # fmt: skip
    negative_context = _VERSION_WORDS
    context_window = 24
    explanation = "four octets 0-255 without leading zeros, not written as a version"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0:
            before = text[start - 1]
            if before in ALNUM or before in ".-_<>~^":
                return False
            if before == "=" and start > 1 and text[start - 2] in "<>=!~":
                return False  # a version constraint: lz4>=1.7.4.2
            if before == ":" and start > 1 and text[start - 2].isdigit():
                return False  # a Debian epoch: 1:24.3.4.1
        if end < len(text) and (text[end] in ALNUM or text[end] in "-_+~"):
            return False
        return not (end + 1 < len(text) and text[end] == "." and text[end + 1].isdigit())

    def validate(self, candidate: str) -> bool | str:
        parts = candidate.split(".")
        if not all(int(p) <= 255 and (p == "0" or p[0] != "0") for p in parts):
            return False
        return NEEDS_CONTEXT if _version_like(parts) else True


@register
class Ipv6Recognizer(Recognizer):
    """IPv6 address: full, ``::``-compressed, or with an embedded IPv4 tail."""

    entity_type = "IPV6"
    first_chars = "0-9A-Fa-f:"
    pattern = (
        r"(?:[0-9A-Fa-f]{1,4}:){1,7}"
        r"(?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?|[0-9A-Fa-f]{1,4})"
        r"(?:\.\d{1,3}){0,3}"
        r"|::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*(?:\.\d{1,3}){0,3}"
    )
    base_score = 0.8
    specificity = 75
    explanation = "hexadecimal groups (or fewer with ::) that parse as an IPv6 address"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in ":_"):
            return False
        return not (end < len(text) and (text[end] in ALNUM or text[end] in ":_"))

    def validate(self, candidate: str) -> bool:
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            return False
        groups = [g for g in candidate.replace(".", ":").split(":") if g]
        if "::" not in candidate:
            return True  # eight groups (or six and an IPv4 tail)
        if candidate == "::1":
            return True  # loopback
        # few groups: a C++/Perl scope (B::CC) or a Python slice (a[1::2]) unless one group is
        # long enough to be an address part (fe80::1, 2001:db8::)
        return len(groups) >= 3 or any(len(g) >= 3 for g in groups)


@register
class MacRecognizer(Recognizer):
    """MAC address (six hex pairs with : or -, or Cisco dotted form)."""

    entity_type = "MAC"
    first_chars = "0-9A-Fa-f"
    pattern = (
        r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
        r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
    )
    base_score = 0.8
    specificity = 76
    context = ("mac", "硬件地址", "ethernet", "ether", "hwaddr", "bssid")
    explanation = "48-bit hardware address in a standard notation"

    def boundary_ok(self, text: str, start: int, end: int) -> bool:
        if start > 0 and (text[start - 1] in ALNUM or text[start - 1] in ":-."):
            return False
        return not (end < len(text) and (text[end] in ALNUM or text[end] in ":-"))

    def validate(self, candidate: str) -> bool:
        hexes = [c for c in candidate.lower() if c not in ":-."]
        if len(set(hexes)) < 2:
            return False
        # letters only in a single case (aa:bb:cc:dd:ee:ff or AA:BB:...), not mixed prose
        letters = [c for c in candidate if c.isalpha()]
        return not letters or all(c.islower() for c in letters) or all(c.isupper() for c in letters)

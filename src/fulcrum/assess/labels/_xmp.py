"""XMP packets carrying the label under the TC260 namespace (``TC260:AIGC``)."""

from __future__ import annotations

import json
import re
from html import escape, unescape

XMP_NS = "http://www.tc260.org.cn/ns/AIGC/1.0/"
XMP_PROPERTY = "AIGC"

_PACKET = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:TC260="{ns}">'
    "<TC260:AIGC>{value}</TC260:AIGC>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


def build_xmp(label: dict[str, str]) -> bytes:
    """An XMP packet whose ``TC260:AIGC`` property holds the label's JSON."""
    value = json.dumps(label, ensure_ascii=False, separators=(",", ":"))
    return _PACKET.format(ns=XMP_NS, value=escape(value, quote=False)).encode("utf-8")


def find_label_in_xmp(packet: bytes | str) -> str | None:
    """The JSON text of the AIGC property in an XMP packet (element or attribute form)."""
    text = packet.decode("utf-8", "replace") if isinstance(packet, bytes) else packet
    prefixes = re.findall(
        r'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']' + re.escape(XMP_NS.rstrip("/")) + r'/?["\']', text
    )
    for prefix in prefixes:
        element = re.search(
            rf"<{re.escape(prefix)}:{XMP_PROPERTY}(?:\s[^>]*)?>(.*?)</{re.escape(prefix)}:{XMP_PROPERTY}>",
            text,
            re.S,
        )
        if element:
            inner = element.group(1).strip()
            inner = re.sub(r"^<!\[CDATA\[(.*)\]\]>$", r"\1", inner, flags=re.S)
            return unescape(inner)
        attribute = re.search(rf'{re.escape(prefix)}:{XMP_PROPERTY}\s*=\s*"([^"]*)"', text)
        if attribute:
            return unescape(attribute.group(1))
    return None


def merge_xmp(existing: bytes | None, label: dict[str, str]) -> bytes:
    """``existing`` XMP with its AIGC label replaced by ``label``; other properties are kept.

    A file's XMP may carry other metadata (rights, IPTC digital source type, editing
    history); the label goes into it as one more ``rdf:Description`` instead of replacing it.
    """
    if not existing:
        return build_xmp(label)
    text = existing.decode("utf-8", "replace")
    if "</rdf:RDF>" not in text:
        return build_xmp(label)
    ns = re.escape(XMP_NS.rstrip("/"))
    for prefix in re.findall(r'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']' + ns + r'/?["\']', text):
        p = re.escape(prefix)
        text = re.sub(
            rf"<{p}:{XMP_PROPERTY}(?:\s[^>]*)?>.*?</{p}:{XMP_PROPERTY}>", "", text, flags=re.S
        )
        text = re.sub(rf'\s{p}:{XMP_PROPERTY}\s*=\s*"[^"]*"', "", text)
    # drop descriptions left empty (only rdf:about and namespace declarations)
    text = re.sub(
        r'<rdf:Description(?:\s+(?:rdf:about|xmlns:[\w.-]+)\s*=\s*"[^"]*")*\s*'
        r"(?:/>|>\s*</rdf:Description>)",
        "",
        text,
    )
    value = escape(json.dumps(label, ensure_ascii=False, separators=(",", ":")), quote=False)
    description = (
        f'<rdf:Description rdf:about="" xmlns:TC260="{XMP_NS}">'
        f"<TC260:{XMP_PROPERTY}>{value}</TC260:{XMP_PROPERTY}></rdf:Description>"
    )
    return text.replace("</rdf:RDF>", description + "</rdf:RDF>", 1).encode("utf-8")

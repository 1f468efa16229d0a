"""Jinja2 templates to HTML, and HTML to PDF with WeasyPrint (Noto Sans SC for Chinese)."""

from __future__ import annotations

import datetime as dt
import io
import math
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from fulcrum._hashing import sha256_bytes
from fulcrum.errors import missing_extra
from fulcrum.reports._i18n import translator

TEMPLATES = Path(__file__).parent / "templates"


def _num(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != 0 and (abs(value) < 10 ** (-digits) or abs(value) >= 1e6):
            return f"{value:.{digits}g}"
        return f"{value:.{digits}f}"
    return str(value)


def _interval(value: Any, digits: int = 3) -> str:
    if not value:
        return "—"
    lo, hi = value
    return f"[{_num(lo, digits)}, {_num(hi, digits)}]"


def _date(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.year == 1970:  # the epoch stands for "the record carries no date"
            return "—"
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _facts(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k} = {_facts(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "[]"
    return str(value)


@cache
def environment() -> jinja2.Environment:
    """The template environment (autoescaped HTML, strict undefined)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=_num, interval=_interval, date=_date, facts=_facts)
    return env


def render_template(name: str, *, lang: str = "en", **context: Any) -> str:
    """Render ``templates/name`` with the ``t`` translator for ``lang``."""
    template = environment().get_template(name)
    return template.render(t=translator(lang), lang=lang, **context)


def _cjk_font() -> Path | None:
    """The bundled Noto Sans SC (the ``reports`` extra), if installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def font_css() -> str:
    """``@font-face`` rules that make Chinese text render without a system CJK font."""
    font = _cjk_font()
    if font is None:
        return ""
    return f"@font-face {{ font-family: 'Fulcrum CJK'; src: url('{font.as_uri()}'); }}\n"


def html_to_pdf(html: str, *, title: str = "", issued_at: dt.datetime | None = None) -> bytes:
    """Lay out ``html`` as a PDF; the same HTML and date always give the same bytes."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise missing_extra("weasyprint", "reports") from exc
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render(
        stylesheets=[weasyprint.CSS(string=font_css(), font_config=fonts)], font_config=fonts
    )
    stamp = (issued_at or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC)
    document.metadata.title = title or document.metadata.title
    document.metadata.created = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.modified = document.metadata.created
    document.metadata.generator = "Fulcrum"
    out = io.BytesIO()
    identifier = sha256_bytes(html.encode("utf-8"))[:32].encode("ascii")
    document.write_pdf(out, pdf_identifier=identifier)
    return out.getvalue()

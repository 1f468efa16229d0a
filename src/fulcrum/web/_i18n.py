"""Languages: English and Simplified Chinese from gettext catalogs, dates and numbers by Babel.

Messages are written in English in the templates (``_("Systems")``); ``locale/<lang>/LC_MESSAGES/
messages.po`` holds the translations and is read once at start-up with Babel, so there is no
compile step. The language comes from the ``fulcrum_lang`` cookie (the switcher sets it), else
from ``Accept-Language``, else English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES: dict[str, str] = {"en": "English", "zh-CN": "中文"}
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "fulcrum_lang"

#: Official Chinese titles of the Chinese instruments in the catalog, shown in every language.
CHINESE_TITLES: dict[str, str] = {
    "cn-pipl": "中华人民共和国个人信息保护法",
    "cn-st-ethics-review": "科技伦理审查办法（试行）",
    "cn-genai-measures": "生成式人工智能服务管理暂行办法",
    "cn-deep-synthesis": "互联网信息服务深度合成管理规定",
    "cn-algorithm-recommendation": "互联网信息服务算法推荐管理规定",
    "cn-aigc-labeling": "人工智能生成合成内容标识办法",
    "cn-face-recognition-measures": "人脸识别技术应用安全管理办法",
    "cn-face-recognition-standards": "信息安全技术 人脸识别数据安全要求（GB/T 41819-2022）；"
    "信息安全技术 远程人脸识别系统技术要求（GB/T 38671-2020）",
    "cn-gb-45438": "网络安全技术 人工智能生成合成内容标识方法",
    "cn-gbt-35273": "信息安全技术 个人信息安全规范",
    "cn-gbt-45654": "网络安全技术 生成式人工智能服务安全基本要求",
    "cn-mlps": "信息安全技术 网络安全等级保护基本要求",
}


@cache
def messages(lang: str) -> dict[str, str]:
    """msgid -> msgstr of one language (empty for English, the source language)."""
    path = LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang.replace("-", "_"))
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The language to use: the cookie if supported, else the best Accept-Language match."""
    if cookie in LANGUAGES:
        return cookie
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            ranked.append((-quality, index, tag.strip().lower()))
    for _q, _i, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """Message look-up and locale-aware formatting for one language."""

    lang: str

    @property
    def babel_locale(self) -> Locale:
        """Babel's locale for this language."""
        return Locale.parse(self.lang.replace("-", "_"))

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself."""
        return messages(self.lang).get(message, message)

    def date(self, value: dt.date | dt.datetime | str | None) -> str:
        """A localised medium date."""
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = _parse(value)
        if isinstance(value, dt.datetime):
            value = value.date()
        return format_date(value, format="medium", locale=self.babel_locale)

    def datetime(self, value: dt.datetime | str | None) -> str:
        """A localised medium date and time (UTC)."""
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            parsed = _parse(value)
            if not isinstance(parsed, dt.datetime):
                return self.date(parsed)
            value = parsed
        return format_datetime(value, format="medium", tzinfo=dt.UTC, locale=self.babel_locale)

    def number(self, value: float | int | None) -> str:
        """A localised number."""
        if value is None:
            return ""
        return format_decimal(value, locale=self.babel_locale)


def _parse(value: str) -> dt.date | dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return dt.date.fromisoformat(value[:10])


def template_globals(translator: Translator) -> dict[str, Callable[..., Any]]:
    """``_``/``gettext``/``ngettext`` for Jinja: translated, escaped, ``%(name)s``-formatted."""

    @pass_context
    def gettext(context: Context, message: str, **values: Any) -> str:
        text = translator.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % values if values else text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int, **values: Any) -> str:
        chosen = singular if n == 1 else plural
        return gettext(context, chosen, num=n, **values)  # type: ignore[no-any-return]

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}

"""English and Simplified Chinese: every message is translated; the switch and header work."""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from fulcrum.web._filters import english_label, label_codes
from fulcrum.web._i18n import Translator, messages, negotiate

WEB = Path(__file__).parents[2] / "src" / "fulcrum" / "web"


def used_messages() -> set[str]:
    """Every message the UI can show: gettext calls in templates and code, labels of codes."""
    from babel.messages.extract import extract_from_dir

    found: set[str] = set()
    methods = [("**/templates/**.j2", "jinja2"), ("**.py", "python")]
    for _file, _line, msg, _comments, _ctx in extract_from_dir(
        str(WEB), methods, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    ):
        found.update(m for m in (msg if isinstance(msg, tuple) else (msg,)) if m)
    from fulcrum.profile import Profile

    def literals(annotation: typing.Any) -> list[str]:
        if typing.get_origin(annotation) is typing.Literal:
            return [str(a) for a in typing.get_args(annotation)]
        return [v for arg in typing.get_args(annotation) for v in literals(arg)]

    for name, info in Profile.model_fields.items():
        found.add(english_label(name))
        found.update(english_label(v) for v in literals(info.annotation))
    found.update(english_label(code) for code in label_codes())
    return found


def test_every_message_has_a_chinese_translation() -> None:
    missing = sorted(used_messages() - set(messages("zh-CN")))
    assert not missing, f"add to locale/zh_CN/LC_MESSAGES/messages.po: {missing}"


def test_negotiation() -> None:
    assert negotiate(None, "zh-CN,zh;q=0.9,en;q=0.8") == "zh-CN"
    assert negotiate(None, "en-GB,en;q=0.9,zh;q=0.8") == "en"
    assert negotiate(None, "fr-FR, zh-TW;q=0.5") == "zh-CN"
    assert negotiate(None, "de") == "en"
    assert negotiate("en", "zh-CN") == "en"


def test_dates_and_numbers_are_localised() -> None:
    assert Translator("zh-CN").date("2026-08-02") == "2026年8月2日"
    assert Translator("en").date("2026-08-02") == "Aug 2, 2026"
    assert Translator("en").number(12345) == "12,345"


def test_accept_language_picks_chinese(app: FastAPI) -> None:
    page = TestClient(app).get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN">' in page.text and "登录 Fulcrum" in page.text
    assert page.headers["content-language"] == "zh-CN"


def test_the_switcher_sets_the_language(client_as: Callable[[str], TestClient]) -> None:
    client = client_as("li-chair")
    client.get("/lang?lang=zh-CN&next=/systems")
    page = client.get("/systems/eu-recruitment-screener").text
    assert '<html lang="zh-CN">' in page
    assert "欧盟《人工智能法》风险等级" in page and "审查记录" in page
    client.get("/lang?lang=en&next=/")
    assert "Review history" in client.get("/systems/eu-recruitment-screener").text

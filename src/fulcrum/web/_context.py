"""One request of the UI: its transaction, signed-in user, CSRF token, language and rendering.

Handlers call ``await web.page(request, work)``: ``work(ctx)`` runs in one database
transaction (``Database.run`` where it exists, else ``unit_of_work``) with ``ctx.user`` the
``UserRow`` that the session cookie's API token authenticates. A ``FulcrumError`` becomes the
matching page (403 for PermissionDeniedError, 404, 409, 400) or, for htmx, a message swapped
into ``#messages``; an unauthenticated request is sent to ``/login``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from fulcrum.errors import (
    AuthenticationError,
    ConflictError,
    FulcrumError,
    InputError,
    IntegrityError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from fulcrum.web._i18n import LANG_COOKIE, LANGUAGES, Translator, negotiate, template_globals

if TYPE_CHECKING:
    from fulcrum.store import Database
    from fulcrum.store.models.users import UserRow

T = TypeVar("T")
SESSION_COOKIE = "fulcrum_session"
LOGIN_CSRF_COOKIE = "fulcrum_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
CSRF_MESSAGE = "This form has expired or did not come from Fulcrum. Reload the page and try again."

#: Sent with every page: no inline script or style, nothing from elsewhere, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_STATUS: list[tuple[type[FulcrumError], int]] = [
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (AuthenticationError, 403),
    (ConflictError, 409),
    (WorkflowError, 409),
    (InputError, 400),
    (IntegrityError, 500),
]


def attachment(
    body: bytes | str, media: str, filename: str, headers: Mapping[str, str] | None = None
) -> Response:
    """A download: the page's security headers and ``Content-Disposition: attachment``."""
    sent = {
        **SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="{filename}"',
        **(headers or {}),
    }
    return Response(body, media_type=media, headers=sent)


def status_for(error: FulcrumError) -> int:
    """The HTTP status a Fulcrum error is shown with."""
    return next((code for kind, code in _STATUS if isinstance(error, kind)), 500)


def csrf_for(secret: str) -> str:
    """The CSRF token bound to one session token (cannot be computed without it)."""
    return hmac.new(secret.encode(), b"fulcrum-web-csrf", hashlib.sha256).hexdigest()


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in; anything else becomes ``/``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@dataclass
class Web:
    """What every handler shares: the database and the template environment."""

    db: Database
    env: Environment

    def language(self, request: Request) -> str:
        """The request's language (cookie, then Accept-Language)."""
        return negotiate(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))

    async def form(self, request: Request) -> FormData:
        """The submitted form, after checking its CSRF token against the session."""
        data = await request.form()
        sent = request.headers.get(CSRF_HEADER) or str(data.get(CSRF_FIELD) or "")
        secret = request.cookies.get(SESSION_COOKIE, "")
        expected = csrf_for(secret) if secret else ""
        if not secret or not sent or not hmac.compare_digest(sent, expected):
            raise CsrfError
        return data

    async def page(
        self, request: Request, work: Callable[[Ctx], Response], *, write: bool = False
    ) -> Response:
        """Run ``work`` for the signed-in user in one transaction; errors become pages."""
        secret = request.cookies.get(SESSION_COOKIE)
        lang = self.language(request)
        if not secret:
            return self.to_login(request)

        def transaction(session: Session) -> Response:
            from fulcrum.web._services import authenticate

            try:
                user = authenticate(session, secret)
            except AuthenticationError as exc:
                raise SessionExpired from exc
            ctx = Ctx(self, request, session, user, lang, csrf_for(secret))
            return work(ctx)

        try:
            return await run_in_threadpool(self.transaction, transaction, write=write)
        except SessionExpired:
            return self.to_login(request)
        except FulcrumError as error:
            return self.error(request, lang, error, csrf=csrf_for(secret))

    async def action(self, request: Request, work: Callable[[Ctx, FormData], Response]) -> Response:
        """A form post: check CSRF, then run ``work(ctx, form)`` like ``page``."""
        try:
            data = await self.form(request)
        except CsrfError:
            lang = self.language(request)
            secret = request.cookies.get(SESSION_COOKIE)
            if not secret:
                return self.to_login(request)
            error = PermissionDeniedError(Translator(lang).gettext(CSRF_MESSAGE))
            return self.error(request, lang, error, csrf=csrf_for(secret))
        return await self.page(request, lambda ctx: work(ctx, data), write=True)

    def transaction(self, fn: Callable[[Session], T], *, write: bool = True) -> T:
        """One transaction, retried when a concurrent writer got there first."""
        return self.db.run(fn, write=write)

    def to_login(self, request: Request) -> Response:
        """Send an unauthenticated request to the sign-in page."""
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        url = "/login" + (f"?next={quote(target)}" if target not in {"/", "/login"} else "")
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any],
        *,
        lang: str,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        """Render a template in ``lang`` with the security headers."""
        translator = Translator(lang)
        values = {
            **template_globals(translator),
            "t": translator,
            "lang": lang,
            "languages": LANGUAGES,
            "request": request,
            "path": request.url.path,
            "query": request.url.query,
            "htmx": bool(getattr(request.state, "htmx", False)),
            **context,
        }
        body = self.env.get_template(template).render(values)
        response = HTMLResponse(body, status_code=status_code, headers=dict(headers or {}))
        response.headers.update(SECURITY_HEADERS)
        response.headers["Content-Language"] = lang
        response.headers["Vary"] = "Cookie, Accept-Language, HX-Request"
        return response

    def error(
        self, request: Request, lang: str, error: FulcrumError, *, csrf: str = ""
    ) -> HTMLResponse:
        """A Fulcrum error as a page, or as a message swapped into ``#messages`` for htmx."""
        status = status_for(error)
        if getattr(request.state, "htmx", False):
            return self.render(
                request,
                "parts/message.html.j2",
                {"kind": "error", "status": status, "message": str(error)},
                lang=lang,
                status_code=status,
                headers={"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"},
            )
        return self.render(
            request,
            "pages/error.html.j2",
            {"status": status, "message": str(error), "user": None, "csrf": csrf},
            lang=lang,
            status_code=status,
        )


class SessionExpired(Exception):
    """The session cookie's token is unknown, expired or revoked: sign in again."""


class CsrfError(Exception):
    """A form arrived without the CSRF token of its session."""


@dataclass
class Ctx:
    """The signed-in user's view of one request, inside its transaction."""

    web: Web
    request: Request
    session: Session
    user: UserRow
    lang: str
    csrf: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def htmx(self) -> bool:
        """Whether htmx sent this request (answer with a partial)."""
        return bool(getattr(self.request.state, "htmx", False))

    @property
    def t(self) -> Translator:
        """The request's translator."""
        return Translator(self.lang)

    def render(
        self,
        page: str,
        context: Mapping[str, Any],
        *,
        part: str | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        """The full page, or only ``part`` when htmx asked."""
        template = part if part and self.htmx else page
        return self.web.render(
            self.request,
            template,
            {"user": self.user, "csrf": self.csrf, **context},
            lang=self.lang,
            status_code=status_code,
            headers=headers,
        )

    def redirect(self, url: str) -> Response:
        """Go to ``url`` after a form post (htmx follows with HX-Redirect)."""
        if self.htmx:
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)


def new_login_csrf() -> str:
    """A random token for the sign-in form (double-submit cookie)."""
    return secrets.token_urlsafe(24)

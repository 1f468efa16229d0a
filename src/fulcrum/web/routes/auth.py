"""Sign-in and sign-out, the language switcher, and the account page (password, tokens)."""

from __future__ import annotations

import datetime as dt
import hmac
import math

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from fulcrum.auth import LoginFailed
from fulcrum.errors import AuthenticationError, FulcrumError, InputError
from fulcrum.web import _services as services
from fulcrum.web._context import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Ctx,
    Web,
    new_login_csrf,
    safe_next,
)
from fulcrum.web._i18n import LANG_COOKIE, LANGUAGES, Translator


def router(web: Web) -> APIRouter:
    """Routes for /login, /logout, /lang and /account."""
    r = APIRouter()

    def login_page(
        request: Request, *, error: str = "", username: str = "", status_code: int = 200
    ) -> Response:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_csrf()
        response = web.render(
            request,
            "pages/login.html.j2",
            {
                "user": None,
                "csrf": token,
                "error": error,
                "username": username,
                "next": safe_next(request.query_params.get("next")),
            },
            lang=web.language(request),
            status_code=status_code,
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/login",
        )
        return response

    @r.get("/login")
    def login_form(request: Request) -> Response:
        """The sign-in form."""
        return login_page(request)

    @r.post("/login")
    async def login(request: Request) -> Response:
        """Check the password, set the session cookie, go where the user was going."""
        form = await request.form()
        sent = str(form.get(CSRF_FIELD) or "")
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        t = Translator(web.language(request))
        username = str(form.get("username") or "").strip()
        if not cookie or not hmac.compare_digest(sent, cookie):
            return login_page(
                request,
                error=t.gettext("The sign-in form expired. Please try again."),
                username=username,
                status_code=403,
            )
        password = str(form.get("password") or "")
        try:
            issued = await run_in_threadpool(
                web.transaction, lambda s: services.login(s, username, password)
            )
        except LoginFailed:
            return login_page(
                request,
                error=t.gettext("Wrong user name or password."),
                username=username,
                status_code=401,
            )
        except AuthenticationError as error:
            message = t.gettext("Too many failed sign-ins. Wait a few minutes and try again.")
            return login_page(
                request, error=f"{message} ({error})", username=username, status_code=429
            )
        except FulcrumError as error:
            return login_page(request, error=str(error), username=username, status_code=400)
        target = safe_next(str(form.get("next") or "/"))
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            issued.secret,
            max_age=max(
                60, math.floor((issued.expires_at - dt.datetime.now(dt.UTC)).total_seconds())
            ),
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        return response

    @r.post("/logout")
    async def logout(request: Request) -> Response:
        """Revoke the session's token and clear the cookie."""

        def work(ctx: Ctx, _form: FormData) -> Response:
            services.logout(ctx.session, ctx.request.cookies[SESSION_COOKIE])
            response = ctx.redirect("/login")
            response.delete_cookie(SESSION_COOKIE, path="/")
            return response

        return await web.action(request, work)

    @r.get("/lang")
    def language(request: Request, lang: str = "en", next: str = "/") -> Response:
        """Switch the language (a cookie) and go back."""
        response = RedirectResponse(safe_next(next), status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(
                LANG_COOKIE,
                lang,
                max_age=365 * 24 * 3600,
                samesite="lax",
                secure=request.url.scheme == "https",
                httponly=True,
            )
        return response

    @r.get("/account")
    async def account(request: Request) -> Response:
        """The signed-in user's account: password and API tokens."""

        def work(ctx: Ctx) -> Response:
            return ctx.render("pages/account.html.j2", _account(ctx))

        return await web.page(request, work)

    @r.post("/account/tokens")
    async def issue_token(request: Request) -> Response:
        """Issue a new API token; its secret is shown once."""

        def work(ctx: Ctx, form: FormData) -> Response:
            name = str(form.get("name") or "").strip()
            issued = services.issue_token(ctx, name)
            return ctx.render(
                "pages/account.html.j2",
                {**_account(ctx), "issued": issued},
                part="parts/tokens.html.j2",
            )

        return await web.action(request, work)

    @r.post("/account/tokens/{token_id}/revoke")
    async def revoke_token(request: Request, token_id: int) -> Response:
        """Revoke one of the user's tokens."""

        def work(ctx: Ctx, _form: FormData) -> Response:
            services.revoke_token(ctx, token_id)
            return ctx.render("pages/account.html.j2", _account(ctx), part="parts/tokens.html.j2")

        return await web.action(request, work)

    @r.post("/account/password")
    async def change_password(request: Request) -> Response:
        """Change the password (the service checks the current one)."""

        def work(ctx: Ctx, form: FormData) -> Response:
            new = str(form.get("new_password") or "")
            if new != str(form.get("confirm_password") or ""):
                raise InputError(ctx.t.gettext("The two new passwords differ."))
            services.change_password(ctx, str(form.get("current_password") or ""), new)
            return ctx.render(
                "pages/account.html.j2",
                {**_account(ctx), "notice": ctx.t.gettext("Password changed.")},
            )

        return await web.action(request, work)

    return r


def _account(ctx: Ctx) -> dict[str, object]:
    return {"tokens": services.tokens(ctx), "issued": None, "notice": ""}

"""The web UI: server-rendered pages (Jinja2 + htmx) over the same services as the REST API.

``include_web(app, db=db)`` mounts the pages at ``/`` and the static files at ``/static`` on
a FastAPI app. Signing in (``/login``) sets an HttpOnly, SameSite=Lax session cookie holding an
API token issued by ``UserService.login``; every request authenticates it and passes the user
to the services, which authorize themselves: the UI holds no business rule and no permission
check of its own, and a refused action is a 403 page. Handlers answer htmx requests
(``HX-Request``) with a partial (``templates/parts/``) and others with the full page, in English
or Simplified Chinese (``locale/``). Every form carries a CSRF token; pages are sent with a
Content-Security-Policy that allows no inline script.
"""

try:
    import babel  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - the extra is part of `all`
    from fulcrum.errors import missing_extra

    raise missing_extra("babel", "web") from exc

from fulcrum.web._app import UPLOAD_PATH, HtmxMiddleware, include_web

__all__ = ["UPLOAD_PATH", "HtmxMiddleware", "include_web"]

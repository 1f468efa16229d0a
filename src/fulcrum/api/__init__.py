"""The REST API: a FastAPI app over the same services as the CLI.

``create_app(settings_or_db_url)`` builds the app; ``fulcrum serve`` runs it with
uvicorn. Everything lives under ``/api/v1``: an OAuth2 password flow at
``/auth/token`` issues bearer tokens that every other endpoint requires; the
services authorize each operation and their errors become RFC 9457 problem
details (401, 403, 404, 409, 412, 422). Lists page with ``offset``/``limit`` and
return ``{"data": [...], "count": N}``; writes to a case honour ``If-Match``.
"""

from fulcrum.api._app import PREFIX, app_from_env, create_app
from fulcrum.api._settings import ApiSettings

__all__ = ["PREFIX", "ApiSettings", "app_from_env", "create_app"]

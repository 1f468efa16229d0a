"""Property-based checks against the OpenAPI document (bounded examples).

Every operation is called with generated valid data as the admin (who may do the
most) on a copy of the world: no response may be a 5xx, and every response must
conform to the document (status code, content type, body schema).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fulcrum.api import ApiSettings, create_app
from fulcrum.api._app import open_database

from .conftest import bearer
from .world import World

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The document is read from an app whose database is attached only when the test runs.
APP = create_app(
    f"sqlite:///{tempfile.gettempdir()}/fulcrum-openapi-never-opened.db", migrate=False
)
# Revoking tokens at random would revoke the admin's own and end the run early.
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP).exclude(
    method="DELETE", path_regex="/tokens/"
)


@pytest.fixture(scope="module", autouse=True)
def _attach_world(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the app at its own copy of the world."""
    folder = tmp_path_factory.mktemp("schemathesis")
    APP.state.db = open_database(ApiSettings(database_url=world.copy_to(folder)), migrate=False)
    yield
    APP.state.db.dispose()


@schema.parametrize()
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case: Any, world: World) -> None:
    case.call_and_validate(headers=bearer(world, "root"), checks=CHECKS)

"""Every router of the REST API under one ``api_router`` (mounted at ``/api/v1``)."""

from fastapi import APIRouter

from fulcrum.api.routes import (
    audit,
    auth,
    case_evidence,
    cases,
    catalog,
    committees,
    evidence,
    reports,
    reviews,
    systems,
    users,
)

api_router = APIRouter()
api_router.include_router(auth.router)
api_router.include_router(systems.router)
api_router.include_router(reports.router)
api_router.include_router(catalog.router)
api_router.include_router(cases.router)
api_router.include_router(reviews.router)
api_router.include_router(case_evidence.router)
api_router.include_router(evidence.router)
api_router.include_router(committees.router)
api_router.include_router(users.router)
api_router.include_router(audit.router)

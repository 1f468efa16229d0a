"""Systems: the inventory (search, filter, sort, CSV/XLSX), the system page, register/update."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from fulcrum.errors import ProfileError
from fulcrum.registry import STATUSES
from fulcrum.web import _inventory as inv
from fulcrum.web import _profile_form as pf
from fulcrum.web import _services as services
from fulcrum.web._context import Ctx, Web, attachment

MAX_UPLOAD = 1_000_000


def router(web: Web) -> APIRouter:
    """Routes under /systems."""
    r = APIRouter()

    @r.get("/systems")
    async def systems(request: Request) -> Response:
        """The inventory; htmx gets only the table when the filters change."""
        query = inv.Query.from_params(request.query_params)

        def work(ctx: Ctx) -> Response:
            rows = inv.inventory(ctx)
            shown = inv.select(rows, query)
            return ctx.render(
                "pages/systems.html.j2",
                {
                    "rows": shown,
                    "total": len(rows),
                    "query": query,
                    "owners": sorted({r.owner for r in rows if r.owner}),
                    "statuses": sorted({r.status for r in rows}),
                    "export_query": request.url.query,
                },
                part="parts/systems_table.html.j2",
            )

        return await web.page(request, work)

    @r.get("/systems.csv")
    async def systems_csv(request: Request) -> Response:
        """The filtered inventory as CSV."""
        query = inv.Query.from_params(request.query_params)

        def work(ctx: Ctx) -> Response:
            body = inv.to_csv(inv.select(inv.inventory(ctx), query))
            return attachment(body.encode("utf-8"), "text/csv; charset=utf-8", "systems.csv")

        return await web.page(request, work)

    @r.get("/systems.xlsx")
    async def systems_xlsx(request: Request) -> Response:
        """The filtered inventory as an XLSX workbook."""
        query = inv.Query.from_params(request.query_params)

        def work(ctx: Ctx) -> Response:
            body = inv.to_xlsx(inv.select(inv.inventory(ctx), query))
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return attachment(body, media, "systems.xlsx")

        return await web.page(request, work)

    @r.get("/systems/new")
    async def new_system(request: Request) -> Response:
        """The registration form, built from the profile contract."""

        def work(ctx: Ctx) -> Response:
            return _form_page(ctx, pf.values_from(None), {}, editing=None)

        return await web.page(request, work)

    @r.get("/systems/{slug}/edit")
    async def edit_system(request: Request, slug: str) -> Response:
        """The form pre-filled with the newest version's profile."""

        def work(ctx: Ctx) -> Response:
            profile = services.registry(ctx).profile(slug)
            return _form_page(ctx, pf.values_from(profile), {}, editing=slug)

        return await web.page(request, work)

    @r.post("/systems")
    async def register(request: Request) -> Response:
        """Register a profile from the form or an uploaded file; a change is a new version."""

        def work(ctx: Ctx, form: FormData) -> Response:
            upload = form.get("profile_file")
            editing = str(form.get("editing") or "") or None
            if isinstance(upload, UploadFile) and upload.filename:
                raw = upload.file.read(MAX_UPLOAD + 1)
                if len(raw) > MAX_UPLOAD:
                    raise ProfileError(f"{upload.filename}: larger than {MAX_UPLOAD} bytes")
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ProfileError(f"{upload.filename}: not UTF-8 text") from exc
                profile = pf.parse_upload(text, upload.filename)
            else:
                values, parsed, errors = pf.parse(form)
                if parsed is None:
                    return _form_page(ctx, values, errors, editing=editing, status_code=422)
                profile = parsed
            outcome = services.register(ctx, profile)
            suffix = "" if outcome.created else "?unchanged=1"
            return ctx.redirect(f"/systems/{outcome.system}{suffix}")

        return await web.action(request, work)

    @r.get("/systems/{slug}")
    async def system(request: Request, slug: str, version: int | None = None) -> Response:
        """Versions and changes, the classification explained, obligations, evidence, reviews."""

        def work(ctx: Ctx) -> Response:
            return ctx.render(
                "pages/system.html.j2",
                {
                    **_system_context(ctx, slug, version),
                    "unchanged": request.query_params.get("unchanged") == "1",
                },
            )

        return await web.page(request, work)

    @r.post("/systems/{slug}/obligations")
    async def update_obligation(request: Request, slug: str) -> Response:
        """Set an obligation's status, owner, due date or justification (the service decides)."""
        from fulcrum.registry import ObligationUpdate

        def work(ctx: Ctx, form: FormData) -> Response:
            raw = {k: str(form.get(k) or "").strip() for k in ("status", "owner", "due")}
            version = str(form.get("version") or "")
            change = ObligationUpdate(
                status=raw["status"] or None,  # type: ignore[arg-type]
                owner=raw["owner"] or None,
                due=dt.date.fromisoformat(raw["due"]) if raw["due"] else None,
                justification=str(form.get("justification") or "").strip() or None,
            )
            services.obligation_service(ctx).update(
                slug,
                str(form.get("obligation") or ""),
                change,
                version=int(version) if version.isdigit() else None,
            )
            query = f"?version={version}" if version.isdigit() else ""
            return ctx.redirect(f"/systems/{slug}{query}#obligations")

        return await web.action(request, work)

    @r.post("/systems/{slug}/obligations/evidence")
    async def link_obligation_evidence(request: Request, slug: str) -> Response:
        """Link stored evidence to an obligation; its verdict comes from the store, not the form."""

        def work(ctx: Ctx, form: FormData) -> Response:
            version = str(form.get("version") or "")
            services.obligation_service(ctx).link_evidence(
                slug,
                str(form.get("obligation") or ""),
                sha256=str(form.get("sha256") or "").strip(),
                version=int(version) if version.isdigit() else None,
            )
            query = f"?version={version}" if version.isdigit() else ""
            return ctx.redirect(f"/systems/{slug}{query}#obligations")

        return await web.action(request, work)

    @r.post("/systems/{slug}/cases")
    async def open_case(request: Request, slug: str) -> Response:
        """Open a review case for the newest version."""

        def work(ctx: Ctx, _form: FormData) -> Response:
            case = services.cases(ctx).open(slug)
            return ctx.redirect(f"/cases/{case.id}")

        return await web.action(request, work)

    return r


def _form_page(
    ctx: Ctx,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    editing: str | None,
    status_code: int = 200,
) -> Response:
    return ctx.render(
        "pages/system_form.html.j2",
        {"fields": pf.fields(), "values": values, "errors": errors, "editing": editing},
        status_code=status_code,
    )


def _diff(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    keys = sorted(set(old) | set(new))
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def _system_context(ctx: Ctx, slug: str, version: int | None) -> dict[str, Any]:
    registry = services.registry(ctx)
    detail = registry.show(slug, version=version)
    history = registry.history(slug)
    changes = []
    previous: dict[str, Any] | None = None
    for v in history:
        profile = registry.profile(slug, version=v.number).model_dump(mode="json")
        changes.append(
            {
                "version": v,
                "diff": _diff(previous, profile) if previous is not None else [],
                "first": previous is None,
            }
        )
        previous = profile
    status = services.status(ctx)
    obligations = services.obligations(ctx, slug, detail["version"])
    reviews = status.list(system=slug)
    evidence = []
    for case in reviews:
        for e in status.show(case["case"])["evidence"]:
            evidence.append({**e, "case": case["case"]})
    return {
        "detail": detail,
        "classification": detail["classification"] or {},
        "changes": list(reversed(changes)),
        "reviews": reviews,
        "evidence": evidence,
        "obligations": obligations,
        "statuses": STATUSES,
    }

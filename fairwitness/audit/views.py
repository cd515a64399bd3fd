"""Public tlog-tiles endpoints and the log pages. Thin: each calls one selector."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.audit import ownership, selectors, services
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.tiles import tile_from_path

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=5"


def _text(
    body: bytes | str, *, cache: str, content_type: str = "text/plain; charset=utf-8"
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(message: str) -> HttpResponse:
    response = HttpResponse(message + "\n", status=404, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def log_checkpoint(request: HttpRequest) -> HttpResponse:
    checkpoint = selectors.checkpoint_latest()
    if checkpoint is None:
        return _not_found(
            "The log has no checkpoint yet; the sequencer signs one on its first run."
        )
    return _text(selectors.checkpoint_served_note(checkpoint), cache=SHORT)


@require_GET
def log_tile(request: HttpRequest, tile_path: str) -> HttpResponse:
    try:
        tile = tile_from_path("tile/" + tile_path)
    except (FormatError, ValueError):
        return _not_found("Not a tile path: see C2SP tlog-tiles for tile/<L>/<N>[.p/<W>].")
    data = selectors.tile_served(tile)
    if data is None:
        return _not_found("That tile is not part of the published tree.")
    return _text(
        data,
        cache=IMMUTABLE if tile.is_full else SHORT,
        content_type="application/octet-stream",
    )


def log_page(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    from fairwitness.audit.keys import log_vkey, witness_quorum, witnesses_configured
    from fairwitness.audit.witnessing import checkpoint_is_final

    checkpoint = selectors.checkpoint_latest()
    context = {
        "checkpoint": checkpoint,
        "note": selectors.checkpoint_served_note(checkpoint) if checkpoint else "",
        "cosignatures": list(checkpoint.cosignatures.order_by("witness")) if checkpoint else [],
        "final": checkpoint is not None
        and bool(witnesses_configured())
        and checkpoint_is_final(checkpoint),
        "quorum": witness_quorum(),
        "witness_count": len(witnesses_configured()),
        "witnesses": witnesses_configured(),
        "vkey": log_vkey(),
        "log_url": settings.SITE_URL.rstrip("/") + "/log",
    }
    return render(request, "audit/log.html", context)


@role_required(Role.OVERSIGHT_AUDITOR)
def oversight_entries(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    query = request.GET.get("q", "")[:200]
    rows = selectors.entry_search_for_auditor(viewer=viewer, query=query)
    services.details_viewed_record(viewer=viewer, entry_ids=[r.entry.pk for r in rows])
    context = {"rows": rows, "query": query, "witnesses": selectors.witness_status_list()}
    return render(request, "audit/oversight.html", context)


@role_required(Role.RESIDENT)
@require_GET
def owner_entries(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    page, rows = selectors.entry_page_for_owner(viewer=viewer, page=request.GET.get("page"))
    return render(request, "audit/owner.html", {"page": page, "rows": rows})


@role_required(Role.RESIDENT)
@require_GET
def owner_entry_proof(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The signed-in resident's proof that one entry records their own act (JSON download)."""
    proof = ownership.entry_ownership_proof(viewer=signed_in_user(request), entry_id=entry_id)
    response = JsonResponse(proof.as_json())
    response["Content-Disposition"] = f'attachment; filename="entry-{entry_id}-ownership.json"'
    response["Cache-Control"] = "no-store"
    return response

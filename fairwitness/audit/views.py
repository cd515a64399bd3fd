"""Public tlog-tiles endpoints and the log pages. Thin: each calls one selector."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fairwitness.audit import selectors
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

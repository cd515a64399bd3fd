"""The project's django-ninja API and the one error shape every route answers with.

Every failure, whether a validation error, an application error, a policy
denial or an unknown route, is ``{"error": code, "message": text, "detail": ...}``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from fairwitness.core.errors import ApplicationError, error_body
from fairwitness.core.openapi_errors import openapi_errors_document
from fairwitness.core.request_body import JsonParser

__all__ = ["api_build", "error_body"]

logger = logging.getLogger(__name__)


def _validation_detail(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    detail = []
    for item in errors:
        location = [str(part) for part in item.get("loc", [])]
        detail.append({"field": ".".join(location), "message": str(item.get("msg", ""))})
    return detail


class FairWitnessAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema documents every operation's error answers."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        openapi_errors_document(schema)
        return schema


def api_build() -> NinjaAPI:
    api = FairWitnessAPI(
        title="Fair Witness API",
        version="1",
        description=(
            "The HTTP API of Fair Witness. People sign in with a session; every error "
            'has the shape {"error", "message", "detail"}.'
        ),
        urls_namespace="api",
        parser=JsonParser(),
    )

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = _validation_detail(list(exc.errors))
        fields = ", ".join(item["field"] for item in detail) or "the request"
        message = f"Some fields are not valid: {fields}. Correct them and send again."
        return api.create_response(request, error_body("invalid", message, detail), status=422)

    @api.exception_handler(ApplicationError)
    def on_application(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        body = error_body(exc.code, exc.message, exc.detail)
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = "Sign in first: this route needs a signed-in account."
        return api.create_response(request, error_body("unauthenticated", message), status=401)

    @api.exception_handler(HttpError)
    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ApplicationError):
            # ninja wraps the body parser's refusal (core/request_body.py) in a plain 400.
            return on_application(request, exc.__cause__)
        code = {403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "error"
        )
        return api.create_response(
            request, error_body(code, str(exc.message)), status=exc.status_code
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = "Nothing is here, or you may not see it."
        return api.create_response(request, error_body("not_found", message), status=404)

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled error in %s %s", request.method, request.path)
        message = "Something went wrong on our side. It has been logged; try again later."
        return api.create_response(request, error_body("server_error", message), status=500)

    return api

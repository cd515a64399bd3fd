"""The OpenAPI schema documents every refusal an operation can answer with.

``openapi_errors_document`` adds to each operation the 4xx answers the shared machinery
gives, each with the one error schema (``Error``): 400 (a body that cannot be read, or a
rule of the service refused the request), 401 and 403 for an operation behind sign-in or a
device token, 404, 413 with the body limit, 415 for an operation that reads a body, 422 for
parameters or bodies that do not match the schema. Answers an operation already documents
keep their own description. The limits come from the settings the server enforces.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "description": 'Every refusal: {"error": code, "message": text for a person, "detail"}.',
    "properties": {
        "error": {"type": "string", "description": "A stable machine-readable code."},
        "message": {"type": "string", "description": "What was wrong and what to do."},
        "detail": {"description": "Structured detail, or null."},
    },
    "required": ["error", "message", "detail"],
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = ("get", "put", "post", "delete", "patch")


def _answers(operation: dict[str, Any]) -> dict[int, str]:
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    answers = {
        400: "The request cannot be read (malformed_body), or a rule refused it; the message "
        "says which and what to do.",
        404: "Nothing is here, or the caller may not see it.",
    }
    if operation.get("security"):
        answers[401] = "Sign in first (or send the device token)."
        answers[403] = "The caller's role, second factor or the policy does not allow this."
    if operation.get("requestBody"):
        answers[413] = (
            f"The body is over its limit (too_large; detail.limit_bytes): {limit} bytes for "
            "a JSON body, the operation's own for raw bytes."
        )
        answers[415] = "The body is not of a media type this operation takes."
    if operation.get("requestBody"):
        answers[409] = "The request conflicts with the current state (e.g. an upload's offset)."
    if operation.get("requestBody") or operation.get("parameters"):
        answers[422] = "A parameter or field does not match the schema; detail names each."
    return answers


def openapi_errors_document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error schema and each operation's 4xx answers to ``schema``, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    for path_item in schema.get("paths", {}).values():
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _answers(operation).items():
                entry = responses.setdefault(str(status), {"description": description})
                entry["content"] = {"application/json": {"schema": ERROR_REF}}
    return schema

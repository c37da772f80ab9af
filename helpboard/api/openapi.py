"""The OpenAPI 3.1 description of /api/v1, checked against the URL map by a test."""

from helpboard.models import CATEGORIES

PROBLEM = {"$ref": "#/components/responses/Problem"}
POST_ID = {"name": "post_id", "in": "path", "required": True, "schema": {"type": "integer"}}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
CSRF = {"name": "X-CSRFToken", "in": "header", "required": True,
        "description": "From GET /api/v1/session, fetched fresh before each write.",
        "schema": {"type": "string"}}
IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "description": "A UUID; a repeat returns the stored answer (or send client_id).",
               "schema": {"type": "string", "format": "uuid"}}
# Every write may say whom it was written for; see helpers.check_written_for.
ACTING_FOR = {"type": ["string", "integer"], "description": (
    "Optional: the id of the member this write was written for (the session's acting_for.id, "
    "or the signed-in person's own id). If the session now acts for someone else, or no longer "
    "acts for anyone, the write is refused with 409 instead of being applied for the wrong "
    "person. Left out, the write is for whoever the session acts for now.")}

POST_FIELDS = {
    "client_id": {"type": "string", "format": "uuid"},
    "kind": {"enum": ["request", "offer"]},
    "title": {"type": "string", "maxLength": 120},
    "details": {"type": "string", "maxLength": 2000},
    "category": {"enum": list(CATEGORIES)},
    "location": {"type": "string", "maxLength": 120},
    "hours_estimate": {"type": "string", "examples": ["1.5"]},
    "needed_on": {"type": "string", "format": "date"},
    "expires_in_days": {"enum": ["7", "14", "30", "60"]},
}

ACTION_BODIES = {
    "respond": {"message": {"type": "string", "maxLength": 500}},
    "accept": {"response_id": {"type": "integer"}},
    "done": {"hours": {"type": "string", "description": "Optional: the person helped "
                       "confirms the hours at once"}},
    "hours": {"hours": {"type": "string"}},
    "thank": {"message": {"type": "string", "maxLength": 500}},
    "withdraw": {"seen_version": {"type": "integer"}},
    "withdraw-response": {},
    "step-back": {},
    "cancel": {},
}


def _json_body(properties: dict, required: list[str] | None = None) -> dict:
    schema = {"type": "object", "properties": {"client_id": {"type": "string", "format": "uuid"},
                                               "acting_for": ACTING_FOR, **properties}}
    if required:
        schema["required"] = required
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _write(summary: str, body: dict, parameters: list) -> dict:
    return {
        "summary": summary,
        "parameters": [*parameters, CSRF, IDEMPOTENCY],
        "requestBody": body,
        "responses": {
            "201": {"$ref": "#/components/responses/Applied"},
            "200": {"$ref": "#/components/responses/Applied"},
            "401": PROBLEM, "403": PROBLEM, "404": PROBLEM, "409": PROBLEM, "422": PROBLEM,
        },
    }


def _read(summary: str, parameters: list | None = None, schema: str = "Any") -> dict:
    return {"summary": summary, "parameters": parameters or [],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema}"}}}},
                "401": PROBLEM, "403": PROBLEM, "404": PROBLEM}}


def _paths() -> dict:
    filters = [SLUG] + [{"name": n, "in": "query", "required": False, "schema": {"type": t}}
                        for n, t in (("kind", "string"), ("category", "string"), ("q", "string"),
                                     ("page", "integer"), ("per_page", "integer"))]
    paths = {
        "/api/v1/openapi.json": {"get": _read("This document")},
        "/api/v1/session": {"get": _read("Who is signed in, whom they act for, and a CSRF token",
                                         schema="Session")},
        "/api/v1/boards": {"get": _read("My boards", schema="Boards")},
        "/api/v1/boards/{slug}/posts": {
            "get": _read("Open posts of a board, newest first", filters, "PostList"),
            "post": _write("Post a request or offer", _json_body(POST_FIELDS, [
                "kind", "title", "category", "hours_estimate"]), [SLUG]),
        },
        "/api/v1/posts/{post_id}": {
            "get": _read("One post as the caller may see it", [POST_ID], "PostView"),
            "patch": _write("Change an open post; fields left out keep their values", _json_body(
                {**POST_FIELDS, "seen_version": {"type": "integer"}}), [POST_ID]),
        },
        "/api/v1/sync": {"post": {
            "summary": "Apply a batch of offline outbox items, each exactly once",
            "parameters": [CSRF],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/SyncRequest"}}}},
            "responses": {"200": {"description": "A result per item", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/SyncResponse"}}}},
                "400": PROBLEM, "401": PROBLEM, "403": PROBLEM, "429": PROBLEM},
        }},
    }
    for action, properties in ACTION_BODIES.items():
        paths[f"/api/v1/posts/{{post_id}}/{action}"] = {"post": _write(
            f"{action.replace('-', ' ').capitalize()} on a post", _json_body(properties),
            [POST_ID])}
    return paths


SCHEMAS = {
    "Any": {"type": "object"},
    "Session": {"type": "object", "required": ["signed_in", "csrf_token"], "properties": {
        "signed_in": {"type": "boolean"}, "csrf_token": {"type": "string"},
        "user": {"$ref": "#/components/schemas/Person"},
        "acting_for": {"oneOf": [{"$ref": "#/components/schemas/Person"}, {"type": "null"}],
                       "description": "The resident a helper acts for now: every read and "
                       "write is for them, and records the helper as who did it. null when "
                       "acting for oneself."}}},
    "Person": {"type": "object", "required": ["id", "display_name"], "properties": {
        "id": {"type": "integer"}, "display_name": {"type": "string"}}},
    "Boards": {"type": "object", "properties": {"boards": {"type": "array"}}},
    "PostList": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}},
        "page": {"type": "integer"}, "pages": {"type": "integer"}, "total": {"type": "integer"}}},
    "Post": {"type": "object", "description": "Never carries contact details.", "properties": {
        "id": {"type": "integer"}, "kind": {"enum": ["request", "offer"]},
        "title": {"type": "string"}, "state": {"enum": [
            "open", "matched", "done", "withdrawn", "expired"]},
        "version": {"type": "integer"}, "location": {"type": "string"}}},
    "PostView": {"allOf": [{"$ref": "#/components/schemas/Post"}, {"type": "object",
                 "properties": {"contact": {"type": ["object", "null"],
                                            "description": "Only for the two matched people"},
                                "code_word": {"type": ["string", "null"]},
                                "can": {"type": "object"}}}]},
    "SyncRequest": {"type": "object", "required": ["items"], "properties": {
        "flash": {"type": "boolean"},
        "items": {"type": "array", "maxItems": 50, "items": {"type": "object",
                  "required": ["id", "kind", "payload"], "properties": {
                      "id": {"type": "string", "format": "uuid"},
                      "kind": {"type": "string", "examples": ["post.create"]},
                      "payload": {"type": "object", "properties": {
                          "acting_for": ACTING_FOR}}}}}}},
    "SyncResponse": {"type": "object", "properties": {"results": {"type": "array", "items": {
        "$ref": "#/components/schemas/Result"}}}},
    "Result": {"type": "object", "required": ["id", "status", "message"], "properties": {
        "id": {"type": "string"}, "status": {"enum": ["applied", "already_applied", "rejected"]},
        "message": {"type": "string"}, "url": {"type": ["string", "null"]},
        "post_id": {"type": ["integer", "null"]}, "errors": {"type": "object"},
        "conflict": {"type": "boolean"}}},
    "Problem": {"type": "object", "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "errors": {"type": "object"}}},
}


def openapi_document() -> dict:
    """Return the OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "helpboard API", "version": "1",
                 "description": "Session-cookie auth. Writes need X-CSRFToken and are "
                 "idempotent on a client UUID."},
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "responses": {
                "Applied": {"description": "Applied, or already applied", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Result"}}}},
                "Problem": {"description": "A problem a person can read", "content": {
                    "application/problem+json": {
                        "schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        },
    }

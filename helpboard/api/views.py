"""JSON endpoints. Each write runs a named command once per client id (see services.sync)."""

import uuid
from urllib.parse import urlsplit

from flask import flash, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from helpboard.acting import acting_for, current_actor
from helpboard.api import bp
from helpboard.api.openapi import openapi_document
from helpboard.api.problems import problem
from helpboard.api.serializers import post_form_values, post_summary_json, post_view_json
from helpboard.extensions import limiter
from helpboard.services import boards
from helpboard.services.commands import COMMANDS, run
from helpboard.services.post_view import post_view
from helpboard.services.posts import PostFilters, list_open_posts, visible_post
from helpboard.services.sync import REJECTED, SyncResult, apply_once, is_client_id

MAX_BATCH = 50

# POST /api/v1/posts/<id>/<action> → command
POST_ACTIONS = {
    "withdraw": "post.withdraw", "respond": "post.respond",
    "withdraw-response": "post.withdraw_response", "accept": "post.accept",
    "step-back": "post.step_back", "cancel": "post.cancel", "done": "post.done",
    "hours": "post.confirm_hours", "thank": "post.thank",
}

OPEN_ENDPOINTS = {"api.session", "api.openapi"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@bp.before_request
def check_caller():
    """Require a signed-in person, and refuse cross-site writes even with a valid cookie."""
    origin = request.headers.get("Origin")
    if request.method not in SAFE_METHODS and origin and origin != _own_origin():
        return problem(403, "Writes must come from this site.", code="origin")
    if request.endpoint not in OPEN_ENDPOINTS and not current_user.is_authenticated:
        return problem(401, "Please sign in again.", "Your session has ended. Sign in and any "
                       "waiting items will be sent.")
    return None


def _own_origin() -> str:
    parts = urlsplit(request.host_url)
    return f"{parts.scheme}://{parts.netloc}"


@bp.after_request
def no_store(response):
    """Never cache API answers: they hold private data and fresh tokens."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI 3.1 document for this API."""
    return jsonify(openapi_document())


@bp.get("/session")
def session():
    """Who is signed in, whom they act for, and a fresh CSRF token for the next write."""
    body = {"signed_in": current_user.is_authenticated, "csrf_token": generate_csrf(),
            "acting_for": None}
    if current_user.is_authenticated:
        body["user"] = {"id": current_user.id, "display_name": current_user.display_name}
        resident = acting_for()
        if resident is not None:
            body["acting_for"] = {"id": resident.id, "display_name": resident.display_name}
    return jsonify(body)


@bp.get("/boards")
def list_boards():
    """List the boards I belong to."""
    return jsonify({"boards": [
        {"slug": m.board.slug, "name": m.board.name, "role": m.role.value,
         "status": m.status.value}
        for m in boards.memberships_for(current_user)
    ]})


@bp.get("/boards/<slug>/posts")
def list_posts(slug: str):
    """List a board's open posts, newest first, with the same filters as the page."""
    board = boards.get_board(slug)
    boards.require_member(board, current_actor().member)
    filters = PostFilters(kind=request.args.get("kind", ""),
                          category=request.args.get("category", ""),
                          text=request.args.get("q", "")[:100])
    page = list_open_posts(board, filters, page=max(request.args.get("page", 1, type=int), 1),
                           per_page=min(request.args.get("per_page", 20, type=int), 100))
    return jsonify({"items": [post_summary_json(p) for p in page.items], "page": page.page,
                    "pages": page.pages, "total": page.total})


@bp.get("/posts/<int:post_id>")
def get_post(post_id: int):
    """One post as I may see it: contact details only once matched with me."""
    actor = current_actor()
    return jsonify(post_view_json(post_view(actor, visible_post(actor.member, post_id))))


@bp.post("/boards/<slug>/posts")
@limiter.limit("60 per hour")
def create_post(slug: str):
    """Post a request or offer."""
    return _write("post.create", {**_body(), "board": slug})


@bp.patch("/posts/<int:post_id>")
def edit_post(post_id: int):
    """Change an open post; fields left out keep their current values."""
    post = visible_post(current_actor().member, post_id)
    return _write("post.edit", {**_body(), "post_id": post_id}, post_form_values(post))


# Each action is its own URL in the URL map, so the OpenAPI test can match them one by one.
@bp.post("/posts/<int:post_id>/<any(" + ", ".join(map(repr, POST_ACTIONS)) + "):action>")
def post_action(post_id: int, action: str):
    """One action on a post: respond, accept, step back, cancel, done, hours, thank, withdraw."""
    return _write(POST_ACTIONS[action], {**_body(), "post_id": post_id})


@bp.post("/sync")
@limiter.limit("120 per minute")
def sync():
    """Apply a batch of outbox items, each once, and answer per item."""
    body = request.get_json(silent=True)
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        return problem(400, "Send a list of at most 50 items.", code="batch")
    results = [_sync_item(item).as_dict() for item in items]
    if body.get("flash"):
        for result in results:
            flash(result["message"], "error" if result["status"] == REJECTED else "success")
    return jsonify({"results": results})


def _sync_item(item) -> SyncResult:
    if not isinstance(item, dict) or not is_client_id(item.get("id")):
        return SyncResult(str(item.get("id") if isinstance(item, dict) else ""), REJECTED,
                          "This item has no valid id.", http_status=400)
    kind, payload = item.get("kind"), item.get("payload")
    if kind not in COMMANDS or not isinstance(payload, dict):
        return SyncResult(item["id"], REJECTED, "This app version sent something the server "
                          "does not understand. Discard it and do it again.", http_status=400)
    actor = current_actor()
    return apply_once(actor.by, item["id"], kind, payload, lambda: run(kind, actor, payload))


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _write(kind: str, payload: dict, defaults: dict | None = None):
    client_id = payload.pop("client_id", None) or request.headers.get("Idempotency-Key")
    if client_id is not None and not is_client_id(client_id):
        return problem(400, "The client id must be a UUID.", code="client_id")
    actor = current_actor()
    # The fingerprint is of what was sent, so a repeat still matches after the post changed.
    result = apply_once(actor.by, client_id or str(uuid.uuid4()), kind, payload,
                        lambda: run(kind, actor, {**(defaults or {}), **payload}))
    if result.status == REJECTED:
        extra = {"errors": result.errors} if result.errors else {}
        return problem(result.http_status, result.message, **extra)
    return jsonify(result.as_dict()), 201 if result.status == "applied" else 200

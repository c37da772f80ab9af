"""Small helpers the HTML views share: safe redirects and running a command from a form."""

import uuid
from urllib.parse import urlsplit

from flask import flash, redirect, request

from helpboard.acting import current_actor
from helpboard.services.commands import apply_command
from helpboard.services.sync import REJECTED, apply_once, is_client_id

NOT_PAYLOAD = {"csrf_token", "client_id"}


def safe_next(default: str) -> str:
    """Return the ``next`` parameter if it is a local path, else the default."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and "\\" not in target and not parts.scheme:
        return target
    return default


def submit(kind: str, form, rerender):
    """Apply a command from a page form, once; POST → redirect → GET.

    A failed form comes back through ``rerender()`` with what was typed and the messages. The
    hidden ``client_id`` makes a double-click or a resent form apply only once.
    """
    if not form.validate_on_submit():
        return rerender(), 422
    actor = current_actor()
    client_id = request.form.get("client_id", "")
    if not is_client_id(client_id):
        client_id = str(uuid.uuid4())
    payload = {k: v for k, v in request.form.items() if k not in NOT_PAYLOAD}
    result = apply_once(
        actor.by, client_id, kind, payload,
        lambda: apply_command(kind, actor, form, payload), repeat_with_other_body="apply",
    )
    if result.status == REJECTED:
        for name, message in result.errors.items():
            if name in form:
                form[name].errors = [*form[name].errors, message]
        form.form_errors.append(result.message)
        return rerender(), result.http_status
    flash(result.message, "success")
    return redirect(result.url)

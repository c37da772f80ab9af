"""Apply client-identified writes exactly once (the offline outbox, API clients, double clicks)."""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from helpboard.extensions import db
from helpboard.models import AppliedWrite, User
from helpboard.services.commands import Outcome
from helpboard.services.errors import DomainError

APPLIED, ALREADY_APPLIED, REJECTED = "applied", "already_applied", "rejected"


@dataclass
class SyncResult:
    """The answer for one write: applied, already applied, or rejected with a reason."""

    id: str
    status: str
    message: str
    url: str | None = None
    post_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    conflict: bool = False
    http_status: int = 200

    def as_dict(self) -> dict:
        """Return the result as JSON-ready data."""
        data = {"id": self.id, "status": self.status, "message": self.message,
                "url": self.url, "post_id": self.post_id}
        if self.status == REJECTED:
            data.update(errors=self.errors, conflict=self.conflict)
        return data


def body_hash(kind: str, payload: dict) -> str:
    """Return a fingerprint of a write, to tell a repeat from a different write with the same id."""
    text = json.dumps({"kind": kind, "payload": payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def is_client_id(value) -> bool:
    """Say whether a value is a UUID as ``crypto.randomUUID()`` makes them."""
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def apply_once(
    user: User, client_id: str, kind: str, payload: dict, apply: Callable[[], Outcome],
    repeat_with_other_body: str = "reject",
) -> SyncResult:
    """Apply a write and commit, unless this client id was applied before.

    The id is claimed first, in the same transaction as the write: a concurrent repeat waits on
    the primary key and then finds the stored answer. A rejected write leaves no trace, so it can
    be corrected and sent again with the same id. ``repeat_with_other_body="apply"`` is for plain
    HTML forms, where Back and submit again with changes means a new write.
    """
    fingerprint = body_hash(kind, payload)
    stored = db.session.get(AppliedWrite, client_id)
    if stored is not None:
        if stored.user_id == user.id and stored.body_hash == fingerprint:
            return _stored_result(stored)
        if repeat_with_other_body != "apply" or stored.user_id != user.id:
            return SyncResult(client_id, REJECTED, "This item was already sent with different "
                              "content. Discard it, or copy what you typed into a new one.",
                              http_status=422)
        client_id = str(uuid.uuid4())
    return _apply_and_record(user, client_id, kind, fingerprint, apply)


def _apply_and_record(user, client_id, kind, fingerprint, apply) -> SyncResult:
    record = AppliedWrite(client_id=client_id, user_id=user.id, kind=kind, body_hash=fingerprint,
                          result={})
    try:
        db.session.add(record)
        db.session.flush()
        outcome = apply()
        record.result = outcome.as_dict()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return SyncResult(client_id, REJECTED, error.message, errors=error.errors,
                          conflict=error.status == 409, http_status=error.status)
    except IntegrityError:
        db.session.rollback()
        stored = db.session.get(AppliedWrite, client_id)
        if stored is None:
            raise
        return _stored_result(stored)
    return SyncResult(client_id, APPLIED, outcome.message, outcome.url, outcome.post_id)


def _stored_result(stored: AppliedWrite) -> SyncResult:
    result = stored.result or {}
    return SyncResult(stored.client_id, ALREADY_APPLIED, result.get("message", "Already sent."),
                      result.get("url"), result.get("post_id"))

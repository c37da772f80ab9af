"""The audit log: every coordinator and helper action, readable by coordinators."""

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import AuditEntry, Board, User


def record(
    actor: User, action: str, summary: str, board: Board | None = None,
    on_behalf_of: User | None = None, target=None, **detail,
) -> AuditEntry:
    """Write one line of the audit log, in the same transaction as the action."""
    entry = AuditEntry(
        board_id=board.id if board else None, actor_id=actor.id,
        on_behalf_of_id=on_behalf_of.id if on_behalf_of else None, action=action,
        summary=summary[:300], target_type=type(target).__name__.lower() if target else "",
        target_id=getattr(target, "id", None), detail=detail,
    )
    db.session.add(entry)
    return entry


def entries_for(board: Board, limit: int = 200) -> list[AuditEntry]:
    """Return the board's audit log, newest first."""
    query = (
        select(AuditEntry).where(AuditEntry.board_id == board.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
    )
    return list(db.session.scalars(query))

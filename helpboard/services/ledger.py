"""The time-bank ledger: hours given and received, thank-you notes."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import Board, LedgerEntry, Post, PostState, Thanks, User, utcnow
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.clock import local_zone
from helpboard.services.errors import Conflict, Invalid, NotAllowed

MIN_HOURS, MAX_HOURS = Decimal("0.25"), Decimal("24")


def check_hours(hours: Decimal) -> Decimal:
    """Return hours if they are between 0.25 and 24 in quarter hours, else raise Invalid."""
    if not (MIN_HOURS <= hours <= MAX_HOURS) or (hours * 4) % 1:
        raise Invalid(
            "Hours must be between 0.25 and 24, in quarter hours.",
            {"hours": "Enter hours between 0.25 and 24, in quarter hours (for example 1.5)"},
        )
    return hours


def confirm_hours(actor: Actor, post: Post, hours: Decimal) -> LedgerEntry:
    """Confirm the time given, as the person helped; one immutable ledger row is written."""
    if post.receiver is None or post.receiver.id != actor.member.id:
        raise NotAllowed("Only the person who was helped confirms the hours.")
    if not post.board.time_credits:
        raise Conflict("This board does not keep time credits.")
    if post.state != PostState.DONE:
        raise Conflict("Mark the job done before confirming the hours.")
    check_hours(hours)
    now = utcnow()
    if not post_rules.update_post_if(
        post, [Post.state == PostState.DONE, Post.hours_confirmed_at.is_(None)],
        hours_confirmed_at=now,
    ):
        raise Conflict("The hours for this job were already confirmed.")
    return record_exchange(post.board, post.giver, post.receiver, hours, post.category,
                           actor.by, post=post)


def record_exchange(
    board: Board, giver: User, receiver: User, hours: Decimal, category: str,
    recorded_by: User, post: Post | None = None, note: str = "",
    corrects: LedgerEntry | None = None,
) -> LedgerEntry:
    """Append one exchange to the ledger."""
    entry = LedgerEntry(
        board_id=board.id, post_id=post.id if post else None, giver_id=giver.id,
        receiver_id=receiver.id, hours=hours, category=category, recorded_by_id=recorded_by.id,
        note=note, corrects_id=corrects.id if corrects else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def not_replaced():
    """Return a condition that keeps ledger rows no correction replaced.

    A correction is a new row pointing at the one it corrects (``corrects_id``), with the right
    hours: the corrected row stays in the table, for the record, but counts no more.
    """
    replaced = select(LedgerEntry.corrects_id).where(LedgerEntry.corrects_id.is_not(None))
    return LedgerEntry.id.not_in(replaced)


@dataclass
class HoursSummary:
    """Hours a person gave and received, kept apart as time-bank members ask."""

    given: Decimal
    received: Decimal


def hours_for(user: User, board: Board | None = None) -> HoursSummary:
    """Return the hours a person gave and received (on one board, or everywhere)."""

    def total(column) -> Decimal:
        query = select(func.coalesce(func.sum(LedgerEntry.hours), 0)).where(
            column == user.id, not_replaced())
        if board is not None:
            query = query.where(LedgerEntry.board_id == board.id)
        return Decimal(db.session.scalar(query))

    return HoursSummary(given=total(LedgerEntry.giver_id), received=total(LedgerEntry.receiver_id))


def start_of_month(now: datetime | None = None) -> datetime:
    """Return the first moment of this month in the board's time zone."""
    local = (now or utcnow()).astimezone(local_zone())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def board_hours_since(board: Board, since: datetime) -> Decimal:
    """Return the hours exchanged on a board since a moment."""
    query = select(func.coalesce(func.sum(LedgerEntry.hours), 0)).where(
        LedgerEntry.board_id == board.id, LedgerEntry.created_at >= since, not_replaced()
    )
    return Decimal(db.session.scalar(query))


def entries_for(user: User, limit: int = 50) -> list[LedgerEntry]:
    """Return the person's exchanges, newest first."""
    query = (
        select(LedgerEntry)
        .where((LedgerEntry.giver_id == user.id) | (LedgerEntry.receiver_id == user.id),
               not_replaced())
        .order_by(LedgerEntry.created_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def thank(actor: Actor, post: Post, message: str) -> Thanks:
    """Leave a thank-you note for the helper, as the person helped."""
    if post.receiver is None or post.receiver.id != actor.member.id:
        raise NotAllowed("Only the person who was helped can say thank you here.")
    if post.state != PostState.DONE:
        raise Conflict("You can say thank you once the job is done.")
    existing = db.session.scalar(
        select(Thanks).where(Thanks.post_id == post.id, Thanks.from_user_id == actor.member.id)
    )
    if existing is not None:
        raise Conflict("You have already said thank you for this job.")
    note = Thanks(
        post_id=post.id, from_user_id=actor.member.id, to_user_id=post.giver.id,
        acted_by_id=actor.by.id, message=message,
    )
    db.session.add(note)
    db.session.flush()
    return note


def thanks_for_post(post: Post) -> list[Thanks]:
    """Return the thank-you notes on a post."""
    return list(db.session.scalars(select(Thanks).where(Thanks.post_id == post.id)))


def thanks_received(user: User, limit: int = 20) -> list[Thanks]:
    """Return thank-you notes a helper received, newest first."""
    query = (
        select(Thanks).where(Thanks.to_user_id == user.id)
        .order_by(Thanks.created_at.desc()).limit(limit)
    )
    return list(db.session.scalars(query))

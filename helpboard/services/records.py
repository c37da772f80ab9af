"""What a coordinator records: requests that came by phone or on paper, and hours for jobs.

Both are named commands (like every post write), so a double click applies once and the JSON API
can use them too. The rules are here; the commands at the bottom only read the form.
"""

from decimal import Decimal

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpboard.extensions import db
from helpboard.forms.coordinators import (
    ARRIVED_CHOICES,
    CorrectHoursForm,
    RecordHoursForm,
    RecordRequestForm,
)
from helpboard.models import (
    CATEGORIES,
    Board,
    LedgerEntry,
    Membership,
    MembershipStatus,
    Post,
    PostKind,
    User,
)
from helpboard.models.post import format_hours
from helpboard.services import audit, boards, ledger
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.commands import Outcome, command
from helpboard.services.errors import Conflict, Invalid, NotAllowed, NotFound
from helpboard.services.posts import PostFields

ARRIVED = {choice.value: choice.label.lower() for choice in ARRIVED_CHOICES}


def member_choices(board: Board) -> list[tuple[str, str]]:
    """Return the board's active members as (id, name) pairs for a list, by name."""
    query = (
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.board_id == board.id, Membership.status == MembershipStatus.ACTIVE)
        .order_by(User.display_name, User.id)
    )
    return [(str(user.id), user.display_name + (" (supported member)" if user.is_supported
                                                 else ""))
            for user in db.session.scalars(query)]


def board_member(board: Board, user_id, field: str = "member") -> User:
    """Return an active member of the board by id, or raise Invalid for the form field."""
    text = str(user_id or "").strip()
    user = db.session.get(User, int(text)) if text.isdigit() and len(text) < 10 else None
    membership = boards.membership_of(board, user) if user is not None else None
    if membership is None or not membership.is_active:
        raise Invalid("Choose someone who is on the board.",
                      {field: "Choose someone who is on the board"})
    return user


def record_request(
    coordinator: User, board: Board, member: User, kind: PostKind, fields: PostFields,
    arrived: str,
) -> Post:
    """Put a request or offer on the board for a member; the coordinator is shown as poster."""
    boards.require_coordinator(board, coordinator)
    post = post_rules.create_post(Actor(member=member, by=coordinator), board, kind, fields)
    how = ARRIVED.get(arrived, "by phone")
    audit.record(
        coordinator, "request.record",
        f"{coordinator.display_name} recorded a {post.kind_label.lower()} for "
        f"{member.display_name} that came {how}: #{post.id} “{post.title}”.",
        board=board, on_behalf_of=member, target=post, arrived=arrived,
    )
    return post


def record_hours(
    coordinator: User, board: Board, giver: User, receiver: User, hours: Decimal,
    category: str, note: str = "",
) -> LedgerEntry:
    """Add hours for a job done away from the app to the ledger."""
    boards.require_coordinator(board, coordinator)
    if not board.time_credits:
        raise Conflict("This board does not keep time credits. Turn them on in the settings.")
    if giver.id == receiver.id:
        raise Invalid("Someone can't help themselves: choose two different people.",
                      {"receiver": "Choose someone other than the person who gave the time"})
    if category not in CATEGORIES:
        raise Invalid("Choose a category.", {"category": "Choose a category"})
    ledger.check_hours(hours)
    entry = ledger.record_exchange(board, giver, receiver, hours, category, coordinator,
                                   note=note)
    audit.record(
        coordinator, "hours.record",
        f"{coordinator.display_name} recorded {format_hours(hours)} "
        f"({CATEGORIES[category]}): {giver.display_name} helped {receiver.display_name}.",
        board=board, target=entry, giver_id=giver.id, receiver_id=receiver.id,
        hours=str(hours),
    )
    return entry


def recent_exchanges(board: Board, limit: int = 100) -> list[LedgerEntry]:
    """Return the board's exchanges that count (not replaced by a correction), newest first."""
    query = (
        select(LedgerEntry)
        .where(LedgerEntry.board_id == board.id, ledger.not_replaced())
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def exchange_on(board: Board, entry_id) -> LedgerEntry:
    """Return an exchange of this board that still counts, or raise NotFound."""
    text = str(entry_id or "").strip()
    entry = db.session.get(LedgerEntry, int(text)) if text.isdigit() and len(text) < 10 else None
    if entry is None or entry.board_id != board.id:
        raise NotFound("There is no such exchange on this board.")
    return entry


def correct_hours(
    coordinator: User, board: Board, entry: LedgerEntry, hours: Decimal, note: str,
) -> LedgerEntry:
    """Correct an exchange's hours: a new row replaces it; the old row stays, for the record."""
    boards.require_coordinator(board, coordinator)
    ledger.check_hours(hours)
    already = Conflict("This exchange was already corrected. Correct the newer record instead.")
    if db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.corrects_id == entry.id)):
        raise already
    try:
        # Two coordinators at once: the unique corrects_id lets only one correction in.
        with db.session.begin_nested():
            correction = ledger.record_exchange(
                board, entry.giver, entry.receiver, hours, entry.category, coordinator,
                post=entry.post, note=note, corrects=entry,
            )
    except IntegrityError:
        raise already from None
    audit.record(
        coordinator, "hours.correct",
        f"{coordinator.display_name} corrected {entry.giver.display_name} helping "
        f"{entry.receiver.display_name} from {format_hours(entry.hours)} to "
        f"{format_hours(hours)}: {note}",
        board=board, target=correction, corrects=entry.id, hours=str(hours),
    )
    return correction


def _coordinator(actor: Actor) -> User:
    """Return the person acting; coordinators record as themselves, never while acting for one."""
    if actor.on_behalf:
        raise NotAllowed(f"You are acting for {actor.member.display_name}. Stop acting for them "
                         "before you record things as a coordinator.")
    return actor.by


@command("board.record_request", RecordRequestForm)
def record_request_command(actor: Actor, form: RecordRequestForm) -> Outcome:
    """Record a request or offer that reached a coordinator by phone or on paper."""
    coordinator = _coordinator(actor)
    board = boards.get_board(form.board.data or "")
    boards.require_coordinator(board, coordinator)
    member = board_member(board, form.member.data)
    post = record_request(coordinator, board, member, PostKind(form.kind.data),
                          form.to_fields(), form.arrived.data)
    return Outcome(f"Recorded for {member.display_name}: their {post.kind_label.lower()} is on "
                   "the board.", url_for("posts.show", post_id=post.id), post.id)


@command("board.record_hours", RecordHoursForm)
def record_hours_command(actor: Actor, form: RecordHoursForm) -> Outcome:
    """Record hours for a job done away from the app."""
    coordinator = _coordinator(actor)
    board = boards.get_board(form.board.data or "")
    boards.require_coordinator(board, coordinator)
    giver = board_member(board, form.giver.data, "giver")
    receiver = board_member(board, form.receiver.data, "receiver")
    entry = record_hours(coordinator, board, giver, receiver, form.hours.data,
                         form.category.data, form.note.data or "")
    return Outcome(f"{entry.hours_label.capitalize()} recorded: {giver.display_name} helped "
                   f"{receiver.display_name}.", url_for("coordinators.record_hours",
                                                        slug=board.slug))


@command("board.correct_hours", CorrectHoursForm)
def correct_hours_command(actor: Actor, form: CorrectHoursForm) -> Outcome:
    """Correct the hours of an exchange recorded wrongly."""
    coordinator = _coordinator(actor)
    board = boards.get_board(form.board.data or "")
    boards.require_coordinator(board, coordinator)
    entry = exchange_on(board, form.exchange.data)
    correction = correct_hours(coordinator, board, entry, form.hours.data, form.note.data)
    return Outcome(f"Corrected to {format_hours(correction.hours)}. The old record is kept, "
                   "marked as replaced.", url_for("coordinators.exchanges", slug=board.slug))

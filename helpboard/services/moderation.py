"""Keeping a board safe: who is on it, hiding posts, and reports from neighbours.

Every change a coordinator makes here goes to the audit log in the same transaction.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import (
    Board,
    Membership,
    MembershipStatus,
    Post,
    Report,
    ReportState,
    Role,
    User,
    utcnow,
)
from helpboard.services import audit, boards
from helpboard.services.errors import Conflict, Invalid, NotFound

# --- Members --------------------------------------------------------------------------------


@dataclass
class MemberList:
    """A board's people, as the members page groups them."""

    waiting: list[Membership]
    active: list[Membership]
    suspended: list[Membership]


def member_list(board: Board) -> MemberList:
    """Return the board's people: waiting to join, active and suspended, by name."""
    query = (
        select(Membership).join(Membership.user).where(Membership.board_id == board.id)
        .order_by(User.display_name, Membership.id)
    )
    groups: dict[MembershipStatus, list[Membership]] = {status: [] for status in MembershipStatus}
    for membership in db.session.scalars(query):
        groups[membership.status].append(membership)
    waiting = sorted(groups[MembershipStatus.PENDING], key=lambda m: (m.created_at, m.id))
    return MemberList(waiting=waiting, active=groups[MembershipStatus.ACTIVE],
                      suspended=groups[MembershipStatus.SUSPENDED])


def get_membership(board: Board, membership_id: int) -> Membership:
    """Return a membership of this board, or raise NotFound."""
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.board_id != board.id:
        raise NotFound("That person is not on this board.")
    return membership


def suspend_member(coordinator: User, membership: Membership) -> Membership:
    """Stop a member using the board until a coordinator restores them."""
    boards.require_coordinator(membership.board, coordinator)
    name = membership.user.display_name
    if membership.user_id == coordinator.id:
        raise Invalid("You can't suspend yourself. Ask another coordinator.")
    if membership.status != MembershipStatus.ACTIVE:
        raise Conflict(f"{name} is not an active member, so there is nothing to suspend.")
    membership.status = MembershipStatus.SUSPENDED
    audit.record(coordinator, "member.suspend", f"{coordinator.display_name} suspended {name}.",
                 board=membership.board, on_behalf_of=membership.user, target=membership)
    db.session.flush()
    return membership


def restore_member(coordinator: User, membership: Membership) -> Membership:
    """Let a suspended member use the board again."""
    boards.require_coordinator(membership.board, coordinator)
    name = membership.user.display_name
    if membership.status != MembershipStatus.SUSPENDED:
        raise Conflict(f"{name} is not suspended.")
    membership.status = MembershipStatus.ACTIVE
    audit.record(coordinator, "member.restore",
                 f"{coordinator.display_name} restored {name}'s membership.",
                 board=membership.board, on_behalf_of=membership.user, target=membership)
    db.session.flush()
    return membership


LAST_COORDINATOR = "Make someone else coordinator first: a board needs at least one."


def promote_member(coordinator: User, membership: Membership) -> Membership:
    """Make an active member a coordinator of the board too."""
    boards.require_coordinator(membership.board, coordinator)
    name = membership.user.display_name
    if membership.user.is_supported:
        raise Invalid(f"{name} is a supported member with no sign-in of their own, so they "
                      "can't be a coordinator.")
    if membership.status != MembershipStatus.ACTIVE:
        raise Conflict(f"{name} is not an active member, so they can't be a coordinator.")
    if membership.role == Role.COORDINATOR:
        raise Conflict(f"{name} is already a coordinator.")
    membership.role = Role.COORDINATOR
    audit.record(coordinator, "member.promote",
                 f"{coordinator.display_name} made {name} a coordinator.",
                 board=membership.board, on_behalf_of=membership.user, target=membership)
    db.session.flush()
    return membership


def demote_member(coordinator: User, membership: Membership) -> Membership:
    """Make a coordinator (or oneself: stepping down) a member again; one always stays."""
    boards.require_coordinator(membership.board, coordinator)
    mine = boards.membership_of(membership.board, coordinator)
    running = _lock_coordinators(membership.board)
    name = membership.user.display_name
    if mine.id not in running:  # another coordinator made us a member a moment ago
        raise Conflict("You are no longer a coordinator of this board.")
    if membership.id not in running:
        raise Conflict(f"{name} is not a coordinator.")
    if len(running) < 2:
        raise Conflict(LAST_COORDINATOR)
    membership.role = Role.MEMBER
    who = coordinator.display_name
    summary = (f"{who} stepped down as coordinator." if membership.id == mine.id
               else f"{who} made {name} a member again.")
    audit.record(coordinator, "member.demote", summary, board=membership.board,
                 on_behalf_of=membership.user, target=membership)
    db.session.flush()
    return membership


def _lock_coordinators(board: Board) -> set[int]:
    """Return the ids of the board's active coordinators, locking their rows till commit.

    Two coordinators stepping down at once would each see the other stay; on PostgreSQL the
    second waits here for the first to commit, then counts again.
    """
    query = (
        select(Membership.id).where(
            Membership.board_id == board.id, Membership.role == Role.COORDINATOR,
            Membership.status == MembershipStatus.ACTIVE,
        ).order_by(Membership.id).with_for_update()
    )
    return set(db.session.scalars(query))


MEMBER_ACTIONS = {
    "approve": lambda coordinator, m: boards.decide_join(coordinator, m, approve=True),
    "decline": lambda coordinator, m: boards.decide_join(coordinator, m, approve=False),
    "suspend": suspend_member,
    "restore": restore_member,
    "promote": promote_member,
    "demote": demote_member,
}


def change_member(coordinator: User, membership: Membership, action: str) -> Membership:
    """Approve, decline, suspend, restore, promote or demote a member, by the action's name."""
    if action not in MEMBER_ACTIONS:
        raise NotFound("There is no such thing to do to a member.")
    return MEMBER_ACTIONS[action](coordinator, membership)


# --- Hidden posts -----------------------------------------------------------------------------


@dataclass
class PostModeration:
    """What the post page offers this person: a report link, a hide or restore button."""

    can_report: bool = False
    can_hide: bool = False
    can_unhide: bool = False


def post_moderation(user: User | None, post: Post) -> PostModeration:
    """Work out the moderation links and buttons one person sees on a post."""
    membership = boards.membership_of(post.board, user)
    if membership is None or not membership.is_active:
        return PostModeration()
    coordinator = membership.is_coordinator
    return PostModeration(
        can_report=bool(report_targets(user, post)),
        can_hide=coordinator and not post.hidden, can_unhide=coordinator and post.hidden,
    )


def set_hidden(coordinator: User, post: Post, hidden: bool) -> Post:
    """Hide a post from the board and every list, or put it back.

    The version is not bumped: hiding is not a change of content, so the author's open edit
    form still saves.
    """
    boards.require_coordinator(post.board, coordinator)
    if post.hidden == hidden:
        raise Conflict("This post is already hidden." if hidden else "This post is not hidden.")
    post.hidden = hidden
    who, what = coordinator.display_name, f"#{post.id} “{post.title}”"
    if hidden:
        action, summary = "post.hide", f"{who} hid post {what} from the board."
    else:
        action, summary = "post.unhide", f"{who} put post {what} back on the board."
    audit.record(coordinator, action, summary, board=post.board, on_behalf_of=post.author,
                 target=post)
    db.session.flush()
    return post


# --- Reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTarget:
    """One thing a person may report on a post: the post itself, or someone on it."""

    value: str  # "post" or "user:<id>"
    label: str
    user: User | None = None


def report_targets(reporter: User, post: Post) -> list[ReportTarget]:
    """Return what the reporter can report on this post: the post, and the people they see."""
    targets = []
    if post.author_id != reporter.id:
        targets.append(ReportTarget("post", "This post"))
    for person, role in _people_on(reporter, post):
        if person.id != reporter.id and all(t.value != f"user:{person.id}" for t in targets):
            targets.append(ReportTarget(f"user:{person.id}", f"{person.display_name}, {role}",
                                        person))
    return targets


def _people_on(reporter: User, post: Post) -> list[tuple[User, str]]:
    if post.posted_by_id == post.author_id:
        people = [(post.author, "who posted it")]
    else:
        people = [(post.author, "who the post is for"), (post.posted_by, "who posted it for them")]
    if post.matched_user is not None:
        people.append((post.matched_user, "who was chosen"))
    if post.author_id == reporter.id:  # only the author sees who answered
        people += [(response.user, "who answered") for response in post.responses]
    return people


def report(reporter: User, post: Post, target_value: str, reason: str) -> Report:
    """Tell the board's coordinators about a post or a person, with a reason."""
    boards.require_member(post.board, reporter)
    targets = {target.value: target for target in report_targets(reporter, post)}
    target = targets.get(target_value)
    if target is None:
        raise Invalid("Choose what you are reporting.", {"about": "Choose what you are reporting"})
    if not reason.strip():
        raise Invalid("Say what is wrong.", {"reason": "Say what is wrong"})
    reported_id = target.user.id if target.user else None
    if _open_report_exists(reporter, post, reported_id):
        raise Conflict("You already reported this. A coordinator will look at it soon.")
    entry = Report(board_id=post.board_id, reporter_id=reporter.id, post_id=post.id,
                   reported_user_id=reported_id, reason=reason.strip())
    db.session.add(entry)
    db.session.flush()
    return entry


def _open_report_exists(reporter: User, post: Post, reported_id: int | None) -> bool:
    query = select(func.count(Report.id)).where(
        Report.reporter_id == reporter.id, Report.post_id == post.id,
        Report.state == ReportState.OPEN,
        Report.reported_user_id.is_(None) if reported_id is None
        else Report.reported_user_id == reported_id,
    )
    return bool(db.session.scalar(query))


def open_reports(board: Board) -> list[Report]:
    """Return the reports waiting for a coordinator, oldest first."""
    query = (
        select(Report).where(Report.board_id == board.id, Report.state == ReportState.OPEN)
        .order_by(Report.created_at, Report.id)
    )
    return list(db.session.scalars(query))


def resolved_reports(board: Board, limit: int = 20) -> list[Report]:
    """Return the most recently resolved reports, newest first."""
    query = (
        select(Report).where(Report.board_id == board.id, Report.state == ReportState.RESOLVED)
        .order_by(Report.resolved_at.desc(), Report.id.desc()).limit(limit)
    )
    return list(db.session.scalars(query))


def count_open_reports(board: Board) -> int:
    """Return how many reports wait for a coordinator."""
    query = select(func.count(Report.id)).where(
        Report.board_id == board.id, Report.state == ReportState.OPEN
    )
    return db.session.scalar(query) or 0


def get_report(board: Board, report_id: int) -> Report:
    """Return a report made on this board, or raise NotFound."""
    entry = db.session.get(Report, report_id)
    if entry is None or entry.board_id != board.id:
        raise NotFound("There is no such report on this board.")
    return entry


def resolve_report(coordinator: User, entry: Report, note: str) -> Report:
    """Close a report with a note saying what was done."""
    boards.require_coordinator(entry.board, coordinator)
    if entry.state != ReportState.OPEN:
        raise Conflict("This report was already resolved.")
    if not note.strip():
        raise Invalid("Say what you did about it.", {"note": "Say what you did about it"})
    entry.state, entry.resolved_by_id = ReportState.RESOLVED, coordinator.id
    entry.resolved_at, entry.resolution_note = utcnow(), note.strip()
    audit.record(
        coordinator, "report.resolve",
        f"{coordinator.display_name} resolved a report about {entry.about_label}: {note.strip()}",
        board=entry.board, on_behalf_of=entry.reported_user, target=entry,
    )
    db.session.flush()
    return entry



def board_to_run(slug: str, user: User | None) -> Board:
    """Return the board at this address if the person coordinates it, else raise."""
    board = boards.get_board(slug)
    boards.require_coordinator(board, user)
    return board

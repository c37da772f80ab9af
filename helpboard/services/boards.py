"""Boards, joining them, and who may see what on them."""

import re

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import Board, Membership, MembershipStatus, Role, User
from helpboard.services import audit
from helpboard.services.errors import Invalid, NotAllowed, NotFound


def slugify(text: str) -> str:
    """Turn a board name into a URL part: "Demo Street" → "demo-street"."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:50] or "board"


def get_board(slug: str) -> Board:
    """Return the board with this slug, or raise NotFound."""
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        raise NotFound("There is no board at this address.")
    return board


def membership_of(board: Board, user: User | None) -> Membership | None:
    """Return the user's membership of the board, whatever its status."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Membership).where(Membership.board_id == board.id, Membership.user_id == user.id)
    )


def require_member(board: Board, user: User | None) -> Membership:
    """Return the user's active membership, or raise NotAllowed."""
    membership = membership_of(board, user)
    if membership is None or not membership.is_active:
        raise NotAllowed("This board is for its members. Join it with an invite code.")
    return membership


def require_coordinator(board: Board, user: User | None) -> Membership:
    """Return the user's coordinator membership, or raise NotAllowed."""
    membership = require_member(board, user)
    if not membership.is_coordinator:
        raise NotAllowed("Only the board's coordinators can do this.")
    return membership


def memberships_for(user: User) -> list[Membership]:
    """Return every board the user belongs to or asked to join, by name."""
    query = (
        select(Membership)
        .join(Membership.board)
        .where(Membership.user_id == user.id)
        .order_by(Board.name)
    )
    return list(db.session.scalars(query))


def create_board(
    user: User, name: str, area_description: str = "", requires_approval: bool = False
) -> Board:
    """Create a board; its creator is its first coordinator."""
    slug = base = slugify(name)
    counter = 2
    while db.session.scalar(select(Board.id).where(Board.slug == slug)) is not None:
        slug, counter = f"{base}-{counter}", counter + 1
    board = Board(
        slug=slug, name=name, area_description=area_description,
        requires_approval=requires_approval,
    )
    db.session.add(board)
    db.session.add(Membership(board=board, user=user, role=Role.COORDINATOR))
    db.session.flush()
    return board


def board_for_code(code: str) -> Board:
    """Return the board an invite code opens, or raise Invalid."""
    cleaned = re.sub(r"[^A-Z0-9]", "", code.upper())
    board = db.session.scalar(select(Board).where(Board.invite_code == cleaned))
    if board is None:
        raise Invalid(
            "That invite code does not open a board. Check it with the person who gave it.",
            {"code": "That invite code does not open a board"},
        )
    return board


def join_board(user: User, board: Board) -> Membership:
    """Join a board, or ask to where it needs a coordinator's approval."""
    membership = membership_of(board, user)
    if membership is not None:
        if membership.status == MembershipStatus.SUSPENDED:
            raise NotAllowed("Your membership of this board is suspended. Ask a coordinator.")
        return membership
    status = MembershipStatus.PENDING if board.requires_approval else MembershipStatus.ACTIVE
    membership = Membership(board=board, user=user, status=status)
    db.session.add(membership)
    db.session.flush()
    return membership


def pending_members(board: Board) -> list[Membership]:
    """Return the join requests waiting for a coordinator, oldest first."""
    query = (
        select(Membership)
        .where(Membership.board_id == board.id, Membership.status == MembershipStatus.PENDING)
        .order_by(Membership.created_at)
    )
    return list(db.session.scalars(query))


def decide_join(coordinator: User, membership: Membership, approve: bool) -> Membership:
    """Approve or decline a join request."""
    require_coordinator(membership.board, coordinator)
    if membership.status != MembershipStatus.PENDING:
        raise Invalid("That request was already decided.")
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
    verb = "approved" if approve else "declined"
    audit.record(
        coordinator, f"member.{'approve' if approve else 'decline'}",
        f"{coordinator.display_name} {verb} {membership.user.display_name}'s request to join.",
        board=membership.board, on_behalf_of=membership.user, target=membership,
    )
    db.session.flush()
    return membership

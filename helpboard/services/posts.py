"""Posting, editing, listing and withdrawing requests and offers."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import or_, select, update

from helpboard.extensions import db
from helpboard.models import (
    Board,
    Membership,
    MembershipStatus,
    Post,
    PostKind,
    PostState,
    Response,
    ResponseState,
    User,
    utcnow,
)
from helpboard.services import boards
from helpboard.services.actor import Actor
from helpboard.services.clock import local_time
from helpboard.services.errors import Conflict, NotAllowed, NotFound

DEFAULT_EXPIRY_DAYS = 30
# The largest id a row can have (PostgreSQL's integer); a larger number in a URL is no post.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000


@dataclass
class PostFields:
    """What a person fills in for a post, already validated by a form."""

    title: str
    details: str
    category: str
    location: str
    hours_estimate: Decimal
    needed_on: date | None
    expires_in_days: int = DEFAULT_EXPIRY_DAYS


def visible_post(user: User | None, post_id: int) -> Post:
    """Return a post the user may see: a member of its board, and not hidden from them."""
    post = db.session.get(Post, post_id) if 0 < post_id <= MAX_ID else None
    if post is None:
        raise NotFound("There is no post with that number.")
    membership = boards.require_member(post.board, user)
    if post.hidden and not membership.is_coordinator and post.author_id != user.id:
        raise NotFound("There is no post with that number.")
    return post


def require_author(actor: Actor, post: Post) -> None:
    """Raise NotAllowed unless the actor acts for the post's author."""
    if post.author_id != actor.member.id:
        raise NotAllowed("Only the person who posted this can do that.")


def create_post(actor: Actor, board: Board, kind: PostKind, fields: PostFields) -> Post:
    """Put a new request or offer on the board."""
    boards.require_member(board, actor.member)
    now = utcnow()
    post = Post(
        board_id=board.id, kind=kind, author_id=actor.member.id, posted_by_id=actor.by.id,
        title=fields.title, details=fields.details, category=fields.category,
        location=fields.location or actor.member.area, hours_estimate=fields.hours_estimate,
        needed_on=fields.needed_on, created_at=now, updated_at=now,
        expires_at=now + timedelta(days=fields.expires_in_days),
    )
    db.session.add(post)
    db.session.flush()
    return post


def edit_post(actor: Actor, post: Post, fields: PostFields, seen_version: int | None) -> Post:
    """Change an open post, refusing if it changed since the author last saw it."""
    require_author(actor, post)
    now = utcnow()
    conditions = [Post.state == PostState.OPEN]
    if seen_version is not None:
        conditions.append(Post.version == seen_version)
    changed = update_post_if(
        post,
        conditions,
        title=fields.title, details=fields.details, category=fields.category,
        location=fields.location, hours_estimate=fields.hours_estimate,
        needed_on=fields.needed_on, updated_at=now,
        expires_at=now + timedelta(days=fields.expires_in_days),
    )
    if not changed:
        raise stale(post, "edit")
    return post


def withdraw_post(actor: Actor, post: Post, seen_version: int | None = None) -> Post:
    """Take a post off the board; anyone who answered it is told."""
    require_author(actor, post)
    conditions = [Post.state.in_([PostState.OPEN, PostState.MATCHED])]
    if seen_version is not None:
        conditions.append(Post.version == seen_version)
    if not update_post_if(post, conditions, state=PostState.WITHDRAWN, updated_at=utcnow()):
        raise stale(post, "withdraw")
    db.session.execute(
        update(Response)
        .where(
            Response.post_id == post.id,
            Response.state.in_([ResponseState.PENDING, ResponseState.ACCEPTED]),
        )
        .values(state=ResponseState.CANCELLED, decided_at=utcnow())
    )
    return post


def update_post_if(post: Post, conditions: list, **values) -> bool:
    """Change a post in one statement if the conditions still hold; say whether it did.

    Races (two accepts, an edit after a match) are decided here, by the database, not in Python.
    """
    result = db.session.execute(
        update(Post)
        .where(Post.id == post.id, *conditions)
        .values(version=Post.version + 1, **values),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(post)
    return result.rowcount == 1


def stale(post: Post, action: str) -> Conflict:
    """Explain, in plain words, why a post can no longer be changed as the person wanted."""
    db.session.refresh(post)
    return Conflict(f"You can't {action} this post now. {describe_state(post)}")


def describe_state(post: Post) -> str:
    """Say what happened to a post, for a conflict message ("Sam is already helping…")."""
    state = post.effective_state
    if state == PostState.MATCHED and post.matched_user is not None:
        who = post.matched_user.display_name
        since = local_time(post.matched_at) if post.matched_at else ""
        verb = "is already helping with this" if post.is_request else "already has this"
        return f"{who} {verb} since {since}."
    if state == PostState.OPEN:
        return "It was changed since you opened it: look at it again."
    return {
        PostState.DONE: "The job is already done.",
        PostState.WITHDRAWN: "It was withdrawn.",
        PostState.EXPIRED: "It has expired.",
    }[state]


@dataclass
class PostFilters:
    """What the board list is narrowed to."""

    kind: str = ""
    category: str = ""
    text: str = ""


def open_posts_query(board: Board, filters: PostFilters):
    """Return a query for the board's open, visible, unexpired posts, newest first.

    Only active members' posts: a suspended member's posts leave the board, the print sheet and
    the lobby screen at once, and come back if the member is restored.
    """
    active_members = select(Membership.user_id).where(
        Membership.board_id == board.id, Membership.status == MembershipStatus.ACTIVE
    )
    query = (
        select(Post)
        .where(
            Post.board_id == board.id,
            Post.state == PostState.OPEN,
            Post.hidden.is_(False),
            Post.expires_at > utcnow(),
            Post.author_id.in_(active_members),
        )
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    if filters.kind in {k.value for k in PostKind}:
        query = query.where(Post.kind == PostKind(filters.kind))
    if filters.category:
        query = query.where(Post.category == filters.category)
    if filters.text:
        # "100%" or "a_b" are searched as typed, not as LIKE wildcards.
        typed = filters.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{typed}%"
        query = query.where(or_(Post.title.ilike(pattern, escape="\\"),
                                Post.details.ilike(pattern, escape="\\")))
    return query


def list_open_posts(board: Board, filters: PostFilters, page: int = 1, per_page: int = 20):
    """Return one page of the board's open posts (a Flask-SQLAlchemy Pagination)."""
    page = min(max(page, 1), MAX_PAGE)  # a made-up huge page number must not overflow OFFSET
    return db.paginate(
        open_posts_query(board, filters), page=page, per_page=per_page, error_out=False,
        max_per_page=100,
    )


def posts_by(user: User) -> list[Post]:
    """Return the user's own posts, newest first."""
    query = select(Post).where(Post.author_id == user.id).order_by(Post.created_at.desc())
    return list(db.session.scalars(query))

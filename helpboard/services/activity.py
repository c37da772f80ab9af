"""What a person has done: their posts, the jobs they help with, hours and thanks."""

from dataclasses import dataclass

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import LedgerEntry, Membership, MembershipStatus, Post, Response, Thanks, User
from helpboard.services import ledger, posts


@dataclass
class ActivityPage:
    """Everything on "My activity"."""

    my_posts: list[Post]
    helping: list[Post]
    answered: list[Response]
    hours: ledger.HoursSummary
    exchanges: list[LedgerEntry]


@dataclass
class ProfilePage:
    """A neighbour's public profile."""

    person: User
    hours: ledger.HoursSummary
    thanks: list[Thanks]


def activity_page(user: User) -> ActivityPage:
    """Gather "My activity" for a person."""
    helping = select(Post).where(Post.matched_user_id == user.id).order_by(Post.updated_at.desc())
    answered = (
        select(Response).where(Response.user_id == user.id)
        .order_by(Response.created_at.desc()).limit(30)
    )
    return ActivityPage(
        my_posts=posts.posts_by(user),
        helping=list(db.session.scalars(helping)),
        answered=list(db.session.scalars(answered)),
        hours=ledger.hours_for(user),
        exchanges=ledger.entries_for(user),
    )


def profile_page(person: User) -> ProfilePage:
    """Gather a neighbour's public profile."""
    return ProfilePage(person=person, hours=ledger.hours_for(person),
                       thanks=ledger.thanks_received(person))


def can_see_profile(viewer: User, person: User) -> bool:
    """Say whether the viewer shares an active board with the person (or is the person)."""
    if viewer.id == person.id:
        return True
    mine = select(Membership.board_id).where(
        Membership.user_id == viewer.id, Membership.status == MembershipStatus.ACTIVE
    )
    shared = select(Membership.id).where(
        Membership.user_id == person.id, Membership.board_id.in_(mine)
    )
    return db.session.scalar(shared.limit(1)) is not None

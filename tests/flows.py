"""Shortcuts that walk a post through the match flow with the real services, for test set-up."""

from decimal import Decimal

from helpboard.extensions import db
from helpboard.models import Post, Response
from helpboard.services import ledger, matches
from helpboard.services.actor import Actor


def respond(post: Post, user, message: str = "") -> Response:
    """Answer a post as ``user``."""
    response = matches.respond(Actor.for_self(user), post, message)
    db.session.commit()
    return response


def accept(post: Post, response: Response) -> Post:
    """Choose a responder, as the post's author."""
    matches.accept(Actor.for_self(post.author), post, response.id)
    db.session.commit()
    return post


def match(post: Post, helper) -> Post:
    """Have ``helper`` answer the post and the author choose them."""
    return accept(post, respond(post, helper))


def mark_done(post: Post, user) -> Post:
    """Mark the job done as ``user`` (either side of the match)."""
    matches.mark_done(Actor.for_self(user), post)
    db.session.commit()
    return post


def confirm_hours(post: Post, hours: str = "1") -> None:
    """Confirm the hours as the person helped."""
    ledger.confirm_hours(Actor.for_self(post.receiver), post, Decimal(hours))
    db.session.commit()


def finish(post: Post, helper, hours: str = "1") -> Post:
    """Match, mark done and confirm the hours."""
    match(post, helper)
    mark_done(post, helper)
    confirm_hours(post, hours)
    return post

"""The match flow: answer a post, accept one neighbour, step back, cancel, mark done."""

import secrets

from sqlalchemy import select, update

from helpboard.extensions import db
from helpboard.models import Post, PostState, Response, ResponseState, User, utcnow
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.errors import Conflict, Invalid, NotAllowed

CODE_WORDS = (
    "apple", "bramble", "cedar", "daisy", "ember", "fern", "hazel", "iris", "juniper", "kestrel",
    "lantern", "maple", "meadow", "nutmeg", "orchard", "pebble", "quill", "robin", "saffron",
    "thistle", "umber", "violet", "willow", "wren", "yarrow",
)


def new_code_word() -> str:
    """Return two easy words the helper says on the doorstep ("robin maple")."""
    return f"{secrets.choice(CODE_WORDS)} {secrets.choice(CODE_WORDS)}"


def respond(actor: Actor, post: Post, message: str = "") -> Response:
    """Say "I can help" on a request, or "I'd like this" on an offer."""
    if post.author_id == actor.member.id:
        raise NotAllowed("This is your own post.")
    if post.effective_state != PostState.OPEN:
        raise Conflict(f"This post is no longer open. {post_rules.describe_state(post)}")
    if pending_response(post, actor.member) is not None:
        raise Conflict("You have already answered this post. The author will choose soon.")
    response = Response(
        post_id=post.id, user_id=actor.member.id, acted_by_id=actor.by.id, message=message
    )
    db.session.add(response)
    db.session.flush()
    return response


def pending_response(post: Post, user: User) -> Response | None:
    """Return the user's answer to the post that still waits for the author."""
    return db.session.scalar(
        select(Response).where(
            Response.post_id == post.id,
            Response.user_id == user.id,
            Response.state.in_([ResponseState.PENDING, ResponseState.ACCEPTED]),
        )
    )


def withdraw_response(actor: Actor, post: Post) -> Response:
    """Take back an answer before the author chose anyone."""
    response = pending_response(post, actor.member)
    if response is None or response.state != ResponseState.PENDING:
        raise Conflict("You have no answer waiting on this post.")
    response.state = ResponseState.WITHDRAWN
    response.decided_at = utcnow()
    return response


def accept(actor: Actor, post: Post, response_id: int) -> Post:
    """Choose one neighbour. Exactly one accept wins, decided in the database."""
    post_rules.require_author(actor, post)
    response = db.session.get(Response, response_id)
    if response is None or response.post_id != post.id:
        raise Invalid("That answer is not on this post.")
    if post.effective_state != PostState.OPEN:
        # Say who is already helping, not that the others stopped offering.
        raise post_rules.stale(post, "accept anyone on")
    if response.state != ResponseState.PENDING:
        raise Conflict("That neighbour is no longer offering. Choose someone else.")
    now = utcnow()
    won = post_rules.update_post_if(
        post,
        [Post.state == PostState.OPEN, Post.expires_at > now],
        state=PostState.MATCHED, matched_user_id=response.user_id, matched_at=now,
        code_word=new_code_word(), updated_at=now,
    )
    if not won:
        raise post_rules.stale(post, "accept anyone on")
    response.state, response.decided_at = ResponseState.ACCEPTED, now
    _set_other_responses(post, ResponseState.PENDING, ResponseState.DECLINED)
    return post


def step_back(actor: Actor, post: Post) -> Post:
    """Step back as the matched neighbour, after reading the details; the post reopens."""
    if post.matched_user_id != actor.member.id:
        raise NotAllowed("Only the neighbour who was chosen can step back.")
    return _reopen(post, ResponseState.STEPPED_BACK, "step back from")


def cancel_match(actor: Actor, post: Post) -> Post:
    """Call the match off, as the author; the post reopens for the others."""
    post_rules.require_author(actor, post)
    return _reopen(post, ResponseState.CANCELLED, "cancel the match on")


def _reopen(post: Post, accepted_becomes: ResponseState, action: str) -> Post:
    matched_user_id = post.matched_user_id
    reopened = post_rules.update_post_if(
        post,
        [Post.state == PostState.MATCHED, Post.matched_user_id == matched_user_id],
        state=PostState.OPEN, matched_user_id=None, matched_at=None, code_word=None,
        updated_at=utcnow(),
    )
    if not reopened:
        raise post_rules.stale(post, action)
    db.session.execute(
        update(Response)
        .where(Response.post_id == post.id, Response.state == ResponseState.ACCEPTED)
        .values(state=accepted_becomes, decided_at=utcnow())
    )
    # The others were told someone else was helping: they are back in the running.
    _set_other_responses(post, ResponseState.DECLINED, ResponseState.PENDING)
    return post


def _set_other_responses(post: Post, old: ResponseState, new: ResponseState) -> None:
    db.session.execute(
        update(Response)
        .where(Response.post_id == post.id, Response.state == old)
        .values(state=new, decided_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    for response in post.responses:
        db.session.expire(response)


def is_party(user: User, post: Post) -> bool:
    """Say whether the user is one of the two people of a match."""
    return post.matched_user_id is not None and user.id in (post.author_id, post.matched_user_id)


def mark_done(actor: Actor, post: Post) -> Post:
    """Either side says the job is done."""
    if not is_party(actor.member, post):
        raise NotAllowed("Only the two people of this match can mark it done.")
    now = utcnow()
    if not post_rules.update_post_if(
        post, [Post.state == PostState.MATCHED], state=PostState.DONE, done_at=now,
        done_by_id=actor.member.id, updated_at=now,
    ):
        raise post_rules.stale(post, "mark done")
    return post

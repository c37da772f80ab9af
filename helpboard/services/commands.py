"""Every write a person can make, by name, shared by the pages, the JSON API and the outbox.

A command takes an :class:`Actor` and a validated form and returns an :class:`Outcome`. The HTML
views validate the form bound to the request (so errors re-render with what was typed); the API
and the outbox build the same form from a JSON payload with :func:`run`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from helpboard.extensions import db
from helpboard.forms import posts as forms
from helpboard.models import AppliedWrite, Post, PostKind
from helpboard.models.post import format_hours
from helpboard.services import boards, helpers, ledger, matches
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.errors import Invalid, NotFound


@dataclass
class Outcome:
    """What a write did, in words for the person, and where to look next."""

    message: str
    url: str
    post_id: int | None = None

    def as_dict(self) -> dict:
        """Return the outcome as JSON-ready data."""
        return {"message": self.message, "url": self.url, "post_id": self.post_id}


@dataclass
class Command:
    """A named write: its form, and the function that applies it."""

    kind: str
    form_class: type[FlaskForm]
    apply: Callable[[Actor, FlaskForm], Outcome]


COMMANDS: dict[str, Command] = {}


def command(kind: str, form_class: type[FlaskForm]):
    """Register a function as the command ``kind``."""

    def register(function):
        COMMANDS[kind] = Command(kind, form_class, function)
        return function

    return register


def form_for(kind: str, payload: dict) -> FlaskForm:
    """Bind a JSON payload to the command's form, as if it had been typed into the page."""
    if kind not in COMMANDS:
        raise Invalid(f"Unknown kind of write: {kind!r}.")
    if not isinstance(payload, dict):
        raise Invalid("The payload must be an object.")
    data = MultiDict({key: "" if value is None else str(value) for key, value in payload.items()})
    return COMMANDS[kind].form_class(formdata=data, meta={"csrf": False})


def validated(form: FlaskForm) -> FlaskForm:
    """Return the form if it validates, else raise Invalid with a message per field."""
    if not form.validate():
        errors = {name: messages[0] for name, messages in form.errors.items()}
        summary = " ".join(f"{message.rstrip('.')}." for message in errors.values())
        raise Invalid(summary or "Check what you typed.", errors)
    return form


def run(kind: str, actor: Actor, payload: dict) -> Outcome:
    """Validate a JSON payload and apply the command (API and outbox path)."""
    return apply_command(kind, actor, validated(form_for(kind, payload)), payload)


def apply_command(kind: str, actor: Actor, form: FlaskForm, payload: dict | None = None) -> Outcome:
    """Apply a command; a write made for someone else is checked and goes to the audit log."""
    helpers.check_written_for(actor, (payload or {}).get("acting_for"))
    outcome = COMMANDS[kind].apply(actor, form)
    if actor.on_behalf:
        helpers.log_acted(actor, kind, outcome.post_id)
    return outcome


def post_from(actor: Actor, form: FlaskForm) -> Post:
    """Return the post a form names, by number or by the outbox id that created it."""
    reference = str(form.post_id.data or "").strip()
    if reference.startswith("client:"):
        applied = db.session.get(AppliedWrite, reference.removeprefix("client:"))
        if applied is None or applied.user_id != actor.by.id or not applied.result.get("post_id"):
            raise NotFound("The post this refers to has not been sent yet.")
        reference = str(applied.result["post_id"])
    number = forms.positive_int(reference)
    if number is None:
        raise Invalid("Which post? The post number is missing.", {"post_id": "Missing post"})
    return post_rules.visible_post(actor.member, number)


def seen_version(form: FlaskForm) -> int | None:
    """Return the post version the person saw, if the form carried it."""
    return forms.positive_int(form.seen_version.data)


def post_url(post: Post) -> str:
    """Return the post's page."""
    return url_for("posts.show", post_id=post.id)


@command("post.create", forms.PostForm)
def create_post(actor: Actor, form: forms.PostForm) -> Outcome:
    """Put a request or offer on the board."""
    board = boards.get_board(form.board.data or "")
    post = post_rules.create_post(actor, board, PostKind(form.kind.data), form.to_fields())
    return Outcome(f"Your {post.kind_label.lower()} is on the board.", post_url(post), post.id)


@command("post.edit", forms.PostForm)
def edit_post(actor: Actor, form: forms.PostForm) -> Outcome:
    """Change an open post."""
    post = post_from(actor, form)
    post_rules.edit_post(actor, post, form.to_fields(), seen_version(form))
    return Outcome("Your changes are saved.", post_url(post), post.id)


@command("post.withdraw", forms.PostActionForm)
def withdraw_post(actor: Actor, form: forms.PostActionForm) -> Outcome:
    """Take a post off the board."""
    post = post_from(actor, form)
    post_rules.withdraw_post(actor, post, seen_version(form))
    return Outcome("Your post was withdrawn. Anyone who answered will see it.", post_url(post),
                   post.id)


@command("post.respond", forms.RespondForm)
def respond(actor: Actor, form: forms.RespondForm) -> Outcome:
    """Answer a post."""
    post = post_from(actor, form)
    matches.respond(actor, post, form.message.data or "")
    name = post.author.display_name
    if post.is_request:
        message = f"Thank you! {name} will see your offer and can accept it."
    else:
        message = f"{name} will see that you'd like this and can accept."
    return Outcome(message, post_url(post), post.id)


@command("post.withdraw_response", forms.PostActionForm)
def withdraw_response(actor: Actor, form: forms.PostActionForm) -> Outcome:
    """Take back an answer before anyone was chosen."""
    post = post_from(actor, form)
    matches.withdraw_response(actor, post)
    return Outcome("You took your answer back.", post_url(post), post.id)


@command("post.accept", forms.AcceptForm)
def accept(actor: Actor, form: forms.AcceptForm) -> Outcome:
    """Choose one neighbour."""
    post = post_from(actor, form)
    matches.accept(actor, post, int(form.response_id.data))
    name = post.matched_user.display_name
    return Outcome(f"You chose {name}. You can now see each other's contact details.",
                   post_url(post), post.id)


@command("post.step_back", forms.PostActionForm)
def step_back(actor: Actor, form: forms.PostActionForm) -> Outcome:
    """Step back as the chosen neighbour."""
    post = post_from(actor, form)
    matches.step_back(actor, post)
    return Outcome("You stepped back. The post is open again for others.", post_url(post),
                   post.id)


@command("post.cancel", forms.PostActionForm)
def cancel(actor: Actor, form: forms.PostActionForm) -> Outcome:
    """Call the match off, as the author."""
    post = post_from(actor, form)
    matches.cancel_match(actor, post)
    return Outcome("The match was cancelled. The post is open again.", post_url(post), post.id)


@command("post.done", forms.DoneForm)
def mark_done(actor: Actor, form: forms.DoneForm) -> Outcome:
    """Mark a job done, confirming the hours at once when the person helped gives them."""
    post = post_from(actor, form)
    matches.mark_done(actor, post)
    message = "Marked as done. Thank you!"
    is_receiver = post.receiver is not None and post.receiver.id == actor.member.id
    if form.hours.data is not None and is_receiver and post.board.time_credits:
        entry = ledger.confirm_hours(actor, post, form.hours.data)
        message = f"Marked as done, and {format_hours(entry.hours)} recorded. Thank you!"
    return Outcome(message, post_url(post), post.id)


@command("post.confirm_hours", forms.HoursForm)
def confirm_hours(actor: Actor, form: forms.HoursForm) -> Outcome:
    """Confirm the hours, as the person helped."""
    post = post_from(actor, form)
    entry = ledger.confirm_hours(actor, post, form.hours.data)
    return Outcome(f"{format_hours(entry.hours).capitalize()} recorded in the time bank.",
                   post_url(post), post.id)


@command("post.thank", forms.ThankForm)
def thank(actor: Actor, form: forms.ThankForm) -> Outcome:
    """Leave a thank-you note."""
    post = post_from(actor, form)
    ledger.thank(actor, post, form.message.data)
    return Outcome("Your thank-you note is on the post.", post_url(post), post.id)

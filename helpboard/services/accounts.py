"""Registering, signing in, keeping a profile, and deleting an account."""

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from helpboard.extensions import db
from helpboard.models import (
    Membership,
    MembershipStatus,
    Post,
    PostKind,
    PostState,
    Response,
    ResponseState,
    Role,
    User,
    utcnow,
)
from helpboard.services import audit, boards, matches
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.errors import Invalid, NotAllowed


def find_by_email(email: str) -> User | None:
    """Return the user with this e-mail address, whatever its case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def register(display_name: str, email: str, password: str) -> User:
    """Create an account, refusing an e-mail address already used."""
    if find_by_email(email) is not None:
        raise Invalid(
            "There is already an account with that email address.",
            {"email": "There is already an account with that email address: sign in instead"},
        )
    user = User(display_name=display_name, email=email.strip().lower())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials, or raise Invalid with one vague message."""
    user = find_by_email(email)
    if user is None or not user.check_password(password):
        raise Invalid(
            "The email address or password is not right.",
            {"password": "The email address or password is not right"},
        )
    return user


PROFILE_FIELDS = ("display_name", "skills", "area", "phone", "address", "access_notes")


def update_profile(user: User, **values: str) -> User:
    """Change what neighbours see and the private contact details."""
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(user, name, values[name] or "")
    db.session.flush()
    return user


def load_session_user(session_id: str) -> User | None:
    """Return the user for a Flask-Login id "user:version", or None if signed out since."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user


# --- Deleting an account ------------------------------------------------------------------

FORMER_NEIGHBOUR = "Former neighbour"
UNFINISHED = (PostState.OPEN, PostState.MATCHED)
WITHDRAWN_TITLES = {PostKind.REQUEST: "Withdrawn request", PostKind.OFFER: "Withdrawn offer"}


@dataclass
class DeletionPreview:
    """What deleting an account will do, in plain sentences, for the page that asks first."""

    person: User
    is_self: bool
    happens: list[str]
    stays: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Name the page: "Delete your account", or whose account it is."""
        if self.is_self:
            return "Delete your account"
        return f"Delete {self.person.display_name}'s account"

    @property
    def button(self) -> str:
        """Label the button that deletes."""
        return "Delete my account" if self.is_self else self.title


def deletion_preview(user: User, by: User) -> DeletionPreview:
    """Say plainly what deleting the account will do, before anyone confirms it."""
    is_self = by.id == user.id
    words = _Words("you", "You", "Your") if is_self else _Words(
        user.display_name, user.display_name, f"{user.display_name}'s", is_self=False)
    stays = [f"The hours {words.you} gave and received stay in the board's record under the name "
             f"“{FORMER_NEIGHBOUR}”, so every neighbour's totals stay right. Thank-you notes "
             "stay too.", f"Jobs that were done stay as they were, under “{FORMER_NEIGHBOUR}”."]
    if is_self:
        stays.append("You can create a new account with the same email address later. It starts "
                     "from nothing.")
    warnings = [_sole_coordinator_warning(board) for board in _boards_only_they_run(user)
                if is_self]
    return DeletionPreview(person=user, is_self=is_self, happens=_what_happens(user, words),
                           stays=stays, warnings=warnings)


@dataclass
class _Words:
    """How the confirmation page names the person: "you", or their name."""

    you: str
    start: str  # at the start of a sentence: "You", "Mrs Patel"
    possessive: str  # "Your", "Mrs Patel's"
    is_self: bool = True


def _what_happens(user: User, words: _Words) -> list[str]:
    from helpboard.services import helpers  # helpers imports this module (find_by_email)

    happens = [f"{words.possessive} name, email address, phone, address, notes on getting in, "
               "skills and area are wiped from helpboard."]
    if _count(Post.author_id == user.id, Post.state.in_(UNFINISHED)):
        happens.append(f"{words.possessive} posts that are not done yet are withdrawn. Anyone who "
                       "answered is told they are no longer needed.")
    if _count(Post.matched_user_id == user.id, Post.state == PostState.MATCHED):
        happens.append(f"The jobs {words.you} had been chosen for go back to the neighbours who "
                       "asked, open again for someone else.")
    helped_by = [link.helper.display_name for link in helpers.active_helper_links(user)]
    helping = [link.resident.display_name for link in helpers.links_of_helper(user)
               if link.is_active]
    if helped_by:
        happens.append(f"{_and(helped_by)} will no longer be able to act for {words.you}.")
    if helping:
        happens.append(f"{words.start} will no longer be able to act for {_and(helping)}.")
    boards_left = [m.board.name for m in boards.memberships_for(user)
                   if m.status != MembershipStatus.DECLINED]
    if boards_left:
        happens.append(f"{words.start} will leave {_and(boards_left)}. The coordinators' record "
                       "keeps who deleted the account, and when.")
    if words.is_self:
        happens.append("You are signed out on every phone and computer.")
    return happens


def _count(*conditions) -> int:
    return db.session.scalar(select(func.count(Post.id)).where(*conditions)) or 0


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _boards_only_they_run(user: User) -> list:
    boards_run = []
    for membership in boards.memberships_for(user):
        if not membership.is_coordinator:
            continue
        others = select(func.count()).select_from(Membership).where(
            Membership.board_id == membership.board_id, Membership.user_id != user.id,
            Membership.role == Role.COORDINATOR, Membership.status == MembershipStatus.ACTIVE)
        if not db.session.scalar(others):
            boards_run.append(membership.board)
    return boards_run


def _sole_coordinator_warning(board) -> str:
    return (f"You are the only coordinator of {board.name}. Once you go, no one can approve new "
            "members, look at reports or print the noticeboard there. Hand it over first: on "
            "the board's Members page, make someone else coordinator.")


def confirm_password(person: User, password: str | None) -> None:
    """Raise Invalid unless this is the person's own password: asked before a deletion."""
    if not person.check_password(password or ""):
        raise Invalid("The password is not right.", {"password": "The password is not right"})


def can_delete(by: User, user: User) -> bool:
    """Say whether ``by`` may delete the account: its owner, or a supported member's helper.

    A supported member has no password, so their helper or coordinator confirms with their own.
    """
    from helpboard.services import helpers  # helpers imports this module (find_by_email)

    if by.id == user.id:
        return True
    return user.is_supported and (helpers.helps(by, user) or helpers.coordinates_for(by, user))


def delete_account(user: User, by: User) -> User:
    """Delete an account: clear every personal detail, leave every board, end helper access.

    Unfinished posts are withdrawn and jobs handed back, so no neighbour waits for someone who
    has gone. The ledger, thank-you notes and done jobs stay as the board's history, under
    "Former neighbour"; so does the audit log, which names who deleted the account.
    """
    if not can_delete(by, user):
        raise NotAllowed("Only the person themselves, or the helper or coordinator of a "
                         "supported member, can delete an account.")
    name, actor = user.display_name, Actor(member=user, by=by)
    _hand_back_posts(actor)
    _withdraw_answers(user)
    db.session.expire_all()  # the bulk updates above went round the objects in memory
    _end_helper_links(user, by, name)
    _leave_boards(user, by, name)
    _clear_details(user)
    db.session.flush()
    return user


def _hand_back_posts(actor: Actor) -> None:
    """Withdraw the person's unfinished posts (whoever answered is told), step back from jobs."""
    user = actor.member
    for post in _posts(Post.author_id == user.id, Post.state.in_(UNFINISHED)):
        post_rules.withdraw_post(actor, post)  # a matched neighbour's answer: "no longer needed"
    for post in _posts(Post.matched_user_id == user.id, Post.state == PostState.MATCHED):
        matches.step_back(actor, post)  # the post reopens for its author
    # Only done jobs keep their words: they are the board's history.
    for kind, title in WITHDRAWN_TITLES.items():
        db.session.execute(
            update(Post).where(Post.author_id == user.id, Post.kind == kind,
                               Post.state != PostState.DONE)
            .values(title=title, details="", location="", code_word=None),
            execution_options={"synchronize_session": False},
        )


def _posts(*conditions) -> list[Post]:
    return list(db.session.scalars(select(Post).where(*conditions).order_by(Post.id)))


def _withdraw_answers(user: User) -> None:
    """Take back answers still waiting, or waiting in case a match falls through; drop words."""
    waiting = (ResponseState.PENDING, ResponseState.DECLINED)
    db.session.execute(
        update(Response).where(Response.user_id == user.id, Response.state.in_(waiting))
        .values(state=ResponseState.WITHDRAWN, decided_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(Response).where(Response.user_id == user.id,
                               Response.state != ResponseState.ACCEPTED).values(message=""),
        execution_options={"synchronize_session": False},
    )


def _end_helper_links(user: User, by: User, name: str) -> None:
    """End every helper access to or from the person, each recorded in the audit log."""
    from helpboard.services import helpers  # helpers imports this module (find_by_email)

    reason = ("The account was deleted." if by.id == user.id
              else f"{by.display_name} deleted the account.")
    links = [*helpers.links_of_resident(user), *helpers.links_of_helper(user)]
    for link in links:
        if link.resident_id == user.id:  # "Mrs Patel" agreed → "Former neighbour" agreed
            link.consent_given_by = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)",
                                           FORMER_NEIGHBOUR, link.consent_given_by)[:120]
        if link.is_active:
            # The person is on every one of their links; a helper is not on another helper's.
            ender = by if helpers.can_end(by, link) else user
            helpers.end_access(link, ender, reason)


def _leave_boards(user: User, by: User, name: str) -> None:
    """Leave every board, and tell each board's record who deleted the account."""
    summary = (f"{name} deleted their account." if by.id == user.id
               else f"{by.display_name} deleted {name}'s account.")
    memberships = [m for m in boards.memberships_for(user)
                   if m.status != MembershipStatus.DECLINED]
    for membership in memberships:
        audit.record(by, "account.delete", summary, board=membership.board, on_behalf_of=user,
                     target=user)
        # Declined: off the members list, the board refuses them, and no one can "restore" it.
        membership.status = MembershipStatus.DECLINED
    if not memberships:
        audit.record(by, "account.delete", summary, on_behalf_of=user, target=user)


def _clear_details(user: User) -> None:
    """Clear every personal field, and sign every session out, on every phone."""
    user.display_name, user.email, user.password_hash = FORMER_NEIGHBOUR, None, None
    for name in ("skills", "area", "phone", "address", "access_notes"):
        setattr(user, name, "")
    user.is_supported = user.contact_via_helper = False
    user.session_version += 1

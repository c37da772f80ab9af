"""Helpers who act for residents: consent, links, ending access, and the record of it all.

A helper may act for a resident only while an active :class:`HelperLink` says so. Every change
to a link, every switch to "acting for", and every write made while acting goes to the audit
log, in the same transaction as the action.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import (
    Board,
    ConsentMethod,
    HelperLink,
    Membership,
    MembershipStatus,
    Post,
    Role,
    User,
    utcnow,
)
from helpboard.services import audit, boards
from helpboard.services.accounts import find_by_email
from helpboard.services.actor import Actor
from helpboard.services.errors import Conflict, Invalid, NotAllowed, NotFound

# What a write made for someone else did, in words for the audit log.
ACTED_WORDS = {
    "post.create": "posted",
    "post.edit": "changed the post",
    "post.withdraw": "withdrew the post",
    "post.respond": "answered the post",
    "post.withdraw_response": "took back the answer on",
    "post.accept": "chose a neighbour on",
    "post.step_back": "stepped back from",
    "post.cancel": "cancelled the match on",
    "post.done": "marked done",
    "post.confirm_hours": "confirmed the hours on",
    "post.thank": "said thank you on",
}

CONTACT_FIELDS = ("area", "phone", "address", "access_notes", "contact_via_helper")


@dataclass
class Consent:
    """Who agreed that a helper may act for a resident, how and when."""

    given_by: str
    method: ConsentMethod
    at: datetime
    relationship_note: str = ""


# --- Looking links up ---------------------------------------------------------------------


def active_link(helper_id: int, resident_id: int) -> HelperLink | None:
    """Return the active link that lets the helper act for the resident, if there is one."""
    return db.session.scalar(
        select(HelperLink).where(
            HelperLink.helper_id == helper_id, HelperLink.resident_id == resident_id,
            HelperLink.ended_at.is_(None),
        ).order_by(HelperLink.id).limit(1)
    )


def helps(helper: User, resident: User) -> bool:
    """Say whether the helper may act for the resident now."""
    return active_link(helper.id, resident.id) is not None


def links_of_helper(helper: User) -> list[HelperLink]:
    """Return the helper's links, active ones first, then the most recent."""
    query = select(HelperLink).where(HelperLink.helper_id == helper.id)
    return _sorted(db.session.scalars(query))


def links_of_resident(resident: User) -> list[HelperLink]:
    """Return everyone who can (or could) act for the resident, active ones first."""
    query = select(HelperLink).where(HelperLink.resident_id == resident.id)
    return _sorted(db.session.scalars(query))


def links_on_board(board: Board) -> list[HelperLink]:
    """Return the links of the board's residents, active ones first."""
    residents = select(Membership.user_id).where(Membership.board_id == board.id)
    query = select(HelperLink).where(HelperLink.resident_id.in_(residents))
    return _sorted(db.session.scalars(query))


def _sorted(links) -> list[HelperLink]:
    return sorted(links, key=lambda link: (not link.is_active, -link.id))


def active_helper_links(resident: User) -> list[HelperLink]:
    """Return the resident's active links, the longest-standing first."""
    return [link for link in reversed(links_of_resident(resident)) if link.is_active]


def link_for_helper(helper: User, resident_id: int) -> HelperLink:
    """Return the helper's active link to a resident, or say why not."""
    link = active_link(helper.id, resident_id)
    if link is not None:
        return link
    ended = db.session.scalar(
        select(HelperLink).where(HelperLink.helper_id == helper.id,
                                 HelperLink.resident_id == resident_id).limit(1)
    )
    if ended is None:
        raise NotFound("You don't help anyone with that number.")
    raise NotAllowed(f"You can no longer act for {ended.resident.display_name}: "
                     "that access has ended.")


def get_link(link_id: int) -> HelperLink:
    """Return a link by number, or raise NotFound."""
    link = db.session.get(HelperLink, link_id)
    if link is None:
        raise NotFound("There is no such helper access.")
    return link


def board_members(board: Board) -> list[User]:
    """Return the board's active members, by name: the people a coordinator can link."""
    query = (
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.board_id == board.id, Membership.status == MembershipStatus.ACTIVE)
        .order_by(User.display_name, User.id)
    )
    return list(db.session.scalars(query))


def coordinates_for(coordinator: User, resident: User) -> bool:
    """Say whether the person coordinates a board the resident belongs to."""
    coordinated = select(Membership.board_id).where(
        Membership.user_id == coordinator.id, Membership.role == Role.COORDINATOR,
        Membership.status == MembershipStatus.ACTIVE,
    )
    shared = select(Membership.id).where(
        Membership.user_id == resident.id, Membership.board_id.in_(coordinated)
    )
    return db.session.scalar(shared.limit(1)) is not None


# --- Creating and ending links ------------------------------------------------------------


def create_supported_member(
    helper: User, board: Board, name: str, area: str, consent: Consent,
    contact_via_helper: bool = True,
) -> HelperLink:
    """Add a resident with no e-mail or device to a board the helper is on, with consent."""
    boards.require_member(board, helper)
    resident = User(display_name=name, area=area, is_supported=True,
                    contact_via_helper=contact_via_helper)
    db.session.add(resident)
    db.session.flush()
    boards.join_board(resident, board)
    link = _new_link(helper, resident, consent, recorded_by=helper)
    _log(helper, "helper.create_supported", resident, link,
         f"{helper.display_name} added {resident.display_name} as a supported member and "
         f"recorded their consent ({link.consent_label}, given by {consent.given_by}).")
    return link


def grant_access(resident: User, helper_email: str, relationship_note: str = "") -> HelperLink:
    """Let a named neighbour act for me: the resident's own consent, given in the app."""
    helper = find_by_email(helper_email)
    if helper is None or helper.id == resident.id or not _share_a_board(resident, helper):
        raise Invalid("No one on your boards signs in with that email address.",
                      {"helper_email": "No one on your boards signs in with that email address"})
    consent = Consent(given_by=resident.display_name, method=ConsentMethod.IN_APP, at=utcnow(),
                      relationship_note=relationship_note)
    link = _new_link(helper, resident, consent, recorded_by=resident)
    _log(resident, "helper.grant", resident, link,
         f"{resident.display_name} let {helper.display_name} act for them (in the app).")
    return link


def record_link(
    coordinator: User, board: Board, resident: User, helper: User, consent: Consent
) -> HelperLink:
    """Record, as a coordinator, consent a resident gave by phone, on paper or in person."""
    boards.require_coordinator(board, coordinator)
    for person in (resident, helper):
        boards.require_member(board, person)
    if resident.id == helper.id:
        raise Invalid("Choose a helper who is not the resident.",
                      {"helper": "Choose someone other than the resident"})
    link = _new_link(helper, resident, consent, recorded_by=coordinator)
    _log(coordinator, "helper.record_consent", resident, link,
         f"{coordinator.display_name} recorded that {consent.given_by} agreed "
         f"{helper.display_name} can act for {resident.display_name} ({link.consent_label}).")
    return link


def _new_link(helper: User, resident: User, consent: Consent, recorded_by: User) -> HelperLink:
    if active_link(helper.id, resident.id) is not None:
        raise Conflict(f"{helper.display_name} can already act for {resident.display_name}.")
    link = HelperLink(
        helper=helper, resident=resident, relationship_note=consent.relationship_note,
        consent_given_by=consent.given_by, consent_method=consent.method,
        consent_at=consent.at, recorded_by_id=recorded_by.id,
    )
    db.session.add(link)
    db.session.flush()
    return link


def _share_a_board(one: User, other: User) -> bool:
    mine = select(Membership.board_id).where(
        Membership.user_id == one.id, Membership.status == MembershipStatus.ACTIVE
    )
    shared = select(Membership.id).where(
        Membership.user_id == other.id, Membership.status == MembershipStatus.ACTIVE,
        Membership.board_id.in_(mine),
    )
    return db.session.scalar(shared.limit(1)) is not None


def can_end(person: User, link: HelperLink) -> bool:
    """Say whether the person may end this access: the resident, the helper, a coordinator."""
    return person.id in (link.resident_id, link.helper_id) or coordinates_for(
        person, link.resident
    )


def end_access(link: HelperLink, by: User, reason: str = "") -> HelperLink:
    """End a helper's access at once; the link stays on record."""
    if not can_end(by, link):
        raise NotFound("There is no such helper access.")
    if not link.is_active:
        raise Conflict(f"{link.helper.display_name} already can't act for "
                       f"{link.resident.display_name}.")
    link.ended_at, link.ended_by_id, link.end_reason = utcnow(), by.id, reason[:300]
    _log(by, "helper.end", link.resident, link,
         f"{by.display_name} ended {link.helper.display_name}'s access to act for "
         f"{link.resident.display_name}.", reason=reason[:300])
    db.session.flush()
    return link


# --- Acting ---------------------------------------------------------------------------------


def start_acting(helper: User, resident_id: int) -> User:
    """Check the helper may act for the resident, and record the switch."""
    link = link_for_helper(helper, resident_id)
    _log(helper, "helper.act", link.resident, link,
         f"{helper.display_name} started acting for {link.resident.display_name}.")
    return link.resident


def stop_acting(helper: User, resident: User) -> None:
    """Record that the helper stopped acting for the resident."""
    _log(helper, "helper.stop", resident, None,
         f"{helper.display_name} stopped acting for {resident.display_name}.")


def check_written_for(actor: Actor, stated) -> None:
    """Refuse a write made for one person that would now be applied for another.

    Forms carry the id of the person they were written for, so a form left open in another tab
    (or waiting in the outbox) is never applied for the wrong resident.
    """
    if stated in (None, "") or str(stated) == str(actor.member.id):
        return
    if actor.on_behalf:
        message = (f"This was written for someone else, but you are now acting for "
                   f"{actor.member.display_name}. Check who you are acting for, then do it again.")
    else:
        message = ("This was written while you were acting for someone, and you no longer are. "
                   "Switch back to acting for them from “People I help”, then do it again.")
    raise Conflict(message)


def log_acted(actor: Actor, kind: str, post_id: int | None) -> None:
    """Record a write made for someone else (a helper, or a coordinator for a paper request)."""
    post = db.session.get(Post, post_id) if post_id else None
    words = ACTED_WORDS.get(kind, kind)
    subject = f" “{post.title}”" if post is not None else ""
    audit.record(
        actor.by, f"acted.{kind}",
        f"{actor.by.display_name} {words}{subject} for {actor.member.display_name}.",
        board=post.board if post is not None else None, on_behalf_of=actor.member, target=post,
    )


# --- The resident's details ---------------------------------------------------------------


def update_resident_contact(helper: User, resident: User, **values) -> User:
    """Change a supported member's area and private contact details, as their helper."""
    link_for_helper(helper, resident.id)
    if not resident.is_supported:
        raise NotAllowed(f"{resident.display_name} keeps their own details on their profile.")
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(resident, name, values[name] if name == "contact_via_helper"
                    else values[name] or "")
    _log(helper, "helper.contact", resident, None,
         f"{helper.display_name} changed {resident.display_name}'s contact details.")
    db.session.flush()
    return resident


def set_contact_route(resident: User, via_helper: bool) -> User:
    """Let a member choose whether neighbours reach them through their helper."""
    resident.contact_via_helper = via_helper
    db.session.flush()
    return resident


def contact_link(resident: User, post: Post | None = None) -> HelperLink | None:
    """Return the helper contact goes through, when the resident chose that.

    The helper who posted for the resident is the one to call; otherwise the longest-standing.
    """
    if not resident.contact_via_helper:
        return None
    links = active_helper_links(resident)
    for link in links:
        if post is not None and link.helper_id == post.posted_by_id:
            return link
    return links[0] if links else None


def helped_party(helper: User, post: Post) -> User | None:
    """Return the matched person on the post whom this helper acts for, if any."""
    for party_id in (post.author_id, post.matched_user_id):
        if party_id is not None and party_id != helper.id and active_link(helper.id, party_id):
            return db.session.get(User, party_id)
    return None


def _log(actor: User, action: str, resident: User, link: HelperLink | None, summary: str,
         **detail) -> None:
    """Write the action to the audit log of every board the resident belongs to."""
    memberships = boards.memberships_for(resident) or [None]
    for membership in memberships:
        audit.record(actor, action, summary, board=membership.board if membership else None,
                     on_behalf_of=resident, target=link, **detail)

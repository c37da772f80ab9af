"""A board where Sam acts for Mrs Patel (no email), Tom's access has ended, and a second board."""

from dataclasses import dataclass

import pytest

from helpboard.extensions import db
from helpboard.models import AuditEntry, Board, ConsentMethod, HelperLink, Membership, User, utcnow
from helpboard.services import helpers

PATEL_ADDRESS = "Flat 4, Elm Court"


def consent(given_by: str = "Mrs Patel", method: ConsentMethod = ConsentMethod.IN_PERSON,
            note: str = "her son") -> helpers.Consent:
    """Return consent given today."""
    return helpers.Consent(given_by=given_by, method=method, at=utcnow(), relationship_note=note)


@dataclass
class Family:
    """Everyone in the helper tests."""

    board: Board
    ann: User  # coordinator of Elm Street
    ben: User  # member of Elm Street
    cara: User  # member of Elm Street
    sam: User  # Mrs Patel's helper
    tom: User  # was Mrs Patel's helper; his access ended
    patel: User  # supported member: no email, no device
    link: HelperLink  # Sam → Mrs Patel
    ended: HelperLink  # Tom → Mrs Patel, ended
    other_board: Board
    olga: User  # coordinator of Oak Road
    eve: User  # member of Oak Road only


@pytest.fixture
def family(neighbours, make_user, make_board) -> Family:
    return build_family(neighbours, make_user, make_board)


def build_family(neighbours, make_user, make_board) -> Family:
    """Build the helper tests' people on the ``neighbours`` board, and a second board."""
    board, ann, ben, cara = neighbours
    sam = make_user("Sam", phone="07700 900009", address="9 Elm Street")
    tom = make_user("Tom", phone="07700 900010")
    for person in (sam, tom):
        db.session.add(Membership(board=board, user=person))
    db.session.commit()
    link = helpers.create_supported_member(sam, board, "Mrs Patel", "Elm Court", consent())
    patel = link.resident
    patel.address, patel.access_notes, patel.phone = PATEL_ADDRESS, "Knock loudly", "020 7946 0001"
    ended = helpers.record_link(ann, board, patel, tom, consent(method=ConsentMethod.BY_PHONE))
    helpers.end_access(ended, ann, "She asked on the phone")
    db.session.commit()
    olga, eve = make_user("Olga"), make_user("Eve")
    other_board = make_board(olga, members=[eve], name="Oak Road")
    return Family(board, ann, ben, cara, sam, tom, patel, link, ended, other_board, olga, eve)


def audit_actions(person: User) -> list[str]:
    """Return the audit actions a person took, oldest first."""
    entries = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.actor_id == person.id).order_by(AuditEntry.id))
    return [entry.action for entry in entries]

"""A board with something for every coordinator page: a join request, a suspended member, a
post, a hidden post, a report, and two screen links (one switched off)."""

from types import SimpleNamespace

import pytest

from helpboard.extensions import db
from helpboard.models import KioskLink, Membership, MembershipStatus, Report, utcnow


@pytest.fixture
def world(neighbours, make_user, make_board, make_post):
    board, ann, ben, cara = neighbours
    olga = make_user("Olga Petrova", phone="07700 900099", address="9 Oak Road")
    other = make_board(olga, name="Oak Road")
    dan, eve = make_user("Dan"), make_user("Eve")
    pending = Membership(board=board, user=dan, status=MembershipStatus.PENDING)
    suspended = Membership(board=board, user=eve, status=MembershipStatus.SUSPENDED)
    db.session.add_all([pending, suspended])
    post = make_post(board, ben, title="Fix a dripping tap")
    hidden = make_post(board, ben, title="Something rude")
    hidden.hidden = True
    report = Report(board_id=board.id, reporter_id=cara.id, post_id=post.id, reason="Spam")
    kiosk = KioskLink(board_id=board.id, created_by_id=ann.id, label="Lobby")
    revoked = KioskLink(board_id=board.id, created_by_id=ann.id, label="Old tablet",
                        revoked_at=utcnow())
    db.session.add_all([report, kiosk, revoked])
    db.session.commit()
    cara_membership = db.session.scalar(
        db.select(Membership).where(Membership.user_id == cara.id,
                                    Membership.board_id == board.id))
    return SimpleNamespace(
        board=board, other=other, ann=ann, ben=ben, cara=cara, olga=olga, dan=dan, eve=eve,
        pending=pending, suspended=suspended, cara_membership=cara_membership, post=post,
        hidden=hidden, report=report, kiosk=kiosk, revoked=revoked,
    )

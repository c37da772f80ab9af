"""Keeping a board safe: suspending, hiding, reporting."""

import pytest

from helpboard.extensions import db
from helpboard.models import AuditEntry, Membership, MembershipStatus, ReportState, Role, User
from helpboard.services import boards, moderation
from helpboard.services.errors import Conflict, Invalid, NotAllowed
from tests import flows


def membership(board, user) -> Membership:
    return boards.membership_of(board, user)


def test_suspended_members_cannot_use_the_board(neighbours):
    board, ann, ben, cara = neighbours
    moderation.suspend_member(ann, membership(board, cara))
    with pytest.raises(NotAllowed):
        boards.require_member(board, cara)
    with pytest.raises(NotAllowed, match="suspended"):
        boards.join_board(cara, board)  # joining again does not get round it
    moderation.restore_member(ann, membership(board, cara))
    assert boards.require_member(board, cara).status == MembershipStatus.ACTIVE


def test_only_coordinators_suspend_and_never_themselves(neighbours):
    board, ann, ben, cara = neighbours
    with pytest.raises(NotAllowed):
        moderation.suspend_member(ben, membership(board, cara))
    with pytest.raises(Invalid):
        moderation.suspend_member(ann, membership(board, ann))
    with pytest.raises(Conflict):
        moderation.restore_member(ann, membership(board, cara))
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


def test_hidden_posts_leave_the_board_but_not_their_author(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    moderation.set_hidden(ann, post, True)
    assert post.version == 1, "hiding is not an edit: the author's open form still saves"
    with pytest.raises(Conflict):
        moderation.set_hidden(ann, post, True)
    with pytest.raises(NotAllowed):
        moderation.set_hidden(cara, post, False)
    assert moderation.post_moderation(ann, post).can_unhide
    assert not moderation.post_moderation(cara, post).can_unhide


def test_what_each_person_can_report_on_a_post(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    assert [t.label for t in moderation.report_targets(cara, post)] == [
        "This post", "Ben, who posted it"]
    assert moderation.report_targets(ben, post) == []  # nothing yet on one's own post
    flows.respond(post, cara)
    assert [t.label for t in moderation.report_targets(ben, post)] == ["Cara, who answered"]


def test_a_report_names_a_person_only_if_the_reporter_can_see_them(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    flows.respond(post, ann)
    with pytest.raises(Invalid):  # Cara can't see who answered Ben's post
        moderation.report(cara, post, f"user:{ann.id}", "Rude")
    entry = moderation.report(cara, post, "post", "Looks like a scam")
    assert entry.reported_user_id is None and entry.state == ReportState.OPEN
    assert moderation.open_reports(board) == [entry]


def test_resolving_a_report_needs_a_note_and_happens_once(neighbours, make_post):
    board, ann, ben, cara = neighbours
    entry = moderation.report(cara, make_post(board, ben), f"user:{ben.id}", "Asked for cash")
    with pytest.raises(Invalid):
        moderation.resolve_report(ann, entry, "  ")
    with pytest.raises(NotAllowed):
        moderation.resolve_report(cara, entry, "Done")
    moderation.resolve_report(ann, entry, "Spoke to Ben")
    with pytest.raises(Conflict):
        moderation.resolve_report(ann, entry, "Again")
    assert moderation.resolved_reports(board) == [entry]
    log = db.session.scalar(db.select(AuditEntry))
    assert log.summary == (f"Ann resolved a report about Ben, on post #{entry.post_id} "
                           "“Change a light bulb”: Spoke to Ben")


# --- Sharing or handing over the board --------------------------------------------------------


def test_hand_over_the_board_and_step_down(neighbours):
    board, ann, ben, cara = neighbours
    moderation.promote_member(ann, membership(board, ben))
    assert membership(board, ben).is_coordinator
    moderation.demote_member(ann, membership(board, ann))  # Ann steps down
    assert not membership(board, ann).is_coordinator and membership(board, ann).is_active
    with pytest.raises(NotAllowed):  # Ann no longer runs the board
        moderation.promote_member(ann, membership(board, cara))
    summaries = list(db.session.scalars(db.select(AuditEntry.summary).order_by(AuditEntry.id)))
    assert summaries == ["Ann made Ben a coordinator.", "Ann stepped down as coordinator."]


def test_the_last_coordinator_cannot_step_down_or_be_made_a_member(neighbours):
    board, ann, ben, cara = neighbours
    with pytest.raises(Conflict, match="Make someone else coordinator first: a board needs at "
                                       "least one."):
        moderation.demote_member(ann, membership(board, ann))
    moderation.promote_member(ann, membership(board, ben))
    moderation.demote_member(ben, membership(board, ann))
    assert db.session.scalar(db.select(AuditEntry.summary).order_by(AuditEntry.id.desc())) == (
        "Ben made Ann a member again.")
    with pytest.raises(Conflict, match="a board needs at least one"):
        moderation.demote_member(ben, membership(board, ben))
    with pytest.raises(Conflict, match="Cara is not a coordinator"):
        moderation.demote_member(ben, membership(board, cara))
    assert membership(board, ben).is_coordinator


def test_only_active_members_with_a_sign_in_become_coordinators(neighbours, make_user):
    board, ann, ben, cara = neighbours
    dan, eve = make_user("Dan"), make_user("Eve")
    patel = User(display_name="Mrs Patel", is_supported=True)
    db.session.add_all([
        Membership(board=board, user=dan, status=MembershipStatus.PENDING),
        Membership(board=board, user=eve, status=MembershipStatus.SUSPENDED),
        Membership(board=board, user=patel),
    ])
    db.session.flush()
    with pytest.raises(Conflict, match="Dan is not an active member"):
        moderation.promote_member(ann, membership(board, dan))
    with pytest.raises(Conflict, match="Eve is not an active member"):
        moderation.promote_member(ann, membership(board, eve))
    patel_membership = db.session.scalar(db.select(Membership).where(
        Membership.user_id == patel.id))
    with pytest.raises(Invalid, match="supported member"):
        moderation.promote_member(ann, patel_membership)
    with pytest.raises(Conflict, match="Ann is already a coordinator"):
        moderation.promote_member(ann, membership(board, ann))
    with pytest.raises(NotAllowed):
        moderation.promote_member(cara, membership(board, ben))
    assert [m.role for m in (membership(board, dan), membership(board, eve), patel_membership,
                             membership(board, ben))] == [Role.MEMBER] * 4
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0

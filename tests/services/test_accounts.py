"""Accounts (helpboard.services.accounts) and who sees whose profile (services.activity)."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import (
    AuditEntry,
    LedgerEntry,
    Membership,
    MembershipStatus,
    PostState,
    ResponseState,
    Thanks,
    User,
)
from helpboard.services import accounts, activity, boards, helpers, ledger, matches
from helpboard.services.accounts import FORMER_NEIGHBOUR
from helpboard.services.actor import Actor
from helpboard.services.errors import Invalid, NotAllowed
from tests import flows
from tests.helpers.conftest import build_family, consent


def test_a_password_is_stored_only_as_a_salted_hash(app):
    first = accounts.register("Ann", "ann@example.org", "correct horse battery")
    second = accounts.register("Ben", "ben@example.org", "correct horse battery")
    assert "correct horse battery" not in first.password_hash
    assert first.password_hash != second.password_hash
    assert first.check_password("correct horse battery")
    assert not first.check_password("Correct horse battery")


def test_an_email_address_is_used_once_whatever_its_case(app):
    accounts.register("Ann", "ann@example.org", "correct horse battery")
    with pytest.raises(Invalid) as refused:
        accounts.register("Ann again", " ANN@Example.org", "another password")
    assert "sign in instead" in refused.value.errors["email"]


def test_signing_in_gives_one_vague_message_for_any_mistake(app):
    accounts.register("Ann", "ann@example.org", "correct horse battery")
    assert accounts.authenticate("Ann@Example.org ", "correct horse battery").display_name == "Ann"
    messages = set()
    for email, password in (("ann@example.org", "wrong"), ("nobody@example.org", "x")):
        with pytest.raises(Invalid) as refused:
            accounts.authenticate(email, password)
        messages.add(refused.value.message)
    assert messages == {"The email address or password is not right."}


def test_an_account_without_a_password_cannot_sign_in(make_user):
    user = make_user("Mrs Patel", email=None)
    user.password_hash = None
    assert not user.check_password("")


def test_a_new_session_version_signs_old_sessions_out(make_user):
    ann = make_user("Ann")
    session_id = ann.get_id()
    assert accounts.load_session_user(session_id) == ann
    ann.session_version += 1
    db.session.commit()
    assert accounts.load_session_user(session_id) is None
    assert accounts.load_session_user("nonsense") is None


def test_the_profile_keeps_private_details_apart(make_user):
    ann = make_user("Ann")
    accounts.update_profile(ann, display_name="Ann P", phone="07700 900001", address="1 Elm St",
                            access_notes="", skills="Gardening, a chat", password_hash="x")
    assert (ann.display_name, ann.phone, ann.address) == ("Ann P", "07700 900001", "1 Elm St")
    assert ann.skill_list == ["Gardening", "a chat"]
    assert ann.check_password("correct horse battery")  # not a profile field


def test_neighbours_see_profiles_only_on_a_shared_board(neighbours, make_user):
    _, ann, ben, _ = neighbours
    stranger = make_user("Zed")
    assert activity.can_see_profile(ben, ann)
    assert activity.can_see_profile(stranger, stranger)
    assert not activity.can_see_profile(stranger, ann)
    assert not activity.can_see_profile(ann, stranger)


# --- Deleting an account --------------------------------------------------------------------


@pytest.fixture
def family(neighbours, make_user, make_board):
    return build_family(neighbours, make_user, make_board)


def delete(user: User, by: User | None = None) -> User:
    accounts.delete_account(user, by or user)
    db.session.commit()
    db.session.expire_all()
    return user


def test_deleting_wipes_every_personal_detail_and_signs_out_everywhere(neighbours):
    _, _, ben, _ = neighbours
    ben.skills, ben.area = "Fixing bikes", "Elm Court"
    db.session.commit()
    old_session = ben.get_id()
    delete(ben)
    assert (ben.display_name, ben.email, ben.password_hash) == (FORMER_NEIGHBOUR, None, None)
    assert (ben.phone, ben.address, ben.access_notes, ben.skills, ben.area) == ("",) * 5
    assert accounts.load_session_user(old_session) is None
    with pytest.raises(Invalid):
        accounts.authenticate("ben@example.org", "correct horse battery")
    again = accounts.register("Ben", "ben@example.org", "correct horse battery")
    assert again.id != ben.id  # a new account, starting from nothing


def test_deleting_leaves_every_board_with_a_line_in_each_record(neighbours, make_board):
    board, ann, ben, _ = neighbours
    other = make_board(ann, members=[ben], name="Oak Road")
    delete(ben)
    for each in (board, other):
        with pytest.raises(NotAllowed):
            boards.require_member(each, ben)
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.board_id == each.id, AuditEntry.action == "account.delete"))
        assert entry.summary == "Ben deleted their account."
        assert (entry.actor_id, entry.on_behalf_of_id) == (ben.id, ben.id)
    statuses = db.session.scalars(select(Membership.status).where(Membership.user_id == ben.id))
    assert set(statuses) == {MembershipStatus.DECLINED}


def test_unfinished_posts_are_withdrawn_and_whoever_answered_is_told(neighbours, make_post):
    board, ann, ben, cara = neighbours
    waiting = make_post(board, ben, title="Fix the gate", details="Flat 2, side door")
    answer = flows.respond(waiting, cara, "I can come on Sunday")
    matched = flows.match(make_post(board, ben, "offer", title="Spare paint"), ann)
    done = flows.finish(make_post(board, ben, title="Carry a sofa"), cara)
    delete(ben)
    assert (waiting.state, matched.state, done.state) == (PostState.WITHDRAWN,
                                                          PostState.WITHDRAWN, PostState.DONE)
    assert answer.state == ResponseState.CANCELLED
    assert answer.state_label == "no longer needed"
    assert matched.responses[0].state == ResponseState.CANCELLED
    assert (waiting.title, waiting.details, waiting.location) == ("Withdrawn request", "", "")
    assert matched.title == "Withdrawn offer" and matched.code_word is None
    assert done.title == "Carry a sofa"  # done jobs are the board's history


def test_jobs_they_were_chosen_for_open_again_for_the_author(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ann, title="Read a letter")
    cara_answer = flows.respond(post, cara)
    flows.accept(post, flows.respond(post, ben))
    delete(ben)
    assert post.state == PostState.OPEN
    assert (post.matched_user_id, post.code_word) == (None, None)
    assert cara_answer.state == ResponseState.PENDING  # back in the running
    ben_answer = next(r for r in post.responses if r.user_id == ben.id)
    assert ben_answer.state == ResponseState.STEPPED_BACK


@pytest.mark.parametrize("chosen", ["no one yet", "someone else"])
def test_their_answers_are_taken_back_for_good(neighbours, make_post, chosen):
    board, ann, ben, cara = neighbours
    post = make_post(board, ann, title="Walk the dog")
    answer = flows.respond(post, ben, "Call me on 07700 900002")
    if chosen == "someone else":
        flows.match(post, cara)
    delete(ben)
    assert answer.state == ResponseState.WITHDRAWN and answer.message == ""
    if chosen == "someone else":  # the match falls through: Ben must not be back in the running
        matches.cancel_match(Actor.for_self(ann), post)
        db.session.commit()
        assert answer.state == ResponseState.WITHDRAWN


def test_hours_and_thanks_stay_under_former_neighbour(neighbours, make_post):
    board, ann, ben, cara = neighbours
    helped = flows.finish(make_post(board, cara, title="Weed the garden"), ben, "1.5")
    flows.finish(make_post(board, ben, title="Fetch shopping"), cara, "2")
    ledger.thank(Actor.for_self(cara), helped, "Lovely job, thank you")
    db.session.commit()
    before = ledger.hours_for(cara)
    rows = db.session.scalar(select(db.func.count(LedgerEntry.id)))
    delete(ben)
    assert ledger.hours_for(cara) == before == ledger.HoursSummary(Decimal("2"), Decimal("1.5"))
    assert db.session.scalar(select(db.func.count(LedgerEntry.id))) == rows
    note = db.session.scalar(select(Thanks))
    assert (note.message, note.to_user.display_name) == ("Lovely job, thank you",
                                                         FORMER_NEIGHBOUR)
    assert ledger.hours_for(ben) == ledger.HoursSummary(Decimal("1.5"), Decimal("2"))


def test_a_helper_deletes_a_supported_member_and_every_access_ends(family):
    other = helpers.record_link(family.ann, family.board, family.patel, family.cara, consent())
    db.session.commit()
    delete(family.patel, by=family.sam)
    assert not family.link.is_active and not other.is_active
    assert family.link.ended_by_id == family.sam.id
    assert other.ended_by_id == family.patel.id  # Sam can't end Cara's access; Patel's own link
    assert other.end_reason == "Sam deleted the account."
    assert family.link.consent_given_by == FORMER_NEIGHBOUR
    assert not family.patel.is_supported and family.patel.address == ""
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    assert entry.summary == "Sam deleted Mrs Patel's account."
    assert (entry.actor_id, entry.on_behalf_of_id, entry.board_id) == (
        family.sam.id, family.patel.id, family.board.id)
    ends = db.session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "helper.end"))
    assert "Sam ended Sam's access to act for Mrs Patel." in list(ends)


def test_a_helper_who_deletes_their_own_account_stops_helping(family):
    delete(family.sam)
    assert not family.link.is_active and family.link.end_reason == "The account was deleted."
    assert family.patel.display_name == "Mrs Patel"  # the resident is not touched
    assert not helpers.helps(family.sam, family.patel)


WHO_MAY_DELETE = {
    # who, whose account, allowed
    "herself": ("ben", "ben", True),
    "her helper, for a supported member": ("sam", "patel", True),
    "a coordinator of her board, for a supported member": ("ann", "patel", True),
    "a helper whose access ended": ("tom", "patel", False),
    "a neighbour": ("cara", "patel", False),
    "a coordinator of another board": ("olga", "patel", False),
    "a coordinator, for a member with her own account": ("ann", "ben", False),
    "a helper, for a member with her own account": ("sam", "ben", False),
}


@pytest.mark.parametrize(("by", "whose", "allowed"), WHO_MAY_DELETE.values(),
                         ids=list(WHO_MAY_DELETE))
def test_who_may_delete_an_account(family, by, whose, allowed):
    helpers.grant_access(family.ben, family.sam.email)  # Ben lets Sam act for him
    db.session.commit()
    by, user = getattr(family, by), getattr(family, whose)
    assert accounts.can_delete(by, user) is allowed
    if allowed:
        delete(user, by=by)
        assert user.display_name == FORMER_NEIGHBOUR
    else:
        name = user.display_name
        with pytest.raises(NotAllowed):
            accounts.delete_account(user, by)
        db.session.rollback()
        assert user.display_name == name


def test_the_password_is_checked_against_the_person_who_confirms(family):
    accounts.confirm_password(family.sam, "correct horse battery")
    for person, password in ((family.sam, "wrong"), (family.sam, None), (family.patel, "")):
        with pytest.raises(Invalid) as refused:
            accounts.confirm_password(person, password)
        assert refused.value.errors == {"password": "The password is not right"}


def test_the_preview_says_what_will_happen(family, make_post):
    board = family.board
    make_post(board, family.ben, title="Fix the gate")
    flows.match(make_post(board, family.cara, title="Read a letter"), family.ben)
    mine = accounts.deletion_preview(family.ben, family.ben)
    assert mine.title == "Delete your account" and mine.button == "Delete my account"
    assert any("Your posts that are not done yet are withdrawn" in line for line in mine.happens)
    assert any("The jobs you had been chosen for go back" in line for line in mine.happens)
    assert "You will leave Elm Street." in " ".join(mine.happens)
    assert mine.warnings == []
    theirs = accounts.deletion_preview(family.patel, family.sam)
    assert theirs.title == theirs.button == "Delete Mrs Patel's account"
    assert "Sam will no longer be able to act for Mrs Patel." in theirs.happens
    assert not any("signed out" in line for line in theirs.happens)


def test_the_only_coordinator_is_warned_before_leaving(neighbours, make_board):
    board, ann, ben, _ = neighbours
    make_board(ben, members=[ann], name="Oak Road")
    warnings = accounts.deletion_preview(ann, ann).warnings
    assert warnings == [accounts._sole_coordinator_warning(board)]
    assert "You are the only coordinator of Elm Street." in warnings[0]

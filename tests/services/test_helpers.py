"""The helper rules, called directly: links, consent, ending, contact and the written-for check."""

import pytest
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import AuditEntry, ConsentMethod, PostKind
from helpboard.services import helpers
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.errors import Conflict, Invalid, NotAllowed, NotFound
from helpboard.services.posts import PostFields
from tests.helpers.conftest import build_family, consent


@pytest.fixture
def family(neighbours, make_user, make_board):
    return build_family(neighbours, make_user, make_board)


def request_for(family, posted_by):
    fields = PostFields(title="Fetch the paper", details="", category="shopping", location="",
                        hours_estimate=1, needed_on=None)
    post = post_rules.create_post(Actor(member=family.patel, by=posted_by), family.board,
                                  PostKind.REQUEST, fields)
    db.session.flush()
    return post


def test_active_link_is_only_the_unended_one(family):
    assert helpers.active_link(family.sam.id, family.patel.id) == family.link
    assert helpers.active_link(family.tom.id, family.patel.id) is None
    assert helpers.helps(family.sam, family.patel) and not helpers.helps(family.tom, family.patel)


def test_link_for_helper_explains_why_not(family):
    assert helpers.link_for_helper(family.sam, family.patel.id) == family.link
    with pytest.raises(NotAllowed, match="access has ended"):
        helpers.link_for_helper(family.tom, family.patel.id)
    with pytest.raises(NotFound):
        helpers.link_for_helper(family.ben, family.patel.id)


def test_a_supported_member_joins_only_the_helpers_boards(family):
    with pytest.raises(NotAllowed):
        helpers.create_supported_member(family.sam, family.other_board, "Mr Jones", "",
                                        consent("Mr Jones"))


def test_a_second_active_link_for_the_same_pair_is_refused(family):
    with pytest.raises(Conflict, match="Sam can already act for Mrs Patel"):
        helpers.record_link(family.ann, family.board, family.patel, family.sam, consent())


def test_an_ended_helper_can_be_given_access_again(family):
    link = helpers.record_link(family.ann, family.board, family.patel, family.tom, consent())
    assert link.is_active and link.id != family.ended.id
    assert not family.ended.is_active  # the old record stays as it was


def test_only_a_coordinator_of_her_board_records_consent(family):
    with pytest.raises(NotAllowed):
        helpers.record_link(family.ben, family.board, family.cara, family.sam, consent())
    with pytest.raises(NotAllowed):
        helpers.record_link(family.ann, family.board, family.cara, family.eve, consent())


def test_grant_needs_someone_on_a_shared_board(family):
    with pytest.raises(Invalid):
        helpers.grant_access(family.cara, family.eve.email)
    with pytest.raises(Invalid):
        helpers.grant_access(family.cara, "nobody@example.org")
    link = helpers.grant_access(family.cara, " SAM@example.org ".strip().lower(), "friend")
    assert (link.consent_method, link.recorded_by_id) == (ConsentMethod.IN_APP, family.cara.id)


@pytest.mark.parametrize(("who", "may"), [
    ("patel", True), ("sam", True), ("ann", True),
    ("ben", False), ("tom", False), ("olga", False), ("eve", False),
])
def test_who_may_end_access(family, who, may):
    assert helpers.can_end(getattr(family, who), family.link) is may


def test_ending_twice_is_a_conflict_and_a_stranger_is_not_told(family):
    with pytest.raises(NotFound):
        helpers.end_access(family.link, family.olga, "")
    helpers.end_access(family.link, family.ann, "Asked to")
    with pytest.raises(Conflict):
        helpers.end_access(family.link, family.ann, "")


def test_every_link_change_is_in_her_boards_audit_log(family):
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries] == [
        "helper.create_supported", "helper.record_consent", "helper.end"]
    assert {e.board_id for e in entries} == {family.board.id}
    assert {e.on_behalf_of_id for e in entries} == {family.patel.id}
    assert entries[2].detail == {"reason": "She asked on the phone"}


def test_links_on_board_are_only_that_boards_residents(family):
    assert helpers.links_on_board(family.board) == [family.link, family.ended]
    assert helpers.links_on_board(family.other_board) == []


def test_contact_goes_through_the_helper_who_posted(family):
    second = helpers.record_link(family.ann, family.board, family.patel, family.cara, consent())
    assert helpers.contact_link(family.patel) == family.link  # the longest-standing
    assert helpers.contact_link(family.patel, request_for(family, family.cara)) == second
    family.patel.contact_via_helper = False
    assert helpers.contact_link(family.patel) is None


def test_helped_party_is_only_for_active_helpers(family):
    post = request_for(family, family.sam)
    post.matched_user_id = family.ben.id
    assert helpers.helped_party(family.sam, post) == family.patel
    assert helpers.helped_party(family.tom, post) is None
    assert helpers.helped_party(family.cara, post) is None


@pytest.mark.parametrize(("stated", "acting", "refused"), [
    (None, False, False), ("", True, False), ("me", False, False), ("her", True, False),
    ("her", False, True), ("me", True, True),
])
def test_a_write_is_applied_only_for_whom_it_was_written(family, stated, acting, refused):
    actor = Actor(member=family.patel, by=family.sam) if acting else Actor.for_self(family.sam)
    ids = {"me": family.sam.id, "her": family.patel.id}
    value = str(ids[stated]) if stated in ids else stated
    if refused:
        with pytest.raises(Conflict):
            helpers.check_written_for(actor, value)
    else:
        helpers.check_written_for(actor, value)


def test_the_audit_line_for_an_action_says_who_for_whom(family):
    post = request_for(family, family.sam)
    helpers.log_acted(Actor(member=family.patel, by=family.sam), "post.create", post.id)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "acted.post.create"))
    assert entry.summary == "Sam posted “Fetch the paper” for Mrs Patel."
    assert (entry.target_type, entry.target_id, entry.board_id) == ("post", post.id,
                                                                    family.board.id)

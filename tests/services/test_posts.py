"""Posting, editing, listing and withdrawing (helpboard.services.posts)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from helpboard.extensions import db
from helpboard.models import PostKind, PostState, ResponseState, utcnow
from helpboard.services import posts
from helpboard.services.actor import Actor
from helpboard.services.errors import Conflict, NotAllowed, NotFound
from helpboard.services.posts import PostFields, PostFilters
from tests import flows


def fields(**changes) -> PostFields:
    values = {"title": "Fix a shelf", "details": "", "category": "repairs", "location": "",
              "hours_estimate": Decimal("1"), "needed_on": None}
    return PostFields(**{**values, **changes})


def titles(board, **filters) -> list[str]:
    return [p.title for p in posts.list_open_posts(board, PostFilters(**filters)).items]


def test_a_post_records_author_and_who_pressed_the_button(neighbours):
    board, ann, ben, _ = neighbours
    post = posts.create_post(Actor(member=ben, by=ann), board, PostKind.REQUEST, fields())
    assert (post.author_id, post.posted_by_id) == (ben.id, ann.id)
    assert post.posted_by_line.lower() == "posted by ann for ben"


def test_a_post_without_location_uses_the_authors_rough_area(neighbours):
    board, _, ben, _ = neighbours
    ben.area = "Elm Street, north end"
    post = posts.create_post(Actor.for_self(ben), board, PostKind.OFFER, fields())
    assert post.location == "Elm Street, north end"


def test_a_post_expires_after_the_chosen_days(neighbours):
    board, _, ben, _ = neighbours
    post = posts.create_post(Actor.for_self(ben), board, PostKind.REQUEST,
                             fields(expires_in_days=7))
    assert timedelta(days=6, hours=23) < post.expires_at - utcnow() <= timedelta(days=7)


def test_only_members_can_post(neighbours, make_user):
    board, *_ = neighbours
    stranger = make_user("Zed")
    with pytest.raises(NotAllowed):
        posts.create_post(Actor.for_self(stranger), board, PostKind.REQUEST, fields())


def test_a_non_member_cannot_see_a_post(neighbours, make_user, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    with pytest.raises(NotAllowed):
        posts.visible_post(make_user("Zed"), post.id)


def test_an_unknown_or_absurd_post_number_is_not_found(neighbours):
    _, ann, *_ = neighbours
    for number in (12345, 10**30):
        with pytest.raises(NotFound):
            posts.visible_post(ann, number)


def test_the_author_can_edit_an_open_post(neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    posts.edit_post(Actor.for_self(ben), post, fields(title="Fix two shelves"), post.version)
    db.session.commit()
    assert (post.title, post.version) == ("Fix two shelves", 2)


def test_someone_else_cannot_edit_or_withdraw_a_post(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    with pytest.raises(NotAllowed):
        posts.edit_post(Actor.for_self(cara), post, fields(title="Mine now"), None)
    with pytest.raises(NotAllowed):
        posts.withdraw_post(Actor.for_self(cara), post)
    db.session.rollback()
    assert (post.title, post.state) == ("Change a light bulb", PostState.OPEN)


def test_an_edit_based_on_an_old_version_is_refused(neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    posts.edit_post(Actor.for_self(ben), post, fields(title="First change"), 1)
    with pytest.raises(Conflict, match="changed since you opened it"):
        posts.edit_post(Actor.for_self(ben), post, fields(title="Second change"), 1)


def test_a_matched_post_can_no_longer_be_edited(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben), cara)
    with pytest.raises(Conflict, match="Cara is already helping with this since"):
        posts.edit_post(Actor.for_self(ben), post, fields(title="Changed"), None)


def test_withdrawing_tells_everyone_who_answered(neighbours, make_post, make_user):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    first, second = flows.respond(post, cara), flows.respond(post, ann)
    flows.accept(post, first)
    posts.withdraw_post(Actor.for_self(ben), post)
    db.session.commit()
    db.session.refresh(first)
    db.session.refresh(second)
    assert post.state == PostState.WITHDRAWN
    assert first.state == ResponseState.CANCELLED
    assert second.state == ResponseState.DECLINED  # was already told someone else was helping


def test_a_withdrawn_post_cannot_be_withdrawn_again(neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    posts.withdraw_post(Actor.for_self(ben), post)
    with pytest.raises(Conflict, match="It was withdrawn"):
        posts.withdraw_post(Actor.for_self(ben), post)


def test_the_board_lists_open_posts_newest_first(neighbours, make_post):
    board, _, ben, cara = neighbours
    for title in ("Oldest", "Middle", "Newest"):
        make_post(board, ben, title=title)
    assert titles(board) == ["Newest", "Middle", "Oldest"]


def test_the_board_leaves_out_expired_matched_withdrawn_and_hidden_posts(neighbours, make_post):
    board, _, ben, cara = neighbours
    make_post(board, ben, title="Still open")
    make_post(board, ben, title="Expired").expires_at = utcnow() - timedelta(minutes=1)
    flows.match(make_post(board, ben, title="Matched"), cara)
    posts.withdraw_post(Actor.for_self(ben), make_post(board, ben, title="Withdrawn"))
    make_post(board, ben, title="Hidden").hidden = True
    db.session.commit()
    assert titles(board) == ["Still open"]


def test_an_expired_post_says_so(neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    post.expires_at = utcnow() - timedelta(seconds=1)
    assert (post.effective_state, post.state_label) == (PostState.EXPIRED, "Expired")


def test_filters_by_kind_category_and_text(neighbours, make_post):
    board, _, ben, _ = neighbours
    make_post(board, ben, "request", title="Lift to the GP", category="lifts")
    make_post(board, ben, "offer", title="I can fix bikes", category="repairs",
              details="Punctures and brakes")
    make_post(board, ben, "request", title="Shelf", category="repairs")
    assert titles(board, kind="offer") == ["I can fix bikes"]
    assert titles(board, category="lifts") == ["Lift to the GP"]
    assert titles(board, text="BRAKES") == ["I can fix bikes"]
    assert titles(board, kind="request", category="repairs") == ["Shelf"]
    assert len(titles(board, kind="nonsense")) == 3


def test_search_takes_percent_and_underscore_as_typed(neighbours, make_post):
    board, _, ben, _ = neighbours
    make_post(board, ben, title="100% wool jumper to mend")
    make_post(board, ben, title="Move a sofa", details="file_name.txt won't open")
    make_post(board, ben, title="Back\\slash")
    assert titles(board, text="%") == ["100% wool jumper to mend"]
    assert titles(board, text="_") == ["Move a sofa"]
    assert titles(board, text="\\") == ["Back\\slash"]


def test_a_page_far_past_the_end_is_empty(neighbours, make_post):
    board, _, ben, _ = neighbours
    make_post(board, ben)
    assert posts.list_open_posts(board, PostFilters(), page=10**20).items == []


def test_a_members_own_posts_include_every_state(neighbours, make_post):
    board, _, ben, _ = neighbours
    make_post(board, ben, title="First")
    posts.withdraw_post(Actor.for_self(ben), make_post(board, ben, title="Second"))
    assert [p.title for p in posts.posts_by(ben)] == ["Second", "First"]

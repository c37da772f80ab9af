"""Boards and membership (helpboard.services.boards)."""

import pytest

from helpboard.extensions import db
from helpboard.models import MembershipStatus, Role
from helpboard.services import boards
from helpboard.services.errors import Invalid, NotAllowed, NotFound


def test_a_board_gets_a_readable_unique_address(make_user):
    ann = make_user("Ann")
    first = boards.create_board(ann, "Elm Street")
    second = boards.create_board(ann, "Elm Street!")
    assert (first.slug, second.slug) == ("elm-street", "elm-street-2")
    assert boards.slugify("   ***  ") == "board"


def test_whoever_starts_a_board_coordinates_it(make_user):
    ann = make_user("Ann")
    board = boards.create_board(ann, "Oak Block")
    assert boards.require_coordinator(board, ann).role == Role.COORDINATOR


def test_an_unknown_board_is_not_found(app):
    with pytest.raises(NotFound):
        boards.get_board("nowhere")


def test_an_invite_code_opens_its_board_however_it_is_typed(neighbours):
    board, *_ = neighbours
    code = board.invite_code
    assert boards.board_for_code(f" {code[:4].lower()}-{code[4:]} ") == board
    with pytest.raises(Invalid, match="does not open a board"):
        boards.board_for_code("NOPE1234")


def test_invite_codes_avoid_letters_that_look_like_numbers(neighbours):
    board, *_ = neighbours
    assert len(board.invite_code) == 8 and not set(board.invite_code) & set("01OI")


def test_joining_an_open_board_makes_an_active_member(neighbours, make_user):
    board, *_ = neighbours
    dev = make_user("Dev")
    assert boards.join_board(dev, board).status == MembershipStatus.ACTIVE
    assert boards.join_board(dev, board).status == MembershipStatus.ACTIVE  # twice is fine


def test_a_board_with_approval_waits_for_a_coordinator(neighbours, make_user):
    board, ann, ben, _ = neighbours
    board.requires_approval = True
    dev = make_user("Dev")
    membership = boards.join_board(dev, board)
    db.session.commit()
    assert membership.status == MembershipStatus.PENDING
    with pytest.raises(NotAllowed):
        boards.require_member(board, dev)
    assert boards.pending_members(board) == [membership]
    with pytest.raises(NotAllowed):
        boards.decide_join(ben, membership, approve=True)
    boards.decide_join(ann, membership, approve=True)
    assert boards.require_member(board, dev) == membership
    with pytest.raises(Invalid, match="already decided"):
        boards.decide_join(ann, membership, approve=False)


def test_a_suspended_member_cannot_rejoin(neighbours):
    board, _, ben, _ = neighbours
    membership = boards.membership_of(board, ben)
    membership.status = MembershipStatus.SUSPENDED
    with pytest.raises(NotAllowed, match="suspended"):
        boards.join_board(ben, board)
    with pytest.raises(NotAllowed):
        boards.require_member(board, ben)


def test_only_coordinators_run_the_board(neighbours):
    board, _, ben, _ = neighbours
    with pytest.raises(NotAllowed, match="coordinators"):
        boards.require_coordinator(board, ben)


def test_my_boards_are_listed_by_name(make_user):
    ann = make_user("Ann")
    boards.create_board(ann, "Oak Block")
    boards.create_board(ann, "Elm Street")
    assert [m.board.name for m in boards.memberships_for(ann)] == ["Elm Street", "Oak Block"]

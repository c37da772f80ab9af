"""What a coordinator records for members who phoned or wrote."""

from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from helpboard.extensions import db
from helpboard.models import AuditEntry, LedgerEntry, PostKind
from helpboard.services import ledger, records
from helpboard.services.errors import Conflict, Invalid, NotAllowed
from helpboard.services.posts import PostFields

FIELDS = PostFields(title="Collect a prescription", details="", category="shopping",
                    location="", hours_estimate=Decimal("1"), needed_on=None)


def test_a_paper_request_is_the_members_and_says_who_posted_it(neighbours):
    board, ann, ben, cara = neighbours
    post = records.record_request(ann, board, cara, PostKind.REQUEST, FIELDS, "paper")
    assert (post.author_id, post.posted_by_id) == (cara.id, ann.id)
    assert post.posted_by_line == "Posted by Ann for Cara"
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.on_behalf_of_id, entry.detail) == (
        "request.record", cara.id, {"arrived": "paper"})


def test_only_coordinators_record_for_others(neighbours):
    board, ann, ben, cara = neighbours
    with pytest.raises(NotAllowed):
        records.record_request(ben, board, cara, PostKind.REQUEST, FIELDS, "phone")
    with pytest.raises(NotAllowed):
        records.record_hours(ben, board, cara, ann, Decimal("1"), "garden")


def test_the_member_list_has_active_members_only(neighbours, make_user):
    board, ann, ben, cara = neighbours
    make_user("Zed")  # not on the board
    assert [name for _, name in records.member_choices(board)] == ["Ann", "Ben", "Cara"]
    with pytest.raises(Invalid):
        records.board_member(board, "99999")
    assert records.board_member(board, str(ben.id)) == ben


def test_hours_are_a_new_ledger_row(neighbours):
    board, ann, ben, cara = neighbours
    entry = records.record_hours(ann, board, ben, cara, Decimal("0.75"), "visits", "Tea")
    assert (entry.giver_id, entry.receiver_id, entry.recorded_by_id, entry.note) == (
        ben.id, cara.id, ann.id, "Tea")
    with pytest.raises(Invalid):
        records.record_hours(ann, board, ben, cara, Decimal("0.1"), "visits")
    with pytest.raises(Invalid):
        records.record_hours(ann, board, ben, cara, Decimal("1"), "juggling")
    board.time_credits = False
    with pytest.raises(Conflict):
        records.record_hours(ann, board, ben, cara, Decimal("1"), "visits")


@pytest.fixture
def exchange(world):
    """An hour Cara gave Ben, recorded by Ann."""
    entry = ledger.record_exchange(world.board, world.cara, world.ben, Decimal("1"), "garden",
                                   world.ann, note="Weeding, by phone")
    db.session.commit()
    return entry


def test_a_correction_replaces_the_exchange_everywhere_and_keeps_the_old_row(world, exchange):
    from helpboard.services import exports

    old = exchange
    fixed = records.correct_hours(world.ann, world.board, old, Decimal("2"), "Two hours, really")
    db.session.commit()
    assert fixed.corrects_id == old.id and fixed.recorded_by_id == world.ann.id
    assert db.session.get(LedgerEntry, old.id).hours == Decimal("1")  # never edited
    assert ledger.hours_for(world.cara).given == Decimal("2")
    assert ledger.hours_for(world.ben).received == Decimal("2")
    assert [e.id for e in records.recent_exchanges(world.board)] == [fixed.id]
    assert [e.id for e in exports.current_entries(world.board)] == [fixed.id]


def test_an_exchange_is_corrected_only_once(world, exchange):
    records.correct_hours(world.ann, world.board, exchange, Decimal("2"), "First")
    db.session.commit()
    with pytest.raises(Conflict, match="already corrected"):
        records.correct_hours(world.ann, world.board, exchange, Decimal("3"), "Second")


def test_the_database_refuses_a_second_correction_of_one_row(world, exchange):
    ledger.record_exchange(world.board, world.cara, world.ben, Decimal("2"), "garden", world.ann,
                           corrects=exchange)
    db.session.commit()
    with pytest.raises(IntegrityError):
        ledger.record_exchange(world.board, world.cara, world.ben, Decimal("3"), "garden",
                               world.ann, corrects=exchange)
    db.session.rollback()


def test_only_a_coordinator_corrects_hours(world, exchange):
    with pytest.raises(NotAllowed):
        records.correct_hours(world.cara, world.board, exchange, Decimal("2"), "Mine")

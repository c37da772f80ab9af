"""Hours and thank-you notes (helpboard.services.ledger) and the board's monthly line."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from helpboard.extensions import db
from helpboard.models import LedgerEntry
from helpboard.services import ledger, summaries
from helpboard.services.actor import Actor
from helpboard.services.errors import Conflict, Invalid, NotAllowed
from tests import flows


@pytest.fixture
def done_request(neighbours, make_post):
    """Ben asked for help, Cara helped and marked it done."""
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben, hours_estimate=Decimal("1.5")), cara)
    return flows.mark_done(post, cara)


@pytest.mark.parametrize("hours", ["0.25", "1", "1.75", "24"])
def test_hours_in_quarter_hours_from_a_quarter_to_a_day_are_accepted(hours):
    assert ledger.check_hours(Decimal(hours)) == Decimal(hours)


@pytest.mark.parametrize("hours", ["0", "0.1", "0.2", "1.3", "24.25", "30", "-1"])
def test_other_hours_are_refused(hours):
    with pytest.raises(Invalid, match="between 0.25 and 24, in quarter hours"):
        ledger.check_hours(Decimal(hours))


def test_the_person_helped_confirms_the_hours_once(neighbours, done_request):
    board, _, ben, cara = neighbours
    entry = ledger.confirm_hours(Actor.for_self(ben), done_request, Decimal("2"))
    db.session.commit()
    assert (entry.giver_id, entry.receiver_id, entry.hours, entry.category) == (
        cara.id, ben.id, Decimal("2"), "repairs")
    assert done_request.hours_confirmed_at is not None
    with pytest.raises(Conflict, match="already confirmed"):
        ledger.confirm_hours(Actor.for_self(ben), done_request, Decimal("2"))


def test_the_helper_cannot_confirm_their_own_hours(neighbours, done_request):
    _, _, _, cara = neighbours
    with pytest.raises(NotAllowed):
        ledger.confirm_hours(Actor.for_self(cara), done_request, Decimal("5"))


def test_hours_wait_until_the_job_is_done(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben), cara)
    with pytest.raises(Conflict, match="Mark the job done"):
        ledger.confirm_hours(Actor.for_self(ben), post, Decimal("1"))


def test_on_an_offer_the_author_gave_the_time(neighbours, make_post):
    board, _, ben, cara = neighbours
    offer = flows.match(make_post(board, ben, "offer", title="I can fix bikes"), cara)
    flows.mark_done(offer, ben)
    entry = ledger.confirm_hours(Actor.for_self(cara), offer, Decimal("1"))
    assert (entry.giver_id, entry.receiver_id) == (ben.id, cara.id)


def test_a_board_without_time_credits_keeps_no_hours(neighbours, done_request):
    board, _, ben, _ = neighbours
    board.time_credits = False
    db.session.commit()
    with pytest.raises(Conflict, match="does not keep time credits"):
        ledger.confirm_hours(Actor.for_self(ben), done_request, Decimal("1"))
    assert summaries.board_stats(board).line == ""


def test_a_ledger_row_can_never_be_edited(neighbours, done_request):
    _, _, ben, _ = neighbours
    entry = ledger.confirm_hours(Actor.for_self(ben), done_request, Decimal("1"))
    db.session.commit()
    entry.hours = Decimal("10")
    with pytest.raises(ValueError, match="never edited"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(LedgerEntry, entry.id).hours == Decimal("1")


def test_a_correction_is_a_new_row_that_replaces_the_old_one(neighbours, done_request):
    board, ann, ben, cara = neighbours
    entry = ledger.confirm_hours(Actor.for_self(ben), done_request, Decimal("1"))
    fix = ledger.record_exchange(board, cara, ben, Decimal("1.5"), "repairs", ann,
                                 note="It took longer", corrects=entry)
    db.session.commit()
    assert fix.corrects_id == entry.id
    assert db.session.get(LedgerEntry, entry.id).hours == Decimal("1")  # kept, for the record
    assert ledger.hours_for(cara).given == Decimal("1.5")
    assert ledger.hours_for(ben).received == Decimal("1.5")
    assert [e.id for e in ledger.entries_for(cara)] == [fix.id]


def test_hours_given_and_received_are_kept_apart(neighbours, make_post):
    board, ann, ben, cara = neighbours
    flows.finish(make_post(board, ben, title="Shelf"), cara, "2")
    flows.finish(make_post(board, cara, title="Lift"), ben, "0.5")
    flows.finish(make_post(board, ann, title="Forms"), cara, "1")
    assert ledger.hours_for(cara) == ledger.HoursSummary(given=Decimal("3"),
                                                         received=Decimal("0.5"))
    assert ledger.hours_for(ben) == ledger.HoursSummary(given=Decimal("0.5"),
                                                        received=Decimal("2"))


def test_the_board_counts_hours_exchanged_this_month(neighbours, make_post):
    board, ann, ben, cara = neighbours
    assert summaries.board_stats(board).line == "0 hours exchanged this month"
    flows.finish(make_post(board, ben, title="Shelf"), cara, "1.5")
    flows.finish(make_post(board, ann, title="Lift"), cara, "1")
    old = ledger.record_exchange(board, cara, ben, Decimal("4"), "other", ann)
    db.session.flush()
    db.session.execute(LedgerEntry.__table__.update().where(LedgerEntry.id == old.id)
                       .values(created_at=datetime(2020, 1, 15, tzinfo=UTC)))
    db.session.commit()
    assert summaries.board_stats(board).line == "2.5 hours exchanged this month"


def test_the_month_starts_at_local_midnight_on_the_first():
    start = ledger.start_of_month(datetime(2024, 7, 20, 12, tzinfo=UTC))
    assert (start.day, start.hour, start.minute) == (1, 0, 0)
    assert start.astimezone(UTC) == datetime(2024, 6, 30, 23, tzinfo=UTC)  # BST


def test_the_person_helped_says_thank_you_once(neighbours, done_request):
    board, _, ben, cara = neighbours
    with pytest.raises(NotAllowed):
        ledger.thank(Actor.for_self(cara), done_request, "Thanks to me")
    ledger.thank(Actor.for_self(ben), done_request, "Thank you Cara!")
    db.session.commit()
    assert [t.message for t in ledger.thanks_for_post(done_request)] == ["Thank you Cara!"]
    assert [t.message for t in ledger.thanks_received(cara)] == ["Thank you Cara!"]
    with pytest.raises(Conflict, match="already said thank you"):
        ledger.thank(Actor.for_self(ben), done_request, "Thanks again")


def test_thanks_wait_until_the_job_is_done(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben), cara)
    with pytest.raises(Conflict, match="once the job is done"):
        ledger.thank(Actor.for_self(ben), post, "Thanks in advance")

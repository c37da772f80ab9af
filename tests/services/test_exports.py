"""The exports a time bank sends its funders: the numbers must be right."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from helpboard.extensions import db
from helpboard.models import LedgerEntry, Membership, utcnow
from helpboard.services import exports
from helpboard.services.errors import NotAllowed
from tests import flows

MAY = exports.Month(2026, 5)


def record(board, giver, receiver, hours, category, by, when=None, corrects=None):
    """Add a ledger row at a given time (rows are never edited, so the time is set at once)."""
    entry = LedgerEntry(board_id=board.id, giver_id=giver.id, receiver_id=receiver.id,
                        hours=Decimal(hours), category=category, recorded_by_id=by.id,
                        created_at=when or utcnow(), corrects_id=corrects.id if corrects else None)
    db.session.add(entry)
    db.session.commit()
    return entry


def test_months_parse_and_step():
    assert exports.Month.parse("2026-05") == MAY
    assert exports.Month.parse("2026-13", now=datetime(2026, 2, 3, tzinfo=UTC)) == \
        exports.Month(2026, 2)
    assert MAY.previous == exports.Month(2026, 4) and MAY.next == exports.Month(2026, 6)
    assert exports.Month(2026, 1).previous == exports.Month(2025, 12)
    assert exports.Month(2026, 12).next == exports.Month(2027, 1)
    assert (MAY.key, MAY.label) == ("2026-05", "May 2026")


def test_a_month_starts_at_midnight_in_the_boards_time_zone():
    # 23:30 UTC on 30 April is 00:30 on 1 May in London (summer time).
    assert MAY.start == datetime(2026, 4, 30, 23, 0, tzinfo=UTC)
    assert MAY.end == datetime(2026, 5, 31, 23, 0, tzinfo=UTC)


def test_the_summary_counts_hours_jobs_and_people(neighbours, make_user, make_post):
    board, ann, ben, cara = neighbours
    dev = make_user("Dev")
    db.session.add(Membership(board=board, user=dev))
    month = exports.Month.parse(None)
    record(board, ben, cara, "2", "garden", ann)  # recorded by a coordinator: a job
    record(board, ben, dev, "1.5", "garden", ann)
    record(board, cara, ben, "0.75", "tech", ann)
    record(board, cara, ben, "5", "tech", ann, month.next.start)  # next month: not counted
    flows.finish(make_post(board, dev, title="Lift to the GP", category="lifts"), cara, hours="1")

    summary = exports.monthly_summary(board, month)
    rows = {row.label: row.as_row()[1:] for row in summary.rows}
    assert rows == {
        "Lifts & escorts": ["1", "1", "1", "1"],
        "Garden": ["3.5", "2", "1", "2"],
        "Tech help": ["0.75", "1", "1", "1"],
    }
    # Ben gave and received, Cara gave twice: each person counts once in the total.
    assert summary.total.as_row() == ["All categories", "5.25", "4", "2", "3"]
    assert [row.label for row in summary.rows] == ["Lifts & escorts", "Garden", "Tech help"]


def test_a_corrected_row_counts_once(neighbours):
    board, ann, ben, cara = neighbours
    when = datetime(2026, 5, 2, 12, tzinfo=UTC)
    wrong = record(board, ben, cara, "3", "garden", ann, when)
    record(board, ben, cara, "1", "garden", ann, when, corrects=wrong)
    assert exports.monthly_summary(board, MAY).total.as_row()[1:3] == ["1", "1"]
    assert [e.hours for e in exports.current_entries(board)] == [Decimal("1")]


def test_the_exchanges_csv(neighbours, make_user):
    board, ann, ben, cara = neighbours
    mallory = make_user("=HYPERLINK(1)")
    record(board, ben, cara, "1.25", "shopping", ann, datetime(2026, 5, 31, 23, 30, tzinfo=UTC))
    record(board, mallory, ben, "2", "other", ann, datetime(2026, 5, 2, 9, tzinfo=UTC))
    text = exports.exchanges_csv(ann, board)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        ["Date", "Giver", "Receiver", "Hours", "Category"],
        ["2026-05-02", "'=HYPERLINK(1)", "Ben", "2", "Other"],
        ["2026-06-01", "Ben", "Cara", "1.25", "Shopping & errands"],  # 00:30 in London
    ]
    june = exports.exchanges_csv(ann, board, exports.Month(2026, 6))
    assert len(list(csv.reader(io.StringIO(june)))) == 2


def test_only_coordinators_export(neighbours):
    board, ann, ben, cara = neighbours
    with pytest.raises(NotAllowed):
        exports.exchanges_csv(ben, board)


def test_months_to_choose_from(neighbours):
    board, *_ = neighbours
    board.created_at = datetime(2026, 2, 14, tzinfo=UTC)
    months = exports.months_of(board, now=datetime(2026, 5, 3, tzinfo=UTC))
    assert [m.key for m in months] == ["2026-05", "2026-04", "2026-03", "2026-02"]

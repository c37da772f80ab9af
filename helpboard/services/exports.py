"""What time banks report to their funders: every exchange as CSV, and a monthly summary.

Names are shown as the board shows them (display names). A ledger row that a later correction
replaced is left out: the correction counts instead.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import CATEGORIES, Board, LedgerEntry, Post, PostState, User, utcnow
from helpboard.services import audit, boards, ledger
from helpboard.services.clock import local_zone

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
EXCHANGE_HEADER = ["Date", "Giver", "Receiver", "Hours", "Category"]
SUMMARY_HEADER = ["Category", "Hours", "Jobs done", "People who gave", "People who received"]
# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Month:
    """A calendar month in the board's time zone."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, now: datetime | None = None) -> "Month":
        """Return the month written "2024-05", or this month if the text is empty or wrong."""
        match = MONTH.match((text or "").strip())
        if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= 2100:
            return cls(int(match[1]), int(match[2]))
        local = (now or utcnow()).astimezone(local_zone())
        return cls(local.year, local.month)

    @property
    def start(self) -> datetime:
        """Return the first moment of the month."""
        return datetime(self.year, self.month, 1, tzinfo=local_zone())

    @property
    def end(self) -> datetime:
        """Return the first moment of the next month."""
        return self.next.start

    @property
    def next(self) -> "Month":
        """Return the month after."""
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def previous(self) -> "Month":
        """Return the month before."""
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def key(self) -> str:
        """Return the month as "2024-05", for URLs and file names."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """Return the month as "May 2024"."""
        return self.start.strftime("%B %Y")


def months_of(board: Board, now: datetime | None = None, limit: int = 36) -> list[Month]:
    """Return the months the board has existed, newest first, to choose from."""
    month, first = Month.parse(None, now), Month.parse(None, board.created_at)
    months = [month]
    while month != first and len(months) < limit:
        month = month.previous
        months.append(month)
    return months


def current_entries(board: Board, month: Month | None = None) -> list[LedgerEntry]:
    """Return the board's exchanges (all, or in one month) that no correction replaced."""
    query = select(LedgerEntry).where(LedgerEntry.board_id == board.id, ledger.not_replaced())
    if month is not None:
        query = query.where(LedgerEntry.created_at >= month.start,
                            LedgerEntry.created_at < month.end)
    return list(db.session.scalars(query.order_by(LedgerEntry.created_at, LedgerEntry.id)))


def cell(value: str) -> str:
    """Return text safe to open in a spreadsheet: never read as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def hours_text(hours: Decimal) -> str:
    """Return hours as a plain number: 1, 1.5, 0.25."""
    text = f"{Decimal(hours).normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def exchange_rows(entries: list[LedgerEntry]) -> list[list[str]]:
    """Return one row per exchange: date, giver, receiver, hours, category."""
    return [
        [entry.created_at.astimezone(local_zone()).date().isoformat(),
         cell(entry.giver.display_name), cell(entry.receiver.display_name),
         hours_text(entry.hours), entry.category_label]
        for entry in entries
    ]


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    """Return rows as CSV text, with a byte-order mark so spreadsheets read names correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def exchanges_csv(coordinator: User, board: Board, month: Month | None = None) -> str:
    """Return the board's exchanges as CSV, for a coordinator; the download is logged."""
    boards.require_coordinator(board, coordinator)
    entries = current_entries(board, month)
    when = month.label if month else "all months"
    audit.record(coordinator, "export.exchanges",
                 f"{coordinator.display_name} downloaded the exchanges for {when} as CSV "
                 f"({len(entries)} rows).", board=board, month=month.key if month else "all")
    return to_csv(EXCHANGE_HEADER, exchange_rows(entries))


def download_name(board: Board, what: str, month: Month | None) -> str:
    """Return a file name like "elm-street-exchanges-2024-05.csv"."""
    return f"{board.slug}-{what}-{month.key if month else 'all'}.csv"


# --- The monthly summary ----------------------------------------------------------------------


@dataclass
class SummaryRow:
    """Hours, jobs and people for one category (or all of them)."""

    label: str
    hours: Decimal = Decimal(0)
    jobs: int = 0
    givers: set[int] = field(default_factory=set)
    receivers: set[int] = field(default_factory=set)

    @property
    def hours_label(self) -> str:
        """Return the hours as a plain number."""
        return hours_text(self.hours)

    def as_row(self) -> list[str]:
        """Return the row for a CSV file."""
        return [self.label, self.hours_label, str(self.jobs), str(len(self.givers)),
                str(len(self.receivers))]


@dataclass
class MonthlySummary:
    """A month on the board, by category, with a total row."""

    month: Month
    rows: list[SummaryRow]
    total: SummaryRow


@dataclass(frozen=True)
class Contribution:
    """One thing that counts: an exchange of hours, or a job done."""

    category: str
    giver_id: int | None
    receiver_id: int | None
    hours: Decimal = Decimal(0)
    job: bool = False


def contributions(board: Board, month: Month) -> list[Contribution]:
    """Return what counts in a month.

    Jobs done are posts marked done in the month plus jobs a coordinator recorded away from the
    app; hours are the exchanges recorded in the month (a job done in one month may have its
    hours confirmed in the next).
    """
    found = [
        Contribution(entry.category, entry.giver_id, entry.receiver_id, entry.hours,
                     job=entry.post_id is None)
        for entry in current_entries(board, month)
    ]
    done = select(Post).where(Post.board_id == board.id, Post.state == PostState.DONE,
                              Post.done_at >= month.start, Post.done_at < month.end)
    for post in db.session.scalars(done):
        giver, receiver = post.giver, post.receiver
        found.append(Contribution(post.category, giver.id if giver else None,
                                  receiver.id if receiver else None, job=True))
    return found


def monthly_summary(board: Board, month: Month) -> MonthlySummary:
    """Return hours, jobs done, people who gave and people who received, by category."""
    by_category: dict[str, SummaryRow] = defaultdict(lambda: SummaryRow(""))
    total = SummaryRow("All categories")
    for item in contributions(board, month):
        key = item.category if item.category in CATEGORIES else "other"
        for row in (by_category[key], total):
            row.hours += item.hours
            row.jobs += item.job
            if item.giver_id is not None:
                row.givers.add(item.giver_id)
            if item.receiver_id is not None:
                row.receivers.add(item.receiver_id)
    rows = []
    for key, label in CATEGORIES.items():
        if key in by_category:
            by_category[key].label = label
            rows.append(by_category[key])
    return MonthlySummary(month=month, rows=rows, total=total)


def summary_csv(summary: MonthlySummary) -> str:
    """Return the monthly summary as CSV, with the total last."""
    rows = [row.as_row() for row in summary.rows] + [summary.total.as_row()]
    return to_csv(SUMMARY_HEADER, rows)

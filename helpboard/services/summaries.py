"""Numbers about a board: hours this month, open posts, and the public summary (no names)."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import Board, PostKind
from helpboard.models.post import CATEGORIES, format_hours
from helpboard.services import ledger
from helpboard.services.posts import PostFilters, open_posts_query


@dataclass
class BoardStats:
    """The line at the top of a board."""

    hours_this_month: Decimal
    time_credits: bool

    @property
    def line(self) -> str:
        """Return "142 hours exchanged this month"."""
        if not self.time_credits:
            return ""
        return f"{format_hours(self.hours_this_month)} exchanged this month"


def board_stats(board: Board) -> BoardStats:
    """Return the board's headline numbers."""
    hours = ledger.board_hours_since(board, ledger.start_of_month())
    return BoardStats(hours_this_month=hours, time_credits=board.time_credits)


@dataclass
class PublicSummary:
    """What a board shows the public: counts and titles, never names."""

    open_requests: int
    open_offers: int
    by_category: list[tuple[str, int]]
    recent_titles: list[tuple[str, str, str]]  # kind label, title, category label
    stats: BoardStats


def public_summary(board: Board) -> PublicSummary:
    """Return the anonymous summary of a board."""
    query = open_posts_query(board, PostFilters()).subquery()
    counts = dict(db.session.execute(
        select(query.c.kind, func.count()).group_by(query.c.kind)).all())
    by_category = db.session.execute(
        select(query.c.category, func.count()).group_by(query.c.category)).all()
    recent = db.session.scalars(open_posts_query(board, PostFilters()).limit(10))
    return PublicSummary(
        open_requests=counts.get(PostKind.REQUEST, 0),
        open_offers=counts.get(PostKind.OFFER, 0),
        by_category=sorted((CATEGORIES.get(c, "Other"), n) for c, n in by_category),
        recent_titles=[(p.kind_label, p.title, p.category_label) for p in recent],
        stats=board_stats(board),
    )

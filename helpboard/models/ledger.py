"""The time-bank ledger and thank-you notes."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow
from helpboard.models.post import CATEGORIES, Post, format_hours
from helpboard.models.user import User


class LedgerEntry(db.Model):
    """One exchange of time. Never edited: a correction is a new row pointing at the old one."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    category: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # A row is corrected at most once (the database refuses a second correction of it).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    post: Mapped[Post | None] = relationship()
    giver: Mapped[User] = relationship(foreign_keys=[giver_id], lazy="joined")
    receiver: Mapped[User] = relationship(foreign_keys=[receiver_id], lazy="joined")
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])

    @property
    def hours_label(self) -> str:
        """Return the hours in plain words."""
        return format_hours(self.hours)

    @property
    def category_label(self) -> str:
        """Return the category in plain words."""
        return CATEGORIES.get(self.category, "Other")


@event.listens_for(LedgerEntry, "before_update")
def _ledger_is_append_only(mapper, connection, target):
    raise ValueError("Ledger entries are never edited; record a correction instead.")


class Thanks(db.Model):
    """A thank-you note after a job, shown on the post and the helper's profile."""

    __tablename__ = "thanks"
    __table_args__ = (UniqueConstraint("post_id", "from_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    acted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship()
    from_user: Mapped[User] = relationship(foreign_keys=[from_user_id], lazy="joined")
    to_user: Mapped[User] = relationship(foreign_keys=[to_user_id])
    acted_by: Mapped[User] = relationship(foreign_keys=[acted_by_id])

"""Keeping a board safe: reports, the audit log, and kiosk links for the lobby screen."""

import enum
import secrets
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow
from helpboard.models.board import Board
from helpboard.models.post import Post
from helpboard.models.user import User


def new_kiosk_token() -> str:
    """Return an unguessable token for a kiosk link."""
    return secrets.token_urlsafe(24)


class ReportState(enum.StrEnum):
    """Where a report stands."""

    OPEN = "open"
    RESOLVED = "resolved"


class Report(db.Model):
    """Someone reported a post or a member to the board's coordinators."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    reported_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[ReportState] = mapped_column(
        Enum(ReportState, native_enum=False, length=20,
             values_callable=lambda e: [m.value for m in e]),
        default=ReportState.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_note: Mapped[str] = mapped_column(Text, default="")

    board: Mapped[Board] = relationship()
    post: Mapped[Post | None] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    reported_user: Mapped[User | None] = relationship(foreign_keys=[reported_user_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def about_label(self) -> str:
        """Say what was reported: a person (on a post), or a post."""
        post = f"#{self.post_id} “{self.post.title}”" if self.post is not None else ""
        if self.reported_user is not None:
            where = f", on post {post}" if post else ""
            return f"{self.reported_user.display_name}{where}"
        return f"Post {post}" if post else "The board"


class AuditEntry(db.Model):
    """One coordinator or helper action: who, what, for whom, when. Never edited."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))  # e.g. "post.create", "member.suspend"
    summary: Mapped[str] = mapped_column(String(300))  # a sentence a coordinator can read
    target_type: Mapped[str] = mapped_column(String(30), default="")
    target_id: Mapped[int | None] = mapped_column()
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User] = relationship(foreign_keys=[actor_id], lazy="joined")
    on_behalf_of: Mapped[User | None] = relationship(foreign_keys=[on_behalf_of_id],
                                                     lazy="joined")


class KioskLink(db.Model):
    """A secret, read-only, revocable link for a lobby screen: it sees what the print page shows."""

    __tablename__ = "kiosk_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_kiosk_token)
    label: Mapped[str] = mapped_column(String(80), default="Lobby screen")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    board: Mapped[Board] = relationship()

    @property
    def is_active(self) -> bool:
        """Say whether the link still works."""
        return self.revoked_at is None

"""The record that makes client-identified writes idempotent."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow


class AppliedWrite(db.Model):
    """A write the server applied, keyed by the client's UUID (offline outbox, API clients).

    Only applied writes are stored: a rejected one can be corrected and sent again with the same id.
    """

    __tablename__ = "applied_writes"

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    body_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

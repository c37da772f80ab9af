"""Helpers who act for housebound residents, with the resident's recorded consent."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow
from helpboard.models.user import User


class ConsentMethod(enum.StrEnum):
    """How the resident said yes."""

    IN_PERSON = "in_person"
    BY_PHONE = "by_phone"
    ON_PAPER = "on_paper"
    IN_APP = "in_app"  # an existing member granted access themselves


CONSENT_LABELS = {
    ConsentMethod.IN_PERSON: "in person",
    ConsentMethod.BY_PHONE: "by phone",
    ConsentMethod.ON_PAPER: "on paper",
    ConsentMethod.IN_APP: "in the app",
}


class HelperLink(db.Model):
    """A helper's access to act for a resident. Ended, never deleted: the record stays."""

    __tablename__ = "helper_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    helper_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    relationship_note: Mapped[str] = mapped_column(String(80), default="")  # "her son", "carer"
    consent_given_by: Mapped[str] = mapped_column(String(120))  # who agreed, in their words
    consent_method: Mapped[ConsentMethod] = mapped_column(
        Enum(ConsentMethod, native_enum=False, length=20,
             values_callable=lambda e: [m.value for m in e]))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    end_reason: Mapped[str] = mapped_column(String(300), default="")

    helper: Mapped[User] = relationship(foreign_keys=[helper_id], lazy="joined")
    resident: Mapped[User] = relationship(foreign_keys=[resident_id], lazy="joined")
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])

    @property
    def is_active(self) -> bool:
        """Say whether the helper may still act for the resident."""
        return self.ended_at is None

    @property
    def consent_label(self) -> str:
        """Say how consent was given, in plain words."""
        return CONSENT_LABELS[self.consent_method]

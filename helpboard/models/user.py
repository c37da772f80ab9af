"""People: neighbours, coordinators and supported members."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    """A person on the board. Contact fields are private: only a matched neighbour sees them."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(60))
    skills: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(120), default="")
    # Private: revealed only to the other side of an accepted match.
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    access_notes: Mapped[str] = mapped_column(String(500), default="")
    # A resident without e-mail or device, looked after by helpers.
    is_supported: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_via_helper: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped to sign every session out (password change, account deletion).
    session_version: Mapped[int] = mapped_column(default=1)

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Say whether the password matches."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Identify the session; a bumped session_version signs old sessions out."""
        return f"{self.id}:{self.session_version}"

    @property
    def first_name(self) -> str:
        """Return the first word of the display name, for print-outs and kiosks."""
        return (self.display_name.split() or ["Neighbour"])[0]

    @property
    def skill_list(self) -> list[str]:
        """Return skills split on commas or new lines."""
        parts = self.skills.replace("\n", ",").split(",")
        return [part.strip() for part in parts if part.strip()]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.display_name!r}>"

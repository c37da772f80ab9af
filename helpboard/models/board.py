"""Boards (a street, a block, an estate) and who belongs to them."""

import enum
import secrets
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow
from helpboard.models.user import User


def new_invite_code() -> str:
    """Return a short code that is easy to read out or type from a poster."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Role(enum.StrEnum):
    """What a member may do on a board."""

    MEMBER = "member"
    COORDINATOR = "coordinator"


class MembershipStatus(enum.StrEnum):
    """Where a membership stands."""

    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DECLINED = "declined"


class Board(db.Model):
    """One neighbourhood board."""

    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    area_description: Mapped[str] = mapped_column(Text, default="")
    invite_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_invite_code)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    time_credits: Mapped[bool] = mapped_column(Boolean, default=True)
    public_summary: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Board {self.slug}>"


class Membership(db.Model):
    """A person's place on a board."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("board_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.MEMBER,
    )
    status: Mapped[MembershipStatus] = mapped_column(
        Enum(
            MembershipStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=MembershipStatus.ACTIVE,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:
        """Say whether this member can use the board now."""
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_coordinator(self) -> bool:
        """Say whether this member runs the board."""
        return self.is_active and self.role == Role.COORDINATOR

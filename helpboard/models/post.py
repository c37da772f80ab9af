"""Requests and offers, and the neighbours who answer them."""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpboard.extensions import db
from helpboard.models.base import UTCDateTime, utcnow
from helpboard.models.board import Board
from helpboard.models.user import User

CATEGORIES: dict[str, str] = {
    "repairs": "Small repairs & DIY",
    "shopping": "Shopping & errands",
    "lifts": "Lifts & escorts",
    "visits": "Visits & befriending",
    "garden": "Garden",
    "tech": "Tech help",
    "forms": "Forms & letters",
    "cooking": "Cooking",
    "other": "Other",
}


def _enum(cls):
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class PostKind(enum.StrEnum):
    """A post asks for help or offers it."""

    REQUEST = "request"
    OFFER = "offer"


class PostState(enum.StrEnum):
    """Where a post stands. ``expired`` is derived from ``expires_at``, never stored."""

    OPEN = "open"
    MATCHED = "matched"
    DONE = "done"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


STATE_LABELS = {
    PostState.OPEN: "Open",
    PostState.MATCHED: "Someone is helping",
    PostState.DONE: "Done",
    PostState.WITHDRAWN: "Withdrawn",
    PostState.EXPIRED: "Expired",
}


class ResponseState(enum.StrEnum):
    """Where one neighbour's answer to a post stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"  # someone else was accepted
    STEPPED_BACK = "stepped_back"
    CANCELLED = "cancelled"  # the author called the match off
    WITHDRAWN = "withdrawn"  # the responder took it back before a match


class Post(db.Model):
    """A request ("I need a hand with…") or an offer ("I can…")."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"), index=True)
    kind: Mapped[PostKind] = mapped_column(_enum(PostKind))
    # The member the post is for; posted_by is who pressed the button (a helper, a coordinator).
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    posted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(120))
    details: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(120), default="")
    hours_estimate: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("1"))
    needed_on: Mapped[date | None] = mapped_column(Date)  # None means "flexible"
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[PostState] = mapped_column(_enum(PostState), default=PostState.OPEN, index=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped on every change of content or state: a write that saw an older version conflicts.
    version: Mapped[int] = mapped_column(default=1)
    # The other side of the exchange once matched (the helper on a request, the asker on an offer).
    matched_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hours_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_word: Mapped[str | None] = mapped_column(String(40))

    board: Mapped[Board] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    posted_by: Mapped[User] = relationship(foreign_keys=[posted_by_id], lazy="joined")
    matched_user: Mapped[User | None] = relationship(foreign_keys=[matched_user_id])
    responses: Mapped[list["Response"]] = relationship(
        back_populates="post", order_by="Response.created_at"
    )

    @property
    def effective_state(self) -> PostState:
        """Return the state, with an open post past its expiry shown as expired."""
        if self.state == PostState.OPEN and self.expires_at <= utcnow():
            return PostState.EXPIRED
        return self.state

    @property
    def state_label(self) -> str:
        """Return the state in plain words."""
        state = self.effective_state
        if state == PostState.MATCHED and not self.is_request:
            return "Taken up by a neighbour"
        return STATE_LABELS[state]

    @property
    def kind_label(self) -> str:
        """Return "Request" or "Offer"."""
        return "Request" if self.kind == PostKind.REQUEST else "Offer"

    @property
    def category_label(self) -> str:
        """Return the category in plain words."""
        return CATEGORIES.get(self.category, "Other")

    @property
    def hours_label(self) -> str:
        """Return the time estimate as people say it ("about 1.5 hours")."""
        return "about " + format_hours(self.hours_estimate)

    @property
    def when_label(self) -> str:
        """Return when the help is needed, or "Flexible"."""
        return self.needed_on.strftime("%a %-d %b") if self.needed_on else "Flexible"

    @property
    def is_request(self) -> bool:
        """Say whether this post asks for help."""
        return self.kind == PostKind.REQUEST

    @property
    def giver(self) -> User | None:
        """Return who gives the time: the helper on a request, the author on an offer."""
        if self.matched_user is None:
            return None
        return self.matched_user if self.is_request else self.author

    @property
    def receiver(self) -> User | None:
        """Return who is helped: the author of a request, the asker on an offer."""
        if self.matched_user is None:
            return None
        return self.author if self.is_request else self.matched_user

    @property
    def posted_by_line(self) -> str:
        """Say who posted, and for whom when someone acted for the author."""
        if self.posted_by_id != self.author_id:
            return f"Posted by {self.posted_by.display_name} for {self.author.display_name}"
        return f"Posted by {self.author.display_name}"


class Response(db.Model):
    """A neighbour's "I can help" on a request, or "I'd like this" on an offer."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    acted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[ResponseState] = mapped_column(
        _enum(ResponseState), default=ResponseState.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[Post] = relationship(back_populates="responses")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    acted_by: Mapped[User] = relationship(foreign_keys=[acted_by_id])

    @property
    def state_label(self) -> str:
        """Say where this answer stands, kindly."""
        return RESPONSE_LABELS[self.state]


RESPONSE_LABELS = {
    ResponseState.PENDING: "waiting for the author to choose",
    ResponseState.ACCEPTED: "you were chosen",
    ResponseState.DECLINED: "someone else is helping this time — thank you for offering",
    ResponseState.STEPPED_BACK: "you stepped back",
    ResponseState.CANCELLED: "no longer needed",
    ResponseState.WITHDRAWN: "you took your answer back",
}


def format_hours(hours) -> str:
    """Return hours without needless decimals: 1 hour, 1.5 hours, 0.25 hours."""
    value = Decimal(hours).normalize()
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return f"{text} hour" if value == 1 else f"{text} hours"

"""Who is acting, and for whom."""

from dataclasses import dataclass

from helpboard.models import User


@dataclass(frozen=True)
class Actor:
    """The member a write is for, and the person who actually made it.

    They differ when a helper acts for a housebound resident, or a coordinator records a request
    that came in on paper. Every write stores both.
    """

    member: User
    by: User

    @classmethod
    def for_self(cls, user: User) -> "Actor":
        """Return an actor acting for themselves."""
        return cls(member=user, by=user)

    @property
    def on_behalf(self) -> bool:
        """Say whether someone is acting for another person."""
        return self.member.id != self.by.id

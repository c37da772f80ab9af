"""Who may see whose contact details: only the two people of a match."""

from dataclasses import dataclass

from helpboard.models import Post, PostState, User


@dataclass
class ContactCard:
    """What the matched neighbour needs to reach the other person."""

    name: str
    phone: str
    address: str
    access_notes: str
    via: str = ""  # "through Sam (her helper)" when contact goes through a helper


def counterpart(viewer: User, post: Post) -> User | None:
    """Return the other person of the match, if the viewer is one of the two."""
    if post.state not in (PostState.MATCHED, PostState.DONE) or post.matched_user is None:
        return None
    if viewer.id == post.author_id:
        return post.matched_user
    if viewer.id == post.matched_user_id:
        return post.author
    return None


def contact_for(viewer: User | None, post: Post) -> ContactCard | None:
    """Return the other side's contact details, or None if the viewer may not see them."""
    if viewer is None or not viewer.is_authenticated:
        return None
    other = counterpart(viewer, post)
    if other is None:
        return None
    return card_for(other)


def card_for(person: User) -> ContactCard:
    """Return a person's contact card."""
    return ContactCard(
        name=person.display_name, phone=person.phone, address=person.address,
        access_notes=person.access_notes,
    )

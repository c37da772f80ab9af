"""Who may see whose contact details: only the two people of a match (and their helpers)."""

from dataclasses import dataclass

from helpboard.models import Post, PostState, User
from helpboard.services import helpers


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
    return card_for(other, post)


def card_for(person: User, post: Post | None = None) -> ContactCard:
    """Return a person's contact card; the helper's phone when contact goes through a helper."""
    card = ContactCard(
        name=person.display_name, phone=person.phone, address=person.address,
        access_notes=person.access_notes,
    )
    link = helpers.contact_link(person, post)
    if link is not None:
        helper = link.helper
        card.phone = helper.phone
        role = f" ({link.relationship_note})" if link.relationship_note else ""
        card.via = (f"Contact goes through {helper.display_name}{role}, who helps "
                    f"{person.display_name}. The phone number is {helper.first_name}'s; "
                    f"the address is {person.display_name}'s.")
    return card

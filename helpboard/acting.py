"""The actor for the current request: the signed-in person, acting for themselves."""

from flask_login import current_user

from helpboard.services.actor import Actor


def current_actor() -> Actor:
    """Return who the current request acts for, and who is acting."""
    return Actor.for_self(current_user._get_current_object())

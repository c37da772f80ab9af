"""Registering, signing in and keeping a profile."""

from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import User
from helpboard.services.errors import Invalid


def find_by_email(email: str) -> User | None:
    """Return the user with this e-mail address, whatever its case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def register(display_name: str, email: str, password: str) -> User:
    """Create an account, refusing an e-mail address already used."""
    if find_by_email(email) is not None:
        raise Invalid(
            "There is already an account with that email address.",
            {"email": "There is already an account with that email address: sign in instead"},
        )
    user = User(display_name=display_name, email=email.strip().lower())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user for these credentials, or raise Invalid with one vague message."""
    user = find_by_email(email)
    if user is None or not user.check_password(password):
        raise Invalid(
            "The email address or password is not right.",
            {"password": "The email address or password is not right"},
        )
    return user


PROFILE_FIELDS = ("display_name", "skills", "area", "phone", "address", "access_notes")


def update_profile(user: User, **values: str) -> User:
    """Change what neighbours see and the private contact details."""
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(user, name, values[name] or "")
    db.session.flush()
    return user


def load_session_user(session_id: str) -> User | None:
    """Return the user for a Flask-Login id "user:version", or None if signed out since."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user

"""The actor for the current request: the signed-in person, or the resident they act for.

Acting for someone is kept in the session, but the helper link is checked again on every
request, so ending a helper's access takes effect at once.
"""

from flask import flash, has_request_context, request, session
from flask_login import current_user

from helpboard.extensions import db
from helpboard.models import User
from helpboard.services import helpers
from helpboard.services.actor import Actor

SESSION_KEY = "acting_for"  # [helper id, resident id]
CACHE_KEY = "helpboard.acting_for"  # in the request's environ: one check per request


def current_actor() -> Actor:
    """Return who the current request acts for, and who is acting."""
    user = current_user._get_current_object()
    resident = acting_for()
    return Actor(member=resident, by=user) if resident is not None else Actor.for_self(user)


def acting_for() -> User | None:
    """Return the resident the signed-in helper acts for, if their access is still active."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    if CACHE_KEY not in request.environ:
        request.environ[CACHE_KEY] = _check_session()
    resident_id = request.environ[CACHE_KEY]
    return db.session.get(User, resident_id) if resident_id is not None else None


def _check_session() -> int | None:
    stored = session.get(SESSION_KEY)
    if not stored:
        return None
    helper_id, resident_id = stored
    if helper_id != current_user.id:
        session.pop(SESSION_KEY, None)  # left behind by someone else on this phone
        return None
    if helpers.active_link(helper_id, resident_id) is None:
        session.pop(SESSION_KEY, None)
        flash("You are no longer acting for anyone: that access has ended.", "info")
        return None
    return resident_id


def start_acting(resident: User) -> None:
    """Act for the resident from the next request on."""
    session[SESSION_KEY] = [current_user.id, resident.id]
    request.environ[CACHE_KEY] = resident.id


def stop_acting() -> None:
    """Act for oneself again."""
    session.pop(SESSION_KEY, None)
    request.environ[CACHE_KEY] = None


def forget_acting(*_args, **_kwargs) -> None:
    """Drop "acting for" when someone signs in or out (a Flask-Login signal receiver)."""
    session.pop(SESSION_KEY, None)

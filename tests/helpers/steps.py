"""Short steps the helper tests share: act for someone, post a request as a page form does."""

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import Post
from tests.conftest import Auth


def signed_in(app, user):
    """Return a second browser, signed in as ``user``."""
    other = app.test_client()
    Auth(other).login(user)
    return other


def act_for(client, person):
    """Switch to acting for ``person`` with the button on "People I help"."""
    response = client.post(f"/helping/{person.id}/act")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def post_request(client, board, written_for, title="Collect a prescription"):
    """Send the new-post form as the page does, written for ``written_for``."""
    return client.post(f"/b/{board.slug}/posts/new", data={
        "kind": "request", "title": title, "details": "From the chemist on the corner",
        "category": "shopping", "location": "Elm Court", "hours_estimate": "1",
        "needed_on": "", "expires_in_days": "30", "acting_for": str(written_for.id),
    })


def latest_post() -> Post | None:
    """Return the newest post."""
    db.session.expire_all()
    return db.session.scalar(select(Post).order_by(Post.id.desc()).limit(1))


def press(client, post, action, written_for, **data):
    """Press a button on a post page, as a form written for ``written_for``."""
    return client.post(f"/posts/{post.id}/{action}",
                       data={"acting_for": str(written_for.id), **data})


def api_post(title: str, **extra) -> dict:
    """Return a JSON body for a new request, as the API and the outbox send it."""
    return {"kind": "request", "title": title, "category": "other", "hours_estimate": "1",
            "expires_in_days": "30", **extra}

"""Guessing passwords or flooding the board is slowed down, with a plain page, not an error."""

import pytest

from helpboard import create_app
from helpboard.extensions import db, limiter


@pytest.fixture
def limited_client(_app, app, tmp_path):
    """A client of an app with the rate limits on (the rest of the suite runs with them off).

    The limiter is one object shared by every app in the process: give it back to the test app,
    switched off, afterwards.
    """
    limited = create_app({
        "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": _app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
    })
    limited.instance_path = str(tmp_path)
    yield limited.test_client()
    limiter.reset()
    limiter.init_app(_app)
    with limited.app_context():
        db.engine.dispose()  # its own pool: close it, or PostgreSQL warns at exit


def test_guessing_passwords_is_stopped_after_twenty_tries(limited_client):
    wrong = {"email": "ann@example.org", "password": "not it"}
    answers = [limited_client.post("/sign-in", data=wrong).status_code for _ in range(21)]
    assert answers[:20] == [422] * 20
    assert answers[20] == 429
    page = limited_client.post("/sign-in", data=wrong).get_data(as_text=True)
    assert "Too many tries" in page and "Wait a few minutes" in page


def test_the_sign_in_page_still_opens_after_the_limit(limited_client):
    for _ in range(21):
        limited_client.post("/sign-in", data={"email": "a@example.org", "password": "x"})
    assert limited_client.get("/sign-in").status_code == 200  # only POSTs are counted

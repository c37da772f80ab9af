"""What every page shares: health check, error pages in plain words, security headers."""

import pytest

from helpboard import create_app
from helpboard.extensions import db
from tests.conftest import CheckedClient


def html(response) -> str:
    return response.get_data(as_text=True)


def test_the_health_check_says_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "reachable"}


def test_a_missing_page_says_so_plainly(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html(response)
    assert "The page may have moved" in html(response)


def test_a_forbidden_page_says_why(client, auth, neighbours, make_user):
    auth.login(make_user("Zed"))
    response = client.get("/b/elm-street")
    assert response.status_code == 403
    assert "<h1>You can&#39;t see this page</h1>" in html(response)
    assert "This board is for its members. Join it with an invite code." in html(response)


def test_a_wrong_method_says_to_use_the_buttons(client):
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert "Go back and use the buttons on the page." in html(response)


@pytest.fixture
def failing_app(_app):
    """An app with a page and an API route that fail, as a bug would."""
    broken = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "SECRET_KEY": "test",
                         "SQLALCHEMY_DATABASE_URI": _app.config["SQLALCHEMY_DATABASE_URI"]})
    broken.test_client_class = CheckedClient

    @broken.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    @broken.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("a bug")

    yield broken
    with broken.app_context():
        db.engine.dispose()


def test_a_server_error_is_explained_without_details(failing_app):
    response = failing_app.test_client().get("/boom")
    page = html(response)
    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong on our side</h1>" in page
    assert "Nothing you typed was lost" in page
    assert "RuntimeError" not in page and "a bug" not in page


def test_a_server_error_in_the_api_is_a_problem_document(failing_app):
    response = failing_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert response.json["title"] == "Sorry, something went wrong on our side"
    assert "a bug" not in html(response)


def test_every_page_carries_the_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_with_names_stay_out_of_shared_caches(client, auth, neighbours):
    _, _, ben, _ = neighbours
    assert "private" not in client.get("/").headers.get("Cache-Control", "")
    auth.login(ben)
    assert client.get("/b/elm-street").headers["Cache-Control"] == "private, no-cache"


def test_a_failed_form_puts_error_in_the_title_once(client):
    page = html(client.post("/sign-in", data={}))
    assert page.count("<title>Error: Sign in") == 1

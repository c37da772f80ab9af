"""CSRF protection on every write, checked on an app with CSRF switched on (the suite's is off)."""

import re

import pytest
from werkzeug.routing.rules import parse_converter_args

from helpboard import create_app
from helpboard.extensions import db
from tests.conftest import PASSWORD, CheckedClient

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>.*?)\))?:)?(?P<name>\w+)>")
EXEMPT: set[str] = set()  # a write route that truly needs no token goes here, with a reason


def concrete_urls(rule: str) -> list[str]:
    """Fill a rule's placeholders: numbers with 1, words with the test board, every any() value."""
    match = PLACEHOLDER.search(rule)
    if match is None:
        return [rule]
    head, tail = rule[:match.start()], rule[match.end():]
    if match["converter"] == "any":
        values, _ = parse_converter_args(match["args"])
    else:
        values = ["1"] if match["converter"] == "int" else ["elm-street"]
    return [url for value in values for url in concrete_urls(head + str(value) + tail)]


def write_routes() -> list[tuple[str, str]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted({(method, url) for rule in app.url_map.iter_rules()
                   for method in rule.methods & WRITE_METHODS
                   for url in concrete_urls(rule.rule) if url not in EXEMPT})


@pytest.fixture
def csrf_app(_app, app):
    """The same database, with CSRF checks on as in production."""
    protected = create_app({
        "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": _app.config["SQLALCHEMY_DATABASE_URI"],
    })
    protected.test_client_class = CheckedClient
    yield protected
    with protected.app_context():
        db.engine.dispose()


def token_from(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def signed_in(csrf_app, neighbours, make_post):
    """Ann, the coordinator, signed in with a real token; a post of Ben's on the board."""
    board, ann, ben, cara = neighbours
    make_post(board, ben)
    client = csrf_app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    response = client.post("/sign-in", data={"email": ann.email, "password": PASSWORD,
                                             "csrf_token": token_from(page)})
    assert response.status_code == 302
    return client


def test_signing_in_without_a_token_is_refused(csrf_app, neighbours):
    _, ann, _, _ = neighbours
    response = csrf_app.test_client().post("/sign-in", data={"email": ann.email,
                                                             "password": PASSWORD})
    assert response.status_code == 400
    assert "Please try that again" in response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "url"), write_routes())
def test_every_write_without_a_token_is_refused(signed_in, method, url):
    response = signed_in.open(url, method=method, data={"title": "x"})
    if url.startswith("/api/"):
        assert response.status_code == 403, response.get_data(as_text=True)
        assert response.mimetype == "application/problem+json"
        assert response.json["code"] == "csrf"
    else:
        assert response.status_code == 400, response.get_data(as_text=True)
        assert "Please try that again" in response.get_data(as_text=True)


def test_the_api_needs_the_token_in_a_header_and_the_same_origin(signed_in):
    post = {"kind": "request", "title": "Carry the shopping", "category": "shopping",
            "hours_estimate": "1"}
    url = "/api/v1/boards/elm-street/posts"
    refused = signed_in.post(url, json=post)
    assert refused.status_code == 403 and refused.json["code"] == "csrf"
    token = signed_in.get("/api/v1/session").json["csrf_token"]
    foreign = signed_in.post(url, json=post, headers={"X-CSRFToken": token,
                                                      "Origin": "https://evil.example"})
    assert foreign.status_code == 403 and foreign.json["code"] == "origin"
    accepted = signed_in.post(url, json=post, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201, accepted.json


def test_a_page_form_with_its_token_goes_through(signed_in):
    page = signed_in.get("/b/elm-street/posts/new").get_data(as_text=True)
    response = signed_in.post("/b/elm-street/posts/new", data={
        "csrf_token": token_from(page), "kind": "request", "title": "Read a letter",
        "category": "forms", "hours_estimate": "1", "expires_in_days": "30"})
    assert response.status_code == 302

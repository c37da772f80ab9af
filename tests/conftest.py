"""Fixtures: an app on a fresh database (SQLite, or PostgreSQL via HELPBOARD_TEST_DATABASE_URL),
a client that checks every page it gets, sign-in helpers and factories."""

import os
from decimal import Decimal

import pytest
from flask import g, request_started
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from helpboard import create_app
from helpboard.config import database_url
from helpboard.extensions import db
from helpboard.models import Board, Membership, MembershipStatus, PostKind, Role, User
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.posts import PostFields
from tests.pagecheck import page_problems

# The rate limiter is one object for the whole process: every app a test makes starts with it
# off, so no test counts another's requests. tests/test_rate_limits.py turns it on.
os.environ["HELPBOARD_RATELIMIT"] = "0"

# A board with something for every coordinator page; see tests/world.py.
pytest_plugins = ["tests.world"]

PASSWORD = "correct horse battery"
# Hashed once and cheaply: real scrypt costs a quarter of a second per person made.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def test_database_url(tmp_path_factory) -> str:
    """Return the database for this run, emptied so migrations build it from nothing."""
    url = os.environ.get("HELPBOARD_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    url = database_url_from(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def database_url_from(url: str) -> str:
    """Normalise a PostgreSQL URL to the psycopg 3 driver."""
    os.environ["DATABASE_URL"] = url
    try:
        return database_url("")
    finally:
        del os.environ["DATABASE_URL"]


test_database_url.__test__ = False


class CheckedClient(FlaskClient):
    """A test client that fails the test when a page breaks the basic accessibility rules."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            problems = page_problems(response.get_data(as_text=True))
            assert not problems, f"{response.request.path}: {problems}"
        return response


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": test_database_url(tmp_path_factory),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    })
    app.instance_path = str(instance)
    app.test_client_class = CheckedClient
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections (psycopg warns about ones left open)


@pytest.fixture
def app(_app):
    """The app, with an empty database after the test."""
    with _app.app_context():
        yield _app
        db.session.remove()
        empty_database()


def empty_database() -> None:
    """Delete every row, children first."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _fresh_user_per_request(request):
    """Load the signed-in person afresh on each request, as a real server does.

    The ``app`` fixture keeps one app context open for the whole test, so ``g`` (where
    Flask-Login caches the current user) would outlive a request: with two test clients, the
    second would see the first one's user.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")

    def forget_user(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget_user, app)
    yield
    request_started.disconnect(forget_user, app)


@pytest.fixture
def client(app):
    return app.test_client()


class Auth:
    """Sign in and out as someone, through the real form."""

    def __init__(self, client):
        self.client = client

    def login(self, user: User):
        response = self.client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.client.post("/sign-out")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def make_user(app):
    """Create a person: make_user("Ann", phone=..., address=...)."""

    def make(name: str = "Ann", **fields) -> User:
        email = fields.pop("email", f"{name.lower().replace(' ', '.')}@example.org")
        user = User(display_name=name, email=email, **fields)
        user.password_hash = PASSWORD_HASH
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_board(app):
    """Create a board with members: make_board(coordinator, members=[...])."""

    def make(coordinator: User, members=(), name: str = "Elm Street", **fields) -> Board:
        board = Board(name=name, slug=name.lower().replace(" ", "-"), **fields)
        db.session.add(board)
        db.session.add(Membership(board=board, user=coordinator, role=Role.COORDINATOR))
        for member in members:
            db.session.add(Membership(board=board, user=member, status=MembershipStatus.ACTIVE))
        db.session.commit()
        return board

    return make


@pytest.fixture
def make_post(app):
    """Create a post: make_post(board, author, "request", title=...)."""

    def make(board: Board, author: User, kind: str = "request", **fields):
        values = {"title": "Change a light bulb", "details": "In the hall", "category": "repairs",
                  "location": "Elm Street", "hours_estimate": Decimal("1"), "needed_on": None}
        values.update(fields)
        post = post_rules.create_post(Actor.for_self(author), board, PostKind(kind),
                                      PostFields(**values))
        db.session.commit()
        return post

    return make


@pytest.fixture
def neighbours(make_user, make_board):
    """A board with a coordinator (Ann) and two members (Ben, Cara), with private details."""
    ann = make_user("Ann", phone="07700 900001", address="1 Elm Street")
    ben = make_user("Ben", phone="07700 900002", address="2 Elm Street",
                    access_notes="Ring twice")
    cara = make_user("Cara", phone="07700 900003", address="3 Elm Street")
    board = make_board(ann, members=[ben, cara])
    return board, ann, ben, cara

"""Browser tests: the real app on 127.0.0.1 in a thread, driven by Chromium through Playwright.

A missing browser fails these tests; nothing here skips.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from helpboard import create_app
from helpboard.extensions import db
from tests.conftest import PASSWORD, database_url_from, empty_database

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """Mark everything under tests/e2e so `pytest -m "not e2e"` can leave it out."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def chromium_path() -> str | None:
    """Return Debian's Chromium (or HELPBOARD_CHROMIUM); None means Playwright's own build."""
    configured = os.environ.get("HELPBOARD_CHROMIUM")
    if configured:
        return configured
    return shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)


def e2e_database_url(tmp_path_factory) -> str:
    """Return an empty database for the live server: SQLite, or a PostgreSQL database of its own."""
    url = os.environ.get("HELPBOARD_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.db'}"
    url = make_url(database_url_from(url))
    name = f"{url.database}_e2e"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


class LiveServer:
    """The app served over real HTTP on a free port, for the browser."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=10)

    def reset(self):
        """Empty the database between tests."""
        with self.app.app_context():
            db.session.remove()
            empty_database()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    app = create_app({
        "SECRET_KEY": "e2e",
        "SQLALCHEMY_DATABASE_URI": e2e_database_url(tmp_path_factory),
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    })
    app.instance_path = str(tmp_path_factory.mktemp("e2e-instance"))
    with app.app_context():
        upgrade()
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()  # close pooled connections now: PostgreSQL's raise ResourceWarning


@pytest.fixture
def server(live_server):
    """The live server, with an empty database after each test."""
    yield live_server
    live_server.reset()


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def launch_options() -> dict:
    """Return the launch options, for tests that need a persistent profile."""
    return {"executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture
def context(browser, server):
    context = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844})
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def nojs_context(browser, server):
    """A phone with JavaScript turned off."""
    context = browser.new_context(base_url=server.url, java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    yield context
    context.close()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)

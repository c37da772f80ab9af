"""Browser tests: the real app served from a thread on 127.0.0.1, and Debian's Chromium.

The server shares the test database with the unit tests' app (tests/conftest.py): the tests
seed it with the same factories and read it back to check what the server stored. The server's
app has CSRF protection on, as in production.

Chromium: /usr/bin/chromium, or HELPBOARD_CHROMIUM. A missing browser fails the run: browser
tests that skip themselves hide a broken set-up.
"""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import text
from werkzeug.serving import make_server

from helpboard import create_app
from helpboard.extensions import db
from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("HELPBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """Mark every test under tests/e2e as e2e (``make unit`` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


class Faults:
    """WSGI middleware that lets a test make the server fail: ``faults.down = True`` answers
    every request with 503; ``faults.fail_sync = True`` only POST /api/v1/sync."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.down = False
        self.fail_sync = False

    def __call__(self, environ, start_response):
        sync = environ.get("PATH_INFO") == "/api/v1/sync" and environ["REQUEST_METHOD"] == "POST"
        if self.down or (self.fail_sync and sync):
            start_response("503 Service Unavailable", [("Content-Type", "text/plain"),
                                                       ("Retry-After", "1")])
            return [b"The server is down for a test."]
        return self.wsgi_app(environ, start_response)


class LiveServer:
    """The app served by werkzeug in a thread; ``url`` is its base URL."""

    def __init__(self, app, faults, server):
        self.app = app
        self.faults = faults
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"

    def reset(self):
        """Undo what a test changed on the server."""
        self.faults.down = self.faults.fail_sync = False
        self.app.config.pop("HELPBOARD_SW_VERSION", None)


@pytest.fixture(scope="session")
def live_server(_app):
    """Serve a CSRF-protected app on the unit tests' database, on a free port."""
    app = create_app({
        "SECRET_KEY": "e2e",
        "SQLALCHEMY_DATABASE_URI": _app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": True,
    })
    faults = Faults(app.wsgi_app)
    app.wsgi_app = faults
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, faults, server)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


def launch_options() -> dict:
    """Return the launch options for Debian's Chromium; fail when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (make browser) or set "
                    "HELPBOARD_CHROMIUM", pytrace=False)
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(**launch_options())
    yield browser
    browser.close()


@pytest.fixture
def server(live_server, app):
    """The live server, for one test; the database is emptied after it (by ``app``)."""
    yield live_server
    live_server.reset()


@pytest.fixture
def context(browser, server):
    """A fresh browser profile: its own cookies, service worker, caches and IndexedDB."""
    context = browser.new_context(base_url=server.url, service_workers="allow")
    context.set_default_timeout(15000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def rows(app):
    """Run SQL on the test database and return the rows, in a transaction closed at once
    (a read left open on SQLite would block the server's writes)."""

    def query(sql: str, **params):
        with db.engine.connect() as connection:
            return connection.execute(text(sql), params).all()

    return query


def sign_in(page, email: str, password: str = PASSWORD, next_path: str = "/"):
    """Sign in through the real form."""
    page.goto(f"/sign-in?next={next_path}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_url(lambda url: "/sign-in" not in url)

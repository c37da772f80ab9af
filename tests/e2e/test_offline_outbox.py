"""The offline outbox and offline reading, end to end in Chromium (shared/docs/offline-outbox.md).

Each test checks what the server stored (the database) and what the person sees. Waits are on
conditions: Playwright's wait_for_function only takes synchronous predicates, so conditions on
IndexedDB or Cache Storage are polled inside the page by ``wait_until``.
"""

import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from helpboard.extensions import db
from helpboard.models import Board, Membership, PostKind, Role, User
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.posts import PostFields
from tests.conftest import PASSWORD
from tests.e2e.conftest import launch_options, sign_in

SAVED = "Saved on this phone — it will be sent when you're back online"
PAGES_CACHE = "helpboard-pages-v1"


# --- the server's side: data, database reads, faults ---------------------------------------

class Faults:
    """WSGI middleware that makes the server fail on demand: ``down`` answers every request
    with 503; ``fail_sync`` only POST /api/v1/sync."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.down = False
        self.fail_sync = False

    def __call__(self, environ, start_response):
        sync = environ.get("PATH_INFO") == "/api/v1/sync" and environ["REQUEST_METHOD"] == "POST"
        if self.down or (self.fail_sync and sync):
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"Down for a test."]
        return self.wsgi_app(environ, start_response)


@pytest.fixture
def faults(server):
    """Let the test break the live server; put everything back afterwards."""
    original = server.app.wsgi_app
    server.app.wsgi_app = Faults(original)
    yield server.app.wsgi_app
    server.app.wsgi_app = original
    server.app.config.pop("HELPBOARD_SW_VERSION", None)


@pytest.fixture
def rows(server):
    """Run SQL on the live server's database; the read is closed at once (an open read on
    SQLite would block the server's writes)."""

    def query(sql: str, **params):
        with server.app.app_context(), db.engine.connect() as connection:
            return connection.execute(text(sql), params).all()

    return query


@pytest.fixture
def people(server):
    """Elm Street's board with Ann (coordinator) and Ben; returns their ids and e-mails."""
    with server.app.app_context():
        board = Board(name="Elm Street", slug="elm-street")
        users = {}
        for name in ("Ann", "Ben"):
            users[name] = User(display_name=name, email=f"{name.lower()}@example.org")
            users[name].set_password(PASSWORD)
        db.session.add_all([board, *users.values()])
        db.session.add(Membership(board=board, user=users["Ann"], role=Role.COORDINATOR))
        db.session.add(Membership(board=board, user=users["Ben"]))
        db.session.commit()
        return SimpleNamespace(slug=board.slug, board_id=board.id, ann_id=users["Ann"].id,
                               ben_id=users["Ben"].id, ben_email=users["Ben"].email)


def make_post(server, board_id: int, author_id: int, title: str) -> int:
    """Put a request on the board through the service layer; return its id."""
    with server.app.app_context():
        author = db.session.get(User, author_id)
        fields = PostFields(title=title, details="In the hall", category="repairs",
                            location="Elm Street", hours_estimate=Decimal("1"), needed_on=None)
        post = post_rules.create_post(Actor.for_self(author), db.session.get(Board, board_id),
                                      PostKind.REQUEST, fields)
        db.session.commit()
        return post.id


# --- helpers -------------------------------------------------------------------------------

def wait_until(page, predicate: str, timeout_ms: int = 15000):
    """Poll an async JS predicate in the page until it holds."""
    page.evaluate(f"""async () => {{
        const check = {predicate};
        const end = Date.now() + {timeout_ms};
        while (!(await check())) {{
            if (Date.now() > end) throw new Error({json.dumps("Timed out: " + predicate)});
            await new Promise((resolve) => setTimeout(resolve, 50));
        }}
    }}""")


def wait_for_worker(page) -> None:
    """Wait until a service worker is active and controls the page."""
    page.evaluate("""async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
            await new Promise((resolve) => navigator.serviceWorker
                .addEventListener('controllerchange', resolve, { once: true }));
        }
    }""")


def wait_until_saved(page, path: str) -> None:
    """Wait until the worker has saved this page for offline reading."""
    wait_until(page, f"async () => Boolean(await (await caches.open('{PAGES_CACHE}'))"
                     f".match(new URL({json.dumps(path)}, location.href).href))")


def outbox(page) -> list[dict]:
    """Return the items in this browser's outbox (IndexedDB), oldest first."""
    return page.evaluate("self.OutboxDB.all()")


def wait_for_outbox(page, count: int) -> None:
    wait_until(page, f"async () => (await self.OutboxDB.all()).length === {count}")


def write_post(page, slug: str, title: str, details: str = "Any evening this week.") -> None:
    """Fill in and send the new post form (which may come from the worker's cache)."""
    page.goto(f"/b/{slug}/posts/new")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=details]", details)
    page.click("button:has-text('Put it on the board')")


def posts_titled(rows, title: str) -> list:
    return rows("SELECT id, title, version FROM posts WHERE title = :title", title=title)


class SyncLog:
    """Record every POST /api/v1/sync (from pages and from the worker) and let it through."""

    def __init__(self, context):
        self.bodies: list[dict] = []
        self.from_worker: list[bool] = []
        context.route("**/api/v1/sync", self.handle)

    def handle(self, route):
        self.bodies.append(json.loads(route.request.post_data or "{}"))
        self.from_worker.append(route.request.service_worker is not None)
        route.continue_()

    def ids(self) -> list[str]:
        return [item["id"] for body in self.bodies for item in body.get("items", [])]


@pytest.fixture
def ben(page, people, faults):
    """Ben, signed in on Elm Street's board, with the worker in control and the board and the
    new post form saved for offline use."""
    sign_in(page, people.ben_email)
    page.goto(f"/b/{people.slug}")
    wait_for_worker(page)
    for path in (f"/b/{people.slug}/posts/new", f"/b/{people.slug}"):
        page.goto(path)
        wait_until_saved(page, path)
    return SimpleNamespace(**vars(people), email=people.ben_email)


# --- the cases ---------------------------------------------------------------------

def test_offline_post_is_kept_shown_as_waiting_and_survives_a_reload(page, context, ben, rows):
    context.set_offline(True)
    write_post(page, ben.slug, "Carry a sofa upstairs")

    expect(page.get_by_text(SAVED)).to_be_visible()
    [item] = outbox(page)
    assert item["kind"] == "post.create" and item["state"] == "waiting"
    assert item["payload"]["title"] == "Carry a sofa upstairs"
    assert item["payload"]["board"] == ben.slug and "csrf_token" not in item["payload"]
    expect(page.locator("[data-outbox-count]")).to_have_text("1 waiting to send")

    page.goto(f"/b/{ben.slug}")
    for reload in (False, True):  # the board page, then the same page reloaded, still offline
        if reload:
            page.reload()
        waiting = page.locator("ol.posts [data-outbox-waiting]")
        expect(waiting).to_have_count(1)
        expect(waiting).to_contain_text("Carry a sofa upstairs")
        expect(waiting).to_contain_text("Waiting to send")
        expect(page.locator(".offline-notice")).to_contain_text("You're offline")
    assert len(outbox(page)) == 1
    assert posts_titled(rows, "Carry a sofa upstairs") == []


def test_back_online_it_is_sent_exactly_once(page, context, ben, rows):
    context.set_offline(True)
    write_post(page, ben.slug, "Walk the dog on Friday")
    expect(page.get_by_text(SAVED)).to_be_visible()
    [item] = outbox(page)

    context.set_offline(False)
    wait_for_outbox(page, 0)

    [post] = posts_titled(rows, "Walk the dog on Friday")
    assert rows("SELECT client_id FROM applied_writes") == [(item["id"],)]
    expect(page.locator("[data-outbox-count]")).to_be_hidden()
    page.goto("/outbox")
    sent = page.locator(".outbox-item--sent")
    expect(sent).to_contain_text("Walk the dog on Friday")
    expect(sent.get_by_role("link", name="View it")).to_have_attribute("href", f"/posts/{post.id}")


def test_without_background_sync_it_is_sent_on_the_next_page_trigger(page, context, ben, rows):
    page.goto(f"/b/{ben.slug}?no-bg-sync=1")  # the test switch: behave like Safari
    wait_until_saved(page, f"/b/{ben.slug}?no-bg-sync=1")
    log = SyncLog(context)
    context.set_offline(True)
    write_post(page, ben.slug, "Read a letter with me")
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_text("Open helpboard again when you have signal")).to_be_visible()
    tags = page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.getTags())")
    assert tags == []

    context.set_offline(False)  # the page's `online` event is the trigger
    wait_for_outbox(page, 0)

    assert len(posts_titled(rows, "Read a letter with me")) == 1
    assert log.ids() == [item["id"] for item in log.bodies[0]["items"]]
    assert log.from_worker[0] is False


def test_a_5xx_mid_batch_keeps_the_rest_and_send_now_finishes_without_duplicates(
        page, context, ben, rows):
    titles = ["Post a parcel", "Water the plants", "Fix a dripping tap"]
    context.set_offline(True)
    for title in titles:
        write_post(page, ben.slug, title)
        expect(page.get_by_text(SAVED)).to_be_visible()
    assert len(outbox(page)) == 3

    server_state = {"calls": 0, "recovered": False}

    def first_item_then_500(route):
        if server_state["recovered"]:
            route.continue_()
            return
        server_state["calls"] += 1
        if server_state["calls"] == 1:
            # The server applies the first item, then fails: the client hears only a 500.
            body = json.loads(route.request.post_data)
            body["items"] = body["items"][:1]
            route.fetch(post_data=json.dumps(body))
        route.fulfill(status=500, content_type="text/plain", body="boom")

    context.route("**/api/v1/sync", first_item_then_500)
    context.set_offline(False)
    wait_until(page, "async () => (await self.OutboxDB.all()).every((item) => "
                     "item.state === 'waiting' && item.last_error.includes('busy'))")
    assert len(outbox(page)) == 3
    assert len(posts_titled(rows, titles[0])) == 1

    page.goto("/outbox")
    waiting = page.locator(".outbox-item--waiting")
    expect(waiting).to_have_count(3)
    expect(waiting.first).to_contain_text("helpboard is busy")

    server_state["recovered"] = True
    page.click("[data-outbox-send-all]")
    expect(page.locator("[data-outbox-summary]")).to_have_text("Nothing is waiting to send.")
    for title in titles:
        assert len(posts_titled(rows, title)) == 1, title
    assert len(rows("SELECT client_id FROM applied_writes")) == 3


def test_a_response_lost_after_the_server_saved_makes_no_duplicate(page, context, ben, rows):
    context.set_offline(True)
    write_post(page, ben.slug, "Lend a ladder")
    expect(page.get_by_text(SAVED)).to_be_visible()
    [item] = outbox(page)

    network = {"lost": [], "recovered": False}

    def save_then_drop(route):
        if network["recovered"]:
            route.continue_()
            return
        if not network["lost"]:
            network["lost"].append(route.fetch())  # the server commits...
        route.abort("connectionreset")  # ...and the answer never arrives

    context.route("**/api/v1/sync", save_then_drop)
    context.set_offline(False)
    # One attempt while offline (at submit), then at least one whose answer was lost.
    wait_until(page, "async () => (await self.OutboxDB.all())[0].attempts >= 2")
    assert network["lost"][0].status == 200
    assert len(posts_titled(rows, "Lend a ladder")) == 1
    assert len(outbox(page)) == 1

    network["recovered"] = True
    page.goto("/outbox")
    page.click("[data-outbox-send-all]")
    expect(page.locator("[data-outbox-summary]")).to_have_text("Nothing is waiting to send.")
    assert len(posts_titled(rows, "Lend a ladder")) == 1
    receipt = page.evaluate("(id) => self.OutboxDB.receipt(id)", item["id"])
    assert receipt["result"]["status"] == "already_applied"


def test_a_validation_error_needs_attention_is_edited_and_then_sent(page, context, ben, rows):
    context.set_offline(True)
    write_post(page, ben.slug, "", details="Bring a drill, please")  # no title
    expect(page.get_by_text(SAVED)).to_be_visible()

    context.set_offline(False)
    wait_until(page, "async () => (await self.OutboxDB.all())[0]?.state === 'attention'")
    page.goto("/outbox")
    row = page.locator(".outbox-item--attention")
    expect(row).to_contain_text("Needs attention")
    expect(row).to_contain_text("Enter a short title")
    page.reload()  # never retried by itself: still there, still needs attention
    expect(row).to_have_count(1)
    assert rows("SELECT id FROM posts") == []

    row.get_by_role("link", name="Edit").click()
    expect(page.locator("textarea[name=details]")).to_have_value("Bring a drill, please")
    expect(page.locator("[data-outbox-editing]")).to_contain_text("Enter a short title")
    [item] = outbox(page)
    page.fill("input[name=title]", "Put up a shelf")
    page.click("button:has-text('Put it on the board')")

    page.wait_for_url("**/posts/*")
    expect(page.get_by_role("heading", level=1)).to_have_text("Put up a shelf")
    [post] = posts_titled(rows, "Put up a shelf")
    assert rows("SELECT client_id FROM applied_writes") == [(item["id"],)]
    assert outbox(page) == []


def test_a_conflict_needs_attention_is_edited_and_then_sent(page, context, server, ben, rows):
    post_id = make_post(server, ben.board_id, ben.ben_id, "Borrow a drill")
    page.goto(f"/posts/{post_id}/edit")
    wait_until_saved(page, f"/posts/{post_id}/edit")
    context.set_offline(True)
    page.goto(f"/posts/{post_id}/edit")
    page.fill("input[name=title]", "Borrow a drill and a ladder")
    page.click("button:has-text('Save changes')")
    expect(page.get_by_text(SAVED)).to_be_visible()

    # Meanwhile the post changed on the server (Ben, on another phone).
    with server.app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE posts SET version = version + 1, "
                                "details = 'Changed elsewhere' WHERE id = :id"), {"id": post_id})
    context.set_offline(False)
    wait_until(page, "async () => (await self.OutboxDB.all())[0]?.state === 'attention'")
    [item] = outbox(page)
    assert item["conflict"] is True

    page.goto("/outbox")
    page.locator(".outbox-item--attention").get_by_role("link", name="Edit").click()
    expect(page.locator("input[name=title]")).to_have_value("Borrow a drill and a ladder")
    page.click("button:has-text('Save changes')")
    page.wait_for_url(f"**/posts/{post_id}")
    [post] = posts_titled(rows, "Borrow a drill and a ladder")
    assert post.version == 3
    assert outbox(page) == []


def test_an_expired_session_keeps_the_items_and_sends_each_once_after_sign_in(
        page, context, ben, rows):
    context.set_offline(True)
    write_post(page, ben.slug, "Collect a prescription")
    expect(page.get_by_text(SAVED)).to_be_visible()
    write_post(page, ben.slug, "Change a fuse")
    expect(page.get_by_text(SAVED)).to_be_visible()
    context.clear_cookies()  # the session ended while the items waited

    context.set_offline(False)
    link = page.get_by_role("link", name="Sign in to send 2 waiting items")
    expect(link).to_be_visible()
    assert len(outbox(page)) == 2
    assert rows("SELECT id FROM posts") == []

    link.click()
    page.fill("input[name=email]", ben.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_url(lambda url: "/sign-in" not in url)
    wait_for_outbox(page, 0)
    assert len(posts_titled(rows, "Collect a prescription")) == 1
    assert len(posts_titled(rows, "Change a fuse")) == 1


def test_the_queue_survives_a_browser_restart_with_the_server_down(
        playwright, server, faults, people, rows, tmp_path):
    slug, email = people.slug, people.ben_email
    profile = tmp_path / "profile"
    options = {**launch_options(), "base_url": server.url}

    browser = playwright.chromium.launch_persistent_context(profile, **options)
    page = browser.new_page()
    page.goto(f"/sign-in?next=/b/{slug}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=remember]")  # the session cookie alone ends with the browser
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_url(f"**/b/{slug}")
    wait_for_worker(page)
    page.goto(f"/b/{slug}/posts/new")
    wait_until_saved(page, f"/b/{slug}/posts/new")
    browser.set_offline(True)
    for title in ("Feed the cat", "Fetch the paper"):
        write_post(page, slug, title)
        expect(page.get_by_text(SAVED)).to_be_visible()
    browser.close()

    faults.down = True  # not offline at launch: Chromium would fire syncs before that
    browser = playwright.chromium.launch_persistent_context(profile, **options)
    try:
        page = browser.new_page()
        page.goto("/outbox")  # 503 from the server: the worker answers from its cache
        expect(page.locator(".outbox-item")).to_have_count(2)
        assert sorted(i["payload"]["title"] for i in outbox(page)) == ["Feed the cat",
                                                                        "Fetch the paper"]
        assert rows("SELECT id FROM posts") == []

        faults.down = False
        page.click("[data-outbox-send-all]")
        expect(page.locator("[data-outbox-summary]")).to_have_text("Nothing is waiting to send.")
        assert len(posts_titled(rows, "Feed the cat")) == 1
        assert len(posts_titled(rows, "Fetch the paper")) == 1
    finally:
        browser.close()


def test_two_tabs_send_each_item_once(page, context, ben, rows):
    other = context.new_page()
    other.goto(f"/b/{ben.slug}")
    log = SyncLog(context)
    context.set_offline(True)
    for tab, title in ((page, "Tab one: bins"), (page, "Tab one: post"),
                       (other, "Tab two: shopping"), (other, "Tab two: lift")):
        write_post(tab, ben.slug, title)
        expect(tab.get_by_text(SAVED)).to_be_visible()
    assert len(outbox(page)) == 4

    context.set_offline(False)  # both tabs and the worker try to send at once
    wait_for_outbox(page, 0)
    wait_for_outbox(other, 0)

    ids = log.ids()
    assert len(ids) == len(set(ids)) == 4, ids
    for title in ("Tab one: bins", "Tab one: post", "Tab two: shopping", "Tab two: lift"):
        assert len(posts_titled(rows, title)) == 1, title


def test_a_worker_update_with_items_queued_loses_nothing(page, ben, server, faults, rows):
    faults.fail_sync = True  # online, but the items can't be sent yet
    for title in ("Tidy the garden", "Sort the recycling"):
        write_post(page, ben.slug, title)
        expect(page.get_by_text(SAVED)).to_be_visible()
    before = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    old_caches = page.evaluate("caches.keys()")

    server.app.config["HELPBOARD_SW_VERSION"] = "next-release"
    page.goto("/outbox")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    reload = page.get_by_role("button", name="New version — reload")
    expect(reload).to_be_visible()
    assert len(outbox(page)) == 2  # the waiting worker changed nothing yet
    with page.expect_navigation():
        reload.click()

    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == before
    keys = page.evaluate("caches.keys()")
    assert "helpboard-shell-next-release" in keys
    assert not [k for k in old_caches if k.startswith("helpboard-shell-") and k in keys]
    expect(page.locator(".outbox-item--waiting")).to_have_count(2)

    faults.fail_sync = False
    page.click("[data-outbox-send-all]")
    expect(page.locator("[data-outbox-summary]")).to_have_text("Nothing is waiting to send.")
    assert len(posts_titled(rows, "Tidy the garden")) == 1
    assert len(posts_titled(rows, "Sort the recycling")) == 1


def test_reading_offline_and_sign_out_removes_saved_pages(page, context, server, ben):
    post_id = make_post(server, ben.board_id, ben.ann_id, "Help with a form")
    page.goto(f"/b/{ben.slug}")
    wait_until_saved(page, f"/b/{ben.slug}")

    context.set_offline(True)
    page.goto(f"/b/{ben.slug}")
    expect(page.locator(".offline-notice")).to_have_text(
        re.compile(r"^You're offline — showing this page as it was at \d\d:\d\d\.$"))
    expect(page.locator("ol.posts")).to_contain_text("Help with a form")
    page.goto(f"/posts/{post_id}")  # never opened: the offline page, listing saved pages
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page.locator("[data-cached-pages-list]")).to_contain_text("Elm Street")

    context.set_offline(False)
    page.goto(f"/b/{ben.slug}")
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/")
    saved = page.evaluate(f"""async () => (await (await caches.open('{PAGES_CACHE}')).keys())
        .map((request) => new URL(request.url).pathname)""")
    assert f"/b/{ben.slug}" not in saved and f"/b/{ben.slug}/posts/new" not in saved
    context.set_offline(True)
    page.goto(f"/b/{ben.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")


# --- the other answers ------------------------------------------------------------------

def test_refused_while_online_the_form_posts_and_the_server_shows_its_errors(page, ben, rows):
    write_post(page, ben.slug, "", details="Online, but no title")

    expect(page.locator(".error-summary")).to_contain_text("Enter a short title")
    expect(page.locator("textarea[name=details]")).to_have_value("Online, but no title")
    assert outbox(page) == []
    assert rows("SELECT id FROM posts") == []


def test_a_stale_csrf_token_is_refreshed_once_and_the_item_sent(page, context, ben, rows):
    context.set_offline(True)
    write_post(page, ben.slug, "Hang a picture")
    expect(page.get_by_text(SAVED)).to_be_visible()
    refused = []

    def refuse_first(route):
        if refused:
            route.continue_()
            return
        refused.append(route.request.headers["x-csrftoken"])
        route.fulfill(status=403, content_type="application/problem+json",
                      body=json.dumps({"status": 403, "title": "Please refresh", "code": "csrf"}))

    context.route("**/api/v1/sync", refuse_first)
    context.set_offline(False)
    wait_for_outbox(page, 0)
    assert refused
    assert len(posts_titled(rows, "Hang a picture")) == 1


def test_discard_asks_first_and_removes_only_that_item(page, context, ben, rows):
    context.set_offline(True)
    for title in ("Keep this one", "Throw this one away"):
        write_post(page, ben.slug, title)
        expect(page.get_by_text(SAVED)).to_be_visible()
    page.goto("/outbox")
    row = page.locator(".outbox-item", has_text="Throw this one away")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Discard").click()
    assert len(outbox(page)) == 2  # said no: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Discard").click()
    expect(row).to_have_count(0)
    assert [item["payload"]["title"] for item in outbox(page)] == ["Keep this one"]

    context.set_offline(False)
    wait_for_outbox(page, 0)
    assert len(posts_titled(rows, "Keep this one")) == 1
    assert posts_titled(rows, "Throw this one away") == []


# --- installability ------------------------------------------------------------------------

def test_the_app_is_installable(playwright, server, tmp_path):
    # A real profile: Chromium never offers to install from an incognito-like context.
    options = {**launch_options(), "base_url": server.url}
    browser = playwright.chromium.launch_persistent_context(tmp_path / "profile", **options)
    try:
        page = browser.new_page()
        page.goto("/")
        wait_for_worker(page)
        cdp = browser.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}
        manifest = page.request.get("/manifest.webmanifest")
        assert manifest.headers["content-type"].startswith("application/manifest+json")
        icons = manifest.json()["icons"]
        assert {(i["sizes"], i.get("purpose", "any")) for i in icons} >= {
            ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
        for icon in icons:
            assert page.request.get(icon["src"]).headers["content-type"] == "image/png"
        worker = page.request.get("/sw.js")
        assert worker.headers["cache-control"] == "no-cache"
        assert worker.headers["service-worker-allowed"] == "/"
    finally:
        browser.close()


def test_a_coordinator_records_hours_offline_and_they_are_sent_once(page, context, people,
                                                                     faults, rows):
    """Paper records are typed up in community rooms with no signal: they queue like posts."""
    sign_in(page, "ann@example.org")
    path = f"/b/{people.slug}/record/hours"
    page.goto(path)
    wait_for_worker(page)
    page.goto(path)
    wait_until_saved(page, path)

    context.set_offline(True)
    page.goto(path)  # from the worker's copy
    page.get_by_label("Who gave the time?").select_option(label="Ben")
    page.get_by_label("Who was helped?").select_option(label="Ann")
    page.get_by_label("Hours", exact=True).fill("2")
    page.get_by_label("Category").select_option(label="Garden")
    page.get_by_label("Note (optional)").fill("Cleared the front garden")
    page.get_by_role("button", name="Record the hours").click()

    expect(page.get_by_text(SAVED)).to_be_visible()
    [item] = outbox(page)
    assert item["kind"] == "board.record_hours" and item["payload"]["hours"] == "2"
    assert rows("SELECT id FROM ledger_entries") == []

    context.set_offline(False)
    wait_for_outbox(page, 0)
    [(hours, giver, receiver, recorded_by)] = rows(
        "SELECT hours, giver_id, receiver_id, recorded_by_id FROM ledger_entries")
    assert Decimal(str(hours)) == Decimal("2")
    assert (giver, receiver, recorded_by) == (people.ben_id, people.ann_id, people.ann_id)

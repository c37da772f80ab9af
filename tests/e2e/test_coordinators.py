"""A coordinator runs the board with JavaScript off, prints the noticeboard on one A4 page, and
sets up the lobby screen, which cycles, refreshes and survives a dropped network with script on.
"""

import re
from decimal import Decimal

from playwright.sync_api import expect

from helpboard.extensions import db
from helpboard.models import Board, KioskLink, Membership, MembershipStatus, PostKind, Role, User
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.posts import PostFields
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

LONG = "Help reading a long letter from the council about housing benefit and what to do next"


def seed(server, titles=("Fix a dripping tap",), screen: bool = False) -> dict:
    """Make Ann's board with Ben's posts, a join request from Dan, and maybe a screen link."""
    with server.app.app_context():
        people = {}
        for name, email in (("Ann", "ann"), ("Ben Okafor", "ben"), ("Dan", "dan")):
            people[email] = User(display_name=name, email=f"{email}@example.org",
                                 phone="07700 900002", address=f"2 {name} Street")
            people[email].set_password(PASSWORD)
        board = Board(name="Elm Street", slug="elm-street")
        db.session.add_all([board, *people.values()])
        db.session.add_all([
            Membership(board=board, user=people["ann"], role=Role.COORDINATOR),
            Membership(board=board, user=people["ben"]),
            Membership(board=board, user=people["dan"], status=MembershipStatus.PENDING),
        ])
        db.session.flush()
        for title in titles:
            add_post(board, people["ben"], title)
        token = None
        if screen:
            link = KioskLink(board_id=board.id, created_by_id=people["ann"].id)
            db.session.add(link)
            db.session.flush()
            token = link.token
        db.session.commit()
        return {"token": token}


def add_post(board, author, title):
    fields = PostFields(title=title, details="Ring me on 07700 900002", category="repairs",
                        location="", hours_estimate=Decimal("1"), needed_on=None)
    return post_rules.create_post(Actor.for_self(author), board, PostKind.REQUEST, fields)


def pdf_pages(pdf: bytes) -> int:
    """Return how many pages a PDF from Chromium has."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_run_the_board_and_print_the_noticeboard_without_javascript(server, nojs_context):
    seed(server, titles=[LONG, *[f"Job number {n}" for n in range(1, 6)], "One more job"])
    page = nojs_context.new_page()
    sign_in(page, "ann@example.org")
    page.goto("/b/elm-street")
    page.get_by_role("link", name="Run this board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run Elm Street")

    page.get_by_role("link", name="1 person is waiting to join").click()
    page.get_by_role("button", name="Approve Dan").click()
    expect(page.get_by_text("Dan can now use the board.")).to_be_visible()

    page.goto("/b/elm-street/settings")
    page.get_by_label("Phone number for the noticeboard").fill("020 7946 0000")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("The settings are saved.")).to_be_visible()

    page.goto("/b/elm-street/run")
    page.get_by_role("link", name="Print the noticeboard sheet").click()
    sheet = page.get_by_role("main")
    expect(sheet.locator("svg.qr-post")).to_have_count(6)
    expect(sheet.locator("svg.qr-join")).to_have_count(8)
    expect(sheet).to_contain_text("Ben asks")
    expect(sheet).to_contain_text("020 7946 0000")
    for private in ("Okafor", "07700 900002", "2 Ben Okafor Street", "ben@example.org"):
        expect(sheet).not_to_contain_text(private)
    assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1
    page.get_by_role("link", name="Next sheet").click()
    expect(page.get_by_role("main").locator("svg.qr-post")).to_have_count(1)

    page.goto("/b/elm-street/audit")
    expect(page.get_by_role("main")).to_contain_text("Ann approved Dan's request to join.")
    expect(page.get_by_role("main")).to_contain_text("the noticeboard phone number")


def test_set_up_a_lobby_screen_without_javascript(browser, server, nojs_context):
    seed(server, titles=["Fix a dripping tap", "Walk the dog"])
    page = nojs_context.new_page()
    sign_in(page, "ann@example.org")
    page.goto("/b/elm-street/noticeboard")
    page.get_by_label("Where is the screen?").fill("Carlton Court lobby")
    page.get_by_role("button", name="Make a screen link").click()
    address = page.locator("#main .card strong").first.inner_text()
    assert "/kiosk/" in address

    tablet = browser.new_context(java_script_enabled=False, viewport={"width": 1024,
                                                                       "height": 768})
    screen = tablet.new_page()
    screen.goto(address)
    expect(screen.get_by_role("heading", level=1)).to_have_text("Elm Street")
    expect(screen.locator("[data-slide]:visible")).to_have_count(1)
    expect(screen.locator("[data-slide]:visible svg.qr-post")).to_have_count(1)

    page.get_by_role("button", name="Switch off Carlton Court lobby").click()
    screen.reload()
    expect(screen.get_by_role("heading", level=1)).to_have_text("Page not found")
    tablet.close()


def test_the_lobby_screen_cycles_refreshes_and_keeps_the_last_copy(browser, server):
    token = seed(server, titles=["Fix a dripping tap", "Walk the dog"], screen=True)["token"]
    tablet = browser.new_context(base_url=server.url, viewport={"width": 1024, "height": 768},
                                 service_workers="block")
    screen = tablet.new_page()
    screen.clock.install()
    screen.goto(f"/kiosk/{token}")
    count = screen.locator("[data-slide-count]")
    first = count.inner_text()
    screen.clock.fast_forward(10_000)
    expect(count).not_to_have_text(first)
    expect(screen.locator("[data-slide]:visible")).to_have_count(1)

    with server.app.app_context():  # a neighbour posts; the screen shows it within a minute
        board = db.session.scalar(db.select(Board))
        add_post(board, db.session.scalar(db.select(User).where(User.display_name == "Ann")),
                 "Carry a parcel upstairs")
        db.session.commit()
    screen.clock.fast_forward(60_000)
    expect(count).to_have_text(re.compile(r"of 3$"))

    tablet.set_offline(True)  # the network drops: the last copy stays on screen
    screen.clock.fast_forward(60_000)
    expect(screen.locator("[data-kiosk-status]")).to_contain_text("No connection")
    expect(screen.locator("[data-slide]:visible")).to_have_count(1)
    screen.clock.fast_forward(10_000)
    expect(screen.locator("[data-slide]:visible")).to_have_count(1)

    with server.app.app_context():  # the link is switched off while the screen is offline
        link = db.session.scalar(db.select(KioskLink))
        link.revoked_at = link.created_at
        db.session.commit()
    tablet.set_offline(False)
    screen.clock.fast_forward(60_000)
    expect(screen.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(screen.get_by_text("Fix a dripping tap")).to_have_count(0)
    tablet.close()

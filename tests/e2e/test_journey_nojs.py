"""The whole journey in a phone browser with JavaScript turned off, through the pages only.

A board is started, a request is posted, a neighbour offers, the asker chooses them, contact
details appear only then, the job is marked done with hours, and thanks and hours show on both
profiles. Every step is a label or a button name a person would read on the screen.
"""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from helpboard.cli import DEMO_PASSWORD, seed_demo
from helpboard.extensions import db
from helpboard.models import LedgerEntry, User
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

PHONE = {"width": 360, "height": 740}
TITLE = "Change a light bulb in the hall"
BEA = {"name": "Bea Adams", "email": "bea@example.org",
       "phone": "07700 900111", "address": "Flat 3, 12 Elm Street"}
CAL = {"name": "Cal Brown", "email": "cal@example.org",
       "phone": "07700 900222", "address": "Flat 9, 14 Elm Street"}
HELP_MESSAGE = "I have a ladder and can come on Saturday morning."
THANKS = "Thank you Cal, the hall is bright again!"


# --- steps a person takes ------------------------------------------------------------------

def register(page, name: str, email: str) -> None:
    """Create an account through the form."""
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Welcome, {name}!")).to_be_visible()


def set_private_details(page, phone: str, address: str) -> None:
    """Add a phone number and address on one's own profile."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Edit your profile").click()
    page.get_by_label("Phone (private)").fill(phone)
    page.get_by_label("Address (private)").fill(address)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()


def join_board(page, code: str, board_name: str) -> None:
    """Type the invite code on "Your boards" and join."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boards").click()
    page.get_by_label("Invite code").fill(code)
    page.get_by_role("button", name="Join", exact=True).click()
    page.get_by_role("button", name=f"Join {board_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(board_name)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()


def open_post(page, title: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boards").click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def expect_hidden_details(page, person: dict) -> None:
    """The person's phone and address are nowhere on the page."""
    expect(page.get_by_text(person["phone"])).to_have_count(0)
    expect(page.get_by_text(person["address"])).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("How to reach"))).to_have_count(0)


def hours_shown(page, label: str):
    """Return the value next to "Hours given" or "Hours received" on a profile."""
    return page.locator(".hours div").filter(has_text=label).locator("dd")


# --- the journey ---------------------------------------------------------------------------

def start_board(context) -> str:
    """Ann registers, starts a board and reads its invite code off the page."""
    page = context.new_page()
    register(page, "Ann Okafor", "ann@example.org")
    page.get_by_role("link", name="Start a board").click()
    page.get_by_label("Board name").fill("Elm Street")
    page.get_by_label("Area it covers").fill("Elm Street and Elm Court")
    page.get_by_role("button", name="Start the board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elm Street")
    invite = page.get_by_text("Invite neighbours with the code")
    code = re.search(r"code (\w+)\.", invite.inner_text()).group(1)
    sign_out(page)
    return code


def post_request(page, code: str) -> None:
    """Bea joins and asks for help with a light bulb."""
    register(page, BEA["name"], BEA["email"])
    set_private_details(page, BEA["phone"], BEA["address"])
    join_board(page, code, "Elm Street")
    page.get_by_role("link", name="Ask for help").click()
    expect(page.get_by_label("I need a hand")).to_be_checked()
    page.get_by_label("Short title").fill(TITLE)
    page.get_by_label("Details").fill("The ceiling is high and my ladder is too short.")
    page.get_by_label("About how many hours?").fill("1.5")
    page.get_by_role("button", name="Put it on the board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("No one has answered yet.")).to_be_visible()
    sign_out(page)


def offer_help(page, code: str) -> None:
    """Cal joins, opens the post and offers to help."""
    register(page, CAL["name"], CAL["email"])
    set_private_details(page, CAL["phone"], CAL["address"])
    join_board(page, code, "Elm Street")
    open_post(page, TITLE)
    expect_hidden_details(page, BEA)
    page.get_by_label("Message (optional)").fill(HELP_MESSAGE)
    page.get_by_role("button", name="I can help").click()
    expect(page.get_by_text("Your answer: ")).to_be_visible()
    expect_hidden_details(page, BEA)
    sign_out(page)


def choose_and_finish(page) -> None:
    """Bea signs in, chooses Cal, sees how to reach Cal, marks the job done and says thanks."""
    sign_in(page, BEA["email"])
    open_post(page, TITLE)
    responders = page.get_by_role("region", name="Neighbours who can help")
    expect(responders.get_by_role("listitem")).to_have_count(1)
    expect(responders).to_contain_text(f"{CAL['name']}: “{HELP_MESSAGE}”")
    expect_hidden_details(page, CAL)
    page.get_by_role("button", name=f"Choose {CAL['name']}").click()

    contact = page.get_by_role("region", name=f"How to reach {CAL['name']}")
    expect(contact).to_contain_text(CAL["phone"])
    expect(contact).to_contain_text(CAL["address"])
    expect(page.get_by_role("link", name=CAL["phone"])).to_have_attribute(
        "href", "tel:" + CAL["phone"].replace(" ", ""))

    done = page.get_by_role("region", name="When the job is done")
    expect(done.get_by_label("Hours given")).to_have_value("1.5")
    done.get_by_label("Hours given").fill("1.5")
    done.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Marked as done, and 1.5 hours recorded.")).to_be_visible()
    expect(page.get_by_role("region", name="Confirm the hours")).to_have_count(0)

    page.get_by_label("Your thank-you note").fill(THANKS)
    page.get_by_role("button", name="Send thanks").click()
    expect(page.get_by_role("region", name="Thank-you notes")).to_contain_text(THANKS)


def check_profiles(page) -> None:
    """Hours and thanks are on both profiles, as Bea sees them."""
    page.get_by_role("link", name=CAL["name"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CAL["name"])
    expect(hours_shown(page, "Hours given")).to_have_text("1.5 hours")
    expect(hours_shown(page, "Hours received")).to_have_text("0 hours")
    expect(page.locator("blockquote.thanks")).to_contain_text(THANKS)
    expect(page.locator("blockquote.thanks")).to_contain_text(BEA["name"])
    expect(page.get_by_text(CAL["phone"])).to_have_count(0)  # a profile never shows contact

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BEA["name"])
    expect(hours_shown(page, "Hours received")).to_have_text("1.5 hours")
    expect(hours_shown(page, "Hours given")).to_have_text("0 hours")


def nojs_phone(browser, server):
    """Another phone with JavaScript off, for another person."""
    return browser.new_context(base_url=server.url, java_script_enabled=False, viewport=PHONE)


def test_request_offer_match_done_thanks_without_javascript(browser, server, nojs_context):
    ann_context = nojs_phone(browser, server)
    code = start_board(ann_context)
    ann_context.close()
    bea = nojs_context.new_page()
    post_request(bea, code)

    cal_context = nojs_phone(browser, server)
    cal = cal_context.new_page()
    offer_help(cal, code)

    choose_and_finish(bea)
    check_profiles(bea)

    # Cal finds the finished job under "My activity" and now sees how to reach Bea.
    sign_in(cal, CAL["email"])
    cal.get_by_role("navigation", name="Main").get_by_role("link", name="My activity").click()
    helping = cal.locator("h2", has_text="Jobs I am helping with").locator("+ ul")
    helping.get_by_role("link", name=TITLE).click()
    expect(cal.get_by_role("region", name=f"How to reach {BEA['name']}")).to_contain_text(
        BEA["address"])
    expect(cal.get_by_text("Done", exact=True)).to_be_visible()
    cal_context.close()

    with server.app.app_context():
        entries = db.session.scalars(select(LedgerEntry)).all()
        assert len(entries) == 1
        entry = entries[0]
        assert entry.hours == 1.5
        assert entry.giver.email == CAL["email"]
        assert entry.receiver.email == BEA["email"]
        assert entry.recorded_by.email == BEA["email"]


# --- a failed form, and the board on a small phone -----------------------------------------

def seed_demo_board(server) -> None:
    with server.app.app_context():
        seed_demo()
        assert db.session.scalar(select(User).where(User.email == "ann@example.org"))


def test_failed_post_form_keeps_what_was_typed_without_javascript(server, nojs_context):
    seed_demo_board(server)
    page = nojs_context.new_page()
    sign_in(page, "ben@example.org", DEMO_PASSWORD)
    page.goto("/b/demo-street")
    page.get_by_role("link", name="Ask for help").click()
    page.get_by_label("Details").fill("Two bulbs, one in the hall and one on the landing.")
    page.get_by_label("Rough location").fill("Demo Street, north end")
    page.get_by_label("About how many hours?").fill("abc")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Put it on the board").click()
    assert sent.value.status == 422

    expect(page).to_have_title(re.compile(r"^Error: New post"))
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary.get_by_role("link", name="Enter a short title")).to_have_attribute(
        "href", "#title")
    expect(summary.get_by_role("link", name="Enter hours as a number")).to_have_attribute(
        "href", "#hours_estimate")
    expect(page.get_by_label("Short title")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("About how many hours?")).to_have_value("abc")
    expect(page.get_by_label("Details")).to_have_value(
        "Two bulbs, one in the hall and one on the landing.")
    expect(page.get_by_label("Rough location")).to_have_value("Demo Street, north end")

    summary.get_by_role("link", name="Enter a short title").click()
    expect(page.get_by_label("Short title")).to_be_focused()


def small_targets(page) -> list[str]:
    """Return the links and buttons on screen under 44px tall that are not words in a sentence."""
    return page.evaluate("""() => [...document.querySelectorAll('a[href], button, summary')]
        .filter((el) => {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= 0) return false;  // hidden, or the skip link
            const inSentence = getComputedStyle(el).display === 'inline' && el.closest('p');
            return box.height < 44 && !inSentence;
        })
        .map((el) => `${el.textContent.trim()} (${el.getBoundingClientRect().height}px)`)""")


def test_board_fits_a_320px_phone_with_big_targets(browser, server):
    seed_demo_board(server)
    # JavaScript on, only to measure the page.
    context = browser.new_context(base_url=server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, "ann@example.org", DEMO_PASSWORD)  # a coordinator sees the most links
    page.goto("/b/demo-street")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Street")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    invite_line = page.get_by_text("Invite neighbours with the code")
    expect(invite_line.get_by_role("link")).to_have_count(1)  # the coordinator's, in a sentence
    nav = page.get_by_role("navigation", name="Main")
    for target in (page.get_by_role("link", name="Ask for help"),
                   page.get_by_role("link", name="Offer help"),
                   page.get_by_role("link", name="I can fix bikes"),
                   nav.get_by_role("link", name="Profile"),
                   nav.get_by_role("button", name="Sign out")):
        assert target.bounding_box()["height"] >= 44, target
    assert small_targets(page) == []

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["height"] >= 44
    context.close()

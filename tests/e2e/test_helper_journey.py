"""A helper acts for a housebound resident, in phone browsers with JavaScript turned off.

Sam adds Mrs Patel (no email, no device) with her consent recorded, acts for her, posts her
request, chooses the neighbour who offers, and confirms the hours. The neighbour reaches her
through Sam and learns the code word; the coordinator's CSV export counts the hours as hers.
Every step is a label or a button name a person would read on the screen.
"""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import AuditEntry, Board, LedgerEntry, Membership, Post, Role, User
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

PHONE = {"width": 360, "height": 740}
TITLE = "Collect a prescription"
ANN = {"name": "Ann Okafor", "email": "ann@example.org"}  # coordinates Elm Street
SAM = {"name": "Sam", "email": "sam@example.org", "phone": "07700 900009"}
CAL = {"name": "Cal Brown", "email": "cal@example.org", "phone": "07700 900222",
       "address": "Flat 9, 14 Elm Street"}
PATEL = {"name": "Mrs Patel", "address": "Flat 4, Elm Court",
         "access": "Ring twice, she is slow to the door"}
POSTED_FOR = "Posted by Sam for Mrs Patel"


def seed(server) -> None:
    """Make Ann's board Elm Street, with Sam and Cal as members."""
    with server.app.app_context():
        board = Board(name="Elm Street", slug="elm-street")
        people = {}
        for person, role in ((ANN, Role.COORDINATOR), (SAM, Role.MEMBER), (CAL, Role.MEMBER)):
            user = User(display_name=person["name"], email=person["email"],
                        phone=person.get("phone", ""), address=person.get("address", ""))
            user.set_password(PASSWORD)
            people[person["email"]] = user
            db.session.add(Membership(board=board, user=user, role=role))
        db.session.add_all([board, *people.values()])
        db.session.commit()


def phone(browser, server):
    """Another phone with JavaScript off, for another person."""
    return browser.new_context(base_url=server.url, java_script_enabled=False, viewport=PHONE)


def main_nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def open_post(page) -> None:
    """Go to the board (one's only board opens at once) and open the request."""
    main_nav(page, "Boards")
    expect(page.get_by_role("heading", level=1)).to_have_text("Elm Street")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


# --- Sam, the helper ------------------------------------------------------------------------

def add_mrs_patel(page) -> None:
    """Add Mrs Patel with her consent recorded, then her private address."""
    main_nav(page, "Helpers")
    expect(page.get_by_role("heading", level=1)).to_have_text("People I help")
    expect(page.get_by_text("You don't act for anyone yet.")).to_be_visible()
    page.get_by_role("link", name="Add someone I help").click()
    page.get_by_label("Their name").fill(PATEL["name"])
    page.get_by_label("Rough area").fill("Elm Court")
    page.get_by_label("Board").select_option(label="Elm Street")
    page.get_by_label("How you know them").fill("neighbour across the landing")
    page.get_by_label("Who agreed").fill("Mrs Patel")
    page.get_by_label("In person").check()
    expect(page.get_by_label("Neighbours contact me, not them")).to_be_checked()
    page.get_by_label("They agreed that I can post, answer and confirm jobs for them").check()
    page.get_by_role("button", name="Add them").click()
    expect(page.get_by_text("Mrs Patel is added and you can act for them.")).to_be_visible()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mrs Patel's contact details")
    page.get_by_label("Their address (private)").fill(PATEL["address"])
    page.get_by_label("Getting in (private)").fill(PATEL["access"])
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Mrs Patel's details are saved.")).to_be_visible()
    expect(page.get_by_text("Agreed by Mrs Patel, in person")).to_be_visible()


def act_and_post(page) -> None:
    """Switch to acting for Mrs Patel and post her request."""
    page.get_by_role("button", name="Act for Mrs Patel").click()
    expect(page.get_by_text("You are now acting for Mrs Patel.")).to_be_visible()
    banner = page.get_by_role("region", name="Acting for someone")
    expect(banner).to_contain_text("You are acting for Mrs Patel")
    expect(banner.get_by_role("button", name="Stop acting for Mrs Patel")).to_be_visible()

    page.get_by_role("link", name="Post a request for Mrs Patel on Elm Street").click()
    expect(page.get_by_label("I need a hand")).to_be_checked()
    page.get_by_label("Short title").fill(TITLE)
    page.get_by_label("Details").fill("Her blood pressure tablets, from the chemist on the corner.")
    page.get_by_label("Category").select_option(label="Shopping & errands")
    page.get_by_label("Rough location").fill("Elm Court")
    page.get_by_label("About how many hours?").fill("1")
    page.get_by_role("button", name="Put it on the board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(POSTED_FOR)).to_be_visible()
    expect(page.get_by_role("region", name="Acting for someone")).to_be_visible()


def choose_cal(page) -> str:
    """Choose Cal for Mrs Patel; return the code word Sam reads."""
    page.reload()
    responders = page.get_by_role("region", name="Neighbours who can help")
    expect(responders).to_contain_text(CAL["name"])
    page.get_by_role("button", name=f"Choose {CAL['name']}").click()
    contact = page.get_by_role("region", name=f"How to reach {CAL['name']}")
    expect(contact).to_contain_text(CAL["phone"])
    expect(contact).to_contain_text(CAL["address"])
    return code_word(page)


def code_word(page) -> str:
    """Return the code word on a post page."""
    region = page.get_by_role("region", name="Code word for the doorstep")
    word = region.locator("p").first.inner_text().strip()
    assert re.fullmatch(r"[\w\- ]{3,40}", word), word
    return word


def confirm_two_hours(page) -> None:
    """Confirm the hours Cal gave, for Mrs Patel."""
    page.reload()
    hours = page.get_by_role("region", name="Confirm the hours")
    expect(hours).to_contain_text(f"{CAL['name']} marked this done.")
    hours.get_by_label("Hours given").fill("2")
    hours.get_by_role("button", name="Confirm hours").click()
    expect(page.get_by_text("2 hours recorded in the time bank.")).to_be_visible()
    expect(page.get_by_role("region", name="Confirm the hours")).to_have_count(0)


# --- Cal, the neighbour ---------------------------------------------------------------------

def offer_help(page) -> None:
    """Cal sees who posted it, not where she lives, and offers."""
    open_post(page)
    expect(page.get_by_text(POSTED_FOR)).to_be_visible()
    expect(page.get_by_text(PATEL["address"])).to_have_count(0)
    expect(page.get_by_text(SAM["phone"])).to_have_count(0)
    page.get_by_label("Message (optional)").fill("I pass the chemist on my way home.")
    page.get_by_role("button", name="I can help").click()
    expect(page.get_by_text("Thank you! Mrs Patel will see your offer")).to_be_visible()


def reach_mrs_patel_and_finish(page, word: str) -> None:
    """Once chosen, Cal reaches Mrs Patel through Sam, has the code word, and marks it done."""
    page.reload()
    contact = page.get_by_role("region", name="How to reach Mrs Patel")
    expect(contact).to_contain_text("Contact goes through Sam (neighbour across the landing), "
                                    "who helps Mrs Patel.")
    expect(contact).to_contain_text(SAM["phone"])  # Sam's phone: she has none of her own
    expect(contact).to_contain_text(PATEL["address"])
    expect(contact).to_contain_text(PATEL["access"])
    assert code_word(page) == word
    expect(page.get_by_text("Say this word at the door so they know it's you.")).to_be_visible()
    expect(page.get_by_role("region", name="Staying safe")).to_contain_text(
        "Never hand over bank cards or PINs")
    page.get_by_role("region", name="When the job is done").get_by_role(
        "button", name="Mark as done").click()
    expect(page.get_by_text("Marked as done. Thank you!")).to_be_visible()


# --- Ann, the coordinator -------------------------------------------------------------------

def exchanges_csv(page) -> list[list[str]]:
    """Download every exchange as CSV from the coordinator pages; return its rows."""
    page.goto("/b/elm-street")
    page.get_by_role("link", name="Run this board").click()
    page.get_by_role("link", name="Monthly summary and CSV exports").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Every exchange as CSV").click()
    assert download.value.suggested_filename == "elm-street-exchanges-all.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def audit_log_text(page) -> str:
    page.goto("/b/elm-street/run")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log of Elm Street")
    return page.get_by_role("main").inner_text()


def check_database(server) -> None:
    """Hours and the post are Mrs Patel's; Sam is recorded as who did it, in the audit log too."""
    with server.app.app_context():
        entry = db.session.scalars(select(LedgerEntry)).one()
        assert (entry.receiver.display_name, entry.giver.email, entry.recorded_by.email) == (
            "Mrs Patel", CAL["email"], SAM["email"])
        assert entry.hours == 2
        post = db.session.scalars(select(Post)).one()
        assert (post.author.display_name, post.posted_by.email) == ("Mrs Patel", SAM["email"])
        assert post.author.email is None and post.author.is_supported
        sam = db.session.scalar(select(User).where(User.email == SAM["email"]))
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == sam.id).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == [
            "helper.create_supported", "helper.contact", "helper.act", "acted.post.create",
            "acted.post.accept", "acted.post.confirm_hours"]
        assert {e.on_behalf_of_id for e in entries} == {post.author_id}


def test_a_helper_acts_for_a_resident_from_posting_to_hours_without_javascript(
        browser, server, nojs_context):
    seed(server)
    sam = nojs_context.new_page()
    sign_in(sam, SAM["email"])
    add_mrs_patel(sam)
    act_and_post(sam)

    cal_context = phone(browser, server)
    cal = cal_context.new_page()
    sign_in(cal, CAL["email"])
    offer_help(cal)

    word = choose_cal(sam)
    reach_mrs_patel_and_finish(cal, word)
    cal_context.close()
    confirm_two_hours(sam)

    ann_context = phone(browser, server)
    ann = ann_context.new_page()
    sign_in(ann, ANN["email"])
    rows = exchanges_csv(ann)
    assert rows[0] == ["Date", "Giver", "Receiver", "Hours", "Category"]
    assert [row[1:] for row in rows[1:]] == [
        [CAL["name"], "Mrs Patel", "2", "Shopping & errands"]]
    log = audit_log_text(ann)
    assert f"Sam posted “{TITLE}” for Mrs Patel." in log
    assert f"Sam confirmed the hours on “{TITLE}” for Mrs Patel." in log
    assert "Sam added Mrs Patel as a supported member and recorded their consent" in log
    ann_context.close()

    check_database(server)

"""Deleting one's own account in Chromium: with JavaScript off, and with saved pages to remove."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from helpboard.extensions import db
from helpboard.models import Board, Membership, Role, User
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_offline_outbox import PAGES_CACHE, wait_for_worker, wait_until_saved

DONE = "Your account is deleted and you are signed out."


@pytest.fixture
def elm(server):
    """Elm Street with Ann (coordinator) and Ben, who has a phone number and an address."""
    with server.app.app_context():
        board = Board(name="Elm Street", slug="elm-street")
        ann = User(display_name="Ann", email="ann@example.org")
        ben = User(display_name="Ben Okafor", email="ben@example.org", phone="07700 900002",
                   address="2 Elm Street")
        for person in (ann, ben):
            person.set_password(PASSWORD)
        db.session.add_all([board, ann, ben])
        db.session.add(Membership(board=board, user=ann, role=Role.COORDINATOR))
        db.session.add(Membership(board=board, user=ben))
        db.session.commit()
        return SimpleNamespace(slug=board.slug)


def delete_from_profile(page, password: str = PASSWORD) -> None:
    """Go from the profile to the delete page, and confirm with the password."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Edit your profile").click()
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Delete my account").click()


def test_deleting_my_account_with_javascript_off(nojs_context, elm):
    page = nojs_context.new_page()
    sign_in(page, "ben@example.org")
    delete_from_profile(page, "not my password")
    expect(page.locator(".error-summary")).to_contain_text("The password is not right")
    expect(page).to_have_title("Error: Delete your account – helpboard")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text(DONE)).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill("ben@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_contain_text("The email address or password")


def test_deleting_my_account_removes_the_pages_saved_on_this_phone(page, elm):
    sign_in(page, "ben@example.org")
    page.goto(f"/b/{elm.slug}")
    wait_for_worker(page)
    for path in ("/activity", f"/b/{elm.slug}"):
        page.goto(path)
        wait_until_saved(page, path)
    delete_from_profile(page)
    expect(page.get_by_text(DONE)).to_be_visible()
    saved = page.evaluate(f"""async () => (await (await caches.open('{PAGES_CACHE}')).keys())
        .map((request) => new URL(request.url).pathname)""")
    assert "/activity" not in saved and f"/b/{elm.slug}" not in saved

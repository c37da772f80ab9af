"""The printed sheet, the lobby screen and the page that makes screen links."""

import html
import re

import pytest

from helpboard.extensions import db
from helpboard.models import AuditEntry, KioskLink, MembershipStatus
from helpboard.web import CONTENT_SECURITY_POLICY

PRIVATE = {
    "address": "2 Elm Street",
    "phone": "07700 900002",
    "e-mail": "ben.okafor@example.org",
    "surname": "Okafor",
    "code word": "BLUEBELL",
    "details": "ring me on",
    "other board": "Walk on Oak Road",
}


def read(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def lobby(world, make_user, make_post):
    """Open posts by people with private details, a hidden post, and another board's post."""
    world.ben.display_name, world.ben.email = "Ben Okafor", "ben.okafor@example.org"
    world.ben.address, world.ben.phone = "2 Elm Street", "07700 900002"
    world.post.code_word = "BLUEBELL"
    world.post.details = "Please ring me on 07700 900002"
    make_post(world.board, world.cara, "offer", title="Happy to read letters")
    make_post(world.other, world.olga, title="Walk on Oak Road")
    world.board.contact_phone = "020 7946 0000"
    db.session.commit()
    return world


def open_page(which: str, client, auth, world) -> str:
    """Return the print page (as the coordinator) or the lobby screen (signed out)."""
    if which == "print":
        auth.login(world.ann)
        response = client.get(f"/b/{world.board.slug}/print")
    else:
        response = client.get(f"/kiosk/{world.kiosk.token}")
    assert response.status_code == 200
    return read(response)


@pytest.mark.parametrize("which", ["print", "kiosk"])
def test_a_qr_code_per_post_and_nothing_private(client, auth, lobby, which):
    page = open_page(which, client, auth, lobby)
    assert page.count('class="qr qr-post"') == 2  # two open, visible posts on this board
    assert "Fix a dripping tap" in page and "Happy to read letters" in page
    assert "Something rude" not in page, "a hidden post is not shown"
    for what, value in PRIVATE.items():
        assert value not in page, f"the {what} is on the {which} page"
    assert "Ben asks" in page and "Cara offers" in page
    assert "020 7946 0000" in page, "the phone number the coordinator chose is shown"
    assert lobby.board.invite_code in page
    assert page.count('class="qr qr-join"') == (8 if which == "print" else 1)


@pytest.mark.parametrize("which", ["print", "kiosk"])
def test_qr_codes_need_no_inline_style(client, auth, lobby, which):
    page = open_page(which, client, auth, lobby)
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
    assert svgs and not any("style" in svg for svg in svgs)
    assert all('role="img"' in svg and "aria-label=" in svg for svg in svgs)


def test_the_print_page_is_one_a4_sheet_per_six_posts(client, auth, world, make_post):
    for number in range(7):
        make_post(world.board, world.cara, title=f"Job number {number}")
    auth.login(world.ann)
    first = read(client.get(f"/b/{world.board.slug}/print"))
    assert "sheet 1 of 2" in first and first.count('class="qr qr-post"') == 6
    second = read(client.get(f"/b/{world.board.slug}/print?page=2"))
    assert second.count('class="qr qr-post"') == 2
    offers = read(client.get(f"/b/{world.board.slug}/print?kind=offer"))
    assert offers.count('class="qr qr-post"') == 0 and "Nothing is open right now" in offers
    assert 'href="/static/css/print.css"' in first and "gen/main" not in first


def test_the_lobby_screen_works_signed_out_and_reloads_itself(client, world):
    response = client.get(f"/kiosk/{world.kiosk.token}")
    page = response.get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in page
    assert 'src="/static/js/kiosk.js" defer' in page
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    slides = re.findall(r'<li class="slide[^"]*" data-slide( hidden)?>', page)
    assert len(slides) == 1 and slides.count(" hidden") == 0, "one post shown at a time"


def test_the_lobby_screen_shows_the_next_post_at_each_reload(client, world, make_post,
                                                            monkeypatch):
    make_post(world.board, world.cara, title="Second job")
    shown = []
    for moment in (0, 20):
        monkeypatch.setattr("helpboard.services.noticeboard.utcnow",
                            lambda moment=moment: _at(moment))
        page = client.get(f"/kiosk/{world.kiosk.token}").get_data(as_text=True)
        shown.append(re.search(r'data-slide>\s*<div class="slide-text">.*?<h2>(.*?)</h2>', page,
                               flags=re.S)[1])
    assert sorted(shown) == ["Fix a dripping tap", "Second job"]


def _at(seconds: int):
    from datetime import UTC, datetime
    return datetime.fromtimestamp(1_700_000_000 + seconds, UTC)


def test_make_and_switch_off_a_screen_link(client, auth, world):
    auth.login(world.ann)
    response = client.post(f"/b/{world.board.slug}/noticeboard/screens",
                           data={"label": "Carlton Court lobby"}, follow_redirects=True)
    link = db.session.scalar(db.select(KioskLink).where(KioskLink.label == "Carlton Court lobby"))
    page = read(response)
    assert f"http://localhost/kiosk/{link.token}" in page
    assert page.count('class="qr"') == 2, "a code to open each working link on the tablet"
    auth.logout()
    assert client.get(f"/kiosk/{link.token}").status_code == 200

    auth.login(world.ann)
    client.post(f"/b/{world.board.slug}/noticeboard/screens/{link.id}/revoke")
    auth.logout()
    response = client.get(f"/kiosk/{link.token}")
    assert response.status_code == 404
    assert "switched it off" in read(response)
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id))
    assert list(actions) == ["kiosk.create", "kiosk.revoke"]


def test_a_screen_link_needs_a_label(client, auth, world):
    auth.login(world.ann)
    response = client.post(f"/b/{world.board.slug}/noticeboard/screens", data={"label": ""})
    assert response.status_code == 422
    assert "Say where the screen is" in read(response)


def test_the_noticeboard_page_asks_for_a_slip_phone_number(client, auth, world):
    auth.login(world.ann)
    page = read(client.get(f"/b/{world.board.slug}/noticeboard"))
    assert "The slips show no phone number yet" in page
    assert world.kiosk.token in page and world.revoked.token not in page


@pytest.mark.parametrize("which", ["print", "kiosk"])
def test_a_suspended_members_posts_leave_the_lobby_at_once(client, auth, world, which):
    world.cara_membership.status = MembershipStatus.SUSPENDED
    world.post.author_id = world.cara.id
    db.session.commit()
    page = open_page(which, client, auth, world)
    assert "Fix a dripping tap" not in page and 'class="qr qr-post"' not in page

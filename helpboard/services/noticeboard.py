"""The board on the lobby noticeboard: an A4 sheet to print, and a screen that needs no sign-in.

Both show only what :class:`Notice` holds: a post's number, kind, title, category, when, the
author's first name and a QR code. Never an address, a phone number of a member, a code word, a
surname or the post's details: the lobby is public.
"""

from dataclasses import dataclass
from functools import lru_cache

import segno
from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import (
    Board,
    KioskLink,
    Post,
    PostKind,
    User,
    utcnow,
)
from helpboard.services import audit, boards
from helpboard.services.clock import local_time, local_zone
from helpboard.services.errors import Conflict, NotFound
from helpboard.services.posts import PostFilters, open_posts_query

POSTS_PER_SHEET = 6  # what fits on one A4 page in large type, above the tear-off slips
SLIPS_PER_SHEET = 8
SCREEN_POSTS = 30
SCREEN_SECONDS = 20  # how long the screen shows one post when it reloads itself (no script)
TITLE_ON_PAPER = 80  # characters; a longer title is cut on paper so the sheet stays one page


TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}


def lobby_name(person: User) -> str:
    """Return the name the lobby may show: a first name, or "Mrs P." for "Mrs Patel"."""
    words = person.display_name.split()
    if len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        return f"{words[0]} {words[1][0]}."
    return person.first_name


@lru_cache(maxsize=1024)
def qr_svg(url: str, label: str, css_class: str = "qr") -> Markup:
    """Return an inline SVG QR code for a URL: no style attributes, so the CSP allows it."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass=css_class, lineclass=None)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


@dataclass(frozen=True)
class Notice:
    """One open post as the lobby may see it."""

    number: int
    kind: str
    kind_label: str
    title: str
    category_label: str
    first_name: str
    when_label: str
    hours_label: str
    qr: Markup

    @property
    def who_line(self) -> str:
        """Return "Ben asks" or "Ben offers"."""
        return f"{self.first_name} {'asks' if self.kind == PostKind.REQUEST else 'offers'}"

    @property
    def short_title(self) -> str:
        """Return the title, cut with an ellipsis if it is too long for paper."""
        if len(self.title) <= TITLE_ON_PAPER:
            return self.title
        return self.title[:TITLE_ON_PAPER].rsplit(" ", 1)[0] + "…"


def notice_for(post: Post) -> Notice:
    """Return what the lobby may see of a post."""
    url = url_for("posts.show", post_id=post.id, _external=True)
    return Notice(
        number=post.id, kind=post.kind.value, kind_label=post.kind_label, title=post.title,
        category_label=post.category_label, first_name=lobby_name(post.author),
        when_label=post.when_label, hours_label=post.hours_label,
        qr=qr_svg(url, f"QR code: opens post {post.id}", "qr qr-post"),
    )


@dataclass
class JoinStrip:
    """How a neighbour who is not on the board yet can join it."""

    board_name: str
    url: str
    invite_code: str
    phone: str
    qr: Markup


def join_strip(board: Board) -> JoinStrip:
    """Return the join QR code, invite code and the phone number the coordinator chose."""
    url = url_for("boards.invite", code=board.invite_code, _external=True)
    return JoinStrip(board_name=board.name, url=url, invite_code=board.invite_code,
                     phone=board.contact_phone,
                     qr=qr_svg(url, f"QR code: join {board.name}", "qr qr-join"))


def _open_posts(board: Board, kind: str = ""):
    """Return the open posts the board shows (active members' only, see open_posts_query)."""
    return open_posts_query(board, PostFilters(kind=kind))


def count_open(board: Board, kind: str = "") -> int:
    """Return how many open posts the lobby could show."""
    query = _open_posts(board, kind).order_by(None).with_only_columns(func.count(Post.id))
    return db.session.scalar(query) or 0


@dataclass
class Sheet:
    """One printable A4 page."""

    board: Board
    notices: list[Notice]
    join: JoinStrip
    kind: str
    page: int
    pages: int
    total: int
    printed_on: str

    @property
    def slips(self) -> range:
        """Return one step per tear-off slip."""
        return range(SLIPS_PER_SHEET)


def print_sheet(board: Board, kind: str = "", page: int = 1) -> Sheet:
    """Return one A4 page of open posts, newest first, with the join slips."""
    kind = kind if kind in {k.value for k in PostKind} else ""
    total = count_open(board, kind)
    pages = max(1, -(-total // POSTS_PER_SHEET))
    page = min(max(page, 1), pages)
    posts = db.session.scalars(
        _open_posts(board, kind).offset((page - 1) * POSTS_PER_SHEET).limit(POSTS_PER_SHEET)
    )
    return Sheet(board=board, notices=[notice_for(post) for post in posts], join=join_strip(board),
                 kind=kind, page=page, pages=pages, total=total,
                 printed_on=utcnow().astimezone(local_zone()).strftime("%-d %B %Y"))


@dataclass
class Screen:
    """The lobby screen: every open post, one shown at a time."""

    board: Board
    notices: list[Notice]
    join: JoinStrip
    current: int
    updated_at: str
    refresh_seconds: int = SCREEN_SECONDS


def screen(board: Board) -> Screen:
    """Return the lobby screen; without script, each reload shows the next post."""
    posts = db.session.scalars(_open_posts(board).limit(SCREEN_POSTS))
    notices = [notice_for(post) for post in posts]
    now = utcnow()
    current = int(now.timestamp() // SCREEN_SECONDS) % len(notices) if notices else 0
    return Screen(board=board, notices=notices, join=join_strip(board), current=current,
                  updated_at=local_time(now))


# --- Kiosk links ------------------------------------------------------------------------------


def kiosk_links(board: Board) -> list[KioskLink]:
    """Return the board's screen links, working ones first, newest first."""
    query = select(KioskLink).where(KioskLink.board_id == board.id).order_by(
        KioskLink.revoked_at.is_not(None), KioskLink.created_at.desc(), KioskLink.id.desc()
    )
    return list(db.session.scalars(query))


def get_kiosk_link(board: Board, link_id: int) -> KioskLink:
    """Return a screen link of this board, or raise NotFound."""
    link = db.session.get(KioskLink, link_id)
    if link is None or link.board_id != board.id:
        raise NotFound("There is no such screen link on this board.")
    return link


@dataclass
class ScreenLink:
    """A screen link as its coordinator sees it: the address, and a QR code to open it."""

    link: KioskLink
    url: str
    qr: Markup | None  # only while the link works


def screen_links(board: Board) -> list[ScreenLink]:
    """Return the board's screen links with their addresses, working ones first."""
    found = []
    for link in kiosk_links(board):
        url = url_for("noticeboard.kiosk", token=link.token, _external=True)
        qr = qr_svg(url, f"QR code: opens {link.label} on a screen") if link.is_active else None
        found.append(ScreenLink(link=link, url=url, qr=qr))
    return found


def create_kiosk_link(coordinator: User, board: Board, label: str) -> KioskLink:
    """Make a secret, read-only link for a lobby screen."""
    boards.require_coordinator(board, coordinator)
    link = KioskLink(board_id=board.id, label=label.strip()[:80] or "Lobby screen",
                     created_by_id=coordinator.id)
    db.session.add(link)
    db.session.flush()
    audit.record(coordinator, "kiosk.create",
                 f"{coordinator.display_name} made a screen link “{link.label}”.",
                 board=board, target=link)
    return link


def revoke_kiosk_link(coordinator: User, link: KioskLink) -> KioskLink:
    """Switch a screen link off at once: the screen shows nothing from the board any more."""
    boards.require_coordinator(link.board, coordinator)
    if not link.is_active:
        raise Conflict(f"The screen link “{link.label}” is already switched off.")
    link.revoked_at = utcnow()
    audit.record(coordinator, "kiosk.revoke",
                 f"{coordinator.display_name} switched off the screen link “{link.label}”.",
                 board=link.board, target=link)
    db.session.flush()
    return link


def board_for_kiosk(token: str) -> Board:
    """Return the board a working screen link shows, or raise NotFound."""
    link = db.session.scalar(select(KioskLink).where(KioskLink.token == token[:64]))
    if link is None or not link.is_active:
        raise NotFound("This screen link does not work, or a coordinator switched it off. "
                       "Ask them for a new one.")
    return link.board

"""Who may open and use every coordinator and noticeboard page.

Each route is tried by six people: someone signed out, a member, a member of another board, the
board's coordinator, and a lobby screen holding a working or a switched-off screen link. A
screen link opens the lobby screen and nothing else; a refused write changes nothing.
"""

from decimal import Decimal

import pytest

from helpboard.extensions import db
from helpboard.models import (
    AuditEntry,
    Board,
    KioskLink,
    LedgerEntry,
    Membership,
    Post,
    Report,
    Role,
    User,
)
from helpboard.services import ledger
from tests.conftest import PASSWORD

ROLES = ["anonymous", "member", "outsider", "coordinator", "kiosk", "revoked_kiosk"]
COORDINATOR = {"coordinator"}
MEMBERS = {"member", "coordinator"}

POST_FIELDS = {
    "kind": "request", "title": "Collect a prescription", "details": "", "category": "shopping",
    "location": "", "hours_estimate": "1", "needed_on": "", "expires_in_days": "30",
}

# method, URL, form data, who may, status when allowed
ROUTES = [
    ("GET", "/b/{slug}/run", None, COORDINATOR, 200),
    ("GET", "/b/{slug}/members", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/members/{pending}/approve", {}, COORDINATOR, 302),
    ("POST", "/b/{slug}/members/{pending}/decline", {}, COORDINATOR, 302),
    ("POST", "/b/{slug}/members/{cara_membership}/suspend", {}, COORDINATOR, 302),
    ("POST", "/b/{slug}/members/{suspended}/restore", {}, COORDINATOR, 302),
    ("POST", "/b/{slug}/members/{cara_membership}/promote", {}, COORDINATOR, 302),
    ("POST", "/b/{slug}/members/{ben_membership}/demote", {}, COORDINATOR, 302),
    ("GET", "/b/{slug}/members/{patel_membership}/delete", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/members/{patel_membership}/delete", {"password": PASSWORD},
     COORDINATOR, 302),
    ("POST", "/posts/{post}/hide", {}, COORDINATOR, 302),
    ("POST", "/posts/{hidden}/unhide", {}, COORDINATOR, 302),
    ("GET", "/posts/{post}/report", None, MEMBERS, 200),
    ("POST", "/posts/{post}/report", {"about": "user:{ben}", "reason": "He asked for money"},
     MEMBERS, 302),
    ("GET", "/b/{slug}/reports", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/reports/{report}/resolve", {"report-{report}-note": "Spoke to Ben"},
     COORDINATOR, 302),
    ("GET", "/b/{slug}/record/request", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/record/request", {"member": "{cara}", "arrived": "phone", **POST_FIELDS},
     COORDINATOR, 302),
    ("GET", "/b/{slug}/record/hours", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/record/hours",
     {"giver": "{cara}", "receiver": "{ben}", "hours": "2", "category": "garden"}, COORDINATOR,
     302),
    ("GET", "/b/{slug}/exchanges", None, COORDINATOR, 200),
    ("GET", "/b/{slug}/exchanges/{exchange}/correct", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/exchanges/{exchange}/correct", {"hours": "1.5", "note": "Took longer"},
     COORDINATOR, 302),
    ("GET", "/b/{slug}/audit", None, COORDINATOR, 200),
    ("GET", "/b/{slug}/exports", None, COORDINATOR, 200),
    ("GET", "/b/{slug}/exports/exchanges.csv", None, COORDINATOR, 200),
    ("GET", "/b/{slug}/exports/summary.csv", None, COORDINATOR, 200),
    ("GET", "/b/{slug}/settings", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/settings", {"name": "Elm Street North", "time_credits": "y"},
     COORDINATOR, 302),
    ("GET", "/b/{slug}/noticeboard", None, COORDINATOR, 200),
    ("POST", "/b/{slug}/noticeboard/screens", {"label": "Hall"}, COORDINATOR, 302),
    ("POST", "/b/{slug}/noticeboard/screens/{kiosk}/revoke", {}, COORDINATOR, 302),
    ("GET", "/b/{slug}/print", None, COORDINATOR, 200),
]


@pytest.fixture
def world(world):
    """The shared world, plus an exchange of hours to correct, a supported member, and Ben as a
    second coordinator (so one of them can be made a member again)."""
    world.exchange = ledger.record_exchange(world.board, world.cara, world.ben, Decimal("1"),
                                            "garden", world.ann, note="Weeding, by phone")
    patel = User(display_name="Mrs Patel", is_supported=True)
    world.patel_membership = Membership(board=world.board, user=patel)
    db.session.add(world.patel_membership)
    world.ben_membership = db.session.scalar(db.select(Membership).where(
        Membership.user_id == world.ben.id, Membership.board_id == world.board.id))
    world.ben_membership.role = Role.COORDINATOR
    db.session.commit()
    return world


def fill(template: str, world) -> str:
    """Put the world's numbers into a URL or form value."""
    return template.format(
        slug=world.board.slug, pending=world.pending.id, suspended=world.suspended.id,
        cara_membership=world.cara_membership.id, post=world.post.id, hidden=world.hidden.id,
        report=world.report.id, kiosk=world.kiosk.id, cara=world.cara.id, ben=world.ben.id,
        exchange=world.exchange.id, patel_membership=world.patel_membership.id,
        ben_membership=world.ben_membership.id,
    )


def become(role: str, client, auth, world) -> None:
    """Sign in as the role's person; a lobby screen first opens its screen link."""
    people = {"member": world.cara, "outsider": world.olga, "coordinator": world.ann}
    if role in people:
        auth.login(people[role])
    elif role in ("kiosk", "revoked_kiosk"):
        link = world.kiosk if role == "kiosk" else world.revoked
        client.get(f"/kiosk/{link.token}")


def snapshot() -> tuple:
    """Return what a write could change: rows, statuses, roles, hidden flags, board settings."""
    db.session.expire_all()
    count = lambda model: db.session.scalar(db.select(db.func.count()).select_from(model))  # noqa: E731
    return (
        count(AuditEntry), count(Report), count(Post), count(LedgerEntry), count(KioskLink),
        tuple(db.session.scalars(db.select(Membership.status).order_by(Membership.id))),
        tuple(db.session.scalars(db.select(Membership.role).order_by(Membership.id))),
        tuple(db.session.scalars(db.select(Post.hidden).order_by(Post.id))),
        tuple(db.session.scalars(db.select(Report.state).order_by(Report.id))),
        tuple(db.session.scalars(db.select(KioskLink.revoked_at).order_by(KioskLink.id))),
        tuple(db.session.scalars(db.select(Board.name).order_by(Board.id))),
    )


def refused_status(role: str, url: str) -> int:
    """Return what a person who may not use a page gets: sign in, not allowed, or not found."""
    if role in ("anonymous", "kiosk", "revoked_kiosk"):
        return 302
    if role == "member" and "{hidden}" in url:
        return 404  # a hidden post does not exist for members
    return 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "data", "allowed", "status"), ROUTES,
                         ids=[f"{method} {url}" for method, url, *_ in ROUTES])
def test_access(client, auth, world, role, method, url, data, allowed, status):
    become(role, client, auth, world)
    before = snapshot()
    form = {fill(key, world): fill(value, world) for key, value in (data or {}).items()}
    response = client.open(fill(url, world), method=method, data=form if method == "POST" else None)

    if role in allowed:
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        if status == 302:
            assert "/sign-in" not in response.location
        if method == "POST":
            assert snapshot() != before, "an allowed write changed nothing"
    else:
        assert response.status_code == refused_status(role, url)
        if response.status_code == 302:
            assert "/sign-in" in response.location
        assert snapshot() == before, "a refused write changed something"


@pytest.mark.parametrize("role", ROLES)
def test_kiosk_access(client, auth, world, role):
    """Only the link opens the screen: a working link for anyone, never a guess or a dead link."""
    become(role, client, auth, world)
    token = {"kiosk": world.kiosk.token, "revoked_kiosk": world.revoked.token}.get(
        role, "not-a-real-screen-link")
    response = client.get(f"/kiosk/{token}")
    if role == "kiosk":
        assert response.status_code == 200
        assert "Fix a dripping tap" in response.get_data(as_text=True)
    else:
        assert response.status_code == 404
        assert "Fix a dripping tap" not in response.get_data(as_text=True)


def test_every_new_route_is_in_the_matrix(app, world):
    """A coordinator or noticeboard route added later must be added to the matrix too."""
    adapter = app.url_map.bind("localhost")
    covered = {(adapter.match(fill(url, world), method)[0], method)
               for method, url, *_ in ROUTES}
    covered.add(("noticeboard.kiosk", "GET"))  # test_kiosk_access
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("coordinators", "noticeboard"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (rule.endpoint, method) in covered, f"{method} {rule.rule} is not tested"


COORDINATOR_WRITES = [route for route in ROUTES if route[0] == "POST" and route[3] == COORDINATOR]


@pytest.mark.parametrize(("method", "url", "data", "allowed", "status"), COORDINATOR_WRITES,
                         ids=[url for _, url, *_ in COORDINATOR_WRITES])
def test_every_coordinator_action_is_in_the_audit_log(client, auth, world, method, url, data,
                                                      allowed, status):
    auth.login(world.ann)
    form = {fill(key, world): fill(value, world) for key, value in data.items()}
    client.post(fill(url, world), data=form)
    entries = list(db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.actor_id, entry.board_id) == (world.ann.id, world.board.id)
    assert entry.summary.startswith("Ann ") and entry.created_at is not None

"""Every helper route, for everyone who might try it: each sees and does only what it should."""

import pytest
from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.forms.helpers import today
from helpboard.models import HelperLink, User
from tests.conftest import PASSWORD
from tests.helpers.conftest import PATEL_ADDRESS

ROLES = ("anonymous", "member", "other_board", "helper", "ended_helper", "coordinator",
         "other_coordinator")

PEOPLE = {
    "anonymous": lambda f: None, "member": lambda f: f.ben, "other_board": lambda f: f.eve,
    "helper": lambda f: f.sam, "ended_helper": lambda f: f.tom, "coordinator": lambda f: f.ann,
    "other_coordinator": lambda f: f.olga,
}


def _consent_fields(given_by: str) -> dict:
    return {"consent_given_by": given_by, "consent_method": "in_person",
            "consent_on": today().isoformat(), "relationship_note": "neighbour"}


ROUTES = {
    "people I help": lambda f: ("GET", "/helping", None),
    "add form": lambda f: ("GET", "/helping/new", None),
    "add": lambda f: ("POST", "/helping/new", {
        "board": "elm-street", "display_name": "Mr Jones", "area": "Elm Court", "confirm": "y",
        "contact_via_helper": "y", **_consent_fields("Mr Jones")}),
    "resident page": lambda f: ("GET", f"/helping/{f.patel.id}", None),
    "act": lambda f: ("POST", f"/helping/{f.patel.id}/act", {}),
    "stop": lambda f: ("POST", "/helping/stop", {}),
    "contact form": lambda f: ("GET", f"/helping/{f.patel.id}/contact", None),
    "contact": lambda f: ("POST", f"/helping/{f.patel.id}/contact", {
        "area": "Elm Court", "address": "Flat 5, Elm Court", "phone": "", "access_notes": ""}),
    "delete form": lambda f: ("GET", f"/helping/{f.patel.id}/delete", None),
    "delete": lambda f: ("POST", f"/helping/{f.patel.id}/delete", {"password": PASSWORD}),
    "my helpers": lambda f: ("GET", "/my-helpers", None),
    "grant": lambda f: ("POST", "/my-helpers", {"helper_email": f.cara.email}),
    "contact route": lambda f: ("POST", "/my-helpers/contact", {"contact_via_helper": "y"}),
    "end form": lambda f: ("GET", f"/helper-links/{f.link.id}/end", None),
    "end": lambda f: ("POST", f"/helper-links/{f.link.id}/end", {"reason": "No longer"}),
    "board helpers": lambda f: ("GET", "/b/elm-street/helper-links", None),
    "record": lambda f: ("POST", "/b/elm-street/helper-links", {
        "resident": str(f.ben.id), "helper": str(f.cara.id), **_consent_fields("Ben")}),
}

OK, DONE, FORBIDDEN, NOT_FOUND, REFUSED = 200, 302, 403, 404, 422

# Signed in: what each person gets. Signed out, every route sends them to sign in.
EXPECTED = {
    #                  member     other_board helper ended     coordinator other_coord
    "people I help": (OK, OK, OK, OK, OK, OK),
    "add form": (OK, OK, OK, OK, OK, OK),
    "add": (DONE, REFUSED, DONE, DONE, DONE, REFUSED),  # only onto one's own boards
    "resident page": (NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "act": (NOT_FOUND, NOT_FOUND, DONE, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "stop": (DONE, DONE, DONE, DONE, DONE, DONE),
    "contact form": (NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "contact": (NOT_FOUND, NOT_FOUND, DONE, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    # A coordinator deletes a supported member's account from the members page instead.
    "delete form": (NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "delete": (NOT_FOUND, NOT_FOUND, DONE, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "my helpers": (OK, OK, OK, OK, OK, OK),
    "grant": (DONE, REFUSED, DONE, DONE, DONE, REFUSED),  # Cara must share a board
    "contact route": (DONE, DONE, DONE, DONE, DONE, DONE),
    "end form": (NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND),
    "end": (NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND, DONE, NOT_FOUND),
    "board helpers": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "record": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE, FORBIDDEN),
}

CASES = [(route, role, status) for route, statuses in EXPECTED.items()
         for role, status in zip(ROLES[1:], statuses, strict=True)]


def snapshot(family) -> tuple:
    """Return what a refused request must leave unchanged."""
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(HelperLink.id))),
        db.session.scalar(select(func.count(HelperLink.id)).where(HelperLink.ended_at.is_(None))),
        db.session.scalar(select(func.count(User.id))),
        db.session.get(User, family.patel.id).address,
    )


def test_every_route_is_listed():
    assert set(EXPECTED) == set(ROUTES)


def test_the_matrix_covers_every_helper_route(app, family):
    """A new route in the helpers area must join the matrix."""
    every = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("helpers.")
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    urls = app.url_map.bind("localhost")
    covered = set()
    for route in ROUTES.values():
        method, url, _ = route(family)
        covered.add((urls.match(url, method)[0], method))
    assert covered == every


@pytest.mark.parametrize("route", list(ROUTES))
def test_signed_out_people_are_sent_to_sign_in(client, family, route):
    method, url, data = ROUTES[route](family)
    before = snapshot(family)
    response = client.open(url, method=method, data=data)
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")
    assert snapshot(family) == before


@pytest.mark.parametrize(("route", "role", "status"), CASES)
def test_access_matrix(client, auth, family, route, role, status):
    auth.login(PEOPLE[role](family))
    method, url, data = ROUTES[route](family)
    before = snapshot(family)
    response = client.open(url, method=method, data=data)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    if status in (FORBIDDEN, NOT_FOUND, REFUSED):
        assert snapshot(family) == before
        assert PATEL_ADDRESS not in response.get_data(as_text=True)

"""Contact details and addresses reach only the two matched people, on every page and API answer."""

import json

import pytest

from helpboard.extensions import db
from helpboard.models import Membership
from helpboard.services import matches
from helpboard.services.actor import Actor
from tests import flows

PRIVATE = {
    "Ben": ("07700 900222", "Flat 2B Rowan House", "Key under the red pot"),
    "Cara": ("07700 900333", "Flat 3C Rowan House", "Dog barks but is friendly"),
}


@pytest.fixture
def street(neighbours, make_user, make_post):
    """Ben asked for help; Cara and Ann answered; Dev is another member who did nothing."""
    board, ann, ben, cara = neighbours
    for person in (ben, cara):
        person.phone, person.address, person.access_notes = PRIVATE[person.display_name]
    dev = make_user("Dev", phone="07700 900444", address="Flat 4D Rowan House")
    db.session.add(Membership(board=board, user=dev))
    db.session.commit()
    post = make_post(board, ben, title="Fit lighter curtains")
    answer = flows.respond(post, cara, "I can come on Friday")
    flows.respond(post, ann, "Or me on Saturday")
    return {"post": post, "answer": answer, "ann": ann, "ben": ben, "cara": cara, "dev": dev}


def pages(client, street) -> dict[str, str]:
    """Everything a signed-in person can open that mentions the post or the two people."""
    post, ben, cara = street["post"], street["ben"], street["cara"]
    urls = {
        "board page": "/b/elm-street",
        "post page": f"/posts/{post.id}",
        "Ben's profile": f"/people/{ben.id}",
        "Cara's profile": f"/people/{cara.id}",
        "activity page": "/activity",
        "API list": "/api/v1/boards/elm-street/posts",
        "API get": f"/api/v1/posts/{post.id}",
    }
    answers = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        answers[name] = (json.dumps(response.json, ensure_ascii=False) if response.is_json
                         else response.get_data(as_text=True))
    return answers


def leaks(answers: dict[str, str], *people: str) -> list[str]:
    return [f"{person}'s {detail!r} on the {name}" for name, text in answers.items()
            for person in people for detail in PRIVATE[person] if detail in text]


def test_before_a_match_nobody_sees_contact_details(client, auth, street):
    for viewer in ("ben", "cara", "ann", "dev"):
        auth.login(street[viewer])
        assert leaks(pages(client, street), "Ben", "Cara") == [], viewer


def test_after_a_match_only_the_two_people_see_each_others_details(client, auth, street):
    flows.accept(street["post"], street["answer"])
    for viewer, other in (("ben", "Cara"), ("cara", "Ben")):
        auth.login(street[viewer])
        answers = pages(client, street)
        assert all(detail in answers["post page"] for detail in PRIVATE[other]), viewer
        assert all(detail in answers["API get"] for detail in PRIVATE[other]), viewer
        lists = {name: answers[name] for name in ("board page", "API list")}
        assert leaks(lists, "Ben", "Cara") == [], viewer
    for viewer in ("ann", "dev"):  # the other responder, and a member who did nothing
        auth.login(street[viewer])
        assert leaks(pages(client, street), "Ben", "Cara") == [], viewer


def test_after_the_job_is_done_the_two_still_see_them_and_nobody_else(client, auth, street):
    flows.accept(street["post"], street["answer"])
    flows.mark_done(street["post"], street["cara"])
    auth.login(street["cara"])
    assert "07700 900222" in pages(client, street)["post page"]
    auth.login(street["ann"])
    assert leaks(pages(client, street), "Ben", "Cara") == []


def test_after_stepping_back_the_details_are_gone_again(client, auth, street):
    flows.accept(street["post"], street["answer"])
    matches.step_back(Actor.for_self(street["cara"]), street["post"])
    db.session.commit()
    for viewer in ("ben", "cara", "ann"):
        auth.login(street[viewer])
        assert leaks(pages(client, street), "Ben", "Cara") == [], viewer


def test_the_code_word_is_only_for_the_two_people(client, auth, street):
    post = flows.accept(street["post"], street["answer"])
    for viewer, sees in (("ben", True), ("cara", True), ("ann", False), ("dev", False)):
        auth.login(street[viewer])
        answers = pages(client, street)
        assert (post.code_word in answers["post page"]) is sees, viewer
        assert (post.code_word in answers["API get"]) is sees, viewer

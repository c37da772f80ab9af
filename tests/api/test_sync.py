"""POST /api/v1/sync: the offline outbox's batches, each item applied exactly once."""

import threading
import uuid

import pytest
from sqlalchemy import event, func, select

from helpboard.extensions import db
from helpboard.models import AppliedWrite, Post, Response
from tests.conftest import PASSWORD


def create(board_slug="elm-street", **changes) -> dict:
    payload = {"board": board_slug, "kind": "request", "title": "Carry the shopping upstairs",
               "category": "shopping", "hours_estimate": "0.5", **changes}
    return {"id": str(uuid.uuid4()), "kind": "post.create", "payload": payload}


def sync(client, *items, **extra):
    return client.post("/api/v1/sync", json={"items": list(items), **extra})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def ben(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    return ben


def test_an_item_sent_twice_makes_one_post(client, ben):
    item = create()
    first = sync(client, item).json["results"][0]
    again = sync(client, item).json["results"][0]
    assert first["status"] == "applied" and first["message"] == "Your request is on the board."
    assert again["status"] == "already_applied" and again["post_id"] == first["post_id"]
    assert count(Post) == 1


def test_the_same_id_with_a_different_body_is_rejected(client, ben):
    item = create()
    sync(client, item)
    changed = {**item, "payload": {**item["payload"], "title": "Something else"}}
    result = sync(client, changed).json["results"][0]
    assert result["status"] == "rejected" and "different content" in result["message"]
    assert count(Post) == 1


def test_a_rejected_item_is_not_stored_and_can_be_corrected(client, ben):
    item = create(hours_estimate="abc")
    result = sync(client, item).json["results"][0]
    assert result["status"] == "rejected" and result["conflict"] is False
    assert result["errors"] == {"hours_estimate": "Enter hours as a number, for example 1.5"}
    assert count(AppliedWrite) == 0 and count(Post) == 0
    item["payload"]["hours_estimate"] = "1.5"
    assert sync(client, item).json["results"][0]["status"] == "applied"


def test_a_later_item_names_the_post_an_earlier_item_created(client, ben, neighbours):
    _, _, _, cara = neighbours
    created = create()
    edit = {"id": str(uuid.uuid4()), "kind": "post.edit", "payload": {
        **created["payload"], "title": "Carry two bags", "post_id": f"client:{created['id']}"}}
    withdraw = {"id": str(uuid.uuid4()), "kind": "post.withdraw",
                "payload": {"post_id": f"client:{created['id']}"}}
    results = sync(client, created, edit, withdraw).json["results"]
    assert [r["status"] for r in results] == ["applied"] * 3
    post = db.session.get(Post, results[0]["post_id"])
    assert (post.title, post.state.value) == ("Carry two bags", "withdrawn")
    assert {r["post_id"] for r in results} == {post.id}


def test_each_item_gets_its_own_answer(client, ben, neighbours, make_post):
    board, _, _, cara = neighbours
    post = make_post(board, cara)
    items = [
        create(),
        create(title=""),
        {"id": "not-a-uuid", "kind": "post.create", "payload": {}},
        {"id": str(uuid.uuid4()), "kind": "post.explode", "payload": {}},
        {"id": str(uuid.uuid4()), "kind": "post.respond", "payload": ["not", "an", "object"]},
        {"id": str(uuid.uuid4()), "kind": "post.respond", "payload": {"post_id": "abc"}},
        {"id": str(uuid.uuid4()), "kind": "post.respond",
         "payload": {"post_id": "99999999999999999999"}},
        {"id": str(uuid.uuid4()), "kind": "post.respond", "payload": {"post_id": post.id}},
        "just a string",
    ]
    results = sync(client, *items).json["results"]
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * 6 + ["applied",
                                                                               "rejected"]
    assert "Enter a short title" in results[1]["message"]
    assert "no valid id" in results[2]["message"]
    assert "does not understand" in results[3]["message"]
    assert count(Post) == 2 and count(Response) == 1


@pytest.mark.parametrize("body", [None, [], {"items": "x"}, {"items": {}}, {"nothing": 1},
                                  {"items": [{}] * 51}])
def test_a_batch_that_is_not_a_list_of_at_most_50_is_refused(client, ben, body):
    response = client.post("/api/v1/sync", json=body)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.json["detail"] == "Send a list of at most 50 items."


def test_a_batch_can_leave_messages_for_the_next_page(client, ben):
    sync(client, create(), create(title=""), flash=True)
    page = client.get("/b/elm-street").get_data(as_text=True)
    assert "Your request is on the board." in page
    assert "Enter a short title" in page


class BarrierAtClaim:
    """Hold each thread just before it claims the client id, until both are there."""

    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=10)
        self.arrived: set[int] = set()

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        me = threading.get_ident()
        if statement.lstrip().upper().startswith("INSERT INTO APPLIED_WRITES") \
                and me not in self.arrived:
            self.arrived.add(me)
            self.barrier.wait()


def test_two_sends_of_the_same_item_at_once_make_one_post(app, ben):
    item = create()
    clients = [app.test_client() for _ in range(2)]
    for each in clients:
        each.post("/sign-in", data={"email": ben.email, "password": PASSWORD})
    results: list[dict] = []

    def send(each):
        results.append(sync(each, item).json["results"][0])

    db.session.remove()
    hold = BarrierAtClaim()
    event.listen(db.engine, "before_cursor_execute", hold)
    try:
        threads = [threading.Thread(target=send, args=(each,)) for each in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        event.remove(db.engine, "before_cursor_execute", hold)
    assert len(hold.arrived) == 2, "both sends reached the claim"
    assert sorted(r["status"] for r in results) == ["already_applied", "applied"]
    assert results[0]["post_id"] == results[1]["post_id"]
    assert count(Post) == 1 and count(AppliedWrite) == 1

"""Client-identified writes applied exactly once (helpboard.services.sync and commands.run)."""

import uuid

import pytest
from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import AppliedWrite, Post
from helpboard.services import commands, sync
from helpboard.services.actor import Actor


@pytest.fixture(autouse=True)
def request_context(app):
    """Commands answer with the post's URL, which needs a request."""
    with app.test_request_context():
        yield


def new_post(board, **changes) -> dict:
    return {"board": board.slug, "kind": "request", "title": "Carry the shopping upstairs",
            "category": "shopping", "hours_estimate": "0.5", **changes}


def send(user, client_id, kind, payload):
    actor = Actor.for_self(user)
    return sync.apply_once(user, client_id, kind, payload,
                           lambda: commands.run(kind, actor, payload))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_write_sent_twice_is_applied_once(neighbours):
    board, _, ben, _ = neighbours
    client_id, payload = str(uuid.uuid4()), new_post(board)
    first, second = send(ben, client_id, "post.create", payload), send(
        ben, client_id, "post.create", payload)
    assert (first.status, second.status) == (sync.APPLIED, sync.ALREADY_APPLIED)
    assert second.post_id == first.post_id and second.message == first.message
    assert count(Post) == 1 and count(AppliedWrite) == 1


def test_the_same_id_with_different_content_is_refused(neighbours):
    board, _, ben, _ = neighbours
    client_id = str(uuid.uuid4())
    send(ben, client_id, "post.create", new_post(board))
    other = send(ben, client_id, "post.create", new_post(board, title="Something else"))
    assert other.status == sync.REJECTED and "different content" in other.message
    assert count(Post) == 1


def test_someone_elses_id_is_refused(neighbours):
    board, _, ben, cara = neighbours
    client_id, payload = str(uuid.uuid4()), new_post(board)
    send(ben, client_id, "post.create", payload)
    assert send(cara, client_id, "post.create", payload).status == sync.REJECTED


def test_a_rejected_write_leaves_no_trace_and_can_be_corrected(neighbours):
    board, _, ben, _ = neighbours
    client_id = str(uuid.uuid4())
    refused = send(ben, client_id, "post.create", new_post(board, hours_estimate="30"))
    assert refused.status == sync.REJECTED and refused.http_status == 422
    assert "hours_estimate" in refused.errors
    assert count(Post) == 0 and count(AppliedWrite) == 0
    corrected = send(ben, client_id, "post.create", new_post(board, hours_estimate="3"))
    assert corrected.status == sync.APPLIED and count(Post) == 1


def test_a_later_item_can_name_the_post_an_earlier_item_created(neighbours):
    board, _, ben, _ = neighbours
    create_id = str(uuid.uuid4())
    created = send(ben, create_id, "post.create", new_post(board))
    edited = send(ben, str(uuid.uuid4()), "post.edit",
                  new_post(board, title="Carry two bags upstairs", post_id=f"client:{create_id}"))
    assert edited.status == sync.APPLIED and edited.post_id == created.post_id
    assert db.session.get(Post, created.post_id).title == "Carry two bags upstairs"


def test_a_reference_to_an_item_not_sent_yet_is_not_found(neighbours):
    board, _, ben, cara = neighbours
    create_id = str(uuid.uuid4())
    send(ben, create_id, "post.create", new_post(board))
    for user, reference in ((ben, f"client:{uuid.uuid4()}"), (cara, f"client:{create_id}")):
        result = send(user, str(uuid.uuid4()), "post.withdraw", {"post_id": reference})
        assert result.status == sync.REJECTED and result.http_status == 404


def test_a_conflict_is_marked_as_one(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    send(ben, str(uuid.uuid4()), "post.withdraw", {"post_id": post.id})
    result = send(cara, str(uuid.uuid4()), "post.respond", {"post_id": post.id})
    assert result.status == sync.REJECTED and result.conflict and "withdrawn" in result.message


def test_client_ids_are_uuids_as_browsers_make_them():
    assert sync.is_client_id(str(uuid.uuid4()))
    for value in ("", "abc", str(uuid.uuid4())[:-1], 42, None, "{" + str(uuid.uuid4()) + "}"):
        assert not sync.is_client_id(value)


def test_the_fingerprint_ignores_key_order_but_not_content():
    assert sync.body_hash("k", {"a": 1, "b": 2}) == sync.body_hash("k", {"b": 2, "a": 1})
    assert sync.body_hash("k", {"a": 1}) != sync.body_hash("k", {"a": 2})
    assert sync.body_hash("k", {"a": 1}) != sync.body_hash("j", {"a": 1})

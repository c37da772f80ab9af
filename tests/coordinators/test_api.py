"""The coordinator's records are named commands, so the JSON API applies them by the same rules."""

import uuid

import pytest

from helpboard.extensions import db
from helpboard.models import LedgerEntry, Post


def item(command: str, **payload) -> dict:
    return {"id": str(uuid.uuid4()), "kind": command, "payload": payload}


def request_item(world) -> dict:
    return item("board.record_request", board=world.board.slug, member=str(world.cara.id),
                kind="request", title="Collect a prescription", category="shopping",
                hours_estimate="1", expires_in_days="30", arrived="phone")


def hours_item(world) -> dict:
    return item("board.record_hours", board=world.board.slug, giver=str(world.cara.id),
                receiver=str(world.ben.id), hours="2", category="garden")


@pytest.mark.parametrize("make", [request_item, hours_item])
def test_a_coordinator_records_through_the_api(client, auth, world, make):
    auth.login(world.ann)
    result = client.post("/api/v1/sync", json={"items": [make(world)]}).json["results"][0]
    assert result["status"] == "applied", result
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) + db.session.scalar(
        db.select(db.func.count(Post.id)).where(Post.posted_by_id == world.ann.id)) == 1


@pytest.mark.parametrize("make", [request_item, hours_item])
def test_a_member_cannot_record_for_others_through_the_api(client, auth, world, make):
    auth.login(world.ben)
    result = client.post("/api/v1/sync", json={"items": [make(world)]}).json["results"][0]
    assert result["status"] == "rejected"
    assert "coordinators" in result["message"]
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 2  # the world's two posts

"""The API tells a helper whom they act for, and honours it (helpboard.api, "acting for")."""

import pytest
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import ConsentMethod, Membership, Post, utcnow
from helpboard.services import helpers
from tests.helpers.steps import act_for, api_post, signed_in


@pytest.fixture
def patel(neighbours, make_user):
    """Sam helps Mrs Patel (no email, no device) on Elm Street; Ann coordinates it."""
    board, ann, _, _ = neighbours
    sam = make_user("Sam", phone="07700 900009")
    db.session.add(Membership(board=board, user=sam))
    db.session.commit()
    consent = helpers.Consent(given_by="Mrs Patel", method=ConsentMethod.IN_PERSON, at=utcnow())
    link = helpers.create_supported_member(sam, board, "Mrs Patel", "Elm Court", consent)
    db.session.commit()
    return {"board": board, "ann": ann, "sam": sam, "patel": link.resident, "link": link}


def session_of(client) -> dict:
    response = client.get("/api/v1/session")
    assert response.status_code == 200
    return response.json


def test_the_session_says_no_one_is_acted_for_until_the_helper_switches(client, auth, patel):
    assert session_of(client)["acting_for"] is None  # signed out
    auth.login(patel["sam"])
    assert session_of(client)["acting_for"] is None
    act_for(client, patel["patel"])
    body = session_of(client)
    assert body["user"]["display_name"] == "Sam"
    assert body["acting_for"] == {"id": patel["patel"].id, "display_name": "Mrs Patel"}
    client.post("/helping/stop")
    assert session_of(client)["acting_for"] is None


def test_the_session_forgets_her_as_soon_as_access_ends(app, client, auth, patel):
    auth.login(patel["sam"])
    act_for(client, patel["patel"])
    signed_in(app, patel["ann"]).post(f"/helper-links/{patel['link'].id}/end",
                                      data={"reason": "She phoned to say so"})
    assert session_of(client)["acting_for"] is None


def test_a_write_carrying_acting_for_is_applied_for_her_and_never_for_someone_else(
        client, auth, patel):
    auth.login(patel["sam"])
    act_for(client, patel["patel"])
    written_for = session_of(client)["acting_for"]["id"]
    url = f"/api/v1/boards/{patel['board'].slug}/posts"
    created = client.post(url, json=api_post("Post a letter", acting_for=written_for))
    assert created.status_code == 201, created.json
    post = db.session.get(Post, created.json["post_id"])
    assert (post.author.display_name, post.posted_by.display_name) == ("Mrs Patel", "Sam")

    client.post("/helping/stop")
    refused = client.post(url, json=api_post("Post another letter", acting_for=written_for))
    assert refused.status_code == 409
    assert "no longer are" in refused.json["detail"]
    assert db.session.scalar(select(Post).where(Post.title == "Post another letter")) is None


def test_the_openapi_document_describes_acting_for(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    assert "acting_for" in schemas["Session"]["properties"]
    assert schemas["Person"]["required"] == ["id", "display_name"]
    body = document["paths"]["/api/v1/boards/{slug}/posts"]["post"]["requestBody"]
    assert "acting_for" in body["content"]["application/json"]["schema"]["properties"]
    assert "acting_for" in schemas["SyncRequest"]["properties"]["items"]["items"][
        "properties"]["payload"]["properties"]

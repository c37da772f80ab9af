"""Acting for a resident: every action stores who acted, her hours are hers, ending is at once."""

from decimal import Decimal

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import AuditEntry, LedgerEntry, Post, Response, Thanks
from helpboard.services import ledger
from tests.helpers.conftest import PATEL_ADDRESS, audit_actions
from tests.helpers.steps import act_for, api_post, latest_post, post_request, press, signed_in

BANNER = "You are acting for"


def test_acting_shows_a_banner_with_stop_on_every_page(client, auth, family):
    auth.login(family.sam)
    assert BANNER not in client.get("/helping").text
    act_for(client, family.patel)
    for url in ("/helping", f"/b/{family.board.slug}", "/my-helpers", "/activity"):
        page = client.get(url).text
        assert BANNER in page and "Mrs Patel" in page
        assert 'action="/helping/stop"' in page
    response = client.post("/helping/stop", follow_redirects=True)
    assert "You stopped acting for Mrs Patel" in response.text
    assert BANNER not in response.text
    assert audit_actions(family.sam)[-2:] == ["helper.act", "helper.stop"]


def test_a_helper_does_everything_she_could_and_her_hours_are_hers(app, client, auth, family):
    board, sam, patel, ben = family.board, family.sam, family.patel, family.ben
    auth.login(sam)
    act_for(client, patel)
    assert post_request(client, board, patel).status_code == 302
    post = latest_post()
    assert (post.author_id, post.posted_by_id) == (patel.id, sam.id)
    assert "posted by sam for mrs patel" in client.get(f"/posts/{post.id}").text.lower()

    neighbour = signed_in(app, ben)
    neighbour.post(f"/posts/{post.id}/respond", data={"message": "I can go tomorrow"})
    answer = db.session.scalar(select(Response).where(Response.post_id == post.id))
    assert press(client, post, "accept", patel, response_id=answer.id).status_code == 302
    neighbour.post(f"/posts/{post.id}/done", data={})
    assert press(client, post, "hours", patel, hours="1.5").status_code == 302
    assert press(client, post, "thank", patel, message="Thank you, Ben").status_code == 302

    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.post_id == post.id))
    assert (entry.giver_id, entry.receiver_id, entry.recorded_by_id) == (ben.id, patel.id, sam.id)
    assert ledger.hours_for(patel).received == Decimal("1.5")
    assert ledger.hours_for(sam).received == ledger.hours_for(sam).given == 0
    note = db.session.scalar(select(Thanks).where(Thanks.post_id == post.id))
    assert (note.from_user_id, note.acted_by_id) == (patel.id, sam.id)
    assert "Mrs Patel, written by Sam" in neighbour.get(f"/posts/{post.id}").text


def test_every_write_made_while_acting_is_in_the_audit_log(app, client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    post_request(client, family.board, family.patel, title="Fetch the paper")
    post = latest_post()
    press(client, post, "withdraw", family.patel)
    entries = list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.actor_id == family.sam.id, AuditEntry.action.startswith("acted."))))
    assert [e.action for e in entries] == ["acted.post.create", "acted.post.withdraw"]
    assert {e.on_behalf_of_id for e in entries} == {family.patel.id}
    assert {e.board_id for e in entries} == {family.board.id}
    assert entries[0].summary == "Sam posted “Fetch the paper” for Mrs Patel."


def test_answering_for_her_shows_who_sent_it(app, client, auth, family, make_post):
    post = make_post(family.board, family.cara, title="Sort out the bins")
    auth.login(family.sam)
    act_for(client, family.patel)
    assert press(client, post, "respond", family.patel, message="She'd like to").status_code == 302
    answer = db.session.scalar(select(Response).where(Response.post_id == post.id))
    assert (answer.user_id, answer.acted_by_id) == (family.patel.id, family.sam.id)
    page = signed_in(app, family.cara).get(f"/posts/{post.id}").text
    assert "Mrs Patel</a> (sent by Sam)" in page


def test_ending_access_takes_effect_at_once(app, client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    coordinator = signed_in(app, family.ann)
    ended = coordinator.post(f"/helper-links/{family.link.id}/end", data={"reason": "Asked to"})
    assert ended.status_code == 302

    page = client.get("/helping").text
    assert BANNER not in page
    assert "You are no longer acting for anyone" in page
    refused = post_request(client, family.board, family.patel, title="Sneaky post")
    assert refused.status_code == 409
    assert "you no longer are" in refused.text
    assert db.session.scalar(select(Post).where(Post.title == "Sneaky post")) is None
    assert client.post(f"/helping/{family.patel.id}/act").status_code == 403
    assert client.get(f"/helping/{family.patel.id}").status_code == 403
    assert client.get(f"/helping/{family.patel.id}/contact").status_code == 403


def test_ending_access_stops_api_writes_for_her_at_once(app, client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    signed_in(app, family.ann).post(f"/helper-links/{family.link.id}/end", data={})
    response = client.post(f"/api/v1/boards/{family.board.slug}/posts",
                           json=api_post("Sneaky post", acting_for=family.patel.id))
    assert response.status_code == 409
    assert db.session.scalar(select(Post).where(Post.title == "Sneaky post")) is None


def test_a_resident_ends_her_helpers_access_from_her_own_page(app, client, auth, family):
    cara, ben = family.cara, family.ben
    auth.login(cara)
    client.post("/my-helpers", data={"helper_email": ben.email, "relationship_note": "friend"})
    helper = signed_in(app, ben)
    act_for(helper, cara)
    assert post_request(helper, family.board, cara, title="For Cara").status_code == 302
    assert (latest_post().author_id, latest_post().posted_by_id) == (cara.id, ben.id)

    link_id = db.session.scalar(select(AuditEntry.target_id).where(
        AuditEntry.action == "helper.grant"))
    assert f"/helper-links/{link_id}/end" in client.get("/my-helpers").text
    client.post(f"/helper-links/{link_id}/end", data={"reason": ""})
    assert post_request(helper, family.board, cara, title="Too late").status_code == 409
    assert helper.post(f"/helping/{cara.id}/act").status_code == 403


def test_a_form_written_for_her_is_never_applied_for_someone_else(client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    client.post("/helping/stop")
    response = post_request(client, family.board, family.patel, title="Written for Mrs Patel")
    assert response.status_code == 409
    assert "Switch back to acting for them" in response.text
    assert 'value="Written for Mrs Patel"' in response.text  # what was typed is kept
    assert latest_post() is None


def test_a_form_written_for_myself_is_not_applied_for_her(client, auth, family):
    auth.login(family.sam)
    form = client.get(f"/b/{family.board.slug}/posts/new").text
    assert f'name="acting_for" value="{family.sam.id}"' in form
    act_for(client, family.patel)
    response = post_request(client, family.board, family.sam, title="Written for myself")
    assert response.status_code == 409
    assert "you are now acting for Mrs Patel" in response.text
    assert latest_post() is None


def test_the_api_and_the_outbox_honour_acting(client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    created = client.post(f"/api/v1/boards/{family.board.slug}/posts", json=api_post("By the API"))
    assert created.status_code == 201
    shown = client.get(f"/api/v1/posts/{created.json['post_id']}").json
    assert shown["author"]["display_name"] == "Mrs Patel"
    assert shown["posted_by"]["display_name"] == "Sam"
    synced = client.post("/api/v1/sync", json={"items": [{
        "id": "5b0c6f0e-2a5f-4d2b-9d59-6a4b8c1e7f10", "kind": "post.create", "payload": api_post(
            "From the outbox", board=family.board.slug, acting_for=str(family.patel.id))}]})
    assert synced.json["results"][0]["status"] == "applied"
    post = latest_post()
    assert (post.title, post.author_id, post.posted_by_id) == (
        "From the outbox", family.patel.id, family.sam.id)


def test_an_outbox_item_written_for_her_is_refused_once_access_ended(app, client, auth, family):
    auth.login(family.sam)
    signed_in(app, family.ann).post(f"/helper-links/{family.link.id}/end", data={})
    synced = client.post("/api/v1/sync", json={"items": [{
        "id": "5b0c6f0e-2a5f-4d2b-9d59-6a4b8c1e7f11", "kind": "post.create", "payload": api_post(
            "Queued while acting", board=family.board.slug, acting_for=str(family.patel.id))}]})
    result = synced.json["results"][0]
    assert (result["status"], result["conflict"]) == ("rejected", True)
    assert latest_post() is None


def test_signing_out_ends_acting(app, client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    auth.logout()
    auth.login(family.sam)
    assert BANNER not in client.get("/helping").text


def test_someone_else_on_the_same_phone_never_acts_for_her(client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    with client.session_transaction() as session:
        stored = session["acting_for"]
    auth.logout()
    auth.login(family.ben)
    with client.session_transaction() as session:
        session["acting_for"] = stored  # as if the sign-out had not cleared it
    assert BANNER not in client.get("/helping").text
    assert post_request(client, family.board, family.ben).status_code == 302
    assert latest_post().author_id == family.ben.id


def test_switching_to_another_resident_records_both(client, auth, family):
    from helpboard.services import helpers
    from tests.helpers.conftest import consent

    helpers.record_link(family.ann, family.board, family.cara, family.sam, consent("Cara"))
    db.session.commit()
    auth.login(family.sam)
    act_for(client, family.patel)
    act_for(client, family.cara)
    assert audit_actions(family.sam)[-3:] == ["helper.act", "helper.stop", "helper.act"]
    assert "You are acting for" in client.get("/helping").text
    assert post_request(client, family.board, family.cara).status_code == 302
    assert latest_post().author_id == family.cara.id


def test_the_contact_page_is_only_for_her_helpers(client, auth, family):
    auth.login(family.sam)
    page = client.get(f"/helping/{family.patel.id}/contact").text
    assert PATEL_ADDRESS in page

"""The helper pages with JavaScript off: forms, errors, consent on record."""

from datetime import timedelta

from sqlalchemy import select

from helpboard.extensions import db
from helpboard.forms.helpers import today
from helpboard.models import (
    AuditEntry,
    ConsentMethod,
    HelperLink,
    Membership,
    MembershipStatus,
    User,
)
from tests.helpers.conftest import PATEL_ADDRESS, audit_actions
from tests.helpers.steps import act_for, post_request

NEW_PERSON = {"board": "elm-street", "display_name": "Mr Jones", "area": "Oak Block",
              "relationship_note": "his carer", "consent_given_by": "Mr Jones",
              "consent_method": "on_paper", "contact_via_helper": "y", "confirm": "y"}


def jones() -> User | None:
    return db.session.scalar(select(User).where(User.display_name == "Mr Jones"))


def test_a_helper_adds_someone_with_no_email_and_their_consent(client, auth, family):
    auth.login(family.sam)
    assert "Add someone I help" in client.get("/helping").text
    response = client.post("/helping/new", data={**NEW_PERSON,
                                                  "consent_on": today().isoformat()})
    assert response.status_code == 302
    person = jones()
    assert response.location == f"/helping/{person.id}/contact"
    assert (person.email, person.password_hash, person.is_supported) == (None, None, True)
    assert person.contact_via_helper and person.area == "Oak Block"
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    assert (membership.board_id, membership.status) == (family.board.id, MembershipStatus.ACTIVE)
    link = db.session.scalar(select(HelperLink).where(HelperLink.resident_id == person.id))
    assert (link.helper_id, link.recorded_by_id) == (family.sam.id, family.sam.id)
    assert (link.consent_given_by, link.consent_method) == ("Mr Jones", ConsentMethod.ON_PAPER)
    assert link.relationship_note == "his carer" and link.is_active
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "helper.create_supported", AuditEntry.on_behalf_of_id == person.id))
    assert (entry.actor_id, entry.board_id) == (family.sam.id, family.board.id)
    assert "Agreed by Mr Jones, on paper" in client.get("/helping").text


def test_consent_on_an_earlier_day_keeps_that_day(client, auth, family):
    auth.login(family.sam)
    day = today() - timedelta(days=3)
    client.post("/helping/new", data={**NEW_PERSON, "consent_on": day.isoformat()})
    link = db.session.scalar(select(HelperLink).where(HelperLink.resident_id == jones().id))
    assert link.consent_at.date() == day


def test_adding_someone_without_consent_shows_what_is_missing(client, auth, family):
    auth.login(family.sam)
    data = {**NEW_PERSON, "consent_given_by": "", "confirm": "", "consent_method": "",
            "consent_on": today().isoformat()}
    response = client.post("/helping/new", data=data)
    assert response.status_code == 422
    page = response.text
    assert "<title>Error: Add someone I help" in page
    assert "There is a problem" in page
    for message in ("Enter who agreed", "Choose how they agreed", "Confirm that they agreed"):
        assert message in page
    assert 'value="Mr Jones"' in page  # what was typed is kept
    assert jones() is None


def test_consent_cannot_be_dated_in_the_future(client, auth, family):
    auth.login(family.sam)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = client.post("/helping/new", data={**NEW_PERSON, "consent_on": tomorrow})
    assert response.status_code == 422
    assert "can&#39;t be in the future" in response.text
    assert jones() is None


def test_someone_with_no_board_is_asked_to_join_one(client, auth, make_user):
    auth.login(make_user("Nina"))
    page = client.get("/helping/new").text
    assert "Join a board first" in page


def test_on_a_board_that_needs_approval_she_waits_like_anyone(client, auth, family):
    family.board.requires_approval = True
    db.session.commit()
    auth.login(family.sam)
    client.post("/helping/new", data={**NEW_PERSON, "consent_on": today().isoformat()})
    person = jones()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    assert membership.status == MembershipStatus.PENDING
    act_for(client, person)
    assert "waiting for a coordinator to approve them" in client.get(f"/helping/{person.id}").text
    assert post_request(client, family.board, person).status_code == 403


def test_the_helper_keeps_her_contact_details(client, auth, family):
    auth.login(family.sam)
    page = client.get(f"/helping/{family.patel.id}/contact").text
    assert PATEL_ADDRESS in page and 'name="acting_for"' not in page
    response = client.post(f"/helping/{family.patel.id}/contact", data={
        "area": "Elm Court", "address": "Flat 9, Elm Court", "phone": "", "access_notes": "",
        "contact_via_helper": ""})
    assert response.status_code == 302
    patel = db.session.get(User, family.patel.id)
    assert (patel.address, patel.phone, patel.contact_via_helper) == ("Flat 9, Elm Court", "",
                                                                      False)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "helper.contact"))
    assert "Flat 9" not in entry.summary and "Flat 9" not in str(entry.detail)


def test_the_contact_page_refuses_an_address_too_long(client, auth, family):
    auth.login(family.sam)
    response = client.post(f"/helping/{family.patel.id}/contact", data={
        "area": "Elm Court", "address": "x" * 301})
    assert response.status_code == 422
    assert "Keep the address under 300 characters" in response.text
    assert db.session.get(User, family.patel.id).address == PATEL_ADDRESS


def test_a_member_keeps_her_own_details_even_with_a_helper(client, auth, family):
    auth.login(family.cara)
    client.post("/my-helpers", data={"helper_email": family.sam.email})
    auth.logout()
    auth.login(family.sam)
    assert client.get(f"/helping/{family.cara.id}/contact").status_code == 403
    assert "keeps their own details" in client.get(f"/helping/{family.cara.id}").text


def test_granting_access_in_the_app_is_recorded_as_her_consent(client, auth, family):
    auth.login(family.cara)
    response = client.post("/my-helpers", data={"helper_email": "SAM@example.org",
                                                "relationship_note": "neighbour"})
    assert response.status_code == 302
    link = db.session.scalar(select(HelperLink).where(HelperLink.resident_id == family.cara.id))
    assert (link.helper_id, link.recorded_by_id) == (family.sam.id, family.cara.id)
    assert (link.consent_method, link.consent_given_by) == (ConsentMethod.IN_APP, "Cara")
    page = client.get("/my-helpers").text
    assert "Sam (neighbour)" in page and "in the app" in page
    assert audit_actions(family.cara) == ["helper.grant"]


def test_granting_access_to_someone_unknown_or_twice_is_refused(client, auth, family):
    auth.login(family.cara)
    for email, message in (("nobody@example.org", "No one on your boards"),
                           (family.eve.email, "No one on your boards"),
                           (family.cara.email, "No one on your boards")):
        response = client.post("/my-helpers", data={"helper_email": email})
        assert response.status_code == 422
        assert message in response.text and "<title>Error:" in response.text
    client.post("/my-helpers", data={"helper_email": family.sam.email})
    again = client.post("/my-helpers", data={"helper_email": family.sam.email})
    assert again.status_code == 422 and "Sam can already act for Cara" in again.text


def test_the_coordinator_sees_who_acts_for_whom_and_records_consent(client, auth, family):
    auth.login(family.ann)
    page = client.get(f"/b/{family.board.slug}/helper-links").text
    assert "Sam for Mrs Patel" in page and "Tom for Mrs Patel (ended)" in page
    assert "She asked on the phone" in page
    assert f"/helper-links/{family.link.id}/end" in page
    assert f"/helper-links/{family.ended.id}/end" not in page
    response = client.post(f"/b/{family.board.slug}/helper-links", data={
        "resident": family.ben.id, "helper": family.cara.id, "consent_given_by": "Ben",
        "consent_method": "by_phone", "consent_on": today().isoformat(),
        "relationship_note": "neighbour"})
    assert response.status_code == 302
    link = db.session.scalar(select(HelperLink).where(HelperLink.resident_id == family.ben.id))
    assert (link.helper_id, link.recorded_by_id, link.consent_method) == (
        family.cara.id, family.ann.id, ConsentMethod.BY_PHONE)
    assert "helper.record_consent" in audit_actions(family.ann)


def test_the_coordinator_cannot_record_nonsense(client, auth, family):
    auth.login(family.ann)
    base = {"consent_given_by": "Ben", "consent_method": "by_phone",
            "consent_on": today().isoformat()}
    same = client.post(f"/b/{family.board.slug}/helper-links", data={
        **base, "resident": family.ben.id, "helper": family.ben.id})
    assert same.status_code == 422 and "Choose a helper who is not the resident" in same.text
    twice = client.post(f"/b/{family.board.slug}/helper-links", data={
        **base, "resident": family.patel.id, "helper": family.sam.id})
    assert twice.status_code == 422 and "Sam can already act for Mrs Patel" in twice.text
    stranger = client.post(f"/b/{family.board.slug}/helper-links", data={
        **base, "resident": family.ben.id, "helper": family.eve.id})
    assert stranger.status_code == 422  # not a choice on this board
    assert db.session.scalar(select(HelperLink).where(HelperLink.resident_id == family.ben.id)) \
        is None


def test_ending_access_asks_first_and_keeps_the_record(client, auth, family):
    auth.login(family.ann)
    back = f"/b/{family.board.slug}/helper-links"
    page = client.get(f"/helper-links/{family.link.id}/end?next={back}").text
    assert "End Sam's access to act for Mrs Patel" in page
    response = client.post(f"/helper-links/{family.link.id}/end",
                           data={"reason": "Her daughter phoned", "next": back})
    assert response.status_code == 302 and response.location == back
    link = db.session.get(HelperLink, family.link.id)
    assert (link.ended_by_id, link.end_reason) == (family.ann.id, "Her daughter phoned")
    assert not link.is_active
    assert "This access has already ended" in client.get(f"/helper-links/{link.id}/end").text
    assert client.post(f"/helper-links/{link.id}/end", data={}).status_code == 409


def test_ending_access_refuses_a_reason_too_long(client, auth, family):
    auth.login(family.ann)
    response = client.post(f"/helper-links/{family.link.id}/end", data={"reason": "x" * 301})
    assert response.status_code == 422
    assert db.session.get(HelperLink, family.link.id).is_active


def test_a_helper_can_step_away_himself(client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    response = client.post(f"/helper-links/{family.link.id}/end", data={"reason": "Moving"},
                           follow_redirects=True)
    assert "Sam can no longer act for Mrs Patel" in response.text
    assert "You are acting for" not in response.text
    assert "No longer" in response.text  # the past list on "People I help"


def test_the_end_page_ignores_an_outside_next(client, auth, family):
    auth.login(family.sam)
    response = client.post(f"/helper-links/{family.link.id}/end",
                           data={"next": "https://evil.example/"})
    assert response.location == "/helping"


def test_everyone_finds_the_helper_pages_from_the_menu(client, auth, family):
    auth.login(family.ben)
    page = client.get(f"/b/{family.board.slug}").text
    assert '<a href="/helping">Helpers</a>' in page
    helping = client.get("/helping").text
    assert 'href="/my-helpers"' in helping
    assert "/helper-links" not in helping


def test_a_coordinator_finds_the_boards_helper_list(client, auth, family):
    auth.login(family.ann)
    page = client.get("/helping").text
    assert f'href="/b/{family.board.slug}/helper-links"' in page

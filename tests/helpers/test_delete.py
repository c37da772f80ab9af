"""Deleting a supported member's account: by her helper, or a coordinator of her board."""

import html

import pytest
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import AuditEntry, Membership, MembershipStatus, PostState
from tests.conftest import PASSWORD
from tests.helpers.conftest import PATEL_ADDRESS
from tests.helpers.steps import act_for, latest_post, post_request


def read(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def delete_url(family) -> str:
    return f"/helping/{family.patel.id}/delete"


def test_her_page_leads_her_helper_to_deleting_her_account(client, auth, family):
    auth.login(family.sam)
    assert f'href="{delete_url(family)}">Delete Mrs Patel\'s account</a>' in read(
        client.get(f"/helping/{family.patel.id}"))
    page = read(client.get(delete_url(family)))
    assert "<h1>Delete Mrs Patel's account</h1>" in page
    assert "Sam will no longer be able to act for Mrs Patel." in page
    assert "Your own password: Mrs Patel has none." in page
    main = page.split('<main id="main"')[1]
    assert 'data-module="sign-out"' not in main  # Sam stays signed in: his saved pages stay


def test_the_helper_confirms_with_his_own_password_and_stays_signed_in(client, auth, family):
    auth.login(family.sam)
    act_for(client, family.patel)
    post_request(client, family.board, family.patel, title="Collect a prescription")
    post = latest_post()
    response = client.post(delete_url(family), data={"password": PASSWORD})
    assert response.status_code == 302 and response.location == "/helping"
    page = read(client.get("/helping"))
    assert "Mrs Patel's account is deleted." in page
    assert "You are acting for" not in page and "no longer acting" not in page
    db.session.expire_all()
    patel = family.patel
    assert (patel.display_name, patel.address, patel.phone) == ("Former neighbour", "", "")
    assert not family.link.is_active and post.state == PostState.WITHDRAWN
    membership = db.session.scalar(select(Membership).where(Membership.user_id == patel.id))
    assert membership.status == MembershipStatus.DECLINED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete"))
    assert (entry.actor_id, entry.on_behalf_of_id) == (family.sam.id, patel.id)
    assert entry.summary == "Sam deleted Mrs Patel's account."
    assert client.get("/helping").status_code == 200  # Sam is still signed in
    assert client.get(f"/helping/{patel.id}").status_code == 403  # his access has ended


@pytest.mark.parametrize(("password", "message"), [
    ("", "Enter your password"),
    ("not my password", "The password is not right"),
    ("correct horse battery!", "The password is not right"),
])
def test_a_wrong_password_changes_nothing(client, auth, family, password, message):
    auth.login(family.sam)
    response = client.post(delete_url(family), data={"password": password})
    page = read(response)
    assert response.status_code == 422
    assert "<title>Error: Delete Mrs Patel's account" in page and "There is a problem" in page
    assert f'<a href="#password">{message}</a>' in page
    db.session.expire_all()
    assert family.patel.address == PATEL_ADDRESS and family.link.is_active


def test_a_member_with_her_own_account_deletes_it_herself(client, auth, family):
    auth.login(family.ben)
    client.post("/my-helpers", data={"helper_email": family.sam.email})
    auth.login(family.sam)
    assert "Delete Ben's account" not in read(client.get(f"/helping/{family.ben.id}"))
    for method in ("GET", "POST"):
        response = client.open(f"/helping/{family.ben.id}/delete", method=method,
                               data={"password": PASSWORD})
        assert response.status_code == 403
        assert "Ben has their own account: only they can delete it." in read(response)
    db.session.expire_all()
    assert family.ben.display_name == "Ben"

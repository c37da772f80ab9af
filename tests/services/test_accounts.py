"""Accounts (helpboard.services.accounts) and who sees whose profile (services.activity)."""

import pytest

from helpboard.extensions import db
from helpboard.services import accounts, activity
from helpboard.services.errors import Invalid


def test_a_password_is_stored_only_as_a_salted_hash(app):
    first = accounts.register("Ann", "ann@example.org", "correct horse battery")
    second = accounts.register("Ben", "ben@example.org", "correct horse battery")
    assert "correct horse battery" not in first.password_hash
    assert first.password_hash != second.password_hash
    assert first.check_password("correct horse battery")
    assert not first.check_password("Correct horse battery")


def test_an_email_address_is_used_once_whatever_its_case(app):
    accounts.register("Ann", "ann@example.org", "correct horse battery")
    with pytest.raises(Invalid) as refused:
        accounts.register("Ann again", " ANN@Example.org", "another password")
    assert "sign in instead" in refused.value.errors["email"]


def test_signing_in_gives_one_vague_message_for_any_mistake(app):
    accounts.register("Ann", "ann@example.org", "correct horse battery")
    assert accounts.authenticate("Ann@Example.org ", "correct horse battery").display_name == "Ann"
    messages = set()
    for email, password in (("ann@example.org", "wrong"), ("nobody@example.org", "x")):
        with pytest.raises(Invalid) as refused:
            accounts.authenticate(email, password)
        messages.add(refused.value.message)
    assert messages == {"The email address or password is not right."}


def test_an_account_without_a_password_cannot_sign_in(make_user):
    user = make_user("Mrs Patel", email=None)
    user.password_hash = None
    assert not user.check_password("")


def test_a_new_session_version_signs_old_sessions_out(make_user):
    ann = make_user("Ann")
    session_id = ann.get_id()
    assert accounts.load_session_user(session_id) == ann
    ann.session_version += 1
    db.session.commit()
    assert accounts.load_session_user(session_id) is None
    assert accounts.load_session_user("nonsense") is None


def test_the_profile_keeps_private_details_apart(make_user):
    ann = make_user("Ann")
    accounts.update_profile(ann, display_name="Ann P", phone="07700 900001", address="1 Elm St",
                            access_notes="", skills="Gardening, a chat", password_hash="x")
    assert (ann.display_name, ann.phone, ann.address) == ("Ann P", "07700 900001", "1 Elm St")
    assert ann.skill_list == ["Gardening", "a chat"]
    assert ann.check_password("correct horse battery")  # not a profile field


def test_neighbours_see_profiles_only_on_a_shared_board(neighbours, make_user):
    _, ann, ben, _ = neighbours
    stranger = make_user("Zed")
    assert activity.can_see_profile(ben, ann)
    assert activity.can_see_profile(stranger, stranger)
    assert not activity.can_see_profile(stranger, ann)
    assert not activity.can_see_profile(ann, stranger)

"""Registering, signing in and out, profiles and "My activity" (helpboard.accounts)."""

import html as entities

import pytest
from flask import g
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import AuditEntry, Membership, PostState, User
from helpboard.services import ledger
from helpboard.services.actor import Actor
from tests import flows
from tests.conftest import PASSWORD, Auth

EVIL_NEXT = ["//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
             "javascript:alert(1)", "/\t/evil.example", "http:evil.example", "///evil.example",
             " //evil.example"]


def register(client, **changes):
    data = {"display_name": "Dev Shah", "email": "dev@example.org",
            "password": "a long enough password", **changes}
    return client.post("/register", data=data)


def html(response) -> str:
    return response.get_data(as_text=True)


def test_registering_signs_you_in_and_asks_for_an_invite_code(client):
    response = register(client)
    assert response.status_code == 302
    page = html(client.get("/", follow_redirects=True))
    assert "Welcome, Dev Shah! Join your board with its invite code." in page
    assert "Sign out" in page


def test_the_password_is_never_stored_in_clear(client):
    register(client)
    user = db.session.query(User).filter_by(email="dev@example.org").one()
    assert "a long enough password" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_a_taken_email_address_is_explained_by_its_field(client, make_user):
    make_user("Dev", email="dev@example.org")
    response = register(client, email="DEV@example.org")
    page = html(response)
    assert response.status_code == 422
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert 'id="email-error"' in page and "sign in instead" in page
    assert 'value="Dev Shah"' in page  # what was typed is kept


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"display_name": ""}, "display_name", "Enter your name"),
    ({"display_name": "x" * 500}, "display_name", "Keep your name under 60 characters"),
    ({"email": "not an address"}, "email", "Enter an email address like name@example.com"),
    ({"email": "a" * 300 + "@example.org"}, "email", "Enter an email address"),
    ({"password": "short"}, "password", "Use at least 8 characters"),
    ({"password": "p" * 5000}, "password", "Use at least 8 characters"),
])
def test_register_checks_each_field_on_the_server(client, changes, field, message):
    response = register(client, **changes)
    page = html(response)
    assert response.status_code == 422
    assert page.count("<title>Error: ") == 1
    assert f'<a href="#{field}">' in page and message in page
    assert f'id="{field}-error"' in page


def test_register_with_missing_fields_is_not_a_server_error(client):
    response = client.post("/register", data={})
    assert response.status_code == 422
    for message in ("Enter your name", "Enter your email address", "Choose a password"):
        assert message in html(response)


def test_sign_in_and_out(client, make_user):
    make_user("Ann")
    response = client.post("/sign-in", data={"email": "ANN@example.org ", "password": PASSWORD})
    assert response.status_code == 302
    assert "My activity" in html(client.get("/activity"))
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert "You are signed out" in html(client.get(response.headers["Location"]))
    assert client.get("/activity").status_code == 302


def test_signing_out_needs_a_post(client, auth, make_user):
    auth.login(make_user("Ann"))
    assert client.get("/sign-out").status_code == 405
    assert client.get("/activity").status_code == 200


def test_a_wrong_password_keeps_the_email_and_says_nothing_more(client, make_user):
    make_user("Ann")
    response = client.post("/sign-in", data={"email": "ann@example.org", "password": "wrong"})
    page = html(response)
    assert response.status_code == 422
    assert "<title>Error: Sign in" in page
    assert "The email address or password is not right" in page
    assert 'value="ann@example.org"' in page
    assert "wrong" not in page  # a password is never sent back


def test_sign_in_goes_back_to_a_local_page(client, make_user):
    make_user("Ann")
    response = client.post("/sign-in?next=/activity?tab=hours",
                           data={"email": "ann@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/activity?tab=hours"


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_sign_in_never_sends_you_to_another_site(client, make_user, target):
    make_user("Ann")
    response = client.post("/sign-in", query_string={"next": target},
                           data={"email": "ann@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_register_never_sends_you_to_another_site(client, target):
    response = client.post("/register", query_string={"next": target},
                           data={"display_name": "Dev", "email": "dev@example.org",
                                 "password": "a long enough password"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert response.headers["Location"] == "/"


def test_pages_for_members_send_you_to_sign_in_and_back(client, make_user):
    response = client.get("/activity")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    page = html(client.get(response.headers["Location"]))
    assert "Sign in to see this page." in page


def test_a_changed_session_version_signs_you_out(client, auth, make_user):
    ann = make_user("Ann")
    auth.login(ann)
    ann.session_version += 1
    db.session.commit()
    g.pop("_login_user", None)  # the tests share one app context; a real request starts afresh
    assert client.get("/activity").status_code == 302


def test_editing_the_profile(client, auth, make_user):
    ann = make_user("Ann")
    auth.login(ann)
    page = html(client.get("/profile"))
    assert "Private: only for the neighbour you are matched with" in page
    response = client.post("/profile", data={
        "display_name": "Ann Okafor", "skills": "Gardening, forms and letters",
        "area": "Elm Court", "phone": "07700 900123", "address": "4 Elm Court",
        "access_notes": "Ring twice"})
    assert response.headers["Location"] == f"/people/{ann.id}"
    profile = html(client.get(f"/people/{ann.id}"))
    assert "Your profile is saved." in profile
    assert "Ann Okafor" in profile and "<li>forms and letters</li>" in profile
    assert "07700 900123" not in profile and "4 Elm Court" not in profile


def test_a_profile_with_mistakes_keeps_what_was_typed(client, auth, make_user):
    auth.login(make_user("Ann"))
    response = client.post("/profile", data={
        "display_name": "", "skills": "s" * 1001, "area": "Elm Court",
        "phone": "0" * 41, "address": "a" * 301, "access_notes": "n" * 501})
    page = html(response)
    assert response.status_code == 422
    assert "<title>Error: " in page
    for message in ("Enter your name", "Keep this under 1,000 characters",
                    "Keep the phone number under 40 characters",
                    "Keep the address under 300 characters", "Keep this under 500 characters"):
        assert message in page
    assert 'value="Elm Court"' in page


def test_a_profile_shows_what_someone_can_do_and_their_hours(client, auth, neighbours,
                                                             make_post):
    board, ann, ben, cara = neighbours
    cara.skills = "Cooking, sewing"
    post = flows.finish(make_post(board, ben), cara, "1.5")
    flows.finish(make_post(board, cara, title="Lift"), ann, "0.5")
    ledger.thank(Actor.for_self(ben), post, "Thank you Cara, lovely job")
    db.session.commit()
    auth.login(ben)
    page = html(client.get(f"/people/{cara.id}"))
    assert "<li>Cooking</li>" in page and "<li>sewing</li>" in page
    assert "<dt>Hours given</dt><dd>1.5 hours</dd>" in page
    assert "<dt>Hours received</dt><dd>0.5 hours</dd>" in page
    assert "Thank you Cara, lovely job" in page and "— Ben" in page


def test_a_profile_off_your_boards_is_not_found(client, auth, neighbours, make_user):
    _, ann, *_ = neighbours
    auth.login(make_user("Zed"))
    response = client.get(f"/people/{ann.id}")
    assert response.status_code == 404
    assert "Ann" not in html(response).split("<main", 1)[1]
    assert client.get("/people/99999999999999999999").status_code == 404


def test_my_activity_lists_my_posts_my_jobs_answers_and_hours(client, auth, neighbours,
                                                               make_post):
    board, ann, ben, cara = neighbours
    make_post(board, cara, title="Walk the dog")
    helping = flows.match(make_post(board, ben, title="Fix the gate"), cara)
    flows.respond(make_post(board, ann, title="Read a letter"), cara)
    flows.finish(make_post(board, ann, title="Bake a cake"), cara, "2")
    auth.login(cara)
    page = html(client.get("/activity"))
    jobs = page.split("Jobs I am helping with")[1].split("My posts")[0]
    assert helping.title in jobs and "Bake a cake" in jobs
    mine = page.split("<h2>My posts</h2>")[1].split("Posts I answered")[0]
    assert "Walk the dog" in mine and "open" in mine
    answered = page.split("Posts I answered")[1]
    assert "Read a letter</a> — waiting for the author to choose" in answered
    assert "<dt>Hours given</dt><dd>2 hours</dd>" in page
    assert "Cara helped Ann" in page


# --- Deleting my account ----------------------------------------------------------------------

ZEB = {"display_name": "Zebedee Quill", "email": "zebedee@example.org", "phone": "07700 900777",
       "address": "7 Quill Lane", "access_notes": "Knock on the window", "area": "Quill Court",
       "skills": "Juggling, unicycles"}
PRIVATE = [*ZEB.values(), "Zebedee"]


@pytest.fixture
def zeb(neighbours, make_user):
    """Zebedee, on Elm Street with Ann (coordinator), Ben and Cara, with every detail filled in."""
    board, *_ = neighbours
    fields = {k: v for k, v in ZEB.items() if k != "display_name"}
    person = make_user(ZEB["display_name"], **fields)
    db.session.add(Membership(board=board, user=person))
    db.session.commit()
    return person


def delete_my_account(client, password=PASSWORD):
    return client.post("/profile/delete", data={"password": password})


def read(response) -> str:
    """Return a page or file as a person reads it (apostrophes unescaped)."""
    return entities.unescape(response.get_data(as_text=True))


def test_the_profile_page_leads_to_deleting_the_account(client, auth, make_user):
    auth.login(make_user("Ann"))
    assert 'href="/profile/delete">Delete my account</a>' in html(client.get("/profile"))
    page = read(client.get("/profile/delete"))
    assert "<h1>Delete your account</h1>" in page
    assert "Deleting an account can't be undone." in page
    assert "“Former neighbour”" in page
    form = page.split('<main id="main"')[1]
    assert 'autocomplete="current-password"' in form and 'data-module="sign-out"' in form


def test_deleting_my_account_signs_me_out_and_says_so(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    response = delete_my_account(client)
    assert response.status_code == 302 and response.location == "/"
    page = read(client.get("/"))
    assert "Your account is deleted and you are signed out." in page
    assert "Sign out" not in page
    assert client.get("/activity").status_code == 302
    refused = client.post("/sign-in", data={"email": "ben@example.org", "password": PASSWORD})
    assert refused.status_code == 422
    assert register(client, display_name="Ben", email="ben@example.org").status_code == 302


def test_an_old_session_on_another_phone_no_longer_works(app, client, auth, neighbours):
    _, _, ben, _ = neighbours
    other_phone = app.test_client()
    Auth(other_phone).login(ben)  # "keep me signed in": a remember cookie too
    assert other_phone.get("/activity").status_code == 200
    auth.login(ben)
    delete_my_account(client)
    response = other_phone.get("/activity")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


@pytest.mark.parametrize(("password", "message"), [
    ("not my password", "The password is not right"),
    ("", "Enter your password"),
])
def test_a_wrong_password_changes_nothing(client, auth, neighbours, make_post, password,
                                          message):
    board, _, ben, _ = neighbours
    post = make_post(board, ben, title="Fix the gate")
    auth.login(ben)
    response = delete_my_account(client, password)
    page = read(response)
    assert response.status_code == 422
    assert "<title>Error: Delete your account" in page and "There is a problem" in page
    assert f'<a href="#password">{message}</a>' in page
    assert "not my password" not in page  # a password is never sent back
    db.session.expire_all()
    assert (ben.display_name, ben.email, post.state) == ("Ben", "ben@example.org", PostState.OPEN)
    assert client.get("/activity").status_code == 200  # still signed in
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.delete")) \
        is None


def deleted_neighbour_world(neighbours, zeb, make_post):
    """Zebedee asks, offers, helps and is helped, then deletes his account through the page."""
    board, ann, ben, cara = neighbours
    asked = make_post(board, zeb, title="Mend a fence", details="Ring Zebedee on 07700 900777")
    flows.respond(asked, cara, "Happy to, Zebedee")
    chosen = make_post(board, ben, title="Fetch a prescription")
    flows.respond(chosen, cara)
    flows.match(chosen, zeb)
    helped = flows.finish(make_post(board, cara, title="Weed the garden"), zeb, "1.5")
    ledger.thank(Actor.for_self(cara), helped, "Lovely job, thank you")
    flows.finish(make_post(board, zeb, title="Carry a parcel", location="Elm Street"), ben, "1")
    db.session.commit()
    return asked, chosen, helped


def test_a_job_they_were_chosen_for_reopens_for_the_author_kindly(client, auth, neighbours, zeb,
                                                                   make_post):
    _, _, ben, cara = neighbours
    _, chosen, _ = deleted_neighbour_world(neighbours, zeb, make_post)
    auth.login(ben)
    hours_before = read(client.get(f"/people/{ben.id}")).split("Time bank")[1]
    auth.logout()
    auth.login(zeb)
    delete_my_account(client)
    auth.login(ben)
    page = read(client.get(f"/posts/{chosen.id}"))
    assert "<strong>Open</strong>" in page
    assert "The neighbour you chose can't go ahead after all, so this is open again." in page
    assert "Choose Cara" in page  # the neighbour who answered first is back in the running
    assert read(client.get(f"/people/{ben.id}")).split("Time bank")[1] == hours_before


@pytest.mark.parametrize("viewer", ["coordinator", "neighbour he helped"])
def test_no_page_shows_a_deleted_neighbour(app, client, auth, neighbours, zeb, make_post,
                                           viewer):
    board, ann, ben, cara = neighbours
    asked, chosen, helped = deleted_neighbour_world(neighbours, zeb, make_post)
    zeb_client = app.test_client()
    Auth(zeb_client).login(zeb)
    assert delete_my_account(zeb_client).status_code == 302
    auth.login(ann if viewer == "coordinator" else cara)
    urls = [f"/b/{board.slug}", f"/b/{board.slug}?q=fence", "/activity", "/api/v1/session",
            f"/api/v1/boards/{board.slug}/posts", f"/people/{zeb.id}", f"/people/{cara.id}"]
    for post in (asked, chosen, helped):
        urls += [f"/posts/{post.id}", f"/api/v1/posts/{post.id}"]
    if viewer == "coordinator":
        urls += [f"/b/{board.slug}/members", f"/b/{board.slug}/exports/exchanges.csv",
                 f"/b/{board.slug}/exports", f"/b/{board.slug}/print",
                 f"/b/{board.slug}/exchanges", f"/b/{board.slug}/record/hours",
                 f"/b/{board.slug}/helper-links"]
    seen = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = read(response)
        for private in PRIVATE:
            assert private not in seen[url], f"{private!r} is on {url}"
    assert "Lovely job, thank you" in seen[f"/posts/{helped.id}"]  # thanks stay
    if viewer != "coordinator":  # the neighbour he helped still sees who did the job
        assert "Former neighbour" in seen[f"/posts/{helped.id}"]
    else:
        assert "Former neighbour,Cara,1.5" in seen[f"/b/{board.slug}/exports/exchanges.csv"]
        audit = read(client.get(f"/b/{board.slug}/audit"))
        assert "Zebedee Quill deleted their account." in audit  # the record keeps who

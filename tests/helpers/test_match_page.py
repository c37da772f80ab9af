"""The match page: the code word and contact details reach exactly the right people."""

import pytest
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import PostKind
from helpboard.services import matches
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.posts import PostFields
from tests.helpers.conftest import PATEL_ADDRESS
from tests.helpers.steps import act_for, signed_in

SAM_PHONE, PATEL_PHONE, BEN_PHONE = "07700 900009", "020 7946 0001", "07700 900002"


@pytest.fixture
def matched(family):
    """Mrs Patel's request, posted by Sam for her, with Ben chosen to help."""
    fields = PostFields(title="Carry the shopping upstairs", details="", category="shopping",
                        location="Elm Court", hours_estimate=1, needed_on=None)
    actor = Actor(member=family.patel, by=family.sam)
    post = post_rules.create_post(actor, family.board, PostKind.REQUEST, fields)
    answer = matches.respond(Actor.for_self(family.ben), post, "Happy to")
    matches.accept(actor, post, answer.id)
    db.session.commit()
    return post


VIEWERS = {
    # who: (person, acting for Mrs Patel, sees the code word)
    "the matched neighbour": ("ben", False, True),
    "her helper, acting for her": ("sam", True, True),
    "her helper, as himself": ("sam", False, True),
    "a helper whose access ended": ("tom", False, False),
    "another member": ("cara", False, False),
    "the coordinator": ("ann", False, False),
}


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_code_word_is_only_for_the_two_sides_and_her_helpers(
        client, auth, family, matched, viewer):
    name, acting, sees = VIEWERS[viewer]
    auth.login(getattr(family, name))
    if acting:
        act_for(client, family.patel)
    page = client.get(f"/posts/{matched.id}").text
    api = client.get(f"/api/v1/posts/{matched.id}").json
    assert (matched.code_word in page) is sees
    assert api["code_word"] == (matched.code_word if sees else None)
    assert (api["contact"] is not None) is sees
    assert ("Never hand over bank cards or PINs" in page) is sees
    assert matched.code_word not in client.get(f"/b/{family.board.slug}").text
    assert matched.code_word not in client.get(f"/api/v1/boards/{family.board.slug}/posts").text


def test_someone_on_another_board_sees_nothing(client, auth, family, matched):
    auth.login(family.eve)
    assert client.get(f"/posts/{matched.id}").status_code == 403
    assert client.get(f"/api/v1/posts/{matched.id}").status_code == 403


def test_the_code_word_is_not_on_her_helper_page(client, auth, family, matched):
    auth.login(family.sam)
    page = client.get(f"/helping/{family.patel.id}").text
    assert "Carry the shopping upstairs" in page
    assert matched.code_word not in page


def test_the_neighbour_sees_the_helpers_phone_and_her_address(client, auth, family, matched):
    auth.login(family.ben)
    page = client.get(f"/posts/{matched.id}").text
    assert SAM_PHONE in page and PATEL_ADDRESS in page and "Knock loudly" in page
    assert PATEL_PHONE not in page
    assert "Contact goes through Sam (her son), who helps Mrs Patel" in page
    assert "Say this word at the door" in page


def test_her_helper_acting_for_her_sees_the_neighbours_contact(client, auth, family, matched):
    auth.login(family.sam)
    act_for(client, family.patel)
    page = client.get(f"/posts/{matched.id}").text
    assert BEN_PHONE in page and "2 Elm Street" in page
    assert "Ask for this word before you open the door" in page
    assert "Mark as done" in page


def test_her_helper_as_himself_sees_but_cannot_act(client, auth, family, matched):
    auth.login(family.sam)
    page = client.get(f"/posts/{matched.id}").text
    assert BEN_PHONE in page
    assert "You see this because you help Mrs Patel" in page
    assert "Mrs Patel should ask for this word before opening the door" in page
    assert "Mark as done" not in page and "Cancel the match" not in page


def test_contact_goes_to_her_when_she_chose_so(client, auth, family, matched):
    family.patel.contact_via_helper = False
    db.session.commit()
    auth.login(family.ben)
    page = client.get(f"/posts/{matched.id}").text
    assert PATEL_PHONE in page and PATEL_ADDRESS in page
    assert SAM_PHONE not in page


def test_contact_goes_to_her_once_no_helper_is_left(client, auth, family, matched):
    from helpboard.services import helpers

    helpers.end_access(family.link, family.ann, "")
    db.session.commit()
    auth.login(family.ben)
    page = client.get(f"/posts/{matched.id}").text
    assert SAM_PHONE not in page and PATEL_PHONE in page


def test_a_member_who_chose_contact_through_her_helper(app, client, auth, family, make_post):
    cara, ben = family.cara, family.ben
    auth.login(cara)
    client.post("/my-helpers", data={"helper_email": family.sam.email})
    client.post("/my-helpers/contact", data={"contact_via_helper": "y"})
    assert db.session.get(type(cara), cara.id).contact_via_helper
    post = make_post(family.board, cara, title="Hang a picture")
    answer = matches.respond(Actor.for_self(ben), post)
    matches.accept(Actor.for_self(cara), post, answer.id)
    db.session.commit()
    page = signed_in(app, ben).get(f"/posts/{post.id}").text
    assert SAM_PHONE in page and "3 Elm Street" in page and "07700 900003" not in page


def test_ending_access_hides_the_code_word_at_once(app, client, auth, family, matched):
    auth.login(family.sam)
    act_for(client, family.patel)
    assert matched.code_word in client.get(f"/posts/{matched.id}").text
    signed_in(app, family.ann).post(f"/helper-links/{family.link.id}/end", data={})
    assert matched.code_word not in client.get(f"/posts/{matched.id}").text
    assert client.get(f"/api/v1/posts/{matched.id}").json["code_word"] is None
    assert db.session.scalar(select(type(matched).code_word)) == matched.code_word

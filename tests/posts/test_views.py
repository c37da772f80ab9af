"""Post pages: the form, the post page and every button on it (helpboard.posts)."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import LedgerEntry, Post, PostState, utcnow
from tests import flows


def html(response) -> str:
    return response.get_data(as_text=True)


def count_posts() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


def new_post(**changes) -> dict:
    data = {"kind": "request", "title": "Fit lighter curtains", "details": "The old ones are heavy",
            "category": "repairs", "location": "Elm Street", "hours_estimate": "1.5",
            "needed_on": "", "expires_in_days": "30", "client_id": str(uuid.uuid4())}
    return {**data, **changes}


def follow(client, response) -> str:
    assert response.status_code == 302, html(response)
    return html(client.get(response.headers["Location"]))


def button_data(page: str, action: str, post: Post, **extra) -> dict:
    """Return what a button's form on the page would send (its hidden fields)."""
    form = re.search(rf'<form method="post" action="/posts/{post.id}/{action}"(.*?)</form>',
                     page, re.S)
    assert form, f"no {action} button on the page"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             form.group(1)))
    return {**hidden, **extra}


def test_the_form_asks_for_a_request_or_an_offer(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    page = html(client.get("/b/elm-street/posts/new?kind=offer"))
    assert "Post on Elm Street" in page
    assert re.search(r'<input checked[^>]*value="offer"', page)
    assert re.search(r'name="client_id" value="[0-9a-f-]{36}"', page)


def test_posting_a_request_puts_it_on_the_board(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    page = follow(client, client.post("/b/elm-street/posts/new",
                                      data=new_post(needed_on="2030-05-04")))
    assert "Your request is on the board." in page
    assert "<h1>Fit lighter curtains</h1>" in page and "Sat 4 May" in page
    assert "about 1.5 hours" in page
    assert "Fit lighter curtains" in html(client.get("/b/elm-street"))


def test_a_double_submit_makes_one_post(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    data = new_post()
    first = client.post("/b/elm-street/posts/new", data=data)
    second = client.post("/b/elm-street/posts/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert count_posts() == 1


def test_a_form_sent_back_with_changes_is_a_new_post(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    data = new_post()
    client.post("/b/elm-street/posts/new", data=data)
    client.post("/b/elm-street/posts/new", data={**data, "title": "And wash the windows"})
    assert count_posts() == 2


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_id(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    data = new_post(title="")
    refused = client.post("/b/elm-street/posts/new", data=data)
    assert refused.status_code == 422
    assert f'name="client_id" value="{data["client_id"]}"' in html(refused)
    follow(client, client.post("/b/elm-street/posts/new", data={**data, "title": "Curtains"}))
    assert count_posts() == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"hours_estimate": "abc"}, "hours_estimate", "Enter hours as a number, for example 1.5"),
    ({"hours_estimate": "30"}, "hours_estimate", "Enter hours between 0.25 and 24"),
    ({"hours_estimate": "0.1"}, "hours_estimate", "Enter hours between 0.25 and 24"),
    ({"hours_estimate": "1.3"}, "hours_estimate", "in quarter hours"),
    ({"hours_estimate": "sNaN"}, "hours_estimate", "Enter hours as a number"),
    ({"hours_estimate": "Infinity"}, "hours_estimate", "Enter hours as a number"),
    ({"hours_estimate": "1e999999"}, "hours_estimate", "Enter hours between 0.25 and 24"),
    ({"hours_estimate": ""}, "hours_estimate", "Enter about how many hours it takes"),
    ({"title": ""}, "title", "Enter a short title"),
    ({"title": "   "}, "title", "Enter a short title"),
    ({"title": "t" * 500}, "title", "Keep the title under 120 characters"),
    ({"details": "d" * 2001}, "details", "Keep the details under 2,000 characters"),
    ({"location": "l" * 121}, "location", "Keep the location under 120 characters"),
    ({"needed_on": "tomorrow"}, "needed_on", "Not a valid date"),
    ({"needed_on": "2030-02-30"}, "needed_on", "Not a valid date"),
    ({"category": "spaceships"}, "category", "Not a valid choice"),
    ({"kind": "banana"}, "kind", "Not a valid choice"),
    ({"expires_in_days": "9999"}, "expires_in_days", "Not a valid choice"),
])
def test_a_post_with_a_mistake_comes_back_explained(client, auth, neighbours, changes, field,
                                                    message):
    _, _, ben, _ = neighbours
    auth.login(ben)
    data = new_post(**changes)
    response = client.post("/b/elm-street/posts/new", data=data)
    page = html(response)
    assert response.status_code == 422
    assert "<title>Error: New post" in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert f'<a href="#{field}">' in summary and message in summary
    assert f'id="{field}-error"' in page
    assert count_posts() == 0
    for name in ("title", "location", "hours_estimate", "needed_on"):
        if data[name] and data[name].strip():
            assert f'value="{data[name]}"' in page, f"{name} was not kept"
    assert re.search(rf">\s*{data['details']}</textarea>", page), "details were not kept"


def test_a_post_with_every_field_missing_is_not_a_server_error(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    response = client.post("/b/elm-street/posts/new", data={})
    assert response.status_code == 422
    assert "Enter a short title" in html(response)


def test_a_non_member_cannot_post_or_see_the_form(client, auth, neighbours, make_user):
    auth.login(make_user("Zed"))
    assert client.get("/b/elm-street/posts/new").status_code == 403
    assert client.post("/b/elm-street/posts/new", data=new_post()).status_code == 403
    assert count_posts() == 0


def test_a_non_member_sees_nothing_of_a_post(client, auth, neighbours, make_post, make_user):
    board, _, ben, _ = neighbours
    post = make_post(board, ben, title="Fit lighter curtains", details="Bedroom, first floor")
    assert client.get(f"/posts/{post.id}").headers["Location"].startswith("/sign-in")
    auth.login(make_user("Zed"))
    response = client.get(f"/posts/{post.id}")
    assert response.status_code == 403
    assert "Fit lighter curtains" not in html(response)
    assert "Bedroom" not in html(response)
    assert client.post(f"/posts/{post.id}/respond", data={}).status_code == 403


@pytest.mark.parametrize("url", ["/posts/424242", "/posts/99999999999999999999",
                                 "/posts/99999999999999999999/edit"])
def test_a_post_that_does_not_exist_is_not_found(client, auth, neighbours, url):
    _, _, ben, _ = neighbours
    auth.login(ben)
    assert client.get(url).status_code == 404


def test_the_author_changes_a_post(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben, hours_estimate=Decimal("1.5"))
    auth.login(ben)
    form = html(client.get(f"/posts/{post.id}/edit"))
    assert 'value="Change a light bulb"' in form and 'value="1.5"' in form
    page = follow(client, client.post(f"/posts/{post.id}/edit", data=new_post(
        title="Change two light bulbs", seen_version="1")))
    assert "Your changes are saved." in page and "<h1>Change two light bulbs</h1>" in page


def test_a_change_based_on_an_old_page_is_refused(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    auth.login(ben)
    follow(client, client.post(f"/posts/{post.id}/edit",
                               data=new_post(title="First change", seen_version="1")))
    response = client.post(f"/posts/{post.id}/edit",
                           data=new_post(title="Second change", seen_version="1"))
    assert response.status_code == 409
    assert "It was changed since you opened it" in html(response)
    assert 'value="Second change"' in html(response)  # what was typed is not lost


def test_nobody_else_can_change_a_post(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben, title="Fit lighter curtains")
    auth.login(cara)
    assert "Change this post" not in html(client.get(f"/posts/{post.id}"))
    assert client.get(f"/posts/{post.id}/edit").status_code == 403
    response = client.post(f"/posts/{post.id}/edit", data=new_post(title="Mine now"))
    assert response.status_code == 403
    db.session.refresh(post)
    assert post.title == "Fit lighter curtains"


def test_nobody_else_can_withdraw_a_post(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    auth.login(cara)
    assert "Withdraw this post" not in html(client.get(f"/posts/{post.id}"))
    response = client.post(f"/posts/{post.id}/withdraw", data={})
    assert response.status_code == 403
    assert "Only the person who posted this can do that" in html(response)
    db.session.refresh(post)
    assert post.state == PostState.OPEN


def test_the_author_withdraws_a_post(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    page = follow(client, client.post(f"/posts/{post.id}/withdraw",
                                      data=button_data(page, "withdraw", post)))
    assert "Your post was withdrawn" in page and "<strong>Withdrawn</strong>" in page
    assert "Change a light bulb" not in html(client.get("/b/elm-street"))


def test_the_whole_match_through_the_pages(client, auth, neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben, hours_estimate=Decimal("1.5"))

    auth.login(cara)
    page = html(client.get(f"/posts/{post.id}"))
    assert "Can you help?" in page and "07700 900002" not in page
    page = follow(client, client.post(f"/posts/{post.id}/respond", data=button_data(
        page, "respond", post, message="I can come on Friday")))
    assert "Thank you! Ben will see your offer and can accept it." in page
    assert "Your answer: waiting for the author to choose." in page
    auth.login(ann)
    follow(client, client.post(f"/posts/{post.id}/respond", data={"message": ""}))

    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    assert "Neighbours who can help" in page and "“I can come on Friday”" in page
    assert "Choose Ann" in page
    cara_answer = post.responses[0]
    page = follow(client, client.post(f"/posts/{post.id}/accept", data=button_data(
        page, "accept", post, response_id=str(cara_answer.id))))
    assert "You chose Cara. You can now see each other&#39;s contact details." in page
    assert "How to reach Cara" in page and "07700 900003" in page and "3 Elm Street" in page
    assert "Code word for the doorstep" in page and post.code_word in page
    assert "Ask for this word before you open the door." in page

    auth.login(cara)
    page = html(client.get(f"/posts/{post.id}"))
    assert "How to reach Ben" in page and "07700 900002" in page and "Ring twice" in page
    assert "Say this word at the door so they know it&#39;s you." in page

    auth.login(ann)
    page = html(client.get(f"/posts/{post.id}"))
    assert "someone else is helping this time — thank you for offering" in page
    assert "07700 900002" not in page and "07700 900003" not in page


def test_an_answer_can_be_taken_back_before_anyone_is_chosen(client, auth, neighbours,
                                                            make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    flows.respond(post, cara, "I can come on Friday")
    auth.login(cara)
    page = html(client.get(f"/posts/{post.id}"))
    page = follow(client, client.post(f"/posts/{post.id}/withdraw-response",
                                      data=button_data(page, "withdraw-response", post)))
    assert "You took your answer back." in page and "I can help" in page
    auth.login(ben)
    assert "I can come on Friday" not in html(client.get(f"/posts/{post.id}"))


def test_stepping_back_reopens_the_post_and_the_others_are_back(client, auth, neighbours,
                                                               make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    flows.respond(post, ann)
    flows.match(post, cara)
    auth.login(cara)
    page = html(client.get(f"/posts/{post.id}"))
    page = follow(client, client.post(f"/posts/{post.id}/step-back",
                                      data=button_data(page, "step-back", post)))
    assert "You stepped back. The post is open again for others." in page
    assert "07700 900002" not in page
    assert "Change a light bulb" in html(client.get("/b/elm-street"))
    auth.login(ann)
    assert "Your answer: waiting for the author to choose." in html(client.get(f"/posts/{post.id}"))
    auth.login(ben)  # the author is told, kindly, and needs to do nothing
    assert "go ahead after all, so this is open again." in html(client.get(f"/posts/{post.id}"))


def test_the_author_cancels_the_match(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben), cara)
    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    page = follow(client, client.post(f"/posts/{post.id}/cancel",
                                      data=button_data(page, "cancel", post)))
    assert "The match was cancelled. The post is open again." in page
    assert "07700 900003" not in page
    assert "go ahead after all" not in page  # the author called it off: nothing to explain


def test_the_helper_marks_done_and_the_author_confirms_the_estimate(client, auth, neighbours,
                                                                   make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben, hours_estimate=Decimal("1.5")), cara)
    auth.login(cara)
    page = html(client.get(f"/posts/{post.id}"))
    assert 'name="hours"' not in page  # the helper does not set their own hours
    page = follow(client, client.post(f"/posts/{post.id}/done",
                                      data=button_data(page, "done", post)))
    assert "Marked as done. Thank you!" in page
    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    assert "Cara marked this done. How long did it take?" in page
    assert re.search(r'name="hours"[^>]*value="1.5"', page)
    refused = client.post(f"/posts/{post.id}/hours", data=button_data(page, "hours", post,
                                                                      hours="0.1"))
    assert refused.status_code == 422
    assert "<title>Error: " in html(refused) and 'value="0.1"' in html(refused)
    page = follow(client, client.post(f"/posts/{post.id}/hours",
                                      data=button_data(page, "hours", post, hours="1.5")))
    assert "1.5 hours recorded in the time bank." in page
    assert "Confirm the hours" not in page
    entry = db.session.scalars(select(LedgerEntry)).one()
    assert (entry.giver_id, entry.receiver_id, entry.hours) == (cara.id, ben.id, Decimal("1.5"))


def test_the_person_helped_can_mark_done_and_give_hours_at_once(client, auth, neighbours,
                                                               make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben, hours_estimate=Decimal("2")), cara)
    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    assert re.search(r'name="hours"[^>]*value="2"', page)
    page = follow(client, client.post(f"/posts/{post.id}/done",
                                      data=button_data(page, "done", post, hours="2.5")))
    assert "Marked as done, and 2.5 hours recorded. Thank you!" in page


def test_a_board_without_time_credits_asks_for_no_hours(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    board.time_credits = False
    db.session.commit()
    post = flows.match(make_post(board, ben), cara)
    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    assert "Mark as done" in page and 'name="hours"' not in page
    follow(client, client.post(f"/posts/{post.id}/done", data=button_data(page, "done", post)))
    page = html(client.get(f"/posts/{post.id}"))
    assert "Confirm the hours" not in page and 'name="hours"' not in page
    assert client.post(f"/posts/{post.id}/hours", data={"hours": "1"}).status_code == 409


def test_a_thank_you_shows_on_the_post_and_the_helpers_profile(client, auth, neighbours,
                                                              make_post):
    board, _, ben, cara = neighbours
    post = flows.finish(make_post(board, ben), cara)
    auth.login(ben)
    page = html(client.get(f"/posts/{post.id}"))
    empty = client.post(f"/posts/{post.id}/thank", data=button_data(page, "thank", post))
    assert empty.status_code == 422 and "Write a few words of thanks" in html(empty)
    page = follow(client, client.post(f"/posts/{post.id}/thank", data=button_data(
        page, "thank", post, message="Thank you Cara, they look lovely")))
    assert "Your thank-you note is on the post." in page
    assert "Thank you Cara, they look lovely" in page and "Say thank you" not in page
    assert "Thank you Cara, they look lovely" in html(client.get(f"/people/{cara.id}"))


def test_an_expired_post_says_so_and_takes_no_answers(client, auth, neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    answer = flows.respond(post, ann)
    post.expires_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    auth.login(cara)
    page = html(client.get(f"/posts/{post.id}"))
    assert "<strong>Expired</strong>" in page and "I can help" not in page
    response = client.post(f"/posts/{post.id}/respond", data={"message": "Still need me?"})
    assert response.status_code == 409 and "It has expired." in html(response)
    auth.login(ben)
    assert "Choose Ann" not in html(client.get(f"/posts/{post.id}"))
    response = client.post(f"/posts/{post.id}/accept", data={"response_id": str(answer.id)})
    assert response.status_code == 409


@pytest.mark.parametrize("response_id", ["", "abc", "-1", "99999999999999999999", "²"])
def test_accepting_a_made_up_answer_is_refused_plainly(client, auth, neighbours, make_post,
                                                       response_id):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    flows.respond(post, cara)
    auth.login(ben)
    response = client.post(f"/posts/{post.id}/accept", data={"response_id": response_id})
    assert response.status_code == 422
    assert "Choose a neighbour" in html(response)


def test_an_unknown_button_is_not_found(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    auth.login(ben)
    assert client.post(f"/posts/{post.id}/explode").status_code == 404
    assert client.get(f"/posts/{post.id}/withdraw").status_code == 405

"""The JSON API under /api/v1: every endpoint, its rules and its errors (helpboard.api)."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from helpboard.extensions import db
from helpboard.models import LedgerEntry, Post, PostState, ResponseState, Thanks, utcnow
from tests import flows

WRITES = [
    ("post", "/api/v1/boards/elm-street/posts"), ("patch", "/api/v1/posts/{id}"),
    *[("post", f"/api/v1/posts/{{id}}/{action}") for action in (
        "respond", "accept", "step-back", "cancel", "done", "hours", "thank", "withdraw",
        "withdraw-response")],
    ("post", "/api/v1/sync"),
]
READS = ["/api/v1/boards", "/api/v1/boards/elm-street/posts", "/api/v1/posts/{id}"]


def new_post(**changes) -> dict:
    return {"kind": "request", "title": "Carry the shopping upstairs", "category": "shopping",
            "hours_estimate": "0.5", **changes}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def assert_problem(response, status: int, words: str = ""):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status and body["title"] and body["detail"]
    assert words in body["detail"] or words in body["title"], body
    return body


def test_the_session_says_who_is_signed_in_and_gives_a_token(client, auth, make_user):
    body = client.get("/api/v1/session").json
    assert body["signed_in"] is False and body["csrf_token"]
    auth.login(make_user("Ann"))
    body = client.get("/api/v1/session").json
    assert body["signed_in"] is True and body["user"]["display_name"] == "Ann"


@pytest.mark.parametrize("url", READS)
def test_reading_needs_signing_in(client, neighbours, make_post, url):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    assert_problem(client.get(url.format(id=post.id)), 401, "Sign in")


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_writing_needs_signing_in(client, neighbours, make_post, method, url):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    response = getattr(client, method)(url.format(id=post.id), json={})
    assert_problem(response, 401, "Sign in")
    db.session.refresh(post)
    assert (post.version, post.state) == (1, PostState.OPEN)


def test_answers_are_never_cached(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    assert client.get("/api/v1/boards").headers["Cache-Control"] == "no-store"


def test_my_boards(client, auth, neighbours):
    _, ann, _, _ = neighbours
    auth.login(ann)
    assert client.get("/api/v1/boards").json == {"boards": [
        {"slug": "elm-street", "name": "Elm Street", "role": "coordinator", "status": "active"}]}


def test_a_board_lists_open_posts_newest_first_with_filters(client, auth, neighbours,
                                                           make_post):
    board, _, ben, _ = neighbours
    make_post(board, ben, "request", title="Lift to the GP", category="lifts")
    make_post(board, ben, "offer", title="I can fix bikes", details="and brakes")
    make_post(board, ben, "request", title="Shelf", category="repairs")
    auth.login(ben)

    def titles(**query):
        return [p["title"] for p in client.get("/api/v1/boards/elm-street/posts",
                                               query_string=query).json["items"]]

    assert titles() == ["Shelf", "I can fix bikes", "Lift to the GP"]
    assert titles(kind="offer") == ["I can fix bikes"]
    assert titles(category="lifts") == ["Lift to the GP"]
    assert titles(q="BRAKES") == ["I can fix bikes"]
    item = client.get("/api/v1/boards/elm-street/posts").json["items"][0]
    assert item["url"] == f"/posts/{item['id']}" and item["state"] == "open"
    assert item["author"] == {"id": ben.id, "display_name": "Ben"}


def test_a_board_list_comes_in_pages(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    for number in range(25):
        make_post(board, ben, title=f"Job {number}")
    auth.login(ben)
    first = client.get("/api/v1/boards/elm-street/posts?per_page=10").json
    assert (len(first["items"]), first["page"], first["pages"], first["total"]) == (10, 1, 3, 25)
    last = client.get("/api/v1/boards/elm-street/posts?per_page=10&page=3").json
    assert [p["title"] for p in last["items"]] == [f"Job {n}" for n in range(4, -1, -1)]
    for query in ("page=-1", "page=abc", "per_page=0", "per_page=100000", "page=999",
                  "page=99999999999999999999", "per_page=-99999999999999999999"):
        assert client.get(f"/api/v1/boards/elm-street/posts?{query}").status_code == 200


def test_a_non_member_gets_nothing_from_a_board(client, auth, neighbours, make_post,
                                                make_user):
    board, _, ben, _ = neighbours
    post = make_post(board, ben, title="Fit lighter curtains")
    auth.login(make_user("Zed"))
    for url in ("/api/v1/boards/elm-street/posts", f"/api/v1/posts/{post.id}"):
        response = client.get(url)
        assert_problem(response, 403, "for its members")
        assert "Fit lighter curtains" not in response.get_data(as_text=True)
    assert_problem(client.post("/api/v1/boards/elm-street/posts", json=new_post()), 403)
    assert_problem(client.post(f"/api/v1/posts/{post.id}/respond", json={}), 403)
    assert_problem(client.get("/api/v1/boards/nowhere/posts"), 404)


def test_one_post_as_i_may_see_it(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    auth.login(cara)
    body = client.get(f"/api/v1/posts/{post.id}").json
    assert body["title"] == "Change a light bulb" and body["contact"] is None
    assert body["can"]["respond"] is True and body["can"]["edit"] is False
    auth.login(ben)
    assert client.get(f"/api/v1/posts/{post.id}").json["can"]["edit"] is True


@pytest.mark.parametrize("url", ["/api/v1/posts/424242", "/api/v1/posts/99999999999999999999",
                                 "/api/v1/posts/abc", "/api/v1/nothing-here"])
def test_what_does_not_exist_is_a_readable_404(client, auth, neighbours, url):
    _, _, ben, _ = neighbours
    auth.login(ben)
    assert_problem(client.get(url), 404)


def test_a_wrong_method_is_a_readable_405(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    assert_problem(client.delete("/api/v1/boards"), 405)


def test_posting_through_the_api(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    response = client.post("/api/v1/boards/elm-street/posts",
                           json=new_post(needed_on="2030-05-04", expires_in_days="7"))
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "applied" and body["message"] == "Your request is on the board."
    post = db.session.get(Post, body["post_id"])
    assert body["url"] == f"/posts/{post.id}"
    assert (post.title, post.hours_estimate, post.needed_on.isoformat()) == (
        "Carry the shopping upstairs", Decimal("0.5"), "2030-05-04")


def test_sending_the_same_write_twice_makes_one_post(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    client_id = str(uuid.uuid4())
    first = client.post("/api/v1/boards/elm-street/posts", json=new_post(client_id=client_id))
    again = client.post("/api/v1/boards/elm-street/posts", json=new_post(client_id=client_id))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["status"] == "already_applied"
    assert again.json["post_id"] == first.json["post_id"]
    by_header = client.post("/api/v1/boards/elm-street/posts", json=new_post(),
                            headers={"Idempotency-Key": client_id})
    assert by_header.json["status"] == "already_applied" and count(Post) == 1
    other = client.post("/api/v1/boards/elm-street/posts",
                        json=new_post(client_id=client_id, title="Something else"))
    assert_problem(other, 422, "different content")
    assert_problem(client.post("/api/v1/boards/elm-street/posts",
                               json=new_post(client_id="not-a-uuid")), 400, "UUID")


@pytest.mark.parametrize(("body", "field"), [
    (new_post(title=""), "title"),
    (new_post(title="t" * 100_000), "title"),
    (new_post(details="d" * 2001), "details"),
    (new_post(hours_estimate="abc"), "hours_estimate"),
    (new_post(hours_estimate="30"), "hours_estimate"),
    (new_post(hours_estimate="0.1"), "hours_estimate"),
    (new_post(hours_estimate=["1"]), "hours_estimate"),
    (new_post(needed_on="tomorrow"), "needed_on"),
    (new_post(needed_on=20300504), "needed_on"),
    (new_post(category="spaceships"), "category"),
    (new_post(category=None), "category"),
    (new_post(kind={"nested": "object"}), "kind"),
    (new_post(expires_in_days=365), "expires_in_days"),
    ({"title": "Only a title"}, "hours_estimate"),
])
def test_a_post_with_mistakes_is_refused_field_by_field(client, auth, neighbours, body, field):
    _, _, ben, _ = neighbours
    auth.login(ben)
    problem = assert_problem(client.post("/api/v1/boards/elm-street/posts", json=body), 422)
    assert field in problem["errors"] and problem["errors"][field] in problem["detail"]
    assert count(Post) == 0


@pytest.mark.parametrize("data", ["not json at all", "[1, 2, 3]", '"a string"', "null", "{"])
def test_a_body_that_is_not_an_object_is_refused_plainly(client, auth, neighbours, data):
    _, _, ben, _ = neighbours
    auth.login(ben)
    response = client.post("/api/v1/boards/elm-street/posts", data=data,
                           content_type="application/json")
    assert_problem(response, 422, "Enter a short title")


def test_a_huge_body_is_refused_plainly(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    response = client.post("/api/v1/boards/elm-street/posts",
                           json=new_post(details="d" * 300_000))
    assert_problem(response, 413, "too much")


def test_the_author_changes_only_what_they_send(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben, details="In the hall", hours_estimate=Decimal("1.5"))
    auth.login(ben)
    response = client.patch(f"/api/v1/posts/{post.id}", json={"title": "Two light bulbs"})
    assert response.status_code == 201, response.json
    db.session.refresh(post)
    assert (post.title, post.details, post.hours_estimate) == (
        "Two light bulbs", "In the hall", Decimal("1.5"))
    stale = client.patch(f"/api/v1/posts/{post.id}", json={"title": "Three", "seen_version": 1})
    assert_problem(stale, 409, "changed since you opened it")
    assert_problem(client.patch(f"/api/v1/posts/{post.id}", json={"title": ""}), 422)


def test_nobody_else_can_change_or_withdraw_a_post(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    auth.login(cara)
    assert_problem(client.patch(f"/api/v1/posts/{post.id}", json={"title": "Mine"}), 403)
    assert_problem(client.post(f"/api/v1/posts/{post.id}/withdraw", json={}), 403,
                   "Only the person who posted this")
    db.session.refresh(post)
    assert (post.title, post.state) == ("Change a light bulb", PostState.OPEN)


def test_the_match_flow_through_the_api(client, auth, neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben, hours_estimate=Decimal("2"))
    url = f"/api/v1/posts/{post.id}"
    auth.login(ann)
    assert client.post(f"{url}/respond", json={}).status_code == 201
    assert client.post(f"{url}/withdraw-response", json={}).json["message"] == (
        "You took your answer back.")
    assert client.post(f"{url}/respond", json={"message": "Me too"}).status_code == 201
    auth.login(cara)
    body = client.post(f"{url}/respond", json={"message": "I can come"}).json
    assert body["message"] == "Thank you! Ben will see your offer and can accept it."
    assert_problem(client.post(f"{url}/respond", json={}), 409, "already answered")

    auth.login(ben)
    answers = client.get(url).json["responses"]
    assert [(a["user"]["display_name"], a["state"]) for a in answers] == [
        ("Ann", "pending"), ("Cara", "pending")]
    cara_answer = answers[1]["id"]
    body = client.post(f"{url}/accept", json={"response_id": cara_answer}).json
    assert body["message"] == "You chose Cara. You can now see each other's contact details."
    view = client.get(url).json
    assert view["state"] == "matched" and view["contact"]["phone"] == "07700 900003"
    assert view["matched_user"]["display_name"] == "Cara" and view["code_word"]

    auth.login(ann)
    mine = client.get(url).json
    assert mine["my_response"]["state"] == "declined" and mine["contact"] is None

    auth.login(cara)
    assert client.post(f"{url}/step-back", json={}).json["message"].startswith("You stepped back")
    auth.login(ben)
    assert_problem(client.post(f"{url}/accept", json={"response_id": cara_answer}), 409,
                   "no longer offering")
    ann_answer = answers[0]["id"]
    assert client.post(f"{url}/accept", json={"response_id": ann_answer}).status_code == 201
    assert_problem(client.post(f"{url}/accept", json={"response_id": ann_answer}), 409,
                   "Ann is already helping with this since")
    assert client.post(f"{url}/cancel", json={}).json["message"].startswith("The match was")
    db.session.refresh(post)
    assert post.state == PostState.OPEN
    states = {r.user.display_name: r.state for r in post.responses if r.user.display_name != "Ann"
              or r.state != ResponseState.WITHDRAWN}
    assert states == {"Ann": ResponseState.CANCELLED, "Cara": ResponseState.STEPPED_BACK}


def test_done_hours_and_thanks_through_the_api(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben), cara)
    url = f"/api/v1/posts/{post.id}"
    auth.login(cara)
    assert client.post(f"{url}/done", json={}).json["message"] == "Marked as done. Thank you!"
    assert_problem(client.post(f"{url}/hours", json={"hours": "9"}), 403)
    auth.login(ben)
    assert_problem(client.post(f"{url}/hours", json={"hours": "0.1"}), 422, "quarter hours")
    assert_problem(client.post(f"{url}/hours", json={}), 422, "Enter the hours given")
    body = client.post(f"{url}/hours", json={"hours": "1.25"}).json
    assert body["message"] == "1.25 hours recorded in the time bank."
    assert_problem(client.post(f"{url}/hours", json={"hours": "1"}), 409, "already confirmed")
    assert_problem(client.post(f"{url}/thank", json={"message": ""}), 422)
    assert client.post(f"{url}/thank", json={"message": "Thank you!"}).status_code == 201
    assert client.get(url).json["thanks"] == [
        {"from": {"id": ben.id, "display_name": "Ben"}, "message": "Thank you!"}]
    assert count(LedgerEntry) == 1 and count(Thanks) == 1


def test_the_person_helped_marks_done_with_hours_at_once(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = flows.match(make_post(board, ben), cara)
    auth.login(ben)
    body = client.post(f"/api/v1/posts/{post.id}/done", json={"hours": "1.5"}).json
    assert body["message"] == "Marked as done, and 1.5 hours recorded. Thank you!"


def test_an_expired_post_takes_no_answers(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    post.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.login(cara)
    assert client.get(f"/api/v1/posts/{post.id}").json["state"] == "expired"
    assert_problem(client.post(f"/api/v1/posts/{post.id}/respond", json={}), 409, "expired")


@pytest.mark.parametrize("response_id", ["abc", None, -1, 10**20, [1], {"id": 1}])
def test_accepting_with_a_made_up_answer_is_refused(client, auth, neighbours, make_post,
                                                    response_id):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    flows.respond(post, cara)
    auth.login(ben)
    response = client.post(f"/api/v1/posts/{post.id}/accept", json={"response_id": response_id})
    assert_problem(response, 422, "Choose a neighbour")


def test_an_unknown_action_is_a_readable_404(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    auth.login(ben)
    assert_problem(client.post(f"/api/v1/posts/{post.id}/explode", json={}), 404)


def test_a_write_from_another_site_is_refused(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    post = make_post(board, ben)
    auth.login(ben)
    evil = {"Origin": "https://evil.example"}
    assert_problem(client.post("/api/v1/boards/elm-street/posts", json=new_post(),
                               headers=evil), 403, "from this site")
    assert_problem(client.patch(f"/api/v1/posts/{post.id}", json={"title": "Hacked"},
                                headers=evil), 403)
    assert_problem(client.post("/api/v1/sync", json={"items": []}, headers=evil), 403)
    same_site = client.post("/api/v1/boards/elm-street/posts", json=new_post(),
                            headers={"Origin": "http://localhost"})
    assert same_site.status_code == 201
    db.session.refresh(post)
    assert post.title == "Change a light bulb" and count(Post) == 2

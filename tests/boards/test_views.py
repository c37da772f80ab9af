"""The board pages: home, joining, the list of posts with filters and pages (helpboard.boards)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from helpboard.extensions import db
from helpboard.models import Board, Membership, MembershipStatus, utcnow
from tests import flows


def html(response) -> str:
    return response.get_data(as_text=True)


def card_titles(page: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="/posts/\d+">([^<]+)</a>', page)


def test_signed_out_the_home_page_says_what_helpboard_is(client):
    page = html(client.get("/"))
    assert "Neighbours helping neighbours" in page and "Create an account" in page


def test_a_member_of_one_board_goes_straight_to_it(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    assert client.get("/").headers["Location"] == "/b/elm-street"


def test_a_member_of_several_boards_sees_them_all(client, auth, neighbours, make_board,
                                                  make_user):
    _, _, ben, _ = neighbours
    oak = make_board(make_user("Olu"), name="Oak Block", requires_approval=True)
    db.session.add(Membership(board=oak, user=ben, status=MembershipStatus.PENDING))
    db.session.commit()
    auth.login(ben)
    page = html(client.get("/"))
    assert '<a href="/b/elm-street">Elm Street</a>' in page
    assert "Oak Block — waiting for a coordinator to approve you" in page


def test_a_non_member_sees_nothing_of_a_board(client, auth, neighbours, make_post, make_user):
    board, _, ben, _ = neighbours
    make_post(board, ben, title="Fit lighter curtains")
    for who in (None, make_user("Zed")):
        if who:
            auth.login(who)
        response = client.get("/b/elm-street")
        assert response.status_code == 403
        assert "Fit lighter curtains" not in html(response)
        assert "This board is for its members" in html(response)


def test_a_board_with_a_public_summary_shows_counts_but_no_names(client, neighbours,
                                                                  make_post):
    board, _, ben, _ = neighbours
    board.public_summary = True
    db.session.commit()
    make_post(board, ben, title="Fit lighter curtains")
    make_post(board, ben, "offer", title="I can fix bikes")
    response = client.get("/b/elm-street")
    assert response.headers["Location"] == "/b/elm-street/summary"
    page = html(client.get("/b/elm-street/summary"))
    assert "1 open requests and 1 offers of help" in page
    assert "Request: Fit lighter curtains (Small repairs &amp; DIY)" in page
    assert "Ben" not in page and board.invite_code not in page


def test_a_board_without_a_public_summary_has_none(client, neighbours):
    assert client.get("/b/elm-street/summary").status_code == 404


def test_an_unknown_board_is_not_found(client):
    response = client.get("/b/nowhere")
    assert response.status_code == 404 and "There is no board at this address" in html(response)


def test_the_board_shows_open_posts_newest_first(client, auth, neighbours, make_post):
    board, _, ben, cara = neighbours
    for title in ("Oldest", "Middle", "Newest"):
        make_post(board, ben, title=title)
    make_post(board, ben, title="Gone stale").expires_at = utcnow() - timedelta(hours=1)
    flows.match(make_post(board, ben, title="Someone is on it"), cara)
    db.session.commit()
    auth.login(cara)
    page = html(client.get("/b/elm-street"))
    assert card_titles(page) == ["Newest", "Middle", "Oldest"]
    assert "Posted by Ben" in page


@pytest.mark.parametrize(("query", "expected"), [
    ({"kind": "offer"}, ["I can fix bikes"]),
    ({"kind": "request"}, ["Shelf", "Lift to the GP"]),
    ({"category": "lifts"}, ["Lift to the GP"]),
    ({"q": "brakes"}, ["I can fix bikes"]),
    ({"q": "GP", "kind": "request"}, ["Lift to the GP"]),
    ({"kind": "request", "category": "repairs"}, ["Shelf"]),
    ({"kind": "nonsense", "category": "nonsense"}, []),
])
def test_the_board_filters_by_kind_category_and_text(client, auth, neighbours, make_post,
                                                     query, expected):
    board, _, ben, _ = neighbours
    make_post(board, ben, "request", title="Lift to the GP", category="lifts")
    make_post(board, ben, "offer", title="I can fix bikes", category="repairs",
              details="Punctures and brakes")
    make_post(board, ben, "request", title="Shelf", category="repairs")
    auth.login(ben)
    page = html(client.get("/b/elm-street", query_string=query))
    assert card_titles(page) == expected
    if not expected:
        assert "Nothing open matches that right now." in page


def test_the_filters_show_what_was_chosen(client, auth, neighbours):
    _, _, ben, _ = neighbours
    auth.login(ben)
    page = html(client.get("/b/elm-street?kind=offer&category=garden&q=hedge"))
    assert '<option value="offer" selected>' in page
    assert '<option value="garden" selected>' in page
    assert 'value="hedge"' in page


def test_the_board_pages_through_many_posts(client, auth, neighbours, make_post):
    board, _, ben, _ = neighbours
    for number in range(1, 26):
        make_post(board, ben, title=f"Job {number:02d}", category="garden")
    auth.login(ben)
    first = html(client.get("/b/elm-street?category=garden"))
    assert card_titles(first) == [f"Job {n:02d}" for n in range(25, 5, -1)]
    assert "Page 1 of 2" in first
    older = re.search(r'<a rel="next" href="([^"]+)">Older posts</a>', first).group(1)
    assert "category=garden" in older.replace("&amp;", "&")
    second = html(client.get(older.replace("&amp;", "&")))
    assert card_titles(second) == [f"Job {n:02d}" for n in range(5, 0, -1)]
    assert "Page 2 of 2" in second and "Newer posts" in second
    assert card_titles(html(client.get("/b/elm-street?page=9"))) == []
    assert client.get("/b/elm-street?page=-3").status_code == 200
    assert client.get("/b/elm-street?page=99999999999999999999").status_code == 200
    assert client.get("/b/elm-street?page=abc").status_code == 200


def test_the_board_says_how_many_hours_were_exchanged_this_month(client, auth, neighbours,
                                                                 make_post):
    board, ann, ben, cara = neighbours
    flows.finish(make_post(board, ben, title="Shelf"), cara, "1.5")
    flows.finish(make_post(board, cara, title="Lift"), ann, "1")
    auth.login(ben)
    assert "2.5 hours exchanged this month" in html(client.get("/b/elm-street"))


def test_a_board_without_time_credits_counts_no_hours(client, auth, neighbours):
    board, _, ben, _ = neighbours
    board.time_credits = False
    db.session.commit()
    auth.login(ben)
    assert "exchanged this month" not in html(client.get("/b/elm-street"))


def test_joining_with_an_invite_code(client, auth, neighbours, make_user):
    board, *_ = neighbours
    auth.login(make_user("Dev"))
    response = client.post("/join", data={"code": board.invite_code.lower()})
    assert response.headers["Location"] == f"/join/{board.invite_code}"
    page = html(client.get(response.headers["Location"]))
    assert "Join Elm Street" in page
    response = client.post(f"/join/{board.invite_code}")
    assert response.headers["Location"] == "/b/elm-street"
    assert "Welcome to Elm Street." in html(client.get("/b/elm-street"))


def test_a_wrong_invite_code_is_explained_by_the_field(client, auth, make_user):
    auth.login(make_user("Dev"))
    response = client.post("/join", data={"code": "NOPE-1234"})
    page = html(response)
    assert response.status_code == 422
    assert "<title>Error: Join a board" in page
    assert 'id="code-error"' in page and "That invite code does not open a board" in page
    assert 'value="NOPE-1234"' in page
    assert client.post("/join", data={"code": "x" * 5000}).status_code == 422
    assert client.get("/join/NOPE1234").status_code == 404


def test_an_invite_link_asks_a_stranger_to_make_an_account_first(client, neighbours):
    board, *_ = neighbours
    page = html(client.get(f"/join/{board.invite_code}"))
    assert "Create an account first" in page
    assert f"/register?next=/join/{board.invite_code}" in page


def test_a_board_that_approves_members_puts_you_on_the_waiting_list(client, auth, neighbours,
                                                                   make_user):
    board, *_ = neighbours
    board.requires_approval = True
    db.session.commit()
    auth.login(make_user("Dev"))
    assert "Ask to join" in html(client.get(f"/join/{board.invite_code}"))
    response = client.post(f"/join/{board.invite_code}")
    assert response.headers["Location"] == "/"
    assert "A coordinator of Elm Street will look at your request soon" in html(
        client.get("/"))
    assert client.get("/b/elm-street").status_code == 403


def test_starting_a_board_makes_you_its_coordinator(client, auth, make_user):
    auth.login(make_user("Ann"))
    response = client.post("/boards/new", data={"name": "Carlton Court",
                                                "area_description": "Blocks A to D"})
    assert response.headers["Location"] == "/b/carlton-court"
    board = db.session.query(Board).filter_by(slug="carlton-court").one()
    assert f"Share the invite code {board.invite_code}" in html(client.get("/b/carlton-court"))


def test_starting_a_board_checks_the_name(client, auth, make_user):
    auth.login(make_user("Ann"))
    response = client.post("/boards/new", data={"name": "", "area_description": "a" * 501})
    assert response.status_code == 422
    assert "Enter a name for the board" in html(response)
    assert "Keep this under 500 characters" in html(response)


class QueryCounter:
    """Count the SQL statements sent while it is listening."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


def board_page_queries(client) -> int:
    db.session.expire_all()  # nothing cached from setting up: count what a real visit costs
    with QueryCounter(db.engine) as counter:
        assert client.get("/b/elm-street").status_code == 200
    return counter.count


def test_the_board_page_costs_the_same_queries_for_5_or_20_posts(client, auth, neighbours,
                                                                 make_post, make_user):
    board, _, ben, _ = neighbours
    authors = [ben] + [make_user(f"Author {n}") for n in range(19)]
    for author in authors[1:]:
        db.session.add(Membership(board=board, user=author))
    db.session.commit()
    for author in authors[:5]:
        make_post(board, author)
    auth.login(ben)
    five = board_page_queries(client)
    for author in authors[5:]:
        make_post(board, author)
    twenty = board_page_queries(client)
    print(f"\nboard page: {five} queries with 5 posts, {twenty} with 20")
    assert twenty == five
    assert five <= 15

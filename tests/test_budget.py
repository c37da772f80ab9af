"""The board page fits the page-weight budget: HTML + CSS ≤ 14 KB gzipped, nothing third-party."""

import pytest

from bench.page_weight import BUDGET, measure
from helpboard.cli import DEMO_PASSWORD, seed_demo


@pytest.fixture
def demo_board(app, client):
    """The demo board, seen by a signed-in demo neighbour."""
    seed_demo()
    response = client.post("/sign-in", data={"email": "ben@example.org",
                                             "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_board_page_and_its_css_fit_in_14_kb_gzipped(demo_board):
    weight = measure(demo_board, "/b/demo-street")
    print(f"\nboard page: HTML {weight.html_bytes} B ({weight.html_gzip} B gzipped), "
          f"CSS {sum(raw for raw, _ in weight.css.values())} B "
          f"({sum(packed for _, packed in weight.css.values())} B gzipped); "
          f"total {weight.total_gzip} B gzipped of a {BUDGET} B budget")
    assert "Change a light bulb in the hallway" in demo_board.get("/b/demo-street").get_data(
        as_text=True), "the measured page is the real board"
    assert weight.css, "the page links its stylesheet"
    assert weight.total_gzip <= BUDGET


def test_the_board_page_makes_no_third_party_requests(demo_board):
    weight = measure(demo_board, "/b/demo-street")
    assert weight.links, "the page has links to check"
    assert weight.third_party == []

"""What the lobby may see of the board."""

from helpboard.models import User
from helpboard.services import noticeboard


def test_qr_codes_are_inline_svg_without_style():
    svg = noticeboard.qr_svg("https://example.org/posts/12", 'Opens post 12 "now"')
    assert svg.startswith('<svg role="img" aria-label="Opens post 12 &#34;now&#34;" ')
    assert "style" not in svg and "<path" in svg and "viewBox" in svg


def test_the_lobby_shows_first_names_only():
    assert noticeboard.lobby_name(User(display_name="Ben Okafor")) == "Ben"
    assert noticeboard.lobby_name(User(display_name="Mrs Patel")) == "Mrs P."
    assert noticeboard.lobby_name(User(display_name="Dr. Ada Lovelace")) == "Dr. A."
    assert noticeboard.lobby_name(User(display_name="Cara")) == "Cara"


def test_a_notice_holds_nothing_private(app, neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben, details="Call 07700 900002")
    with app.test_request_context():
        notice = noticeboard.notice_for(post)
    assert set(vars(notice)) == {"number", "kind", "kind_label", "title", "category_label",
                                 "first_name", "when_label", "hours_label", "qr"}


def test_long_titles_are_cut_for_paper(app):
    notice = noticeboard.Notice(1, "request", "Request", "word " * 40, "Other", "Ben",
                                "Flexible", "about 1 hour", "")
    assert len(notice.short_title) <= noticeboard.TITLE_ON_PAPER + 1
    assert notice.short_title.endswith("word…")

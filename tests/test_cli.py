"""``flask demo``: a demo board a newcomer can click through at once."""

from sqlalchemy import func, select

from helpboard.cli import DEMO_PASSWORD
from helpboard.extensions import db
from helpboard.models import Board, LedgerEntry, Post, PostKind, PostState, Thanks, User


def run_demo(app, *args):
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_demo_seeds_demo_street(app):
    output = run_demo(app)
    assert "Seeded the demo board 'Demo Street'." in output
    assert f"password for all: {DEMO_PASSWORD}" in output and "ann@example.org" in output
    board = db.session.scalars(select(Board)).one()
    assert (board.name, board.slug) == ("Demo Street", "demo-street")
    assert count(User) >= 4


def test_the_demo_has_open_requests_and_offers_across_categories(app):
    run_demo(app)
    posts = db.session.scalars(select(Post).where(Post.state == PostState.OPEN)).all()
    assert {p.kind for p in posts} == {PostKind.REQUEST, PostKind.OFFER}
    assert len({p.category for p in posts}) >= 4


def test_the_demo_has_a_matched_job_and_a_finished_exchange(app):
    run_demo(app)
    states = [p.state for p in db.session.scalars(select(Post))]
    assert PostState.MATCHED in states and PostState.DONE in states
    entry = db.session.scalars(select(LedgerEntry)).one()
    assert entry.hours > 0 and entry.giver_id != entry.receiver_id
    assert count(Thanks) == 1


def test_demo_people_can_sign_in_and_see_the_board(app, client):
    run_demo(app)
    response = client.post("/sign-in", data={"email": "ben@example.org",
                                             "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/b/demo-street").get_data(as_text=True)
    assert "Change a light bulb in the hallway" in page
    assert "hours exchanged this month" in page


def test_if_empty_does_not_seed_twice(app):
    run_demo(app, "--if-empty")
    output = run_demo(app, "--if-empty")
    assert "not seeding the demo again" in output
    assert count(Board) == 1

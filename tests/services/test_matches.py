"""The match flow (helpboard.services.matches), including two accepts racing for one post."""

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event

from helpboard.extensions import db
from helpboard.models import Post, PostState, ResponseState, User, utcnow
from helpboard.services import matches
from helpboard.services.actor import Actor
from helpboard.services.errors import Conflict, Invalid, NotAllowed
from tests import flows


def state_of(response):
    db.session.refresh(response)
    return response.state


def test_a_neighbour_answers_a_request(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    response = flows.respond(post, cara, "I can come on Friday")
    assert (response.user_id, response.state, response.message) == (
        cara.id, ResponseState.PENDING, "I can come on Friday")


def test_nobody_answers_their_own_post(neighbours, make_post):
    board, _, ben, _ = neighbours
    with pytest.raises(NotAllowed):
        matches.respond(Actor.for_self(ben), make_post(board, ben))


def test_answering_twice_is_refused(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    flows.respond(post, cara)
    with pytest.raises(Conflict, match="already answered"):
        matches.respond(Actor.for_self(cara), post)


def test_an_answer_can_be_taken_back_and_given_again(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    first = flows.respond(post, cara)
    matches.withdraw_response(Actor.for_self(cara), post)
    db.session.commit()
    assert state_of(first) == ResponseState.WITHDRAWN
    with pytest.raises(Conflict):
        matches.withdraw_response(Actor.for_self(cara), post)
    assert flows.respond(post, cara).state == ResponseState.PENDING


def test_accepting_one_declines_the_others_kindly(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    chosen, other = flows.respond(post, cara), flows.respond(post, ann)
    flows.accept(post, chosen)
    assert (post.state, post.matched_user_id) == (PostState.MATCHED, cara.id)
    assert post.code_word and len(post.code_word.split()) == 2
    assert state_of(chosen) == ResponseState.ACCEPTED
    assert state_of(other) == ResponseState.DECLINED
    assert other.state_label == "someone else is helping this time — thank you for offering"


def test_only_the_author_accepts(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    response = flows.respond(post, cara)
    with pytest.raises(NotAllowed):
        matches.accept(Actor.for_self(ann), post, response.id)


def test_an_answer_from_another_post_cannot_be_accepted(neighbours, make_post):
    board, _, ben, cara = neighbours
    post, other_post = make_post(board, ben), make_post(board, ben, title="Other")
    response = flows.respond(other_post, cara)
    with pytest.raises(Invalid):
        matches.accept(Actor.for_self(ben), post, response.id)


def test_a_withdrawn_answer_cannot_be_accepted(neighbours, make_post):
    board, _, ben, cara = neighbours
    post = make_post(board, ben)
    response = flows.respond(post, cara)
    matches.withdraw_response(Actor.for_self(cara), post)
    with pytest.raises(Conflict, match="no longer offering"):
        matches.accept(Actor.for_self(ben), post, response.id)


def test_a_second_accept_names_the_neighbour_already_helping(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    first, second = flows.respond(post, cara), flows.respond(post, ann)
    flows.accept(post, first)
    with pytest.raises(Conflict, match=r"Cara is already helping with this since \d\d:\d\d"):
        matches.accept(Actor.for_self(ben), post, second.id)


def test_on_an_offer_the_conflict_says_who_already_has_it(neighbours, make_post):
    board, ann, ben, cara = neighbours
    offer = make_post(board, ben, "offer", title="Spare apples")
    first, second = flows.respond(offer, cara), flows.respond(offer, ann)
    flows.accept(offer, first)
    with pytest.raises(Conflict, match="Cara already has this since"):
        matches.accept(Actor.for_self(ben), offer, second.id)


def test_an_expired_post_cannot_be_answered_or_accepted(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    response = flows.respond(post, cara)
    post.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(Conflict, match="expired"):
        matches.respond(Actor.for_self(ann), post)
    with pytest.raises(Conflict, match="expired"):
        matches.accept(Actor.for_self(ben), post, response.id)


def test_stepping_back_reopens_the_post_for_the_others(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    chosen, other = flows.respond(post, cara), flows.respond(post, ann)
    flows.accept(post, chosen)
    with pytest.raises(NotAllowed):
        matches.step_back(Actor.for_self(ann), post)
    matches.step_back(Actor.for_self(cara), post)
    db.session.commit()
    assert (post.state, post.matched_user_id, post.code_word) == (PostState.OPEN, None, None)
    assert state_of(chosen) == ResponseState.STEPPED_BACK
    assert state_of(other) == ResponseState.PENDING
    flows.accept(post, other)
    assert post.matched_user_id == ann.id


def test_the_author_can_cancel_the_match(neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    chosen, other = flows.respond(post, cara), flows.respond(post, ann)
    flows.accept(post, chosen)
    with pytest.raises(NotAllowed):
        matches.cancel_match(Actor.for_self(cara), post)
    matches.cancel_match(Actor.for_self(ben), post)
    db.session.commit()
    assert post.state == PostState.OPEN
    assert state_of(chosen) == ResponseState.CANCELLED
    assert state_of(other) == ResponseState.PENDING


def test_either_side_can_mark_the_job_done(neighbours, make_post):
    board, ann, ben, cara = neighbours
    by_helper = flows.match(make_post(board, ben, title="One"), cara)
    by_author = flows.match(make_post(board, ben, title="Two"), cara)
    with pytest.raises(NotAllowed):
        matches.mark_done(Actor.for_self(ann), by_helper)
    flows.mark_done(by_helper, cara)
    flows.mark_done(by_author, ben)
    assert (by_helper.state, by_helper.done_by_id) == (PostState.DONE, cara.id)
    assert (by_author.state, by_author.done_by_id) == (PostState.DONE, ben.id)
    with pytest.raises(Conflict, match="already done"):
        matches.mark_done(Actor.for_self(ben), by_author)


def test_an_open_post_cannot_be_marked_done(neighbours, make_post):
    board, _, ben, _ = neighbours
    with pytest.raises(NotAllowed):
        matches.mark_done(Actor.for_self(ben), make_post(board, ben))


class BarrierAtUpdate:
    """Hold each worker thread just before its ``UPDATE posts`` until both have arrived."""

    def __init__(self, parties: int):
        self.barrier = threading.Barrier(parties, timeout=10)
        self.waited: set[int] = set()

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        me = threading.get_ident()
        if statement.lstrip().upper().startswith("UPDATE POSTS") and me not in self.waited:
            self.waited.add(me)
            self.barrier.wait()


def accept_in_own_session(app, post_id: int, response_id: int, outcome: dict) -> None:
    """Accept one answer from a thread with its own app context, session and connection."""
    with app.app_context():
        try:
            post = db.session.get(Post, post_id)
            matches.accept(Actor.for_self(post.author), post, response_id)
            db.session.commit()
            outcome["won"] = db.session.get(User, post.matched_user_id).display_name
        except Conflict as conflict:
            db.session.rollback()
            outcome["conflict"] = conflict.message
        finally:
            db.session.remove()


def test_two_accepts_at_once_exactly_one_wins(app, neighbours, make_post):
    board, ann, ben, cara = neighbours
    post = make_post(board, ben)
    answers = [flows.respond(post, cara), flows.respond(post, ann)]
    post_id, response_ids = post.id, [r.id for r in answers]
    db.session.remove()  # hand the connection back; each thread takes its own
    hold = BarrierAtUpdate(2)
    event.listen(db.engine, "before_cursor_execute", hold)
    outcomes = [{}, {}]
    try:
        threads = [threading.Thread(target=accept_in_own_session,
                                    args=(app, post_id, response_id, outcome))
                   for response_id, outcome in zip(response_ids, outcomes, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        event.remove(db.engine, "before_cursor_execute", hold)
    assert len(hold.waited) == 2, "both accepts reached the UPDATE"
    winners = [o["won"] for o in outcomes if "won" in o]
    losers = [o["conflict"] for o in outcomes if "conflict" in o]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert re.search(rf"{winners[0]} is already helping with this since \d\d:\d\d", losers[0])
    post = db.session.get(Post, post_id)
    assert post.matched_user.display_name == winners[0]
    states = sorted(r.state.value for r in post.responses)
    assert states == ["accepted", "declined"]

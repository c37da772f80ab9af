"""Coordinator pages, as a coordinator and the people affected see them."""

import csv
import html
import io
import uuid

from helpboard.extensions import db
from helpboard.models import (
    AuditEntry,
    LedgerEntry,
    Membership,
    MembershipStatus,
    Post,
    Report,
    ReportState,
    User,
)
from helpboard.services import audit
from tests import flows
from tests.conftest import PASSWORD


def read(response) -> str:
    """Return a page as a person reads it (apostrophes and ampersands unescaped)."""
    return html.unescape(response.get_data(as_text=True))


def audit_actions(board) -> list[str]:
    """Return the board's audit log actions, oldest first."""
    query = db.select(AuditEntry.action).where(AuditEntry.board_id == board.id)
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def last_audit(board) -> AuditEntry:
    query = db.select(AuditEntry).where(AuditEntry.board_id == board.id)
    return db.session.scalars(query.order_by(AuditEntry.id.desc())).first()


# --- Running the board ------------------------------------------------------------------------


def test_board_page_links_coordinators_to_run_the_board(client, auth, world):
    auth.login(world.ann)
    assert "Run this board" in read(client.get(f"/b/{world.board.slug}"))
    page = read(client.get(f"/b/{world.board.slug}/run"))
    assert "1 person is waiting to join" in page
    assert "1 report waits for a coordinator" in page
    auth.logout()
    auth.login(world.cara)
    assert "Run this board" not in read(client.get(f"/b/{world.board.slug}"))


# --- Members ----------------------------------------------------------------------------------


def test_approve_a_join_request(client, auth, world):
    auth.login(world.ann)
    page = read(client.get(f"/b/{world.board.slug}/members"))
    assert "Approve Dan" in page
    response = client.post(f"/b/{world.board.slug}/members/{world.pending.id}/approve",
                           follow_redirects=True)
    assert "Dan can now use the board." in read(response)
    assert world.pending.status == MembershipStatus.ACTIVE
    entry = last_audit(world.board)
    assert (entry.action, entry.actor_id, entry.on_behalf_of_id) == (
        "member.approve", world.ann.id, world.dan.id)
    assert entry.summary == "Ann approved Dan's request to join."


def test_decline_a_join_request(client, auth, world):
    auth.login(world.ann)
    client.post(f"/b/{world.board.slug}/members/{world.pending.id}/decline")
    assert world.pending.status == MembershipStatus.DECLINED
    assert audit_actions(world.board) == ["member.decline"]


def test_suspend_and_restore_a_member(client, auth, world):
    auth.login(world.ann)
    response = client.post(
        f"/b/{world.board.slug}/members/{world.cara_membership.id}/suspend",
        follow_redirects=True)
    assert "Cara is suspended" in read(response)
    auth.logout()
    auth.login(world.cara)
    assert client.get(f"/b/{world.board.slug}").status_code == 403
    assert client.get(f"/posts/{world.post.id}").status_code == 403
    auth.logout()
    auth.login(world.ann)
    client.post(f"/b/{world.board.slug}/members/{world.cara_membership.id}/restore")
    auth.logout()
    auth.login(world.cara)
    assert client.get(f"/b/{world.board.slug}").status_code == 200
    assert audit_actions(world.board) == ["member.suspend", "member.restore"]


def test_a_coordinator_cannot_suspend_themselves(client, auth, world):
    auth.login(world.ann)
    page = read(client.get(f"/b/{world.board.slug}/members"))
    assert "Suspend Ann" not in page and "Suspend Ben" in page
    own = db.session.scalar(db.select(world.cara_membership.__class__).where(
        world.cara_membership.__class__.user_id == world.ann.id))
    response = client.post(f"/b/{world.board.slug}/members/{own.id}/suspend",
                           follow_redirects=True)
    assert "You can't suspend yourself" in read(response)
    assert own.status == MembershipStatus.ACTIVE
    assert audit_actions(world.board) == []


def test_members_of_another_board_cannot_be_changed_from_this_one(client, auth, world):
    auth.login(world.ann)
    olga_membership = db.session.scalar(db.select(world.cara_membership.__class__).where(
        world.cara_membership.__class__.user_id == world.olga.id))
    response = client.post(f"/b/{world.board.slug}/members/{olga_membership.id}/suspend")
    assert response.status_code == 404
    assert olga_membership.status == MembershipStatus.ACTIVE


def test_hand_over_the_board_then_step_down(client, auth, world):
    auth.login(world.ann)
    members = f"/b/{world.board.slug}/members"
    ben = db.session.scalar(db.select(Membership).where(
        Membership.user_id == world.ben.id, Membership.board_id == world.board.id))
    own = db.session.scalar(db.select(Membership).where(
        Membership.user_id == world.ann.id, Membership.board_id == world.board.id))
    page = read(client.post(f"{members}/{own.id}/demote", follow_redirects=True))
    assert "Make someone else coordinator first: a board needs at least one." in page
    assert "Make Ben a coordinator" in page and "Make Dan a coordinator" not in page
    page = read(client.post(f"{members}/{ben.id}/promote", follow_redirects=True))
    assert "Ben is now a coordinator of the board too." in page
    assert "Make Ben a member again" in page and "Step down as coordinator" in page
    response = client.post(f"{members}/{own.id}/demote")
    assert response.location.endswith(f"/b/{world.board.slug}")
    assert "You stepped down" in read(client.get(response.location))
    assert client.get(members).status_code == 403
    assert [entry.summary for entry in audit.entries_for(world.board)] == [
        "Ann stepped down as coordinator.", "Ann made Ben a coordinator."]
    auth.logout()
    auth.login(world.ben)
    assert "Make Ann a coordinator" in read(client.get(members))


# --- Hiding posts -----------------------------------------------------------------------------


def test_delete_a_supported_members_account_from_the_members_page(client, auth, world):
    patel = User(display_name="Mrs Patel", is_supported=True, address="Flat 4, Elm Court")
    membership = Membership(board=world.board, user=patel)
    db.session.add(membership)
    db.session.commit()
    auth.login(world.ann)
    members = read(client.get(f"/b/{world.board.slug}/members"))
    url = f"/b/{world.board.slug}/members/{membership.id}/delete"
    assert f'href="{url}">Delete Mrs Patel\'s account</a>' in members
    assert "Delete Cara's account" not in members  # Cara has her own account
    wrong = client.post(url, data={"password": "not mine"})
    assert wrong.status_code == 422 and "The password is not right" in read(wrong)
    response = client.post(url, data={"password": PASSWORD}, follow_redirects=True)
    page = read(response)
    assert "Mrs Patel's account is deleted." in page
    listing = page.split("<h1>")[1]
    assert "Mrs Patel" not in listing and "Former neighbour" not in listing  # off the board
    assert (patel.display_name, patel.address) == ("Former neighbour", "")
    entry = last_audit(world.board)
    assert (entry.action, entry.actor_id, entry.on_behalf_of_id) == (
        "account.delete", world.ann.id, patel.id)
    assert entry.summary == "Ann deleted Mrs Patel's account."
    cara = client.get(f"/b/{world.board.slug}/members/{world.cara_membership.id}/delete")
    assert cara.status_code == 403


def test_hide_and_restore_a_post(client, auth, world):
    post = world.post
    auth.login(world.ann)
    page = read(client.get(f"/posts/{post.id}"))
    assert "Hide this post from the board" in page
    client.post(f"/posts/{post.id}/hide")
    assert post.hidden
    assert "Put this post back on the board" in read(client.get(f"/posts/{post.id}"))
    auth.logout()

    auth.login(world.cara)
    assert "Fix a dripping tap" not in read(client.get(f"/b/{world.board.slug}"))
    assert client.get(f"/posts/{post.id}").status_code == 404
    auth.logout()

    auth.login(world.ben)  # the author still sees it, and is told why it is gone
    assert "hidden from the board by a coordinator" in read(client.get(f"/posts/{post.id}"))
    auth.logout()

    auth.login(world.ann)
    client.post(f"/posts/{post.id}/unhide")
    assert not post.hidden
    assert audit_actions(world.board) == ["post.hide", "post.unhide"]
    assert last_audit(world.board).summary == (
        f"Ann put post #{post.id} “Fix a dripping tap” back on the board.")


def test_members_see_no_hide_button(client, auth, world):
    auth.login(world.cara)
    page = read(client.get(f"/posts/{world.post.id}"))
    assert "Hide this post" not in page
    assert "Report a problem with this post" in page


# --- Reports ----------------------------------------------------------------------------------


def test_a_member_reports_a_post_and_a_coordinator_resolves_it(client, auth, world):
    post = world.post
    auth.login(world.ben)
    page = read(client.get(f"/posts/{world.hidden.id}"))
    assert "Report a problem" not in page  # nothing to report on one's own unanswered post
    auth.logout()

    auth.login(world.cara)
    form = read(client.get(f"/posts/{post.id}/report"))
    assert "This post" in form and "Ben, who posted it" in form
    response = client.post(f"/posts/{post.id}/report",
                           data={"about": f"user:{world.ben.id}", "reason": "Asked for cash"},
                           follow_redirects=True)
    assert "won't see your name" in read(response)
    auth.logout()

    auth.login(world.ann)
    queue = read(client.get(f"/b/{world.board.slug}/reports"))
    assert "Asked for cash" in queue and "Reported by Cara" in queue
    assert f"Ben, on post #{post.id} “Fix a dripping tap”" in queue
    entry = db.session.scalar(db.select(Report).where(Report.reason == "Asked for cash"))

    failed = client.post(f"/b/{world.board.slug}/reports/{entry.id}/resolve",
                         data={f"report-{entry.id}-note": ""})
    assert failed.status_code == 422
    text = read(failed)
    assert "<title>Error: " in text and "Say what you did about it" in text

    client.post(f"/b/{world.board.slug}/reports/{entry.id}/resolve",
                data={f"report-{entry.id}-note": "Spoke to Ben; he apologised"})
    assert entry.state == ReportState.RESOLVED and entry.resolved_by_id == world.ann.id
    queue = read(client.get(f"/b/{world.board.slug}/reports"))
    assert "Resolved by Ann" in queue and "Spoke to Ben; he apologised" in queue
    audit = last_audit(world.board)
    assert (audit.action, audit.on_behalf_of_id) == ("report.resolve", world.ben.id)


def test_reporting_the_same_thing_twice_is_one_report(client, auth, world):
    auth.login(world.cara)  # the world already holds Cara's report about the post
    response = client.post(f"/posts/{world.post.id}/report",
                           data={"about": "post", "reason": "Still spam"}, follow_redirects=True)
    assert "You already reported this" in read(response)
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 1


def test_the_author_can_report_someone_who_answered(client, auth, world):
    flows.respond(world.post, world.cara, "I'll come round")
    auth.login(world.ben)
    form = read(client.get(f"/posts/{world.post.id}/report"))
    assert "Cara, who answered" in form and "This post" not in form
    client.post(f"/posts/{world.post.id}/report",
                data={"about": f"user:{world.cara.id}", "reason": "Rude messages"})
    entry = db.session.scalar(db.select(Report).where(Report.reason == "Rude messages"))
    assert entry.reported_user_id == world.cara.id and entry.reporter_id == world.ben.id


def test_a_report_needs_a_reason(client, auth, world):
    auth.login(world.ann)
    response = client.post(f"/posts/{world.post.id}/report", data={"about": "post", "reason": ""})
    assert response.status_code == 422
    assert "Say what is wrong" in read(response)


def test_hide_a_reported_post_from_the_queue(client, auth, world):
    auth.login(world.ann)
    queue = read(client.get(f"/b/{world.board.slug}/reports"))
    assert f"Hide post #{world.post.id}" in queue
    response = client.post(
        f"/posts/{world.post.id}/hide?next=/b/{world.board.slug}/reports")
    assert response.location.endswith(f"/b/{world.board.slug}/reports")
    assert world.post.hidden


# --- Records from paper and phone -------------------------------------------------------------

REQUEST = {"kind": "request", "title": "Collect a prescription", "details": "From the chemist",
           "category": "shopping", "location": "", "hours_estimate": "1", "needed_on": "",
           "expires_in_days": "30", "arrived": "phone"}


def test_record_a_request_that_came_by_phone(client, auth, world):
    auth.login(world.ann)
    page = client.get(f"/b/{world.board.slug}/record/request?member={world.cara.id}")
    assert f'<option selected value="{world.cara.id}">Cara</option>' in read(page)
    client_id = str(uuid.uuid4())
    data = {**REQUEST, "member": str(world.cara.id), "client_id": client_id}
    response = client.post(f"/b/{world.board.slug}/record/request", data=data)
    again = client.post(f"/b/{world.board.slug}/record/request", data=data)
    assert response.status_code == again.status_code == 302

    posts = list(db.session.scalars(db.select(Post).where(Post.title == REQUEST["title"])))
    assert len(posts) == 1, "a double click records one request"
    post = posts[0]
    assert (post.author_id, post.posted_by_id) == (world.cara.id, world.ann.id)
    page = read(client.get(response.location))
    assert "Posted by Ann for Cara" in page
    entry = last_audit(world.board)
    assert (entry.action, entry.actor_id, entry.on_behalf_of_id, entry.target_id) == (
        "request.record", world.ann.id, world.cara.id, post.id)
    assert "that came by phone" in entry.summary


def test_record_a_request_only_for_someone_on_the_board(client, auth, world):
    auth.login(world.ann)
    response = client.post(f"/b/{world.board.slug}/record/request",
                           data={**REQUEST, "member": str(world.olga.id)})
    assert response.status_code == 422
    assert "Choose someone who is on the board" in read(response)
    response = client.post(f"/b/{world.board.slug}/record/request", data={**REQUEST, "title": ""})
    assert response.status_code == 422
    text = read(response)
    assert "Choose who it is for" in text and "Enter a short title" in text
    assert "From the chemist" in text, "what was typed is kept"
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 2


def test_record_hours_for_a_job_done_away_from_the_app(client, auth, world):
    auth.login(world.ann)
    response = client.post(f"/b/{world.board.slug}/record/hours", data={
        "giver": str(world.cara.id), "receiver": str(world.ben.id), "hours": "1,5",
        "category": "garden", "note": "Cut the hedge"}, follow_redirects=True)
    assert "1.5 hours recorded: Cara helped Ben." in read(response)
    entry = db.session.scalar(db.select(LedgerEntry))
    assert (entry.giver_id, entry.receiver_id, str(entry.hours), entry.category, entry.note,
            entry.recorded_by_id, entry.post_id) == (
        world.cara.id, world.ben.id, "1.50", "garden", "Cut the hedge", world.ann.id, None)
    audit = last_audit(world.board)
    assert audit.action == "hours.record"
    assert audit.summary == "Ann recorded 1.5 hours (Garden): Cara helped Ben."


def test_record_hours_refuses_nonsense(client, auth, world):
    auth.login(world.ann)
    same = client.post(f"/b/{world.board.slug}/record/hours", data={
        "giver": str(world.ben.id), "receiver": str(world.ben.id), "hours": "2",
        "category": "garden"})
    assert same.status_code == 422
    assert "Choose someone other than the person who gave the time" in read(same)
    too_long = client.post(f"/b/{world.board.slug}/record/hours", data={
        "giver": str(world.cara.id), "receiver": str(world.ben.id), "hours": "30",
        "category": "garden"})
    assert too_long.status_code == 422
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) == 0


def test_no_hours_on_a_board_without_time_credits(client, auth, world):
    world.board.time_credits = False
    db.session.commit()
    auth.login(world.ann)
    page = read(client.get(f"/b/{world.board.slug}/record/hours"))
    assert "does not keep time credits" in page and "Record the hours" not in page
    response = client.post(f"/b/{world.board.slug}/record/hours", data={
        "giver": str(world.cara.id), "receiver": str(world.ben.id), "hours": "2",
        "category": "garden"})
    assert response.status_code == 409
    assert db.session.scalar(db.select(db.func.count(LedgerEntry.id))) == 0


# --- Settings and the audit log ---------------------------------------------------------------


def test_change_the_board_settings(client, auth, world):
    auth.login(world.ann)
    page = read(client.get(f"/b/{world.board.slug}/settings"))
    assert 'value="Elm Street"' in page
    client.post(f"/b/{world.board.slug}/settings", data={
        "name": "Elm Street North", "area_description": "Numbers 1 to 40",
        "requires_approval": "y", "time_credits": "y", "public_summary": "",
        "contact_phone": "020 7946 0000"})
    board = world.board
    assert (board.name, board.area_description, board.requires_approval, board.time_credits,
            board.public_summary, board.contact_phone) == (
        "Elm Street North", "Numbers 1 to 40", True, True, False, "020 7946 0000")
    assert last_audit(board).summary == (
        "Ann changed the settings: the name, the area description, join approval on, "
        "the noticeboard phone number.")


def test_settings_need_a_name(client, auth, world):
    auth.login(world.ann)
    response = client.post(f"/b/{world.board.slug}/settings", data={"name": ""})
    assert response.status_code == 422
    assert "Enter a name for the board" in read(response)
    assert world.board.name == "Elm Street" and audit_actions(world.board) == []


def test_the_audit_log_shows_who_did_what_for_whom(client, auth, world):
    auth.login(world.ann)
    client.post(f"/b/{world.board.slug}/members/{world.pending.id}/approve")
    client.post(f"/posts/{world.post.id}/hide")
    page = read(client.get(f"/b/{world.board.slug}/audit"))
    assert page.index("Ann hid post") < page.index("Ann approved Dan's request to join.")
    assert "by Ann · for Dan" in page and "by Ann · for Ben" in page


# --- Exports ----------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_download_the_exchanges_as_csv(client, auth, world, make_user, make_post):
    world.cara.display_name = "Cara J."  # names as the board shows them
    db.session.commit()
    flows.finish(world.post, world.cara, hours="1.5")
    auth.login(world.ann)
    client.post(f"/b/{world.board.slug}/record/hours", data={
        "giver": str(world.ben.id), "receiver": str(world.cara.id), "hours": "2",
        "category": "garden"})

    response = client.get(f"/b/{world.board.slug}/exports/exchanges.csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="elm-street-exchanges-all.csv"')
    rows = read_csv(response)
    assert rows[0] == ["Date", "Giver", "Receiver", "Hours", "Category"]
    assert [row[1:] for row in rows[1:]] == [
        ["Cara J.", "Ben", "1.5", "Small repairs & DIY"],
        ["Ben", "Cara J.", "2", "Garden"],
    ]
    assert last_audit(world.board).action == "export.exchanges"


def test_the_monthly_summary_page_and_csv(client, auth, world):
    flows.finish(world.post, world.cara, hours="2")
    auth.login(world.ann)
    page = read(client.get(f"/b/{world.board.slug}/exports"))
    assert "<th scope=\"row\">Small repairs & DIY</th><td>2</td><td>1</td><td>1</td><td>1</td>" \
        in page
    rows = read_csv(client.get(f"/b/{world.board.slug}/exports/summary.csv"))
    assert rows == [
        ["Category", "Hours", "Jobs done", "People who gave", "People who received"],
        ["Small repairs & DIY", "2", "1", "1", "1"],
        ["All categories", "2", "1", "1", "1"],
    ]

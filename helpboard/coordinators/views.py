"""Coordinator pages: members, reports, paper requests, hours, exports, settings, audit log.

The rules live in the services; these views parse, call and redirect.
"""

import uuid

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from helpboard.coordinators import bp
from helpboard.extensions import db, limiter
from helpboard.forms import coordinators as forms
from helpboard.forms.accounts import DeleteAccountForm
from helpboard.pages import safe_next, submit
from helpboard.services import accounts, audit, boards, exports, moderation, records, settings
from helpboard.services.errors import Conflict, Invalid, NotAllowed, NotFound
from helpboard.services.posts import visible_post

MEMBER_DONE = {
    "approve": "{name} can now use the board.",
    "decline": "{name}'s request to join was declined.",
    "suspend": "{name} is suspended and can't use the board. Hide any of their posts that "
               "should not stay up.",
    "restore": "{name} can use the board again.",
    "promote": "{name} is now a coordinator of the board too.",
    "demote": "{name} is a member again, no longer a coordinator.",
}
STEPPED_DOWN = "You stepped down: you are a member of the board now, no longer a coordinator."


@bp.app_template_global()
def moderation_for(post):
    """Return the report link and hide or restore buttons this person sees on a post."""
    return moderation.post_moderation(current_user, post)


def _button(apply, done: str, back: str, back_when_done: str | None = None):
    """Apply a one-button action; a refusal that needs no error page comes back as a message."""
    try:
        apply()
    except (Conflict, Invalid) as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done, "success")
        back = back_when_done or back
    return redirect(back)


def _client_id() -> str:
    return request.form.get("client_id") or str(uuid.uuid4())


@bp.route("/b/<slug>/run")
@login_required
def run(slug: str):
    """Show what waits for a coordinator, and link every coordinator page."""
    board = moderation.board_to_run(slug, current_user)
    return render_template("coordinators/run.html", board=board,
                           waiting=len(boards.pending_members(board)),
                           reports=moderation.count_open_reports(board))


@bp.route("/b/<slug>/members")
@login_required
def members(slug: str):
    """List who is on the board, who waits to join, and who is suspended."""
    board = moderation.board_to_run(slug, current_user)
    return render_template("coordinators/members.html", board=board,
                           people=moderation.member_list(board))


@bp.route("/b/<slug>/members/<int:membership_id>/"
          "<any(approve, decline, suspend, restore, promote, demote):action>", methods=["POST"])
@login_required
def change_member(slug: str, membership_id: int, action: str):
    """Approve, decline, suspend, restore, promote or demote one member (or step down)."""
    board = moderation.board_to_run(slug, current_user)
    membership = moderation.get_membership(board, membership_id)
    done = MEMBER_DONE[action].format(name=membership.user.display_name)
    back, back_when_done = safe_next(url_for(".members", slug=slug)), None
    if action == "demote" and membership.user_id == current_user.id:
        done, back_when_done = STEPPED_DOWN, url_for("boards.show", slug=slug)
    return _button(lambda: moderation.change_member(current_user, membership, action), done,
                   back, back_when_done)


@bp.route("/b/<slug>/members/<int:membership_id>/delete", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])  # each try checks a password
@login_required
def delete_member(slug: str, membership_id: int):
    """Delete a supported member's account (they have no password), with my own password."""
    board = moderation.board_to_run(slug, current_user)
    person = moderation.get_membership(board, membership_id).user
    if not person.is_supported:
        raise NotAllowed(f"{person.display_name} has their own account: only they can delete it.")
    form = DeleteAccountForm(confirming=current_user, person=person)
    if form.validate_on_submit():
        name = person.display_name
        accounts.delete_account(person, by=current_user)
        db.session.commit()
        flash(f"{name}'s account is deleted. Their hours stay on the board's record as "
              f"“{accounts.FORMER_NEIGHBOUR}”.", "success")
        return redirect(url_for(".members", slug=slug))
    return render_template(
        "accounts/delete.html", form=form, back=url_for(".members", slug=slug),
        preview=accounts.deletion_preview(person, by=current_user),
    ), 422 if form.errors else 200


@bp.route("/posts/<int:post_id>/<any(hide, unhide):action>", methods=["POST"])
@login_required
def hide_post(post_id: int, action: str):
    """Hide a post from the board, or put it back."""
    post = visible_post(current_user, post_id)
    hidden = action == "hide"
    done = ("The post is hidden: only its author and the coordinators can see it." if hidden
            else "The post is back on the board.")
    return _button(lambda: moderation.set_hidden(current_user, post, hidden), done,
                   safe_next(url_for("posts.show", post_id=post.id)))


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@login_required
def report(post_id: int):
    """Tell the coordinators about a post, or someone on it."""
    post = visible_post(current_user, post_id)
    targets = moderation.report_targets(current_user, post)
    if not targets:
        raise NotFound("There is nothing on this post you can report.")
    form = forms.ReportForm(about=targets[0].value)
    form.about.choices = [(target.value, target.label) for target in targets]
    if form.validate_on_submit():
        try:
            moderation.report(current_user, post, form.about.data, form.reason.data)
        except Conflict as error:
            flash(error.message, "info")
            return redirect(url_for("posts.show", post_id=post.id))
        db.session.commit()
        flash("Thank you. The board's coordinators will look at it. The person you reported "
              "won't see your name.", "success")
        return redirect(url_for("posts.show", post_id=post.id))
    page = render_template("coordinators/report.html", post=post, form=form)
    return page, 422 if form.errors else 200


@bp.route("/b/<slug>/reports")
@login_required
def reports(slug: str):
    """Show the reports waiting for a coordinator, and the ones resolved lately."""
    board = moderation.board_to_run(slug, current_user)
    return _render_reports(board)


def _render_reports(board, failed: forms.ResolveForm | None = None, failed_id: int = 0):
    waiting = moderation.open_reports(board)
    resolve_forms = {entry.id: forms.ResolveForm(prefix=f"report-{entry.id}", formdata=None)
                     for entry in waiting}
    if failed is not None:
        resolve_forms[failed_id] = failed
    return render_template("coordinators/reports.html", board=board, waiting=waiting,
                           resolve_forms=resolve_forms, form=failed,
                           resolved=moderation.resolved_reports(board))


@bp.route("/b/<slug>/reports/<int:report_id>/resolve", methods=["POST"])
@login_required
def resolve(slug: str, report_id: int):
    """Close a report with a note."""
    board = moderation.board_to_run(slug, current_user)
    entry = moderation.get_report(board, report_id)
    form = forms.ResolveForm(prefix=f"report-{entry.id}")
    if not form.validate_on_submit():
        return _render_reports(board, form, entry.id), 422
    return _button(lambda: moderation.resolve_report(current_user, entry, form.note.data),
                   "The report is resolved.", url_for(".reports", slug=slug))


@bp.route("/b/<slug>/record/request", methods=["GET", "POST"])
@login_required
def record_request(slug: str):
    """Put a request or offer on the board for someone who phoned or wrote."""
    board = moderation.board_to_run(slug, current_user)
    form = forms.RecordRequestForm(board=board.slug, member=request.args.get("member", ""))
    form.board.data = board.slug  # the URL names the board, whatever the form says
    form.member.choices = [("", "Choose someone")] + records.member_choices(board)

    def rerender():
        return render_template("coordinators/record_request.html", board=board, form=form,
                               client_id=_client_id())

    if request.method == "GET":
        return rerender()
    return submit("board.record_request", form, rerender)


@bp.route("/b/<slug>/record/hours", methods=["GET", "POST"])
@login_required
def record_hours(slug: str):
    """Add hours for a job done away from the app."""
    board = moderation.board_to_run(slug, current_user)
    form = forms.RecordHoursForm(board=board.slug)
    form.board.data = board.slug
    choices = [("", "Choose someone")] + records.member_choices(board)
    form.giver.choices, form.receiver.choices = choices, choices

    def rerender():
        return render_template("coordinators/record_hours.html", board=board, form=form,
                               client_id=_client_id())

    if request.method == "GET":
        return rerender()
    return submit("board.record_hours", form, rerender)


@bp.route("/b/<slug>/exchanges")
@login_required
def exchanges(slug: str):
    """List the board's exchanges of hours, newest first, each with a way to correct it."""
    board = moderation.board_to_run(slug, current_user)
    return render_template("coordinators/exchanges.html", board=board,
                           exchanges=records.recent_exchanges(board))


@bp.route("/b/<slug>/exchanges/<int:entry_id>/correct", methods=["GET", "POST"])
@login_required
def correct_hours(slug: str, entry_id: int):
    """Correct the hours of one exchange: a new record replaces it."""
    board = moderation.board_to_run(slug, current_user)
    entry = records.exchange_on(board, entry_id)
    form = forms.CorrectHoursForm(board=board.slug, exchange=str(entry.id))
    form.board.data, form.exchange.data = board.slug, str(entry.id)

    def rerender():
        return render_template("coordinators/correct_hours.html", board=board, entry=entry,
                               form=form, client_id=_client_id())

    if request.method == "GET":
        return rerender()
    return submit("board.correct_hours", form, rerender)


@bp.route("/b/<slug>/audit")
@login_required
def audit_log(slug: str):
    """List every coordinator and helper action on the board, newest first."""
    board = moderation.board_to_run(slug, current_user)
    return render_template("coordinators/audit.html", board=board,
                           entries=audit.entries_for(board))


@bp.route("/b/<slug>/exports")
@login_required
def export_page(slug: str):
    """Show the monthly summary for funders, and the CSV downloads."""
    board = moderation.board_to_run(slug, current_user)
    month = exports.Month.parse(request.args.get("month"))
    return render_template("coordinators/exports.html", board=board,
                           summary=exports.monthly_summary(board, month),
                           months=exports.months_of(board))


def _month_or_all() -> exports.Month | None:
    text = request.args.get("month", "")
    return exports.Month.parse(text) if text and text != "all" else None


def _csv(text: str, filename: str) -> Response:
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/b/<slug>/exports/exchanges.csv")
@login_required
def exchanges_csv(slug: str):
    """Download every exchange (or one month's) as CSV: date, giver, receiver, hours, category."""
    board = moderation.board_to_run(slug, current_user)
    month = _month_or_all()
    text = exports.exchanges_csv(current_user, board, month)
    db.session.commit()  # the download is in the audit log
    return _csv(text, exports.download_name(board, "exchanges", month))


@bp.route("/b/<slug>/exports/summary.csv")
@login_required
def summary_csv(slug: str):
    """Download one month's summary as CSV, by category, with the total last."""
    board = moderation.board_to_run(slug, current_user)
    month = exports.Month.parse(request.args.get("month"))
    summary = exports.monthly_summary(board, month)
    return _csv(exports.summary_csv(summary), exports.download_name(board, "summary", month))


@bp.route("/b/<slug>/settings", methods=["GET", "POST"])
@login_required
def board_settings(slug: str):
    """Change the name, area, join approval, time credits, public summary and slip phone."""
    board = moderation.board_to_run(slug, current_user)
    form = forms.BoardSettingsForm(obj=board)
    if form.validate_on_submit():
        values = settings.BoardSettings(
            name=form.name.data, area_description=form.area_description.data or "",
            requires_approval=form.requires_approval.data, time_credits=form.time_credits.data,
            public_summary=form.public_summary.data, contact_phone=form.contact_phone.data or "",
        )
        changes = settings.update_settings(current_user, board, values)
        db.session.commit()
        flash("The settings are saved." if changes else "Nothing changed.", "success")
        return redirect(url_for(".board_settings", slug=board.slug))
    page = render_template("coordinators/settings.html", board=board, form=form)
    return page, 422 if form.errors else 200

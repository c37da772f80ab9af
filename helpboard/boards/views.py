"""Board pages."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from helpboard.boards import bp
from helpboard.extensions import db, limiter
from helpboard.forms.accounts import BoardForm, ButtonForm, JoinForm
from helpboard.models import Membership, MembershipStatus
from helpboard.services import boards, summaries
from helpboard.services.errors import Invalid, NotAllowed
from helpboard.services.posts import PostFilters, list_open_posts


@bp.route("/")
def home():
    """Signed out: what helpboard is. Signed in: my boards."""
    if not current_user.is_authenticated:
        return render_template("boards/welcome.html")
    memberships = boards.memberships_for(current_user)
    active = [m for m in memberships if m.is_active]
    if len(active) == 1 and len(memberships) == 1:
        return redirect(url_for("boards.show", slug=active[0].board.slug))
    return render_template("boards/home.html", memberships=memberships, join_form=JoinForm())


@bp.route("/boards/new", methods=["GET", "POST"])
@login_required
def new_board():
    """Start a board for a street, a block or an estate."""
    form = BoardForm()
    if form.validate_on_submit():
        board = boards.create_board(current_user, form.name.data, form.area_description.data,
                                    form.requires_approval.data)
        db.session.commit()
        flash(f"{board.name} is ready. Share the invite code {board.invite_code}.", "success")
        return redirect(url_for("boards.show", slug=board.slug))
    return render_template("boards/new.html", form=form), 422 if form.errors else 200


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def join():
    """Type an invite code."""
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            board = boards.board_for_code(form.code.data)
        except Invalid as error:
            form.code.errors.append(error.errors["code"])
        else:
            return redirect(url_for("boards.invite", code=board.invite_code))
    return render_template("boards/join.html", form=form), 422 if form.errors else 200


@bp.route("/join/<code>", methods=["GET", "POST"])
def invite(code: str):
    """Say which board an invite link opens, and join it with one button."""
    try:
        board = boards.board_for_code(code)
    except Invalid:
        abort(404)
    form = ButtonForm()
    if current_user.is_authenticated and form.validate_on_submit():
        membership = boards.join_board(current_user, board)
        db.session.commit()
        return _after_join(membership)
    membership = boards.membership_of(board, current_user)
    return render_template("boards/invite.html", board=board, form=form, membership=membership)


def _after_join(membership: Membership):
    board = membership.board
    if membership.status == MembershipStatus.PENDING:
        flash(f"Thanks! A coordinator of {board.name} will look at your request soon.", "success")
        return redirect(url_for("boards.home"))
    flash(f"Welcome to {board.name}.", "success")
    return redirect(url_for("boards.show", slug=board.slug))


@bp.route("/b/<slug>")
def show(slug: str):
    """Show the board: open requests and offers, newest first, with filters and search."""
    board = boards.get_board(slug)
    try:
        membership = boards.require_member(board, current_user)
    except NotAllowed:
        if board.public_summary:
            return redirect(url_for("boards.summary", slug=slug))
        raise
    filters = PostFilters(
        kind=request.args.get("kind", ""), category=request.args.get("category", ""),
        text=request.args.get("q", "")[:100],
    )
    page = request.args.get("page", 1, type=int)
    posts = list_open_posts(board, filters, page=max(page, 1))
    return render_template(
        "boards/show.html", board=board, membership=membership, posts=posts, filters=filters,
        stats=summaries.board_stats(board),
    )


@bp.route("/b/<slug>/summary")
def summary(slug: str):
    """Show a public, read-only summary with no names, if the board chose to have one."""
    board = boards.get_board(slug)
    if not board.public_summary:
        abort(404)
    return render_template("boards/summary.html", board=board,
                           summary=summaries.public_summary(board))


"""The noticeboard: the printable A4 sheet, the lobby screen, and the links that open it."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from helpboard.extensions import db
from helpboard.forms.coordinators import ScreenForm
from helpboard.noticeboard import bp
from helpboard.services import moderation, noticeboard
from helpboard.services.errors import Conflict


@bp.route("/b/<slug>/noticeboard")
@login_required
def manage(slug: str):
    """Print the sheet, and make or switch off links for lobby screens."""
    board = moderation.board_to_run(slug, current_user)
    return _render_manage(board, ScreenForm(formdata=None))


def _render_manage(board, form: ScreenForm):
    return render_template("noticeboard/manage.html", board=board, form=form,
                           screens=noticeboard.screen_links(board))


@bp.route("/b/<slug>/noticeboard/screens", methods=["POST"])
@login_required
def new_screen(slug: str):
    """Make a secret link for a lobby screen."""
    board = moderation.board_to_run(slug, current_user)
    form = ScreenForm()
    if not form.validate_on_submit():
        return _render_manage(board, form), 422
    link = noticeboard.create_kiosk_link(current_user, board, form.label.data)
    db.session.commit()
    flash(f"The link for “{link.label}” is ready. Open it on the screen.", "success")
    return redirect(url_for(".manage", slug=slug) + f"#screen-{link.id}")


@bp.route("/b/<slug>/noticeboard/screens/<int:link_id>/revoke", methods=["POST"])
@login_required
def revoke_screen(slug: str, link_id: int):
    """Switch a screen link off at once."""
    board = moderation.board_to_run(slug, current_user)
    link = noticeboard.get_kiosk_link(board, link_id)
    try:
        noticeboard.revoke_kiosk_link(current_user, link)
    except Conflict as error:
        flash(error.message, "info")
    else:
        db.session.commit()
        flash(f"“{link.label}” is switched off: that screen shows nothing from the board now.",
              "success")
    return redirect(url_for(".manage", slug=slug))


@bp.route("/b/<slug>/print")
@login_required
def print_sheet(slug: str):
    """Show one A4 sheet of open requests and offers in large type, with QR codes and slips."""
    board = moderation.board_to_run(slug, current_user)
    sheet = noticeboard.print_sheet(board, request.args.get("kind", ""),
                                    request.args.get("page", 1, type=int))
    return render_template("noticeboard/print.html", sheet=sheet)


@bp.route("/kiosk/<token>")
def kiosk(token: str):
    """Show the lobby screen: no sign-in, read-only, reloads itself, can be switched off."""
    board = noticeboard.board_for_kiosk(token)
    response = make_response(render_template("noticeboard/kiosk.html",
                                              screen=noticeboard.screen(board)))
    # No shared cache may keep it (the link can be switched off); the service worker may.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response

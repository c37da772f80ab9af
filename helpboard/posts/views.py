"""Post pages. Every write goes through :func:`helpboard.pages.submit` and a named command."""

import uuid

from flask import render_template, request
from flask_login import login_required

from helpboard.acting import current_actor
from helpboard.forms import posts as forms
from helpboard.pages import submit
from helpboard.posts import bp
from helpboard.services import boards
from helpboard.services.post_view import post_view
from helpboard.services.posts import require_author, visible_post

# The buttons on a post page: URL part → (command, form).
ACTIONS = {
    "withdraw": ("post.withdraw", forms.PostActionForm),
    "respond": ("post.respond", forms.RespondForm),
    "withdraw-response": ("post.withdraw_response", forms.PostActionForm),
    "accept": ("post.accept", forms.AcceptForm),
    "step-back": ("post.step_back", forms.PostActionForm),
    "cancel": ("post.cancel", forms.PostActionForm),
    "done": ("post.done", forms.DoneForm),
    "hours": ("post.confirm_hours", forms.HoursForm),
    "thank": ("post.thank", forms.ThankForm),
}


def new_client_id() -> str:
    """Return a fresh id for a form, so a double-click applies once."""
    return str(uuid.uuid4())


@bp.route("/b/<slug>/posts/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    """Post a request or an offer."""
    board = boards.get_board(slug)
    boards.require_member(board, current_actor().member)
    kind = request.args.get("kind", "request")
    form = forms.PostForm(board=board.slug, kind=kind if kind in ("request", "offer") else None)

    def rerender():
        return render_template("posts/form.html", form=form, board=board, post=None,
                               client_id=request.form.get("client_id") or new_client_id())

    if request.method == "GET":
        return rerender()
    return submit("post.create", form, rerender)


@bp.route("/posts/<int:post_id>")
@login_required
def show(post_id: int):
    """Show a post, and what this person can do with it."""
    return _render_post(visible_post(current_actor().member, post_id))


def _render_post(post, **failed_forms):
    view = post_view(current_actor(), post)
    default_forms = {name: form_class(post_id=post.id, seen_version=post.version)
                     for name, (_, form_class) in ACTIONS.items()}
    if view.can_confirm_hours or view.can_mark_done:
        for name in ("done", "hours"):
            default_forms[name].hours.data = post.hours_estimate
    default_forms.update(failed_forms)
    return render_template("posts/show.html", view=view, post=post, forms=default_forms,
                           client_id=new_client_id())


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    """Change an open post."""
    post = visible_post(current_actor().member, post_id)
    require_author(current_actor(), post)  # others may not even see the form filled in
    form = forms.PostForm(obj=post, post_id=post.id, seen_version=post.version,
                          board=post.board.slug, kind=post.kind.value)
    if request.method == "GET":
        form.hours_estimate.data = post.hours_estimate

    def rerender():
        return render_template("posts/form.html", form=form, board=post.board, post=post,
                               client_id=request.form.get("client_id") or new_client_id())

    if request.method == "GET":
        return rerender()
    return submit("post.edit", form, rerender)


ACTION_RULE = "/posts/<int:post_id>/<any(" + ", ".join(map(repr, ACTIONS)) + "):action>"


@bp.route(ACTION_RULE, methods=["POST"])
@login_required
def act(post_id: int, action: str):
    """One button on the post page."""
    post = visible_post(current_actor().member, post_id)
    kind, form_class = ACTIONS[action]
    form = form_class()
    form.post_id.data = str(post.id)  # the URL names the post, whatever the form says
    return submit(kind, form, lambda: _render_post(post, **{action: form}))

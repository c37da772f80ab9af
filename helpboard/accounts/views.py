"""Account pages."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user, logout_user

from helpboard.accounts import bp
from helpboard.extensions import db, limiter
from helpboard.forms.accounts import (
    ButtonForm,
    DeleteAccountForm,
    ProfileForm,
    RegisterForm,
    SignInForm,
)
from helpboard.models import User
from helpboard.pages import safe_next
from helpboard.services import accounts, activity, boards
from helpboard.services.errors import Invalid, NotFound
from helpboard.services.posts import MAX_ID


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    """Create an account."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.display_name.data, form.email.data, form.password.data)
        except Invalid as error:
            form.email.errors.append(error.errors["email"])
        else:
            db.session.commit()
            login_user(user, remember=True)
            flash(f"Welcome, {user.display_name}! Join your board with its invite code.", "success")
            return redirect(safe_next(url_for("boards.home")))
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])
def sign_in():
    """Sign in with e-mail and password."""
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except Invalid as error:
            form.password.errors.append(error.errors["password"])
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(url_for("boards.home")))
    return render_template("accounts/sign_in.html", form=form), 422 if form.errors else 200


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """Sign out (a POST, so a link or a prefetch can't do it)."""
    if ButtonForm().validate_on_submit():
        logout_user()
        flash("You are signed out. Pages saved on this phone were removed.", "success")
    return redirect(url_for("boards.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    """Change what neighbours see and the private contact details."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        accounts.update_profile(current_user, **{name: form[name].data
                                                 for name in accounts.PROFILE_FIELDS})
        db.session.commit()
        flash("Your profile is saved.", "success")
        return redirect(url_for("accounts.profile", user_id=current_user.id))
    return render_template("accounts/edit_profile.html", form=form), 422 if form.errors else 200


@bp.route("/profile/delete", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])  # each try checks a password
@login_required
def delete_account():
    """Delete my account, after my password: details wiped, signed out everywhere."""
    form = DeleteAccountForm(confirming=current_user)
    if form.validate_on_submit():
        accounts.delete_account(current_user, by=current_user)
        db.session.commit()
        logout_user()
        flash("Your account is deleted and you are signed out. The hours you gave and received "
              "stay on the board's record as “Former neighbour”.", "success")
        return redirect(url_for("boards.home"))
    return render_template(
        "accounts/delete.html", form=form, back=url_for("accounts.edit_profile"),
        preview=accounts.deletion_preview(current_user, by=current_user),
    ), 422 if form.errors else 200


@bp.route("/people/<int:user_id>")
@login_required
def profile(user_id: int):
    """Show a neighbour's public profile: what they can do, hours, thanks. Never contact."""
    person = db.session.get(User, user_id) if user_id <= MAX_ID else None
    if person is None or not activity.can_see_profile(current_user, person):
        raise NotFound("There is no neighbour with that number on your boards.")
    return render_template("accounts/profile.html", page=activity.profile_page(person))


@bp.route("/activity")
@login_required
def my_activity():
    """My posts, the jobs I am helping with, my hours."""
    page = activity.activity_page(current_user)
    return render_template("accounts/activity.html", page=page,
                           memberships=boards.memberships_for(current_user))

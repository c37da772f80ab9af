"""Helper pages: people I help, acting for them, who can act for me, and coordinators' view."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, user_logged_in, user_logged_out

from helpboard import acting
from helpboard.extensions import db, limiter
from helpboard.forms.accounts import ButtonForm, DeleteAccountForm
from helpboard.forms.helpers import (
    ContactRouteForm,
    EndAccessForm,
    GrantForm,
    RecordConsentForm,
    ResidentContactForm,
    SupportedMemberForm,
)
from helpboard.helpers import bp
from helpboard.models import User
from helpboard.pages import safe_next
from helpboard.services import accounts, activity, boards, helpers
from helpboard.services.errors import Conflict, Invalid, NotAllowed, NotFound


@bp.record_once
def _forget_acting_on_sign_in_and_out(state):
    user_logged_in.connect(acting.forget_acting)
    user_logged_out.connect(acting.forget_acting)


@bp.app_template_global()
def acting_resident() -> User | None:
    """Return the resident the signed-in helper acts for (for the banner)."""
    return acting.acting_for()


@bp.app_template_global()
def acting_member_id() -> str:
    """Return whom a form on this page is written for, so it is never applied for someone else."""
    if not current_user.is_authenticated:
        return ""
    return str(acting.current_actor().member.id)


@bp.route("/helping")
@login_required
def index():
    """People I help: act for them, add someone, see past access."""
    coordinated = [m.board for m in boards.memberships_for(current_user) if m.is_coordinator]
    return render_template("helpers/index.html", links=helpers.links_of_helper(current_user),
                           form=ButtonForm(), acting_id=_acting_id(), coordinated=coordinated)


@bp.route("/helping/new", methods=["GET", "POST"])
@login_required
def new():
    """Add a resident who has no email or device, with their consent recorded."""
    form = SupportedMemberForm()
    form.board.choices = [(m.board.slug, m.board.name)
                          for m in boards.memberships_for(current_user) if m.is_active]
    if form.validate_on_submit():
        link = helpers.create_supported_member(
            current_user, boards.get_board(form.board.data), form.display_name.data,
            form.area.data or "", form.consent(), form.contact_via_helper.data,
        )
        db.session.commit()
        flash(f"{link.resident.display_name} is added and you can act for them. Add their "
              "address so the neighbour who helps can find them.", "success")
        return redirect(url_for("helpers.contact", resident_id=link.resident_id))
    return render_template("helpers/new.html", form=form), 422 if form.errors else 200


@bp.route("/helping/<int:resident_id>")
@login_required
def resident(resident_id: int):
    """Show a resident I help: act for them, their posts and hours, who else helps."""
    link = helpers.link_for_helper(current_user, resident_id)
    person = link.resident
    return render_template(
        "helpers/resident.html", link=link, person=person, page=activity.activity_page(person),
        memberships=boards.memberships_for(person), acting_now=_acting_id() == person.id,
        others=[other for other in helpers.active_helper_links(person) if other.id != link.id],
        form=ButtonForm(),
    )


@bp.route("/helping/<int:resident_id>/act", methods=["POST"])
@login_required
def act(resident_id: int):
    """Start acting for a resident I help."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    previous = acting.acting_for()
    if previous is not None and previous.id != resident_id:
        helpers.stop_acting(current_user, previous)
    person = helpers.start_acting(current_user, resident_id)
    db.session.commit()
    acting.start_acting(person)
    flash(f"You are now acting for {person.display_name}. Everything you do is recorded as "
          f"done by you for them.", "success")
    return redirect(url_for("helpers.resident", resident_id=person.id))


@bp.route("/helping/stop", methods=["POST"])
@login_required
def stop():
    """Stop acting for someone; act for myself again."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    person = acting.acting_for()
    if person is not None:
        helpers.stop_acting(current_user, person)
        db.session.commit()
        flash(f"You stopped acting for {person.display_name}.", "success")
    acting.stop_acting()
    return redirect(url_for("helpers.index"))


@bp.route("/helping/<int:resident_id>/contact", methods=["GET", "POST"])
@login_required
def contact(resident_id: int):
    """Keep a supported member's rough area and private contact details, as their helper."""
    person = helpers.link_for_helper(current_user, resident_id).resident
    if not person.is_supported:
        raise NotAllowed(f"{person.display_name} keeps their own details on their profile.")
    form = ResidentContactForm(obj=person)
    if form.validate_on_submit():
        helpers.update_resident_contact(
            current_user, person, **{name: form[name].data for name in helpers.CONTACT_FIELDS})
        db.session.commit()
        flash(f"{person.display_name}'s details are saved.", "success")
        return redirect(url_for("helpers.resident", resident_id=person.id))
    return (render_template("helpers/contact.html", form=form, person=person),
            422 if form.errors else 200)


@bp.route("/helping/<int:resident_id>/delete", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])  # each try checks a password
@login_required
def delete(resident_id: int):
    """Delete the account of a supported member I help, with my own password."""
    person = helpers.link_for_helper(current_user, resident_id).resident
    if not person.is_supported:
        raise NotAllowed(f"{person.display_name} has their own account: only they can delete it.")
    form = DeleteAccountForm(confirming=current_user, person=person)
    if form.validate_on_submit():
        name, was_acting = person.display_name, _acting_id() == person.id
        accounts.delete_account(person, by=current_user)
        db.session.commit()
        if was_acting:
            acting.stop_acting()
        flash(f"{name}'s account is deleted. Their hours stay on the board's record as "
              f"“{accounts.FORMER_NEIGHBOUR}”.", "success")
        return redirect(url_for("helpers.index"))
    return render_template(
        "accounts/delete.html", form=form, back=url_for("helpers.resident", resident_id=person.id),
        preview=accounts.deletion_preview(person, by=current_user),
    ), 422 if form.errors else 200


@bp.route("/my-helpers", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])  # each try says whether an address is on my boards
@login_required
def my_helpers():
    """Who can act for me: give a named neighbour access, or end it."""
    form = GrantForm()
    if form.validate_on_submit():
        try:
            link = helpers.grant_access(current_user, form.helper_email.data,
                                        form.relationship_note.data or "")
        except (Invalid, Conflict) as error:
            form.helper_email.errors.append(error.errors.get("helper_email", error.message))
        else:
            db.session.commit()
            flash(f"{link.helper.display_name} can now act for you. You can end this at any "
                  "time on this page.", "success")
            return redirect(url_for("helpers.my_helpers"))
    return render_template(
        "helpers/my_helpers.html", form=form, links=helpers.links_of_resident(current_user),
        route_form=ContactRouteForm(contact_via_helper=current_user.contact_via_helper),
    ), 422 if form.errors else 200


@bp.route("/my-helpers/contact", methods=["POST"])
@login_required
def contact_route():
    """Choose whether neighbours reach me through my helper."""
    form = ContactRouteForm()
    if not form.validate_on_submit():
        abort(400)
    helpers.set_contact_route(current_user, form.contact_via_helper.data)
    db.session.commit()
    flash("Saved how neighbours contact you.", "success")
    return redirect(url_for("helpers.my_helpers"))


@bp.route("/helper-links/<int:link_id>/end", methods=["GET", "POST"])
@login_required
def end(link_id: int):
    """End a helper's access at once: the resident, the helper or a coordinator."""
    link = helpers.get_link(link_id)
    if not helpers.can_end(current_user, link):
        raise NotFound("There is no such helper access.")
    form = EndAccessForm()
    back = safe_next(_default_back(link))
    if form.validate_on_submit():
        helpers.end_access(link, current_user, form.reason.data or "")
        db.session.commit()
        if _acting_id() == link.resident_id and link.helper_id == current_user.id:
            acting.stop_acting()
        flash(f"{link.helper.display_name} can no longer act for "
              f"{link.resident.display_name}.", "success")
        return redirect(back)
    return (render_template("helpers/end.html", form=form, link=link, back=back),
            422 if form.errors else 200)


@bp.route("/b/<slug>/helper-links", methods=["GET", "POST"])
@login_required
def board_links(slug: str):
    """Coordinators: who acts for whom on this board; record consent given by phone or paper."""
    board = boards.get_board(slug)
    boards.require_coordinator(board, current_user)
    form = RecordConsentForm()
    people = helpers.board_members(board)
    form.resident.choices = form.helper.choices = [(p.id, p.display_name) for p in people]
    if form.validate_on_submit() and _record_link(board, form):
        db.session.commit()
        return redirect(url_for("helpers.board_links", slug=board.slug))
    return render_template("helpers/board_links.html", board=board, form=form,
                           links=helpers.links_on_board(board)), 422 if form.errors else 200


def _record_link(board, form: RecordConsentForm) -> bool:
    resident = db.session.get(User, form.resident.data)
    helper = db.session.get(User, form.helper.data)
    try:
        link = helpers.record_link(current_user, board, resident, helper, form.consent())
    except (Invalid, Conflict, NotAllowed) as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return False
    flash(f"Recorded: {link.helper.display_name} can act for {link.resident.display_name}.",
          "success")
    return True


def _default_back(link) -> str:
    if current_user.id == link.resident_id:
        return url_for("helpers.my_helpers")
    if current_user.id == link.helper_id:
        return url_for("helpers.index")
    return url_for("boards.home")


def _acting_id() -> int | None:
    person = acting.acting_for()
    return person.id if person is not None else None

"""Posts as JSON. Private fields appear only where :mod:`post_view` filled them in."""

from flask import url_for

from helpboard.models import Post
from helpboard.services.post_view import PostView


def person_json(person) -> dict:
    """Return what anyone on the board may know of a person."""
    return {"id": person.id, "display_name": person.display_name}


def post_summary_json(post: Post) -> dict:
    """Return a post as the board list shows it: no contact details, ever."""
    return {
        "id": post.id,
        "url": url_for("posts.show", post_id=post.id),
        "kind": post.kind.value,
        "title": post.title,
        "details": post.details,
        "category": post.category,
        "category_label": post.category_label,
        "location": post.location,
        "hours_estimate": str(post.hours_estimate),
        "needed_on": post.needed_on.isoformat() if post.needed_on else None,
        "expires_at": post.expires_at.isoformat(),
        "created_at": post.created_at.isoformat(),
        "state": post.effective_state.value,
        "version": post.version,
        "author": person_json(post.author),
        "posted_by": person_json(post.posted_by),
    }


def post_view_json(view: PostView) -> dict:
    """Return a post as one viewer sees it, with what they may do next."""
    data = post_summary_json(view.post)
    data["matched_user"] = person_json(view.post.matched_user) if view.is_party else None
    data["responses"] = [
        {"id": r.id, "user": person_json(r.user), "message": r.message, "state": r.state.value}
        for r in view.responses
    ]
    data["my_response"] = (
        {"id": view.my_response.id, "state": view.my_response.state.value}
        if view.my_response else None
    )
    data["contact"] = vars(view.contact) if view.contact else None
    data["code_word"] = view.code_word
    data["thanks"] = [{"from": person_json(t.from_user), "message": t.message}
                      for t in view.thanks]
    data["can"] = {name.removeprefix("can_"): getattr(view, name) for name in vars(view)
                   if name.startswith("can_")}
    return data


def post_form_values(post: Post) -> dict:
    """Return a post as the edit form's fields, the starting point for a partial change."""
    return {
        "kind": post.kind.value, "title": post.title, "details": post.details,
        "category": post.category, "location": post.location,
        "hours_estimate": str(post.hours_estimate),
        "needed_on": post.needed_on.isoformat() if post.needed_on else "",
    }

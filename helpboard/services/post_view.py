"""What one person may see and do on one post: used by the post page and the API alike."""

from dataclasses import dataclass, field

from helpboard.models import Post, PostState, Response, ResponseState, Thanks, User
from helpboard.services import helpers, ledger, matches
from helpboard.services.actor import Actor
from helpboard.services.contact import ContactCard, contact_for


@dataclass
class PostView:
    """A post as one viewer sees it. Private fields are filled only for the two matched people."""

    post: Post
    member_id: int
    is_author: bool
    is_matched: bool
    responses: list[Response] = field(default_factory=list)  # the author's choice list
    my_response: Response | None = None
    contact: ContactCard | None = None
    code_word: str | None = None
    thanks: list[Thanks] = field(default_factory=list)
    can_edit: bool = False
    can_withdraw: bool = False
    can_respond: bool = False
    can_accept: bool = False
    can_step_back: bool = False
    can_cancel: bool = False
    can_mark_done: bool = False
    can_confirm_hours: bool = False
    can_thank: bool = False
    someone_else_chosen: bool = False
    reopened_note: str = ""  # to the author, when the chosen neighbour stepped back
    # A helper looking as themselves at the match of a resident they help: they see what she sees.
    helping: User | None = None

    @property
    def is_receiver(self) -> bool:
        """Say whether the viewer is the person helped."""
        receiver = self.post.receiver
        return receiver is not None and self.is_party and receiver.id == self.member_id

    @property
    def is_party(self) -> bool:
        """Say whether the viewer is one of the two matched people."""
        return (self.is_author and self.post.matched_user_id is not None) or self.is_matched

    @property
    def sees_match(self) -> bool:
        """Say whether the viewer sees the match details: contact, code word, safety tips."""
        return self.contact is not None and (self.is_party or self.helping is not None)

    @property
    def code_word_hint(self) -> str:
        """Say who asks for the code word and who says it."""
        receiver = self.post.receiver
        if self.helping is not None:
            name = self.helping.display_name
            if receiver is not None and receiver.id == self.helping.id:
                return f"{name} should ask for this word before opening the door."
            return f"{name} says this word at the door."
        if self.is_receiver:
            return "Ask for this word before you open the door."
        return "Say this word at the door so they know it's you."


def post_view(actor: Actor, post: Post) -> PostView:
    """Work out what the actor may see and do on the post."""
    member = actor.member
    state = post.effective_state
    view = PostView(post=post, member_id=member.id, is_author=post.author_id == member.id,
                    is_matched=post.matched_user_id == member.id)
    view.thanks = ledger.thanks_for_post(post)
    if view.is_author:
        _author_actions(view, state)
    else:
        _neighbour_actions(view, state, actor)
    if view.is_party and state in (PostState.MATCHED, PostState.DONE):
        view.contact = contact_for(member, post)
        view.code_word = post.code_word
        view.can_mark_done = state == PostState.MATCHED
        view.can_confirm_hours = (
            view.is_receiver and state == PostState.DONE and post.hours_confirmed_at is None
            and post.board.time_credits
        )
        view.can_thank = view.is_receiver and state == PostState.DONE and not any(
            note.from_user_id == member.id for note in view.thanks
        )
    elif state in (PostState.MATCHED, PostState.DONE):
        _helper_view(view, actor)
    return view


def _helper_view(view: PostView, actor: Actor) -> None:
    """Show a resident's active helper the match details she sees; acting needs a switch."""
    party = helpers.helped_party(actor.by, view.post)
    if party is not None:
        view.helping = party
        view.contact = contact_for(party, view.post)
        view.code_word = view.post.code_word


def _author_actions(view: PostView, state: PostState) -> None:
    post = view.post
    view.responses = [r for r in post.responses if r.state != ResponseState.WITHDRAWN]
    view.can_edit = state == PostState.OPEN
    view.can_withdraw = state in (PostState.OPEN, PostState.MATCHED)
    view.can_accept = state == PostState.OPEN
    view.can_cancel = state == PostState.MATCHED
    if state == PostState.OPEN and _last_match_ended_by(post) == ResponseState.STEPPED_BACK:
        view.reopened_note = (
            "The neighbour you chose can't go ahead after all, so this is open again. You don't "
            "need to do anything: choose someone else who answered, or wait for a new answer.")


def _last_match_ended_by(post: Post) -> ResponseState | None:
    """Say how the latest match ended: the neighbour stepped back, or the author called it off."""
    ended = [r for r in post.responses
             if r.state in (ResponseState.STEPPED_BACK, ResponseState.CANCELLED)]
    return max(ended, key=lambda r: (r.decided_at or r.created_at, r.id)).state if ended else None


def _neighbour_actions(view: PostView, state: PostState, actor: Actor) -> None:
    post = view.post
    view.my_response = matches.pending_response(post, actor.member) or _latest_response(
        post, actor.member.id
    )
    pending = view.my_response is not None and view.my_response.state == ResponseState.PENDING
    view.can_respond = state == PostState.OPEN and not pending
    view.can_step_back = view.is_matched and state == PostState.MATCHED
    view.someone_else_chosen = (
        view.my_response is not None and view.my_response.state == ResponseState.DECLINED
    )


def _latest_response(post: Post, user_id: int) -> Response | None:
    mine = [r for r in post.responses if r.user_id == user_id]
    return mine[-1] if mine else None

"""Forms for running a board: reports, paper requests, hours, settings and lobby screens."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from helpboard.forms.fields import strip
from helpboard.forms.posts import CATEGORY_CHOICES, HoursField, PostForm

ARRIVED_CHOICES = [SelectChoice("phone", "By phone"), SelectChoice("paper", "On paper"),
                   SelectChoice("in_person", "In person")]


class ReportForm(FlaskForm):
    """Tell the coordinators about a post or a person."""

    about = RadioField("What are you reporting?",
                       validators=[InputRequired("Choose what you are reporting")])
    reason = TextAreaField(
        "What is wrong?",
        description="The coordinators will read this. The person you report won't see your name.",
        filters=[strip],
        validators=[DataRequired("Say what is wrong"),
                    Length(max=1000, message="Keep this under 1,000 characters")],
    )


class ResolveForm(FlaskForm):
    """Close a report with a note."""

    note = TextAreaField(
        "What did you do?", description="For example: hid the post and spoke to Ben",
        filters=[strip],
        validators=[DataRequired("Say what you did about it"),
                    Length(max=1000, message="Keep the note under 1,000 characters")],
    )


class MemberField(SelectField):
    """A member of the board, chosen from a list; the service checks the choice."""

    def __init__(self, label, message, **kwargs):
        super().__init__(label, validate_choice=False,
                         validators=[DataRequired(message)], **kwargs)


class RecordRequestForm(PostForm):
    """A request or offer that reached a coordinator by phone, on paper or in person."""

    member = MemberField("Who is it for?", "Choose who it is for")
    arrived = RadioField("How did it reach you?", choices=ARRIVED_CHOICES, default="phone",
                         validators=[InputRequired("Choose how it reached you")])


class RecordHoursForm(FlaskForm):
    """Hours for a job done away from the app."""

    giver = MemberField("Who gave the time?", "Choose who gave the time")
    receiver = MemberField("Who was helped?", "Choose who was helped")
    hours = HoursField("Hours", description="Between 0.25 and 24, in quarter hours",
                       validators=[InputRequired("Enter the hours given")])
    category = SelectField("Category", choices=CATEGORY_CHOICES, default="other",
                           validators=[InputRequired("Choose a category")])
    note = StringField(
        "Note (optional)", description="What the job was, for your own records",
        filters=[strip], validators=[Length(max=300, message="Keep the note under 300 characters")],
    )
    board = HiddenField()


class CorrectHoursForm(FlaskForm):
    """The right hours for an exchange that was recorded wrongly, and why."""

    hours = HoursField("The right hours", description="Between 0.25 and 24, in quarter hours",
                       validators=[InputRequired("Enter the right hours")])
    note = StringField(
        "Why it is corrected", description="For example: it took two hours, not one",
        filters=[strip],
        validators=[DataRequired("Say why the hours are corrected"),
                    Length(max=300, message="Keep the note under 300 characters")],
    )
    board = HiddenField()
    exchange = HiddenField()


class BoardSettingsForm(FlaskForm):
    """What a coordinator can change about the board."""

    name = StringField(
        "Board name", filters=[strip],
        validators=[DataRequired("Enter a name for the board"),
                    Length(max=80, message="Keep the name under 80 characters")],
    )
    area_description = TextAreaField(
        "Area it covers", description="Streets or blocks, never a house number",
        filters=[strip], validators=[Length(max=500, message="Keep this under 500 characters")],
    )
    requires_approval = BooleanField("New members need a coordinator's approval")
    time_credits = BooleanField("Keep time credits (an hour given earns an hour)")
    public_summary = BooleanField("Show a public summary with no names to people not signed in")
    contact_phone = StringField(
        "Phone number for the noticeboard",
        description="Printed on the tear-off slips and shown on the lobby screen. Use the "
        "board's or an office number, not a member's own unless they agreed.",
        filters=[strip],
        validators=[Length(max=40, message="Keep the phone number under 40 characters")],
    )


class ScreenForm(FlaskForm):
    """A new secret link for a lobby screen."""

    label = StringField(
        "Where is the screen?", description="For example: Lobby of Carlton Court",
        default="Lobby screen", filters=[strip],
        validators=[DataRequired("Say where the screen is"),
                    Length(max=80, message="Keep this under 80 characters")],
    )

"""Forms for posts and the match flow."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from helpboard.forms.fields import parse_hours, strip
from helpboard.models import CATEGORIES
from helpboard.services.posts import PostFields

EXPIRY_CHOICES = [SelectChoice(days, label) for days, label in (
    ("7", "In a week"), ("14", "In two weeks"), ("30", "In 30 days"), ("60", "In 60 days"))]
CATEGORY_CHOICES = [SelectChoice(value, label) for value, label in CATEGORIES.items()]


class HoursField(StringField):
    """Hours as typed ("1.5" or "1,5"), checked for range and quarter hours."""

    def process_formdata(self, valuelist):
        """Keep what was typed for re-display; parse it into a Decimal."""
        self.raw = valuelist[0] if valuelist else ""
        self.data = parse_hours(self.raw)
        if self.raw.strip() and self.data is None:
            raise ValueError("Enter hours as a number, for example 1.5")

    def process_data(self, value):
        """Accept a Decimal, a number or a string as the starting value."""
        self.data = parse_hours(str(value)) if value is not None else None

    def _value(self):
        if getattr(self, "raw", None):
            return self.raw
        return "" if self.data is None else f"{self.data.normalize():f}"

    def pre_validate(self, form):
        """Check range and quarter hours when hours were given."""
        if self.data is None:
            return
        if not (0.25 <= float(self.data) <= 24) or (self.data * 4) % 1:
            raise ValidationError(
                "Enter hours between 0.25 and 24, in quarter hours (for example 1.5)"
            )


class PostForm(FlaskForm):
    """A new request or offer, or changes to one."""

    kind = RadioField(
        "What is it?",
        choices=[SelectChoice("request", "I need a hand"),
                 SelectChoice("offer", "I can help with something")],
        default="request",
        validators=[InputRequired("Choose whether you need a hand or can offer one")],
    )
    title = StringField(
        "Short title",
        description="For example: Change a light bulb in the hall",
        filters=[strip],
        validators=[DataRequired("Enter a short title"),
                    Length(max=120, message="Keep the title under 120 characters")],
    )
    details = TextAreaField(
        "Details",
        description="What is involved. Don't put your address or phone number here: "
        "only the neighbour you choose will see them.",
        filters=[strip],
        validators=[Length(max=2000, message="Keep the details under 2,000 characters")],
    )
    category = SelectField(
        "Category", choices=CATEGORY_CHOICES, default="other",
        validators=[InputRequired("Choose a category")],
    )
    location = StringField(
        "Rough location",
        description="A street, a block or a landmark, never a house number",
        filters=[strip],
        validators=[Length(max=120, message="Keep the location under 120 characters")],
    )
    hours_estimate = HoursField(
        "About how many hours?", default="1",
        validators=[InputRequired("Enter about how many hours it takes")],
    )
    needed_on = DateField(
        "When", description="Leave empty if you are flexible",
        validators=[Optional()],
    )
    expires_in_days = SelectField(
        "Take it off the board", choices=EXPIRY_CHOICES, default="30",
    )  # left out (an API client), it stays 30 days; a value must be one of the choices
    board = HiddenField()
    post_id = HiddenField()
    seen_version = HiddenField()

    def to_fields(self) -> PostFields:
        """Return the validated values for the service."""
        return PostFields(
            title=self.title.data, details=self.details.data or "",
            category=self.category.data, location=self.location.data or "",
            hours_estimate=self.hours_estimate.data, needed_on=self.needed_on.data,
            expires_in_days=int(self.expires_in_days.data),
        )


class PostActionForm(FlaskForm):
    """A button on a post: withdraw, step back, cancel, mark done."""

    post_id = HiddenField()
    seen_version = HiddenField()


class RespondForm(PostActionForm):
    """Answer a post: "I can help" on a request, "I'd like this" on an offer."""

    message = TextAreaField(
        "Message (optional)",
        description="Say when you could come, or anything the neighbour should know",
        filters=[strip],
        validators=[Length(max=500, message="Keep the message under 500 characters")],
    )


class AcceptForm(PostActionForm):
    """Choose one neighbour."""

    response_id = HiddenField(validators=[InputRequired("Choose a neighbour")])

    def validate_response_id(self, field):
        """Reject ids that are not numbers."""
        if positive_int(field.data) is None:
            raise ValidationError("Choose a neighbour")


class HoursForm(PostActionForm):
    """Hours given, confirmed by the person helped."""

    hours = HoursField(
        "Hours given", description="Between 0.25 and 24, in quarter hours",
        validators=[InputRequired("Enter the hours given")],
    )


class DoneForm(PostActionForm):
    """Mark a job done; the person helped may confirm the hours at once."""

    hours = HoursField(
        "Hours given", description="Between 0.25 and 24, in quarter hours",
        validators=[Optional()],
    )


class ThankForm(PostActionForm):
    """A thank-you note."""

    message = TextAreaField(
        "Your thank-you note", filters=[strip],
        validators=[DataRequired("Write a few words of thanks"),
                    Length(max=500, message="Keep the note under 500 characters")],
    )


def positive_int(value) -> int | None:
    """Return an int from a form value, or None (also for numbers too big to be a row's id)."""
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


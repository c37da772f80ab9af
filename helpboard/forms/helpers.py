"""Forms for helpers, the residents they act for, and the consent behind it."""

from datetime import date, datetime, time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from helpboard.forms.accounts import lower
from helpboard.forms.fields import strip
from helpboard.models import ConsentMethod, utcnow
from helpboard.services.clock import local_zone
from helpboard.services.helpers import Consent

# A coordinator or helper records consent given outside the app; "in the app" is the member's own.
METHOD_CHOICES = [SelectChoice(ConsentMethod.IN_PERSON.value, "In person"),
                  SelectChoice(ConsentMethod.BY_PHONE.value, "By phone"),
                  SelectChoice(ConsentMethod.ON_PAPER.value, "On paper (a signed form)")]

RELATIONSHIP = StringField(
    "How the helper knows them", description="For example: her son, carer, support worker, "
    "tenant rep", filters=[strip],
    validators=[Length(max=80, message="Keep this under 80 characters")],
)


def today() -> date:
    """Return today's date where the board is."""
    return utcnow().astimezone(local_zone()).date()


def not_in_future(form, field):
    """Refuse a consent date after today."""
    if field.data is not None and field.data > today():
        raise ValidationError("The date they agreed can't be in the future")


class ConsentForm(FlaskForm):
    """Who agreed, how and when: asked whenever someone records consent for a resident."""

    relationship_note = RELATIONSHIP
    consent_given_by = StringField(
        "Who agreed", description="Usually the resident. If someone else agreed for them, say "
        "who, for example: her daughter, who has power of attorney", filters=[strip],
        validators=[DataRequired("Enter who agreed"),
                    Length(max=120, message="Keep this under 120 characters")],
    )
    consent_method = RadioField(
        "How did they agree?", choices=METHOD_CHOICES,
        validators=[InputRequired("Choose how they agreed")],
    )
    consent_on = DateField(
        "When did they agree?", default=today,
        validators=[InputRequired("Enter the date they agreed"), not_in_future],
    )

    def consent(self) -> Consent:
        """Return the consent, as the service takes it."""
        day = self.consent_on.data
        at = utcnow() if day == today() else datetime.combine(day, time(12), local_zone())
        return Consent(given_by=self.consent_given_by.data,
                       method=ConsentMethod(self.consent_method.data), at=at,
                       relationship_note=self.relationship_note.data or "")


class SupportedMemberForm(ConsentForm):
    """Add a resident who has no email or device, as their helper."""

    board = SelectField("Board", validators=[InputRequired("Choose a board")])
    display_name = StringField(
        "Their name", description="How neighbours will see them, for example Mrs Patel",
        filters=[strip],
        validators=[DataRequired("Enter their name"),
                    Length(max=60, message="Keep the name under 60 characters")],
    )
    area = StringField(
        "Rough area", description="Their street or block, never the house number",
        filters=[strip], validators=[Length(max=120, message="Keep this under 120 characters")],
    )
    contact_via_helper = BooleanField("Neighbours contact me, not them", default=True)
    confirm = BooleanField(
        "They agreed that I can post, answer and confirm jobs for them",
        validators=[DataRequired("Confirm that they agreed")],
    )


class GrantForm(FlaskForm):
    """A member lets a named neighbour act for them."""

    helper_email = EmailField(
        "Their email address", description="The one they sign in with. They must be on one of "
        "your boards.", filters=[lower],
        validators=[DataRequired("Enter their email address"),
                    Length(max=254, message="That email address is too long")],
    )
    relationship_note = RELATIONSHIP


class RecordConsentForm(ConsentForm):
    """A coordinator records consent a resident gave by phone, on paper or in person."""

    resident = SelectField("Resident", coerce=int,
                           validators=[InputRequired("Choose the resident")])
    helper = SelectField("Helper", coerce=int, validators=[InputRequired("Choose the helper")])


class EndAccessForm(FlaskForm):
    """End a helper's access, with a reason for the record."""

    reason = TextAreaField(
        "Reason (optional)", description="For example: she phoned on Monday to say so",
        filters=[strip],
        validators=[Optional(), Length(max=300, message="Keep the reason under 300 characters")],
    )


class ResidentContactForm(FlaskForm):
    """A supported member's rough area and private contact details, kept by their helper."""

    area = StringField(
        "Rough area", description="Their street or block, never the house number",
        filters=[strip], validators=[Length(max=120, message="Keep this under 120 characters")],
    )
    phone = StringField(
        "Their phone (private)", description="A landline is fine. Leave empty if they have none",
        filters=[strip],
        validators=[Length(max=40, message="Keep the phone number under 40 characters")],
    )
    address = TextAreaField(
        "Their address (private)", description="Only the neighbour who is chosen sees this",
        filters=[strip],
        validators=[Length(max=300, message="Keep the address under 300 characters")],
    )
    access_notes = TextAreaField(
        "Getting in (private)", description="For example: ring twice, she is slow to the door",
        filters=[strip],
        validators=[Length(max=500, message="Keep this under 500 characters")],
    )
    contact_via_helper = BooleanField("Neighbours contact me, not them")


class ContactRouteForm(FlaskForm):
    """A member chooses whether neighbours reach them through their helper."""

    contact_via_helper = BooleanField("Neighbours contact my helper, not me")

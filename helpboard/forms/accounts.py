"""Forms for accounts and profiles."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from helpboard.forms.fields import strip
from helpboard.models import User
from helpboard.services.accounts import confirm_password
from helpboard.services.errors import Invalid

NAME = [DataRequired("Enter your name"),
        Length(max=60, message="Keep your name under 60 characters")]


def lower(value):
    """Lower-case and trim an e-mail address."""
    return value.strip().lower() if isinstance(value, str) else value


class RegisterForm(FlaskForm):
    """Sign up with a name, e-mail and password."""

    display_name = StringField(
        "Your name", description="How neighbours will see you, for example Ann or Ann P.",
        filters=[strip], validators=NAME,
    )
    email = EmailField(
        "Email address", filters=[lower],
        validators=[DataRequired("Enter your email address"),
                    Email("Enter an email address like name@example.com",
                          check_deliverability=False),
                    Length(max=254, message="That email address is too long")],
    )
    password = PasswordField(
        "Password", description="At least 8 characters",
        validators=[DataRequired("Choose a password"),
                    Length(min=8, max=200, message="Use at least 8 characters")],
    )


class SignInForm(FlaskForm):
    """Sign in."""

    email = EmailField(
        "Email address", filters=[lower], validators=[DataRequired("Enter your email address")]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])
    remember = BooleanField("Keep me signed in on this phone", default=True)


class ProfileForm(FlaskForm):
    """What neighbours see, and the private contact details only a match sees."""

    display_name = StringField("Your name", filters=[strip], validators=NAME)
    skills = TextAreaField(
        "I can help with…",
        description="Things you are happy to do, separated by commas: fixing bikes, a chat, "
        "reading letters",
        filters=[strip],
        validators=[Length(max=1000, message="Keep this under 1,000 characters")],
    )
    area = StringField(
        "Rough area", description="Your street or block, never your house number",
        filters=[strip], validators=[Length(max=120, message="Keep this under 120 characters")],
    )
    phone = StringField(
        "Phone (private)", description="Only the neighbour you are matched with sees this",
        filters=[strip],
        validators=[Optional(),
                    Length(max=40, message="Keep the phone number under 40 characters")],
    )
    address = TextAreaField(
        "Address (private)", description="Only the neighbour you are matched with sees this",
        filters=[strip],
        validators=[Length(max=300, message="Keep the address under 300 characters")],
    )
    access_notes = TextAreaField(
        "Getting in (private)", description="For example: ring twice, I'm slow to the door",
        filters=[strip],
        validators=[Length(max=500, message="Keep this under 500 characters")],
    )


class BoardForm(FlaskForm):
    """Start a board."""

    name = StringField(
        "Board name", description="For example: Carlton Court or Elm Street",
        filters=[strip],
        validators=[DataRequired("Enter a name for the board"),
                    Length(max=80, message="Keep the name under 80 characters")],
    )
    area_description = TextAreaField(
        "Area it covers", filters=[strip],
        validators=[Length(max=500, message="Keep this under 500 characters")],
    )
    requires_approval = BooleanField("New members need a coordinator's approval")


class JoinForm(FlaskForm):
    """Join a board with an invite code."""

    code = StringField(
        "Invite code", description="8 letters and numbers, from the poster or a neighbour",
        filters=[strip],
        validators=[DataRequired("Enter the invite code"),
                    Length(max=20, message="An invite code has 8 letters and numbers")],
    )


class ButtonForm(FlaskForm):
    """A button with nothing to type (sign out, approve, decline): only the CSRF token."""


class DeleteAccountForm(FlaskForm):
    """Delete an account: the person who presses the button types their own password."""

    password = PasswordField(
        "Your password", description="So no one else can do this from your phone",
        validators=[DataRequired("Enter your password")],
    )

    def __init__(self, *args, confirming: User, person: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirming = confirming
        if person is not None and person.id != confirming.id:
            self.password.description = (
                f"Your own password: {person.display_name} has none. It shows this is really "
                "you, not someone else using your phone.")

    def validate_password(self, field):
        """Check the password is the confirming person's own (the rule is the service's)."""
        try:
            confirm_password(self.confirming, field.data)
        except Invalid as error:
            raise ValidationError(error.errors["password"]) from error

"""Forms for signing up, logging in, passwords, the member profile and roles."""

from __future__ import annotations

import geothai
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from learnhub.accounts.models import (
    EDUCATION_LABELS,
    LOCAL_BODY_LABELS,
    MEMBER_TYPE_LABELS,
    ROLE_LABELS,
    SECTOR_LABELS,
)
from learnhub.accounts.services import MIN_PASSWORD_LENGTH
from learnhub.forms import Form, OnlyWhen, PhoneField, ThaiDateField, conditions
from learnhub.thai import TITLES, is_valid_national_id


def _blank() -> SelectChoice:
    return SelectChoice("", _l("— choose —"))


def _choices(labels: dict, blank: bool = True) -> list[SelectChoice]:
    items = [SelectChoice(key, label) for key, label in labels.items()]
    return [_blank(), *items] if blank else items


def title_choices() -> list[SelectChoice]:
    english = str(get_locale()) == "en"
    items = [SelectChoice(key, en if english else th) for key, (th, en) in TITLES.items()]
    return [_blank(), *items, SelectChoice("other", _l("Other (type below)"))]


def province_choices() -> list[SelectChoice]:
    """All 77 provinces with their official DOPA codes, named in the user's language."""
    english = str(get_locale()) == "en"
    provinces = sorted(geothai.provinces(), key=lambda p: p.name_en if english else p.name_th)
    return [_blank()] + [
        SelectChoice(p.code, p.name_en if english else p.name_th) for p in provinces
    ]


# The details of a civil servant's office, which no one else is asked for.
CIVIL_SERVANT = OnlyWhen("member_type", "civil_servant")


def valid_national_id(form, field) -> None:
    if not is_valid_national_id(field.data or ""):
        raise ValidationError(
            _l("This national ID is not valid: it must have 13 digits and a correct check digit.")
        )


def strong_enough(form, field) -> None:
    if len(field.data or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _l("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
        )


class ProfileForm(Form):
    """The fields of the network's membership application form (seed 000)."""

    title = SelectField(_l("Title"), validators=[DataRequired()])
    title_other = StringField(
        _l("Other title"),
        validators=[OnlyWhen("title", "other", message=_l("Type your title.")), Length(max=60)],
    )
    first_name_th = StringField(
        _l("First name (Thai)"), validators=[DataRequired(), Length(max=100)]
    )
    last_name_th = StringField(_l("Last name (Thai)"), validators=[DataRequired(), Length(max=100)])
    first_name_en = StringField(
        _l("First name (English)"), validators=[Optional(), Length(max=100)]
    )
    last_name_en = StringField(_l("Last name (English)"), validators=[Optional(), Length(max=100)])
    national_id = StringField(
        _l("National ID number"),
        validators=[DataRequired(), valid_national_id],
        description=_l("13 digits as on your ID card; dashes are fine."),
    )
    birth_date = ThaiDateField(_l("Date of birth"), validators=[InputRequired()])
    education = SelectField(
        _l("Highest education"), choices=_choices(EDUCATION_LABELS), validators=[DataRequired()]
    )
    member_type = SelectField(
        _l("I am a"), choices=_choices(MEMBER_TYPE_LABELS), validators=[DataRequired()]
    )
    # Where a civil servant works: the rest of the form is all a volunteer fills in.
    position = StringField(_l("Position"), validators=[CIVIL_SERVANT, Length(max=200)])
    position_level = StringField(_l("Level"), validators=[CIVIL_SERVANT, Length(max=100)])
    sector = SelectField(
        _l("Sector"),
        choices=_choices(SECTOR_LABELS),
        validators=[
            OnlyWhen("member_type", "civil_servant",
                     message=_l("Civil servants must choose their sector."))
        ],
    )  # fmt: skip
    ministry = StringField(
        _l("Ministry"),
        validators=[
            OnlyWhen("sector", "central", "regional", message=_l("Enter your ministry.")),
            Length(max=200),
        ],
    )
    department = StringField(_l("Department"), validators=[CIVIL_SERVANT, Length(max=200)])
    local_body_type = SelectField(
        _l("Type of local government"),
        choices=_choices(LOCAL_BODY_LABELS),
        validators=[
            OnlyWhen("sector", "local", message=_l("Choose the type of local government."))
        ],
    )
    local_area = StringField(_l("District or area"), validators=[CIVIL_SERVANT, Length(max=200)])
    province_code = SelectField(
        _l("Province of your office"),
        validators=[
            OnlyWhen("member_type", "civil_servant",
                     message=_l("Choose the province of your office."))
        ],
    )  # fmt: skip
    office_address = TextAreaField(
        _l("Office address"), validators=[CIVIL_SERVANT, Length(max=1000)]
    )
    contact_address = TextAreaField(
        _l("Contact address"), validators=[Optional(), Length(max=1000)]
    )
    phone_mobile = PhoneField(
        _l("Mobile phone"),
        mobile=True,
        validators=[DataRequired()],
        description=_l("Such as 081-234-5678."),
    )
    phone_office = PhoneField(
        _l("Office phone"),
        validators=[CIVIL_SERVANT],
        description=_l("An extension after “ต่อ” or #, such as 02-123-4567 ต่อ 12."),
    )
    phone_home = PhoneField(_l("Home phone"), validators=[Optional()])
    other_networks = TextAreaField(
        _l("Other networks you belong to"), validators=[Optional(), Length(max=1000)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title.choices = title_choices()
        self.province_code.choices = province_choices()

    def profile_data(self) -> dict:
        """The cleaned values, keyed as the service expects."""
        # A field that does not apply keeps no value (a sector left from before the member
        # type changed, an office for a volunteer).
        return {
            name: None if any(rule.dropped(self) for rule in conditions(field)) else field.data
            for name, field in self._fields.items()
            if name != "csrf_token"
        }


class SignUpForm(ProfileForm):
    email = EmailField(
        _l("E-mail"),
        # Optional only for community leaders, volunteers and citizens.
        validators=[
            OnlyWhen(
                "member_type",
                "civil_servant",
                hidden=False,
                message=_l("Civil servants and state officials sign up with their e-mail."),
            ),
            Email(check_deliverability=False),
            Length(max=254),
        ],  # fmt: skip
        description=_l(
            "Community leaders and volunteers without e-mail may leave it blank and log in "
            "with their mobile number or national ID."
        ),
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), strong_enough])
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    consent = BooleanField(
        _l("I have read the privacy notice and agree to LearnHub keeping my data as it describes."),
        validators=[DataRequired(message=_l("You must accept the privacy notice to sign up."))],
    )


class LoginForm(Form):
    # Named "email" as before; it takes an e-mail, a mobile number or a national ID.
    email = StringField(
        _l("E-mail, mobile number or national ID"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(
        _l("Keep me logged in on this device"),
        description=_l("Do not tick this on a shared or public computer."),
    )


class EndSessionsForm(Form):
    """Only the CSRF token: the button that logs the account out on every other device."""


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), strong_enough])
    password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ResetRequestForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False)])


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(), strong_enough])
    password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=_choices(ROLE_LABELS, blank=False))


class ActionForm(Form):
    """A button that changes something: nothing to fill in but the CSRF token."""


class ErasureForm(Form):
    password = PasswordField(_l("Your password"), validators=[DataRequired()])
    confirm = BooleanField(
        _l(
            "I understand that my account and my personal data will be erased for good, "
            "and that I will not be able to log in again."
        ),
        validators=[DataRequired(message=_l("Tick the box to confirm your request."))],
    )


class CarryOutErasureForm(Form):
    confirm = BooleanField(
        _l("I have checked this request: erase this member's personal data now."),
        validators=[DataRequired(message=_l("Tick the box to confirm the erasure."))],
    )


class NameDecisionForm(Form):
    decision = StringField(validators=[AnyOf(["confirm", "decline"])])

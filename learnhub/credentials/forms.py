"""Forms for verifying, issuing, revoking and bulk-issuing certificates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from learnhub.credentials.models import REVOCATION_CATEGORIES
from learnhub.forms import Form


class VerifyCodeForm(Form):
    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l(
            "16 letters and digits as printed beside the QR code, e.g. 7K3M-Q9TD-2HXA-P4RW"
        ),
    )


class VerifyFileForm(Form):
    pdf = FileField(_l("Certificate PDF file"), validators=[FileRequired()])


class ManualIssueForm(Form):
    """A certificate for on-site training: who, which course, when and where it took place."""

    # Named "email" as before; members without e-mail are found by what they log in with.
    email = StringField(
        _l("Learner's e-mail, mobile number or national ID"),
        validators=[
            DataRequired(_l("Enter the learner's e-mail, mobile number or national ID.")),
            Length(max=254),
        ],
    )
    # Checked by the view against the courses that may be issued by hand, with its own message.
    course = SelectField(
        _l("Course"), validators=[DataRequired(_l("Choose a course."))], validate_choice=False
    )
    training_date = DateField(
        _l("Date of the training"),
        validators=[InputRequired(_l("Enter the date of the training."))],
    )
    training_place = StringField(
        _l("Place of the training"),
        validators=[
            DataRequired(_l("Enter where the training took place.")),
            Length(max=300, message=_l("Write at most 300 characters.")),
        ],
        description=_l("For example: ห้องประชุมศาลากลางจังหวัดเชียงใหม่"),
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give the reason for issuing by hand.")),
            Length(max=1000, message=_l("Write at most 1,000 characters.")),
        ],
        description=_l("For example: attended the whole on-site course and passed its test."),
    )


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class RevokeForm(ReasonForm):
    """Revoking: a category the public sees, and the staff's own words, kept internal."""

    category = SelectField(
        _l("Reason shown publicly"),
        choices=[
            SelectChoice("", _l("— choose —")),
            *(SelectChoice(key, label) for key, label in REVOCATION_CATEGORIES.items()),
        ],
        validators=[DataRequired()],
    )


class BulkIssueForm(Form):
    course = SelectField(_l("Course"), validators=[DataRequired()])


class PublicProfileForm(Form):
    """What a member agrees to show on their public profile page (all off until they act)."""

    recognitions = BooleanField(_l("My recognitions"))
    courses = BooleanField(_l("The courses I completed"))
    certificates = BooleanField(_l("My valid certificates, with their verification links"))


class RecognitionKindForm(Form):
    """A kind of recognition as admins edit it; the key is set once, when it is added."""

    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=300)])
    legal_basis = TextAreaField(
        _l("Legal basis"),
        validators=[Length(max=2000)],
        description=_l("The law, section or measure it rests on, as the record prints it."),
    )
    carries_certificate = BooleanField(_l("Carries an honour certificate"))
    active = BooleanField(_l("Offered to coordinators for new nominations"))


class NewRecognitionKindForm(RecognitionKindForm):
    key = StringField(
        _l("Key"),
        validators=[DataRequired(), Length(max=40)],
        description=_l(
            "A short name for the system in lower-case English letters, digits and _, "
            "e.g. volunteer_of_the_year. It cannot be changed later."
        ),
    )

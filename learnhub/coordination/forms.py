"""Forms of the coordinator's workspace (and of a member's application to a network)."""

from __future__ import annotations

import geothai
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from learnhub.accounts.models import MEMBER_TYPE_LABELS
from learnhub.coordination.models import MODE_LABELS
from learnhub.coordination.progress import FILTERS, SORTS
from learnhub.forms import Form

_MAX_300 = Length(max=300, message=_l("Write at most 300 characters."))


def province_choices(blank: bool = True) -> list[tuple[str, str]]:
    choices = [(p.code, p.name_th) for p in sorted(geothai.provinces(), key=lambda p: p.name_th)]
    return [("", _l("— not set —"))] + choices if blank else choices


class NetworkForm(Form):
    name = StringField(
        _l("Network name"),
        validators=[DataRequired(_l("Enter the network's name.")), _MAX_300],
        description=_l("For example: เครือข่ายภาครัฐต่อต้านการทุจริต จังหวัดเชียงใหม่"),
    )
    province_code = SelectField(_l("Province"), validators=[Optional()])
    description = TextAreaField(_l("About the network"), validators=[Optional(), Length(max=2000)])


class AppointForm(Form):
    email = EmailField(
        _l("Coordinator's e-mail"),
        validators=[DataRequired(_l("Enter the e-mail of the person to appoint.")),
                    Email(_l("Enter an e-mail address such as name@example.org."),
                          check_deliverability=False)],
    )  # fmt: skip


class ApplicationForm(Form):
    """The network part of the seed 000 application form."""

    network = SelectField(_l("Network"), validators=[DataRequired(_l("Choose a network."))],
                          validate_choice=False)  # fmt: skip
    member_type = SelectField(
        _l("Member type"), choices=[(k, v) for k, v in MEMBER_TYPE_LABELS.items()],
        validators=[DataRequired(_l("Choose your member type."))],
    )  # fmt: skip
    agency = StringField(
        _l("Agency or community"),
        validators=[DataRequired(_l("Enter your agency or community.")), _MAX_300],
        description=_l("The office you work for, or the community you live in"),
    )
    other_networks = TextAreaField(_l("Other networks you belong to"),
                                   validators=[Optional(), Length(max=1000)])  # fmt: skip
    consent = BooleanField(
        _l("I agree that the network's coordinators may see my profile and my course results."),
        validators=[DataRequired(_l("Your application needs this consent."))],
    )


class DecisionForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Give the reason.")),
                                                     Length(max=1000)])  # fmt: skip


class CohortForm(Form):
    course = SelectField(_l("Course"), validators=[DataRequired(_l("Choose a course."))],
                         validate_choice=False)  # fmt: skip
    name = StringField(_l("Cohort name"), validators=[DataRequired(_l("Enter the cohort's name.")),
                                                      Length(max=200)],
                       description=_l("For example: รุ่นที่ 1/2569"))  # fmt: skip
    starts_on = DateField(_l("First day"), validators=[InputRequired(_l("Enter the first day."))])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    mode = SelectField(_l("Mode"), choices=list(MODE_LABELS.items()))
    place = StringField(_l("Place"), validators=[Optional(), _MAX_300],
                        description=_l("For on-site and blended cohorts"))  # fmt: skip
    attendance_share = IntegerField(
        _l("Attendance required for the certificate (%)"),
        validators=[Optional(), NumberRange(0, 100, _l("Enter a number from 0 to 100."))],
        description=_l("On-site and blended cohorts; 80 when left empty"),
    )
    posttest_required = BooleanField(_l("The post-test must be passed too"), default=True)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class SessionForm(Form):
    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    place = StringField(_l("Place"), validators=[Optional(), _MAX_300])
    topic = StringField(_l("Topic"), validators=[Optional(), _MAX_300])


class ImportForm(Form):
    file = FileField(_l("Member list (CSV or Excel .xlsx)"),
                     validators=[FileRequired(_l("Choose the file to upload."))])  # fmt: skip


class FilterForm(Form):
    class Meta:
        csrf = False  # a GET form: filtering changes nothing

    status = SelectField(_l("Show"), choices=list(FILTERS.items()), validators=[Optional()])
    q = StringField(_l("Search name or e-mail"), validators=[Optional(), Length(max=100)])
    sort = SelectField(_l("Sort by"), choices=list(SORTS.items()), validators=[Optional()])
    desc = SelectField(_l("Order"), choices=[("", _l("Lowest or A first")),
                                             ("1", _l("Highest or Z first"))],
                       validators=[Optional()])  # fmt: skip


class ReminderForm(Form):
    """A message to the members the cohort page lists: its filter and search travel with it."""

    status = HiddenField(validators=[Optional()])
    q = HiddenField(validators=[Optional(), Length(max=100)])
    message = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write the message.")),
                                                       Length(max=2000)])  # fmt: skip


class AuditSearchForm(Form):
    class Meta:
        csrf = False

    person = StringField(_l("Person (name or e-mail)"), validators=[Optional(), Length(max=100)])
    actor = StringField(_l("Done by (name or e-mail)"), validators=[Optional(), Length(max=100)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=60)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


class NominationForm(Form):  # the translated base: WTForms' own messages in Thai
    """A recognition (เชิดชูเกียรติ) proposed for a member, with the evidence behind it."""

    kind = SelectField(_l("Kind of recognition"), validators=[DataRequired(_l("Choose a kind."))],
                       validate_choice=False)  # fmt: skip
    title = StringField(_l("Honour"), validators=[
        DataRequired(_l("Enter the honour, as it will be printed.")), Length(max=300)],
        description=_l("For example: ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต ประจำปี 2569"))  # fmt: skip
    citation = TextAreaField(_l("Citation (why)"), validators=[
        DataRequired(_l("Say why this member deserves the recognition.")),
        Length(max=2000)])  # fmt: skip
    awarded_on = DateField(
        _l("Date of the recognition"),
        validators=[InputRequired(_l("Enter the date of the recognition."))],
    )
    awarding_body = StringField(_l("Awarding body"), validators=[
        DataRequired(_l("Enter who grants the recognition.")), Length(max=300)])  # fmt: skip
    legal_basis = TextAreaField(
        _l("Legal basis"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Leave empty to use the kind's legal basis."),
    )
    evidence = MultipleFileField(_l("Evidence files (PDF, PNG or JPEG, at most 10 MB each)"))

"""Forms for verifying, issuing, revoking and bulk-issuing certificates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class VerifyCodeForm(FlaskForm):
    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l(
            "16 letters and digits as printed beside the QR code, e.g. 7K3M-Q9TD-2HXA-P4RW"
        ),
    )


class VerifyFileForm(FlaskForm):
    pdf = FileField(_l("Certificate PDF file"), validators=[FileRequired()])


class ManualIssueForm(FlaskForm):
    email = EmailField(
        _l("Learner's e-mail"), validators=[DataRequired(), Email(check_deliverability=False)]
    )
    course = SelectField(_l("Course"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l(
            "For example: completed on-site training at the provincial office on 12 March."
        ),
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class BulkIssueForm(FlaskForm):
    course = SelectField(_l("Course"), validators=[DataRequired()])

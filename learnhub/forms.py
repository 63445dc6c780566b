"""The base of every LearnHub form (WTForms' own messages in the user's language) and fields.

WTForms ships no Thai catalog, so its built-in messages ("This field is required.",
"Invalid email address.", ...) would reach a Thai page in English. Every form derives
from ``Form``, whose translations are LearnHub's own catalogs; the messages WTForms can
produce are listed below so that ``make messages`` extracts them for translation.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import get_month_names
from flask_babel import get_locale, get_translations, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, TelField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import html_params

from learnhub.thai import (
    BUDDHIST_ERA_OFFSET,
    EARLIEST_BIRTH_DATE,
    DateRefused,
    PhoneRefused,
    birth_date_from_parts,
    format_phone,
    normalize_phone,
)

# WTForms 3.x's messages (wtforms/locale/wtforms.pot), here only to be extracted.
WTFORMS_MESSAGES = (
    _l("Invalid field name '%s'."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
)
WTFORMS_PLURALS = (
    lambda n: ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        n,
    ),
    lambda n: ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        n,
    ),
    lambda n: ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        n,
    ),
    lambda n: ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        n,
    ),
)


class _CatalogTranslations:
    """WTForms' translations interface, answered from LearnHub's catalogs.

    WTForms formats its messages itself after translating them, so the lookup goes to
    the catalog directly: Flask-Babel's ``ngettext`` would format ``%(min)d`` too early.
    """

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


class Form(FlaskForm):
    """A Flask-WTF form (CSRF included) that speaks the user's language."""

    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()


def _era() -> str:
    """Thai pages ask for the Buddhist-era year (พ.ศ.), English pages for the Christian one."""
    return "ce" if str(get_locale()) == "en" else "be"


DATE_REFUSALS = {
    "incomplete": _l("Enter the day, the month and the year."),
    "not_a_number": _l("Type the year in digits."),
    "not_a_date": _l("This day does not exist in that month."),
    "future": _l("A date of birth cannot be in the future."),
    "too_early": _l("Enter a date of birth from 1900 onwards."),
}


def _date_refusal(refused: DateRefused) -> str:
    if refused.reason == "other_era" and _era() == "be":
        return _(
            "%(typed)s is a year of the Christian era (A.D.). Type the Buddhist-era year: "
            "%(meant)s?",
            typed=refused.suggestion - BUDDHIST_ERA_OFFSET,
            meant=refused.suggestion,
        )
    if refused.reason == "other_era":
        return _(
            "%(typed)s is a Buddhist-era year. Type the year of the Christian era: %(meant)s?",
            typed=refused.suggestion + BUDDHIST_ERA_OFFSET,
            meant=refused.suggestion,
        )
    return str(DATE_REFUSALS[refused.reason])


class ThaiDateWidget:
    """Day and month as lists, the year as a box: the way Thai paper forms ask for a date."""

    def __call__(self, field, **kwargs):
        day, month, year = field.parts()
        kwargs.pop("id", None)
        extra = html_params(**kwargs)
        months = get_month_names("wide", locale=str(get_locale()))
        day_options = [("", _("Day"))] + [(str(d), str(d)) for d in range(1, 32)]
        month_options = [("", _("Month"))] + [(str(m), months[m]) for m in range(1, 13)]

        def select(suffix: str, label: str, options, chosen: str) -> str:
            items = "".join(
                f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
                f"{escape(text)}</option>"
                for value, text in options
            )
            id_ = field.id if suffix == "day" else f"{field.id}-{suffix}"
            return (
                f'<select id="{id_}" name="{field.name}-{suffix}" aria-label="{escape(label)}" '
                f"{extra}>{items}</select>"
            )

        year_label = _("Year (B.E.)") if _era() == "be" else _("Year (A.D.)")
        return Markup(  # noqa: S704  # nosec B704 - every value is escaped above
            '<span class="date-parts">'
            + select("day", _("Day"), day_options, day)
            + select("month", _("Month"), month_options, month)
            + f'<input id="{field.id}-year" name="{field.name}-year" value="{escape(year)}" '
            f'inputmode="numeric" maxlength="4" size="5" autocomplete="bday-year" '
            f'placeholder="{escape(year_label)}" aria-label="{escape(year_label)}" {extra}>'
            "</span>"
        )


class ThaiDateField(Field):
    """A date of birth typed as day / month name / year, the year in the page's era.

    Posted as ``<name>-day``, ``<name>-month`` and ``<name>-year``; a single ISO date in
    ``<name>`` (a script, an older page) is read too. Shown back in the page's era.
    """

    widget = ThaiDateWidget()

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        self.raw_data = None
        if formdata is None:
            return
        parts = [formdata.get(f"{self.name}-{part}", "") for part in ("day", "month", "year")]
        if any(parts):
            self.raw_data = parts
            try:
                self.data = birth_date_from_parts(*parts, era=_era())
            except DateRefused as refused:
                self.data = None
                self.process_errors.append(_date_refusal(refused))
        elif formdata.get(self.name):
            self.raw_data = [formdata.get(self.name)]
            try:
                self.data = dt.date.fromisoformat(self.raw_data[0].strip())
                if not EARLIEST_BIRTH_DATE <= self.data <= dt.date.today():
                    raise DateRefused("future" if self.data > dt.date.today() else "too_early")
            except DateRefused as refused:
                self.data = None
                self.process_errors.append(_date_refusal(refused))
            except ValueError:
                self.data = None
                self.process_errors.append(str(DATE_REFUSALS["not_a_date"]))
        else:
            self.raw_data = []
            self.data = None

    def parts(self) -> tuple[str, str, str]:
        """What the three controls show: as typed, or the stored date in the page's era."""
        if self.raw_data and len(self.raw_data) == 3:
            return tuple(self.raw_data)
        if isinstance(self.data, dt.date):
            year = self.data.year + (BUDDHIST_ERA_OFFSET if _era() == "be" else 0)
            return str(self.data.day), str(self.data.month), str(year)
        return "", "", ""

    def pre_validate(self, form) -> None:
        if self.process_errors:  # the date itself is refused: "required" would say it twice
            raise StopValidation()


PHONE_REFUSALS = {
    "letters": _l("Enter a phone number using digits only."),
    "length": _l("A Thai phone number has 9 or 10 digits, such as 02-123-4567 or 081-234-5678."),
    "not_mobile": _l("A mobile number has 10 digits and starts with 06, 08 or 09."),
}


class PhoneField(TelField):
    """A Thai phone number in any common spacing, with an extension after ต่อ or #.

    Validated and stored as ``normalize_phone`` gives it; shown as ``format_phone`` does.
    """

    def __init__(self, *args, mobile: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mobile = mobile
        self.render_kw = {"inputmode": "tel", "autocomplete": "tel", **(self.render_kw or {})}

    def pre_validate(self, form) -> None:
        if not (self.data or "").strip():
            self.data = None
            return
        try:
            self.data = normalize_phone(self.data, mobile=self.mobile)
        except PhoneRefused as refused:
            raise ValidationError(str(PHONE_REFUSALS[refused.reason])) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_phone(self.data) if self.data else ""


class OnlyWhen:
    """A field that applies only when another field holds one of ``values`` (the form's
    "if ... then", kept beside the field it governs).

    When it applies, the field is required if ``message`` is given (the error it shows),
    optional otherwise. When it does not, it is ignored: no error, and ``dropped`` tells
    the form to keep no value for it. ``hidden=False`` keeps the field on the page and
    checks its value whatever the other field holds (an e-mail required only of civil
    servants, but anyone may give one).

    The page reads the same rule from the field's flags: ``shown_when`` (the field is
    hidden while it does not apply) and ``required_when`` (its required mark and
    aria-required show only when it does), written as "member_type:civil_servant";
    static/js/forms.js follows them, and the server checks them whatever the browser shows.
    A rule on a field that does not apply itself does not apply either (the ministry of a
    sector chosen before the member type changed).
    """

    def __init__(self, other: str, *values: str, message=None, hidden: bool = True):
        self.other, self.values, self.message, self.hidden = other, values, message, hidden
        rule = f"{other}:{' '.join(values)}"
        self.field_flags = {"shown_when": rule} if hidden else {}
        if message is not None:
            self.field_flags["required_when"] = rule

    def applies(self, form) -> bool:
        other = form[self.other]
        if any(not rule.applies(form) for rule in conditions(other) if rule.hidden):
            return False
        return other.data in self.values

    def dropped(self, form) -> bool:
        return self.hidden and not self.applies(form)

    def __call__(self, form, field) -> None:
        applies = self.applies(form)
        blank = field.data is None or (isinstance(field.data, str) and not field.data.strip())
        if applies and blank and self.message is not None:
            field.errors[:] = []
            raise StopValidation(str(self.message))
        if blank or (self.hidden and not applies):
            field.errors[:] = []  # the field's own checks (a phone number's) do not apply
            raise StopValidation()


def conditions(field) -> list[OnlyWhen]:
    return [rule for rule in field.validators if isinstance(rule, OnlyWhen)]

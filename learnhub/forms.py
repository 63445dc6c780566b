"""The base of every LearnHub form: WTForms' own messages in the user's language.

WTForms ships no Thai catalog, so its built-in messages ("This field is required.",
"Invalid email address.", ...) would reach a Thai page in English. Every form derives
from ``Form``, whose translations are LearnHub's own catalogs; the messages WTForms can
produce are listed below so that ``make messages`` extracts them for translation.
"""

from __future__ import annotations

from flask_babel import get_translations, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

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

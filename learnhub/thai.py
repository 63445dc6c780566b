"""Thai-specific helpers: national ID checks, Buddhist-era dates, Thai digits, names.

Plain functions with no Flask dependency, so grading, certificates and tests
can use them directly; templates reach them through filters registered in
create_app().
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date
from stdnum.th import pin as thai_pin

BANGKOK = ZoneInfo("Asia/Bangkok")
BUDDHIST_ERA_OFFSET = 543
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# Common Thai personal titles, as used on official forms. The key is stored;
# the Thai text is what documents print; the English one serves the English UI.
TITLES: dict[str, tuple[str, str]] = {
    "mr": ("นาย", "Mr."),
    "mrs": ("นาง", "Mrs."),
    "ms": ("นางสาว", "Miss"),
    "acting_sub_lt": ("ว่าที่ร้อยตรี", "Acting Sub Lt."),
    "acting_sub_lt_f": ("ว่าที่ร้อยตรีหญิง", "Acting Sub Lt."),
    "dr": ("ดร.", "Dr."),
    "asst_prof": ("ผศ.", "Asst. Prof."),
    "assoc_prof": ("รศ.", "Assoc. Prof."),
    "prof": ("ศ.", "Prof."),
    "asst_prof_dr": ("ผศ. ดร.", "Asst. Prof. Dr."),
    "assoc_prof_dr": ("รศ. ดร.", "Assoc. Prof. Dr."),
    "prof_dr": ("ศ. ดร.", "Prof. Dr."),
    # Professional titles of the Thai medical councils (นายแพทย์, แพทย์หญิง, ทันตแพทย์, ...).
    "physician_m": ("นพ.", "Dr."),
    "physician_f": ("พญ.", "Dr."),
    "dentist_m": ("ทพ.", "Dr."),
    "dentist_f": ("ทพญ.", "Dr."),
    "pharmacist_m": ("ภก.", "Pharm."),
    "pharmacist_f": ("ภญ.", "Pharm."),
    "monk": ("พระ", "Phra"),
}


def normalize_national_id(text: str) -> str:
    """Strip the dashes and spaces people type into a national ID."""
    return thai_pin.compact(text or "")


def is_valid_national_id(text: str) -> bool:
    """True when text is a 13-digit Thai national ID with a correct mod-11 check digit.

    Dashes and spaces are allowed, as printed on the ID card.
    """
    return bool(text) and thai_pin.is_valid(text)


def format_national_id(text: str) -> str:
    """Format as on the card: 1-2345-67890-12-3."""
    return thai_pin.format(normalize_national_id(text))


def mask_national_id(text: str) -> str:
    """Hide all but the last three digits: x-xxxx-xxxxx-12-3."""
    digits = normalize_national_id(text)
    if len(digits) != 13:
        return "x-xxxx-xxxxx-xx-x"
    return f"x-xxxx-xxxxx-{digits[10:12]}-{digits[12]}"


# Thirteen digits, with or without the dashes or spaces of the card's layout.
_NATIONAL_ID_LIKE = re.compile(r"(?<!\d)\d(?:[ -]?\d){12}(?!\d)")


def redact_national_ids(text: str) -> str:
    """Mask every run of 13 digits (dashed or not) that could be a national ID."""
    return _NATIONAL_ID_LIKE.sub(lambda m: mask_national_id(m.group(0)), text)


def thai_digits(text: object) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙."""
    return str(text).translate(_THAI_DIGITS)


def buddhist_year(d: dt.date) -> int:
    """The Buddhist-era year (พ.ศ.) of a date."""
    return d.year + BUDDHIST_ERA_OFFSET


def to_bangkok(moment: dt.datetime) -> dt.datetime:
    """Convert a stored UTC datetime (naive means UTC) to Asia/Bangkok time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BANGKOK)


def format_thai_date(d: dt.date | dt.datetime, numerals: str = "arabic") -> str:
    """A Thai date with the Buddhist era: ``21 พฤศจิกายน พ.ศ. 2569``.

    Babel knows the Thai month names but only the Christian era, so the year
    is added here. Datetimes are first converted to Bangkok time. With
    ``numerals="thai"`` every digit is a Thai digit: ``๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙``.
    """
    if numerals not in ("arabic", "thai"):
        raise ValueError(f"numerals must be 'arabic' or 'thai', not {numerals!r}")
    if isinstance(d, dt.datetime):
        d = to_bangkok(d).date()
    text = f"{format_date(d, 'd MMMM', locale='th')} พ.ศ. {buddhist_year(d)}"
    return thai_digits(text) if numerals == "thai" else text


def format_thai_datetime(moment: dt.datetime, numerals: str = "arabic") -> str:
    """Date and Bangkok time: ``21 พฤศจิกายน พ.ศ. 2569 เวลา 14:05 น.``."""
    local = to_bangkok(moment)
    text = f"{format_thai_date(local.date())} เวลา {local:%H:%M} น."
    return thai_digits(text) if numerals == "thai" else text


def title_text(title: str | None, title_other: str | None = None, locale: str = "th") -> str:
    """The printed form of a title key, or the free text typed for 'other'."""
    if title in TITLES:
        th, en = TITLES[title]
        return th if locale == "th" else en
    return (title_other or "").strip()


def full_name(title: str | None, first: str, last: str, title_other: str | None = None) -> str:
    """A Thai name as printed on documents: the title joins the first name.

    Thai writes นาย, นาง and นางสาว without a space (นายสมชาย ใจดี), but an
    abbreviated academic title or rank is followed by a space (ดร. สมชาย).
    """
    prefix = title_text(title, title_other)
    name = f"{first.strip()} {last.strip()}".strip()
    if not prefix:
        return name
    joiner = " " if prefix.endswith(".") or title in ("acting_sub_lt", "acting_sub_lt_f") else ""
    return f"{prefix}{joiner}{name}"


# ---------------------------------------------------------------- fiscal year
# The Thai government's fiscal year (ปีงบประมาณ) runs from 1 October to 30 September
# and is named by the Buddhist-era year it ends in: ปีงบประมาณ 2570 is
# 1 October 2026 to 30 September 2027 (Budget Procedure Act B.E. 2561, section 4).


def fiscal_year(d: dt.date | dt.datetime) -> int:
    """The Thai fiscal year (พ.ศ.) a date falls in; a stored UTC time counts in Bangkok."""
    if isinstance(d, dt.datetime):
        d = to_bangkok(d).date()
    return buddhist_year(d) + (1 if d.month >= 10 else 0)


def fiscal_year_dates(year_be: int) -> tuple[dt.date, dt.date]:
    """The first and last day of Thai fiscal year ``year_be`` (พ.ศ.)."""
    end_ce = year_be - BUDDHIST_ERA_OFFSET
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def fiscal_year_utc_range(year_be: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the fiscal year as naive UTC datetimes, the way times are stored.

    The year starts at midnight in Bangkok, which is 17:00 UTC the day before.
    """
    first, last = fiscal_year_dates(year_be)
    start = dt.datetime.combine(first, dt.time(), BANGKOK)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), BANGKOK)
    return (
        start.astimezone(dt.UTC).replace(tzinfo=None),
        end.astimezone(dt.UTC).replace(tzinfo=None),
    )


# ---------------------------------------------------------------- dates as Thai forms ask
# Thai forms ask for a date as day / month name / Buddhist-era year, and people often type
# the year of the other era (1985 in the พ.ศ. box, 2528 in the ค.ศ. one). The checks are
# here as plain functions; the forms turn their refusals into messages.

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class DateRefused(ValueError):
    """Why a typed date cannot be a date of birth; ``reason`` is one of the codes below.

    ``incomplete``, ``not_a_number``, ``not_a_date``, ``future``, ``too_early``, or
    ``other_era`` with ``suggestion`` the year the person most likely meant, in the
    era of the box they typed into.
    """

    def __init__(self, reason: str, suggestion: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.suggestion = suggestion


def arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9, as people type either."""
    return str(text).translate(_ARABIC_DIGITS)


def year_from_box(text: str, era: str = "be", today: dt.date | None = None) -> int:
    """The Christian-era year of a birth year typed in a พ.ศ. (``be``) or ค.ศ. (``ce``) box.

    A year that fits only the other era (1985 typed as พ.ศ., 2528 as ค.ศ.) is refused
    with the year meant, in the box's own era, as ``suggestion``.
    """
    if era not in ("be", "ce"):
        raise ValueError(f"era must be 'be' or 'ce', not {era!r}")
    today = today or dt.date.today()
    digits = arabic_digits(text or "").strip().replace(" ", "")
    if not digits:
        raise DateRefused("incomplete")
    if not digits.isdigit():
        raise DateRefused("not_a_number")
    typed = int(digits)
    first, last = EARLIEST_BIRTH_DATE.year, today.year
    if era == "be":
        if first <= typed - BUDDHIST_ERA_OFFSET <= last:
            return typed - BUDDHIST_ERA_OFFSET
        if first <= typed <= last:
            raise DateRefused("other_era", typed + BUDDHIST_ERA_OFFSET)
    else:
        if first <= typed <= last:
            return typed
        if first <= typed - BUDDHIST_ERA_OFFSET <= last:
            raise DateRefused("other_era", typed - BUDDHIST_ERA_OFFSET)
    offset = BUDDHIST_ERA_OFFSET if era == "be" else 0
    raise DateRefused("future" if typed - offset > last else "too_early")


def birth_date_from_parts(
    day: str, month: str, year: str, era: str = "be", today: dt.date | None = None
) -> dt.date:
    """A date of birth from its day, month (1-12) and year as typed; see ``DateRefused``."""
    today = today or dt.date.today()
    if not all(str(part or "").strip() for part in (day, month, year)):
        raise DateRefused("incomplete")
    ce_year = year_from_box(year, era, today)
    try:
        born = dt.date(ce_year, int(arabic_digits(month)), int(arabic_digits(day)))
    except ValueError:  # 31 February, a month 13, a day that is not a number
        raise DateRefused("not_a_date") from None
    if born > today:
        raise DateRefused("future")
    if born < EARLIEST_BIRTH_DATE:
        raise DateRefused("too_early")
    return born


# ---------------------------------------------------------------- phone numbers
# Stored as the digits of the national number, then ``x`` and the extension when there is
# one: "021234567x1234". People type +66, dashes, spaces, dots, brackets, Thai digits, and
# an extension after ต่อ, ext, x or #.

_EXTENSION = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*", re.IGNORECASE)
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")


class PhoneRefused(ValueError):
    """Why a typed phone number is refused: ``letters``, ``length`` or ``not_mobile``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize_phone(text: str, mobile: bool = False) -> str:
    """The stored form of a Thai phone number: ``0812345678``, ``021234567x1234``.

    A mobile number (``mobile=True``) has ten digits after 06, 08 or 09 and no extension.
    Raises ``PhoneRefused``.
    """
    typed = arabic_digits(text or "").strip()
    parts = _EXTENSION.split(typed, maxsplit=1)
    number = _PHONE_PUNCTUATION.sub("", parts[0])
    extension = _PHONE_PUNCTUATION.sub("", parts[1]) if len(parts) > 1 else ""
    if number.startswith("+66"):
        number = "0" + number[3:].removeprefix("0")
    elif number.startswith("66") and len(number) in (10, 11):
        number = "0" + number[2:]
    if not number.isdigit() or (extension and not extension.isdigit()):
        raise PhoneRefused("letters")
    if len(extension) > 6 or not re.fullmatch(r"0\d{8,9}", number):
        raise PhoneRefused("length")
    if mobile and (extension or not re.fullmatch(r"0[689]\d{8}", number)):
        raise PhoneRefused("not_mobile")
    return f"{number}x{extension}" if extension else number


def mask_phone(stored: str | None) -> str:
    """A stored number with only its last four digits shown, as the national ID is masked:
    xxx-xxx-5678. Enough for its owner to recognise it on a printed list."""
    number = (stored or "").partition("x")[0]
    if len(number) < 4:
        return ""
    hidden = re.sub(r"\d", "x", format_phone(number[:-4] + "0000"))
    return hidden[:-4] + number[-4:]


def format_phone(stored: str | None) -> str:
    """A stored number as Thai people write it: 081-234-5678, 02-123-4567 ต่อ 1234."""
    if not stored:
        return ""
    number, _, extension = stored.partition("x")
    if len(number) == 10:
        shown = f"{number[:3]}-{number[3:6]}-{number[6:]}"
    elif len(number) == 9 and number.startswith("02"):
        shown = f"{number[:2]}-{number[2:5]}-{number[5:]}"
    elif len(number) == 9:
        shown = f"{number[:3]}-{number[3:6]}-{number[6:]}"
    else:  # stored before numbers were normalised: shown as it was typed
        shown = number
    return f"{shown} ต่อ {extension}" if extension else shown

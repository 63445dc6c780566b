"""Dates and phone numbers typed the way Thai people type them."""

import datetime as dt

import pytest

from learnhub.thai import (
    DateRefused,
    PhoneRefused,
    birth_date_from_parts,
    format_phone,
    mask_phone,
    normalize_phone,
    year_from_box,
)

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("typed", "era", "year"),
    [("2528", "be", 1985), ("๒๕๒๘", "be", 1985), (" 2528 ", "be", 1985), ("1985", "ce", 1985)],
)
def test_a_year_typed_in_its_own_era_is_read(typed, era, year):
    assert year_from_box(typed, era, TODAY) == year


@pytest.mark.parametrize(("typed", "era", "meant"), [("1985", "be", 2528), ("2528", "ce", 1985)])
def test_a_year_of_the_other_era_is_refused_with_the_year_meant(typed, era, meant):
    with pytest.raises(DateRefused) as refused:
        year_from_box(typed, era, TODAY)
    assert refused.value.reason == "other_era" and refused.value.suggestion == meant


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("", "incomplete"), ("25ab", "not_a_number"), ("2600", "future"), ("2400", "too_early"),
     ("85", "too_early")],
)  # fmt: skip
def test_a_year_that_cannot_be_a_birth_year_says_why(typed, reason):
    with pytest.raises(DateRefused) as refused:
        year_from_box(typed, "be", TODAY)
    assert refused.value.reason == reason


def test_a_birth_date_is_read_from_day_month_and_buddhist_year():
    assert birth_date_from_parts("14", "3", "2528", today=TODAY) == dt.date(1985, 3, 14)
    assert birth_date_from_parts("๑", "12", "2569", today=TODAY) == TODAY


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        (("2", "12", "2569"), "future"),  # tomorrow
        (("31", "12", "2442"), "too_early"),  # 1899
        (("30", "2", "2528"), "not_a_date"),
        (("", "3", "2528"), "incomplete"),
        (("14", "3", "1985"), "other_era"),
    ],
)
def test_a_birth_date_that_cannot_be_is_refused(parts, reason):
    with pytest.raises(DateRefused) as refused:
        birth_date_from_parts(*parts, today=TODAY)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081-234-5678", "0812345678"),
        ("081 234 5678", "0812345678"),
        ("08 1234 5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("+66 (0)81-234-5678", "0812345678"),
        ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
        ("02-123-4567", "021234567"),
        ("02-123-4567 ต่อ 1234", "021234567x1234"),
        ("02 123 4567 #12", "021234567x12"),
        ("053.123.456 ext. 5", "053123456x5"),
    ],
)
def test_phone_numbers_in_any_common_spacing_are_stored_as_digits(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason", "mobile"),
    [
        ("08l-234-5678", "letters", False),  # a lower-case L for a one
        ("call me", "letters", False),
        ("0812", "length", False),
        ("02-123-4567 ต่อ 12a", "letters", False),
        ("02-123-4567", "not_mobile", True),
        ("081-234-5678 ต่อ 1", "not_mobile", True),
    ],
)
def test_a_phone_number_that_is_not_one_is_refused(typed, reason, mobile):
    with pytest.raises(PhoneRefused) as refused:
        normalize_phone(typed, mobile=mobile)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("0812345678", "081-234-5678"),
        ("021234567", "02-123-4567"),
        ("021234567x1234", "02-123-4567 ต่อ 1234"),
        ("053123456", "053-123-456"),
        ("", ""),
    ],
)
def test_a_stored_phone_number_is_shown_as_thai_people_write_it(stored, shown):
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("0891234567", "xxx-xxx-4567"), ("021234567x1234", "xx-xxx-4567"), (None, "")],
)
def test_a_phone_number_printed_for_staff_shows_only_its_last_four_digits(stored, shown):
    assert mask_phone(stored) == shown

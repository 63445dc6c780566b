"""The Thai helpers that forms, pages and certificates rely on."""

import datetime as dt

import pytest

from learnhub.thai import (
    format_national_id,
    format_thai_date,
    format_thai_datetime,
    full_name,
    is_valid_national_id,
    mask_national_id,
    thai_digits,
)


@pytest.mark.parametrize(
    "text", ["1101700230708", "1-1017-00230-70-8", "1 1017 00230 70 8", " 3100600123450 "]
)
def test_national_id_with_correct_check_digit_is_accepted(text):
    assert is_valid_national_id(text)


@pytest.mark.parametrize(
    "text",
    [
        "1101700230707",  # wrong check digit
        "110170023070",  # 12 digits
        "11017002307080",  # 14 digits
        "1101700a30708",  # a letter
        "",
        "0000000000000",  # check digit fits, but no ID starts with 0
    ],
)
def test_national_id_with_wrong_digits_is_refused(text):
    assert not is_valid_national_id(text)


def test_national_id_is_formatted_and_masked_like_the_card():
    assert format_national_id("1101700230708") == "1-1017-00230-70-8"
    assert mask_national_id("1-1017-00230-70-8") == "x-xxxx-xxxxx-70-8"


def test_thai_date_uses_the_buddhist_era():
    assert format_thai_date(dt.date(2026, 11, 21)) == "21 พฤศจิกายน พ.ศ. 2569"
    assert format_thai_date(dt.date(2026, 11, 21), numerals="thai") == "๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙"
    assert format_thai_date(dt.date(2024, 1, 1)) == "1 มกราคม พ.ศ. 2567"


def test_thai_date_of_a_utc_time_is_the_date_in_bangkok():
    # 20:00 UTC on 21 November is already 03:00 on 22 November in Bangkok.
    moment = dt.datetime(2026, 11, 21, 20, 0)
    assert format_thai_date(moment) == "22 พฤศจิกายน พ.ศ. 2569"
    assert format_thai_datetime(moment) == "22 พฤศจิกายน พ.ศ. 2569 เวลา 03:00 น."


def test_unknown_numeral_style_is_an_error():
    with pytest.raises(ValueError):
        format_thai_date(dt.date(2026, 1, 1), numerals="roman")


def test_thai_digits_replace_only_digits():
    assert thai_digits("LH-2569-000123") == "LH-๒๕๖๙-๐๐๐๑๒๓"
    assert thai_digits(70) == "๗๐"


def test_names_join_titles_the_thai_way():
    assert full_name("mr", "สมชาย", "ใจดี") == "นายสมชาย ใจดี"
    assert full_name("ms", "สมหญิง", "รักดี") == "นางสาวสมหญิง รักดี"
    assert full_name("dr", "สมชาย", "ใจดี") == "ดร. สมชาย ใจดี"
    assert full_name("other", "สมชาย", "ใจดี", "พ.ต.อ.") == "พ.ต.อ. สมชาย ใจดี"

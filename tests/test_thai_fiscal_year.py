"""The Thai fiscal year (ปีงบประมาณ) the programme overview is filtered by."""

import datetime as dt

from learnhub.thai import fiscal_year, fiscal_year_dates, fiscal_year_utc_range


def test_a_day_in_october_belongs_to_the_next_buddhist_years_fiscal_year():
    # 1 October 2026 (พ.ศ. 2569) opens ปีงบประมาณ 2570; 30 September 2026 closes 2569.
    assert fiscal_year(dt.date(2026, 10, 1)) == 2570
    assert fiscal_year(dt.date(2026, 9, 30)) == 2569
    assert fiscal_year(dt.date(2027, 1, 15)) == 2570


def test_a_fiscal_year_runs_from_1_october_to_30_september():
    assert fiscal_year_dates(2570) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30))


def test_a_stored_utc_time_counts_in_bangkok_time():
    # 30 September 2026 18:00 UTC is 1 October 01:00 in Bangkok: already the new year.
    assert fiscal_year(dt.datetime(2026, 9, 30, 18, 0)) == 2570
    assert fiscal_year(dt.datetime(2026, 9, 30, 16, 59)) == 2569


def test_the_utc_range_starts_at_bangkok_midnight():
    start, end = fiscal_year_utc_range(2570)
    assert start == dt.datetime(2026, 9, 30, 17, 0)
    assert end == dt.datetime(2027, 9, 30, 17, 0)
    assert fiscal_year(start) == 2570
    assert fiscal_year(end - dt.timedelta(seconds=1)) == 2570
    assert fiscal_year(end) == 2571

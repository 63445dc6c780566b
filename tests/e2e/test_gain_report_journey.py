"""A coordinator opens a cohort's learning-gain report in a real browser, on a phone and on
a desktop: the figures worked out by hand (tests/coordination/test_gain.py), the charts
drawn, their tables beside them, and the next steps (PDF, spreadsheet, item statistics);
the programme overview with its figures, recognitions (เชิดชูเกียรติ) among them."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts.models import Role, utcnow
from learnhub.coordination.models import CohortMember
from learnhub.credentials import recognitions
from learnhub.credentials.models import Recognition
from learnhub.extensions import db
from tests.coordination.gain_seed import POST, PRE, make_network, seed_cohort
from tests.e2e.steps import log_in, thai_page_checks

pytestmark = pytest.mark.e2e


@pytest.fixture
def report_url(app, imported_course, make_member):
    imported_course("ethics", quizzes=True)
    coordinator = make_member("coord@example.org", role=Role.COORDINATOR)
    with app.app_context():
        network = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", coordinator_id=coordinator, province="10")
        cohort = seed_cohort(network, "ethics", PRE, POST)
        return f"/coordination/cohorts/{cohort.id}/gain"


def test_a_coordinator_reads_the_gain_report_and_sees_figures_and_charts(page, report_url):
    log_in(page, "coord@example.org")
    page.goto("/coordination/")
    page.get_by_role("link", name="รุ่นที่ 1").click()
    page.get_by_role("link", name="รายงานผลการเรียนรู้ก่อนและหลังการอบรม").click()
    expect(page).to_have_url(re.compile(re.escape(report_url) + "$"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("รายงานผลการเรียนรู้")
    expect(page.locator('[data-figure="pairs"]')).to_have_text("10")
    expect(page.locator('[data-figure="pre"]')).to_have_text("50.0% / 50.0%")
    expect(page.locator('[data-figure="post"]')).to_have_text("65.0% / 65.0%")
    expect(page.locator('[data-figure="class-gain"]')).to_have_text("0.30")
    expect(page.locator('[data-figure="t"]')).to_have_text("t(9) = 5.58, p < 0.001")
    expect(page.locator('[data-figure="d"]')).to_have_text("1.77")
    expect(page.locator('[data-figure="meaning"]')).to_contain_text("เพิ่มขึ้น 15.0 คะแนน")

    charts = page.get_by_role("img")
    expect(charts.first).to_be_visible()
    assert page.locator("figure.chart svg").count() == 3
    for index in range(3):
        box = page.locator("figure.chart svg").nth(index).bounding_box()
        assert box["width"] > 200 and box["height"] > 100  # drawn, and fits the phone
    expect(page.get_by_role("table").first).to_be_visible()  # the data beside the chart
    for index in range(3):
        a_screen_reader_can_read(page.locator("figure.chart svg").nth(index))

    expect(page.get_by_role("link", name="ดาวน์โหลด PDF")).to_be_visible()
    expect(page.get_by_role("link", name="ดาวน์โหลดตารางคำนวณ")).to_be_visible()
    thai_page_checks(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def a_screen_reader_can_read(chart) -> None:
    """A chart is an image named by its <title> and described by its <desc> in words, and the
    section it stands in holds the table of its figures."""
    expect(chart).to_have_attribute("role", "img")
    title = chart.locator(":scope > title")
    description = chart.locator(":scope > desc")
    expect(title).to_have_count(1)
    expect(description).to_have_count(1)
    title_text = title.text_content().strip()
    description_text = description.text_content().strip()
    assert title_text and len(description_text) > 20, (title_text, description_text)
    expect(chart).to_have_accessible_name(re.compile(re.escape(title_text)))
    expect(chart).to_have_accessible_name(re.compile(re.escape(description_text[:40])))
    beside = chart.locator("xpath=ancestor::section[1]").locator("table.data-table")
    expect(beside.first).to_be_visible()
    expect(beside.first.locator("caption")).not_to_be_empty()


def test_the_report_prints_without_the_site_menu(page, report_url):
    log_in(page, "coord@example.org")
    page.goto(report_url)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-actions")).to_be_hidden()
    expect(page.locator("figure.chart svg").first).to_be_visible()


def _honour_a_member(app) -> None:
    """One member of the cohort holds an approved recognition awarded in fiscal year 2570."""
    with app.app_context():
        recognitions.seed_kinds()
        member = db.session.scalars(select(CohortMember)).first().user
        db.session.add(Recognition(
            user_id=member.id, kind_id=recognitions.kinds()[0].id, holder_name=member.name,
            title="ผู้มีผลงานดีเด่น", citation="ผลงาน", awarded_on=dt.date(2026, 12, 1),
            awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต", legal_basis="", status="approved",
            decided_at=utcnow(),
        ))  # fmt: skip
        db.session.commit()


def test_a_coordinator_reads_the_programme_overview_for_a_fiscal_year(app, page, report_url):
    _honour_a_member(app)
    log_in(page, "coord@example.org")
    page.goto("/coordination/")
    page.get_by_role("link", name="ภาพรวมโครงการ").click()
    page.get_by_label("ปีงบประมาณ", exact=True).select_option("2570")
    page.get_by_role("button", name="แสดง").click()

    expect(page.locator('[data-figure="period"]')).to_contain_text("1 ตุลาคม พ.ศ. 2569")
    expect(page.get_by_role("img").first).to_be_visible()
    network_row = page.get_by_role("row", name=re.compile("ศูนย์ธรรมาภิบาลเขตดุสิต")).first
    expect(network_row).to_contain_text("15.0")
    honours = page.locator("#recognitions")
    expect(honours.get_by_role("row", name=re.compile("ยกย่องเชิดชูเกียรติ"))).to_contain_text("1")
    expect(honours.get_by_role("row", name=re.compile("ศูนย์ธรรมาภิบาลเขตดุสิต"))).to_contain_text("1")
    expect(honours.get_by_role("row", name="ปีงบประมาณ พ.ศ. 2570 1")).to_be_visible()
    expect(honours.get_by_role("row", name="ทุกจังหวัด 1")).to_be_visible()  # the rows add up
    expect(page.get_by_role("link", name="สถิติรายข้อ").first).to_be_visible()
    expect(page.get_by_role("link", name="ดาวน์โหลดตารางคำนวณ")).to_be_visible()
    thai_page_checks(page)


def test_staff_find_the_report_and_item_statistics_on_the_course_page(page, report_url):
    log_in(page, "coord@example.org")
    page.goto("/courses/ethics")
    expect(page.get_by_role("link", name="สถิติรายข้อของแบบทดสอบหลังเรียน")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("link", name="สถิติรายข้อของแบบทดสอบหลังเรียน").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("สถิติ")

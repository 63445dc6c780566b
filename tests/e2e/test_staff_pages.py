"""Staff pages on a phone and a desktop: the certificate desk, the user list, a user's
profile, the audit log, the question statistics and the outbox fit the screen (no table
wider than its box) and speak Thai; the header takes one line on a phone."""

import pytest
from playwright.sync_api import expect

from learnhub.accounts.models import Role
from learnhub.assessment.models import Quiz
from learnhub.catalog.importer import import_path
from learnhub.extensions import db
from tests.conftest import VALID_IDS, login, submit
from tests.e2e.steps import from_the_menu, log_in, thai_page_checks
from tests.journeys import finish, ready_for_posttest, start

pytestmark = pytest.mark.e2e


def test_an_admin_works_through_the_staff_pages_on_any_screen(
    app, page, course_folder, make_member
):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        make_member(email="learner@example.org")
        client = app.test_client()
        login(client, "learner@example.org")
        submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
        ready_for_posttest(client)
        finish(client, start(client, "/courses/example/quiz/posttest"))
        posttest = db.session.query(Quiz).filter_by(kind="posttest").one().id
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1],
                first_name_th="ผู้ดูแล")  # fmt: skip

    log_in(page, "admin@example.org")
    from_the_menu(page, "link", "วุฒิบัตร", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    thai_page_checks(page)
    from_the_menu(page, "link", "ผู้ใช้").click()
    thai_page_checks(page)
    tables_fit_their_boxes(page)
    page.get_by_role("link", name="นายสมชาย ใจดี").first.click()
    expect(page.get_by_text("x-xxxx-xxxxx-", exact=False)).to_be_visible()  # masked
    thai_page_checks(page)
    page.goto("/coordination/audit")
    expect(page.get_by_role("heading", name="บันทึกการตรวจสอบ")).to_be_visible()
    expect(page.get_by_role("cell", name="profile.viewed").first).to_be_visible()
    thai_page_checks(page)
    tables_fit_their_boxes(page)
    page.goto(f"/quizzes/{posttest}/statistics")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    thai_page_checks(page)
    page.goto("/transcript")
    thai_page_checks(page)


# Each table's width against the width of the box that holds it (a .table-scroll would
# otherwise hide a table too wide for the phone behind a sideways scroll).
_TABLE_WIDTHS = """() => [...document.querySelectorAll('main table')].map(table => [
  Math.ceil(table.getBoundingClientRect().width),
  Math.floor(table.parentElement.getBoundingClientRect().width)])"""


def tables_fit_their_boxes(page) -> None:
    """On a phone as on a desktop, no table is wider than its box: rows become cards."""
    widths = page.evaluate(_TABLE_WIDTHS)
    assert widths, f"{page.url} shows no table"
    assert all(table <= box for table, box in widths), f"{page.url}: tables {widths} (table, box)"


# The tops of what the header shows (brand, menu button or links, language), rounded.
_HEADER_ROWS = """() => [...document.querySelectorAll(
    '.site-header a, .site-header button')]
  .filter(el => el.offsetParent !== null)
  .map(el => { const r = el.getBoundingClientRect(); return Math.round(r.top + r.height / 2); })"""


def test_the_header_takes_one_line_on_a_phone_whoever_is_logged_in(page, make_member):
    make_member(email="admin@example.org", role=Role.ADMIN)  # the longest menu
    for who in ("anonymous", "admin@example.org"):
        if who != "anonymous":
            log_in(page, who)
        page.goto("/courses")
        middles = page.evaluate(_HEADER_ROWS)
        assert len(middles) >= 3, middles  # the brand, the menu or its links, the language
        if page.width < 700:
            assert max(middles) - min(middles) <= 4, f"the header takes several lines: {middles}"
            expect(page.locator("#main-nav")).to_be_hidden()  # folded behind the menu button
            expect(page.get_by_role("button", name="เมนู")).to_be_visible()
        thai_page_checks(page)

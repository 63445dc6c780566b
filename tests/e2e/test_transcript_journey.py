"""A civil servant's transcript in a real browser: hours, position and agency on the page,
the PDF downloaded, and its code checked on the public verify page."""

import pytest
from playwright.sync_api import expect

from learnhub.catalog.importer import import_path
from learnhub.credentials.models import Transcript
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.e2e.steps import from_the_menu, log_in, step, thai_page_checks
from tests.journeys import finish, ready_for_posttest, start

pytestmark = pytest.mark.e2e


def test_a_graduate_downloads_a_transcript_that_hr_can_verify(
    app, page, course_folder, make_member
):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        make_member(email="officer@example.org", position="นักวิชาการยุติธรรม")
        client = app.test_client()
        login(client, "officer@example.org")
        submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
        ready_for_posttest(client)
        finish(client, start(client, "/courses/example/quiz/posttest"))

    log_in(page, "officer@example.org")
    from_the_menu(page, "link", "วุฒิบัตรของฉัน").click()
    page.get_by_role("link", name="ระเบียนผลการเรียนของฉัน").click()
    expect(page.get_by_text("รวมชั่วโมงของหลักสูตรที่เรียนจบ")).to_be_visible()
    expect(page.get_by_text("นักวิชาการยุติธรรม")).to_be_visible()
    thai_page_checks(page)
    step(page, "transcript-page")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดเป็น PDF").click(modifiers=["Alt"])
    assert download.value.suggested_filename.startswith("transcript-")

    with app.app_context():
        code = db.session.query(Transcript).one().code
    page.goto(f"/verify/{code}")
    expect(page.get_by_text("LearnHub ออกระเบียนผลการเรียนภายใต้รหัสนี้จริง")).to_be_visible()
    expect(page.get_by_role("cell", name="ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน")).to_be_visible()
    thai_page_checks(page)
    step(page, "verify-transcript")

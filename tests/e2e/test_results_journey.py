"""A learner reads quiz results in a real browser: the pre-test by module with lessons to
study and no answers, a failed post-test with the attempts left and a way to try again."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.assessment import services
from learnhub.catalog import services as catalog
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course, LessonProgress
from learnhub.extensions import db
from tests.e2e.steps import enrol_in_example, log_in, submit_attempt, thai_page_checks
from tests.journeys import answers

pytestmark = pytest.mark.e2e


@pytest.fixture
def learner_page(app, course_folder, make_member, page):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
    make_member(email="learner@example.org")
    log_in(page, "learner@example.org")
    enrol_in_example(page)
    return page


def take(user, enrolment, kind, right, module=None):
    """A quiz taken outside the browser: answered all right or all wrong, and submitted."""
    quiz = services.find_quiz(enrolment.version, kind, module)
    attempt = services.start_attempt(user, quiz, enrolment)
    values = answers(attempt, right=right)
    services.save_answers(attempt, {
        entry["slot"]: services.parse_response(entry, values) for entry in attempt.snapshot
    })  # fmt: skip
    services.submit(attempt)
    return attempt


def test_pretest_result_teaches_by_module_without_giving_answers(learner_page):
    page = learner_page
    page.get_by_role("link", name="ทำแบบทดสอบก่อนเรียน").first.click()
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    submit_attempt(page)  # knows nothing yet

    expect(page.get_by_role("heading", name="ผลรายหน่วย")).to_be_visible()
    expect(page.get_by_text("ระบบจึงไม่เฉลยคำตอบ")).to_be_visible()
    assert page.get_by_text("คำตอบที่ถูกต้อง").count() == 0
    thai_page_checks(page)
    lesson = page.locator("table.by-module a").first  # a lesson to study
    title = lesson.inner_text()
    lesson.click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


def test_a_failed_posttest_offers_another_attempt(app, learner_page):
    page = learner_page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        enrolment = catalog.enrolment_for(user, db.session.scalar(select(Course)))
        take(user, enrolment, "pretest", right=False)
        for lesson in enrolment.version.lessons:
            db.session.add(LessonProgress(enrolment_id=enrolment.id, lesson_id=lesson.id))
        db.session.commit()
        take(user, enrolment, "module", right=True, module="reporting")
        failed = take(user, enrolment, "posttest", right=False)
        attempt_id = failed.id

    page.goto(f"/attempts/{attempt_id}/result")
    expect(page.get_by_text("ท่านยังทำได้อีก 2 ครั้ง")).to_be_visible()
    expect(page.get_by_text("ทบทวนบทเรียน").first).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="ทำแบบทดสอบอีกครั้ง").click()
    expect(page.get_by_role("heading", name="แบบทดสอบหลังเรียน")).to_be_visible()
    expect(page.locator("fieldset.question").first).to_be_visible()

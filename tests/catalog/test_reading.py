"""A lesson counts as read only after its reading time, measured by the server; a sequential
course opens its lessons in order and leads from a module's last lesson to its quiz."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from learnhub.catalog import services
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Enrolment, LessonProgress, LessonReading
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import read_lesson, spend_reading_time

LESSON = "/courses/example/lessons/what-is-corruption"
SECOND = "/courses/example/lessons/conflict-of-interest"
LAST = "/courses/example/lessons/reporting-channels"


@pytest.fixture
def reader(client, course_folder, make_member):
    """Logged in and enrolled in a copy of the example course, changed as a test needs."""

    def make(sequential=False, quizzes=False):
        folder = course_folder(quizzes=quizzes)
        if sequential:
            folder.edit("course.yaml", "sequential: false", "sequential: true")
        if quizzes:
            folder.edit("course.yaml", "  required: true\n", "  required: false\n")
        import_path(folder.path)
        make_member()
        login(client, "member@example.org")
        submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
        return client

    return make


def done_lessons() -> int:
    return db.session.scalar(select(func.count()).select_from(LessonProgress))


def move_clock_back(seconds: int) -> None:
    enrolment = db.session.scalars(select(Enrolment)).one()
    enrolment.last_activity_at -= dt.timedelta(seconds=seconds)
    db.session.commit()


def seconds_on(key: str) -> int:
    lesson = db.session.scalar(select(services.Lesson).where(services.Lesson.key == key))
    return (
        db.session.scalar(select(LessonReading.seconds).where(LessonReading.lesson_id == lesson.id))
        or 0
    )


def test_a_lesson_finished_too_fast_does_not_count_and_says_how_long_is_left(reader):
    client = reader()
    page = client.get(LESSON).get_data(as_text=True)
    assert "อย่างน้อย 3 นาที" in page  # half of its 5 minutes

    early = submit(client, f"{LESSON}/done", {}, form_url=LESSON, follow_redirects=True)
    assert "อีกประมาณ 3 นาที" in early.get_data(as_text=True) and done_lessons() == 0
    as_json = submit(client, f"{LESSON}/done", {}, form_url=LESSON,
                     headers={"Accept": "application/json"})  # fmt: skip
    assert as_json.status_code == 409 and 140 <= as_json.get_json()["seconds_left"] <= 150

    move_clock_back(100)  # a hundred seconds of reading: not yet
    assert submit(client, f"{LESSON}/done", {}, form_url=LESSON).headers["Location"] == LESSON
    assert done_lessons() == 0
    finished = read_lesson(client, LESSON)
    assert finished.headers["Location"] == SECOND and done_lessons() == 1


def test_two_tabs_share_one_clock(reader):
    client = reader()
    client.get(LESSON)
    move_clock_back(100)
    client.get(SECOND)  # the other tab: the hundred seconds were spent on the first lesson
    move_clock_back(40)
    client.get(LESSON)
    move_clock_back(30)
    client.get(SECOND)

    assert (seconds_on("what-is-corruption"), seconds_on("conflict-of-interest")) == (130, 40)
    total = db.session.scalar(select(func.sum(LessonReading.seconds)))
    assert total == 170  # no more than the time that passed, however many tabs


def test_a_page_left_open_overnight_counts_twenty_minutes_at_most(reader):
    client = reader()
    client.get(LESSON)
    move_clock_back(8 * 3600)
    client.get(LESSON)
    assert seconds_on("what-is-corruption") == 20 * 60


def test_in_a_sequential_course_lessons_open_in_order(reader):
    client = reader(sequential=True)
    course = client.get("/courses/example").get_data(as_text=True)
    assert f'href="{LESSON}"' in course and f'href="{SECOND}"' not in course
    assert "เปิดเมื่อเรียนบทก่อนหน้าจบ" in course

    ahead = client.get(SECOND)
    assert ahead.status_code == 403
    page = ahead.get_data(as_text=True)
    assert "บทเรียนของหลักสูตรนี้เปิดตามลำดับ" in page and f'href="{LESSON}"' in page
    refused = submit(client, f"{SECOND}/done", {}, form_url="/courses/example")
    assert refused.status_code == 403 and done_lessons() == 0

    read_lesson(client, LESSON)
    assert client.get(SECOND).status_code == 200


def test_a_modules_last_lesson_leads_to_its_quiz_which_opens_after_its_lessons(reader):
    client = reader(sequential=True, quizzes=True)
    quiz = "/courses/example/modules/reporting/quiz"
    assert "ยังเริ่มทำแบบทดสอบนี้ไม่ได้" in submit(
        client, f"{quiz}/start", {}, form_url=quiz, follow_redirects=True
    ).get_data(as_text=True)

    read_lesson(client, LESSON)
    read_lesson(client, SECOND)
    page = client.get(LAST).get_data(as_text=True)
    assert "อ่านจบแล้ว — ไปทำแบบทดสอบท้ายหน่วย" in page
    spend_reading_time()
    finished = submit(client, f"{LAST}/done", {}, form_url=LAST)

    assert finished.headers["Location"] == quiz
    assert "เริ่มทำแบบทดสอบ" in client.get(quiz).get_data(as_text=True)

"""A learner finds a course, enrols, reads lessons and sees progress move to completion."""

from sqlalchemy import func, select

from learnhub.catalog import services
from learnhub.catalog.models import Enrolment, LessonProgress
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import read_lesson


def enrol(client, slug="example"):
    return submit(client, f"/courses/{slug}/enrol", {}, form_url=f"/courses/{slug}")


def test_catalogue_lists_courses_searches_titles_and_filters_audience(client, imported_course):
    imported_course("example")
    hidden = imported_course("hidden-course", listed=False)
    other = imported_course("leaders-only")
    assert hidden and other
    db.session.commit()

    page = client.get("/courses/").get_data(as_text=True)
    assert "ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน" in page
    assert "/courses/hidden-course" not in page

    assert "/courses/example" in client.get("/courses/?q=ซื่อตรง").get_data(as_text=True)
    assert "ไม่พบหลักสูตร" in client.get("/courses/?q=ไม่มีแน่นอน").get_data(as_text=True)
    assert "/courses/example" in client.get("/courses/?audience=citizen").get_data(as_text=True)


def test_course_page_shows_modules_hours_and_what_the_certificate_needs(client, imported_course):
    imported_course()
    page = client.get("/courses/example").get_data(as_text=True)

    assert "พื้นฐาน" in page and "การแจ้งเบาะแส" in page
    assert "ผลประโยชน์ทับซ้อน" in page
    assert "1 ชั่วโมง" in page
    assert "อ่านทุกบทเรียนและทำแบบทดสอบท้ายหน่วยให้ครบ" in page
    assert "เข้าสู่ระบบเพื่อลงทะเบียน" in page


def test_learner_enrols_once_even_with_a_double_click(client, imported_course, make_member):
    imported_course()
    make_member()
    login(client, "member@example.org")

    enrol(client)
    enrol(client)

    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1
    page = client.get("/courses/example").get_data(as_text=True)
    assert 'value="0"' in page and "ทำต่อ" in page


def test_learner_reads_lessons_sees_progress_and_completes(client, imported_course, make_member):
    imported_course()
    make_member()
    login(client, "member@example.org")
    enrol(client)
    completed = []
    services.completion_listeners.append(completed.append)
    try:
        lesson = client.get("/courses/example/lessons/what-is-corruption").get_data(as_text=True)
        assert "ใช้อำนาจในตำแหน่งหน้าที่แสวงหาประโยชน์" in lesson
        assert "<table>" in lesson and "คู่มือการดำเนินงานการสร้างสังคมสุจริต" in lesson
        assert "seed" not in lesson  # learners never see a source file's name

        response = read_lesson(client, "/courses/example/lessons/what-is-corruption")
        assert response.headers["Location"] == "/courses/example/lessons/conflict-of-interest"
        assert 'value="33"' in client.get("/courses/example").get_data(as_text=True)

        for key in ("conflict-of-interest", "reporting-channels"):
            response = read_lesson(
                client, f"/courses/example/lessons/{key}", data={"go": "course"},
                follow_redirects=True,
            )  # fmt: skip
        page = response.get_data(as_text=True)
        assert "ยินดีด้วย" in page and 'value="100"' in page and "เรียนจบเมื่อ" in page
    finally:
        services.completion_listeners.remove(completed.append)
    assert len(completed) == 1


def test_finishing_a_lesson_twice_counts_once(client, imported_course, make_member):
    imported_course()
    make_member()
    login(client, "member@example.org")
    enrol(client)
    url = "/courses/example/lessons/what-is-corruption"
    for _ in range(2):
        read_lesson(client, url)
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_continue_returns_to_the_lesson_left_open(client, imported_course, make_member):
    imported_course()
    make_member()
    login(client, "member@example.org")
    enrol(client)
    assert (
        client.get("/courses/example/continue").headers["Location"].endswith("what-is-corruption")
    )

    client.get("/courses/example/lessons/reporting-channels")
    assert (
        client.get("/courses/example/continue").headers["Location"].endswith("reporting-channels")
    )


def test_lesson_of_a_course_not_enrolled_in_is_explained_not_shown(
    client, imported_course, make_member
):
    imported_course()
    make_member()
    login(client, "member@example.org")

    response = client.get("/courses/example/lessons/what-is-corruption")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "ลงทะเบียนก่อน" in page and "ใช้อำนาจในตำแหน่งหน้าที่" not in page


def test_lessons_wait_for_a_required_pretest(client, course_folder, make_member):
    from learnhub.catalog.importer import import_path

    import_path(course_folder(quizzes=True).path)  # the example requires its pre-test
    make_member()
    login(client, "member@example.org")
    enrol(client)

    response = client.get("/courses/example/lessons/what-is-corruption")
    assert response.status_code == 403
    assert "แบบทดสอบก่อนเรียน" in response.get_data(as_text=True)
    done = submit(
        client, "/courses/example/lessons/what-is-corruption/done", {}, form_url="/courses/example"
    )
    assert done.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0


def test_unknown_course_or_lesson_is_404(client, imported_course, make_member):
    imported_course()
    make_member()
    login(client, "member@example.org")
    enrol(client)
    assert client.get("/courses/nope").status_code == 404
    assert client.get("/courses/example/lessons/nope").status_code == 404


def test_course_images_are_served_from_the_imported_version(client, imported_course):
    imported_course()
    response = client.get("/courses/example/v1/assets/lessons/images/diagram.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert client.get("/courses/example/v9/assets/lessons/images/diagram.svg").status_code == 404


def test_the_catalogue_search_finds_words_of_a_summary_or_a_lesson_title(client, imported_course):
    imported_course()
    for words in ("สาธิตรูปแบบไฟล์", "ผลประโยชน์ทับซ้อน"):  # the summary, a lesson title
        assert "/courses/example" in client.get(f"/courses/?q={words}").get_data(as_text=True)

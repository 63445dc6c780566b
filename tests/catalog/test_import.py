"""Importing courses: twice is a no-op, a change is a new version, a broken file changes nothing."""

import pytest
from sqlalchemy import func, select

from learnhub.catalog import services
from learnhub.catalog.importer import import_path
from learnhub.catalog.loader import CourseFilesInvalid
from learnhub.catalog.models import Course, CourseVersion, Enrolment, Lesson
from learnhub.extensions import db


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_importing_the_same_files_twice_changes_nothing(app, course_folder):
    folder = course_folder()

    [first] = import_path(folder.path)
    before = (count(Course), count(CourseVersion), count(Lesson))
    [second] = import_path(folder.path)

    assert first.status == "new course" and second.status == "unchanged"
    assert (count(Course), count(CourseVersion), count(Lesson)) == before == (1, 1, 3)


def test_lessons_are_rendered_once_at_import(app, course_folder):
    import_path(course_folder().path)

    lesson = db.session.scalar(select(Lesson).where(Lesson.key == "reporting-channels"))
    assert '<blockquote class="callout callout-law">' in lesson.body_html
    image = db.session.scalar(select(Lesson).where(Lesson.key == "what-is-corruption"))
    assert 'src="/courses/example/v1/assets/lessons/images/diagram.svg"' in image.body_html


def test_a_changed_course_is_a_new_version_and_old_enrolments_keep_theirs(
    app, course_folder, make_member
):
    folder = course_folder()
    import_path(folder.path)
    from learnhub.accounts.models import User

    learner = db.session.get(User, make_member())
    course = db.session.scalar(select(Course))
    old = services.enrol(learner, course)
    services.record_reading(old, old.version.lessons[0])
    old.last_activity_at -= services.MAX_READING_GAP  # the learner reads the first lesson
    db.session.commit()
    services.mark_lesson_done(old, old.version.lessons[0])

    folder.edit("course.yaml", 'version: "1.1"', 'version: "1.2"')
    folder.edit(
        "lessons/conflict-of-interest.md", "ผลประโยชน์ทับซ้อน\n", "ผลประโยชน์ทับซ้อน (ฉบับปรับปรุง)\n"
    )
    [result] = import_path(folder.path)

    assert (result.status, result.version_number, result.version_label) == ("new version", 2, "1.2")
    db.session.expire_all()
    course = db.session.scalar(select(Course))
    assert course.current_version.version_label == "1.2"
    enrolment = db.session.scalar(select(Enrolment))
    assert enrolment.version.version_label == "1.1"
    assert enrolment.version.lessons[1].title == "ผลประโยชน์ทับซ้อน"
    assert services.course_state(enrolment).done_lesson_ids == {enrolment.version.lessons[0].id}


def test_changed_content_under_the_same_version_is_refused(app, course_folder):
    folder = course_folder()
    import_path(folder.path)
    folder.edit("lessons/conflict-of-interest.md", "ผลประโยชน์ทับซ้อน\n", "แก้ไขแล้ว\n")

    with pytest.raises(CourseFilesInvalid) as caught:
        import_path(folder.path)

    assert "example/course.yaml:4: version '1.1' was already imported" in str(caught.value)
    assert count(CourseVersion) == 1


def test_one_broken_course_imports_nothing_at_all(app, course_folder):
    course_folder("good")
    broken = course_folder("broken")
    (broken.path / "lessons" / "reporting-channels.md").unlink()

    with pytest.raises(CourseFilesInvalid):
        import_path(broken.root)

    assert count(Course) == 0


def test_an_import_failing_half_way_rolls_everything_back(app, course_folder):
    first = course_folder("aaa")
    second = course_folder("bbb")
    import_path(second.path)
    second.edit(
        "lessons/conflict-of-interest.md", "ผลประโยชน์ทับซ้อน\n", "แก้\n"
    )  # same version: refused

    with pytest.raises(CourseFilesInvalid):
        import_path(first.root)  # imports aaa first, then fails on bbb

    assert db.session.scalars(select(Course.slug)).all() == ["bbb"]


def test_the_import_command_reports_and_exits_non_zero(app, course_folder):
    folder = course_folder()
    runner = app.test_cli_runner()

    ok = runner.invoke(args=["courses", "import", str(folder.root)])
    assert ok.exit_code == 0 and "example: new course (version 1.1, #1)" in ok.output

    (folder.path / "lessons" / "reporting-channels.md").unlink()
    bad = runner.invoke(args=["courses", "import", str(folder.root)])
    assert bad.exit_code == 1
    assert "reporting-channels.md' does not exist" in bad.output
    assert "nothing was imported" in bad.output

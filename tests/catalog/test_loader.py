"""`courses check` and the loader: valid files load, every broken one is named with its line."""

import datetime as dt
from pathlib import Path

import pytest

from learnhub.catalog.loader import CourseFilesInvalid, load_course, load_courses

EXAMPLE = Path(__file__).resolve().parents[2] / "courses" / "example"


def problems_of(path) -> list[str]:
    with pytest.raises(CourseFilesInvalid) as caught:
        load_courses(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_example_course_loads_with_modules_lessons_and_images():
    spec = load_course(EXAMPLE)

    assert (spec.slug, spec.version, spec.listed) == ("example", "1.1", False)
    assert [m.key for m in spec.modules] == ["basics", "reporting"]
    assert [lesson.key for lesson in spec.modules[0].lessons] == [
        "what-is-corruption",
        "conflict-of-interest",
    ]
    lesson = spec.modules[0].lessons[0]
    assert lesson.title == "การทุจริตคืออะไร" and lesson.minutes == 5
    assert lesson.objectives and lesson.sources
    assert set(spec.assets) == {"lessons/images/diagram.svg"}
    assert len(spec.content_hash) == 64


def test_malformed_yaml_is_reported_with_its_line(course_folder):
    folder = course_folder()
    folder.edit("course.yaml", "study_hours: 1", "study_hours: [1")

    [problem] = problems_of(folder.root)

    assert problem.startswith("example/course.yaml:")
    assert "YAML syntax error" in problem


def test_unknown_and_duplicate_keys_are_named_with_their_lines(course_folder):
    folder = course_folder()
    folder.edit("course.yaml", "study_hours: 1\n", "study_hours: 1\nstudy_hourz: 2\nlisted: true\n")

    problems = problems_of(folder.root)

    assert "example/course.yaml:13: unknown key 'study_hourz' in course.yaml" in problems
    assert "example/course.yaml:15: duplicate key 'listed'" in problems


def test_a_missing_lesson_file_is_named_at_the_line_that_lists_it(course_folder):
    folder = course_folder()
    (folder.path / "lessons" / "conflict-of-interest.md").unlink()

    assert problems_of(folder.root) == [
        "example/course.yaml:25: lesson 'lessons/conflict-of-interest.md' does not exist"
    ]


def test_lesson_front_matter_is_checked(course_folder):
    folder = course_folder()
    folder.write("lessons/reporting-channels.md", "# no front matter\n")
    folder.edit("lessons/conflict-of-interest.md", "title: ผลประโยชน์ทับซ้อน\n", "colour: red\n")

    problems = problems_of(folder.root)

    assert (
        "example/lessons/reporting-channels.md:1: a lesson must start with front matter "
        "between '---' lines"
    ) in problems
    assert (
        "example/lessons/conflict-of-interest.md:2: unknown key 'colour' in front matter"
        in problems
    )
    assert any("conflict-of-interest.md:2: missing required key 'title'" in p for p in problems)


def test_a_missing_image_is_named_at_its_line_in_the_lesson(course_folder):
    folder = course_folder()
    (folder.path / "lessons" / "images" / "diagram.svg").unlink()

    [problem] = problems_of(folder.root)

    assert (
        problem
        == "example/lessons/what-is-corruption.md:14: image 'images/diagram.svg' does not exist"
    )


def test_duplicate_slugs_are_refused(course_folder):
    course_folder("first")
    second = course_folder("second")
    second.edit("course.yaml", "slug: second", "slug: first")

    problems = problems_of(second.root)

    assert any("duplicate slug 'first'" in p for p in problems)


def test_quiz_settings_are_checked(course_folder):
    folder = course_folder()
    folder.write("banks/prepost.gift", "// a bank\n")
    folder.edit(
        "course.yaml",
        "modules:\n",
        "pretest:\n  bank: banks/other.gift\n  questions: 10\n  pass_mark: 50\n"
        "posttest:\n  bank: banks/prepost.gift\n  questions: 0\n  grading: best\n"
        "modules:\n",
    )

    problems = problems_of(folder.root)

    assert "example/course.yaml:19: question bank 'banks/other.gift' does not exist" in problems
    assert "example/course.yaml:21: unknown key 'pass_mark' in 'pretest'" in problems
    assert "example/course.yaml:22: missing required key 'pass_mark' in 'posttest'" in problems
    assert "example/course.yaml:24: 'questions' must be a whole number from 1 to 200" in problems
    assert (
        "example/course.yaml:25: 'grading' must be one of: highest, last, first, average"
        in problems
    )
    assert any("same bank so their scores compare" in p for p in problems)


def test_a_valid_quiz_setting_gets_the_defaults(course_folder):
    folder = course_folder()
    folder.edit(
        "course.yaml",
        "modules:\n",
        "pretest:\n  bank: banks/prepost.gift\n  questions: 5\n  required: true\n"
        "posttest:\n  bank: banks/prepost.gift\n  questions: 5\n  pass_mark: 70\n"
        "  attempts: 3\n  time_limit_minutes: 30\n"
        "modules:\n",
    )

    spec = load_course(folder.path)

    assert spec.require_pretest and spec.pass_mark == 70
    assert spec.posttest["grading"] == "highest"
    assert spec.posttest["review"]["correct_answers"] == "after_pass_or_last_attempt"
    # the pre-test shares the post-test's bank: it never marks or shows answers before it
    assert spec.pretest["review"]["correct_answers"] == "after_posttest_passed"
    assert spec.pretest["review"]["correctness"] is False
    assert spec.modules[0].lessons[0].minutes == 5 and spec.reading_share == 0.5
    assert spec.min_reading_seconds(spec.modules[0].lessons[0]) == 150


def test_an_empty_folder_has_no_courses(tmp_path, app):
    result = app.test_cli_runner().invoke(args=["courses", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "no course folders found" in result.output


def test_courses_check_passes_on_the_repository(app):
    result = app.test_cli_runner().invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output
    assert "ok example 1.1: 2 modules, 3 lessons" in result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning")]
    # The one warning the shipped courses carry: three post-test attempts of 20 need more
    # questions than their banks hold, so later attempts repeat some (courses/README.md).
    assert all("their later post-test attempts repeat" in line for line in warnings), warnings
    assert (
        "warning: corruption-types/course.yaml:83: a learner who uses all 3 post-test attempts "
        "is shown 20 + 3 × 20 = 80 questions from 42: their later post-test attempts repeat at "
        "least 38 questions seen before" in result.output
    )


def test_courses_check_prints_file_line_message_and_fails(app, course_folder):
    folder = course_folder()
    folder.edit("course.yaml", "audience: [civil_servant", "audience: [monk")

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 1
    assert "example/course.yaml:11: unknown audience 'monk'" in result.output


def test_a_bank_with_too_few_questions_or_a_gift_error_is_reported(app, course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "course.yaml", "  questions: 5\n  pass_mark: 70", "  questions: 12\n  pass_mark: 70"
    )
    folder.edit("banks/reporting.gift", "ป.ป.ท. 1206}", "ป.ป.ท. 1206")

    problems = problems_of(folder.root)

    assert (
        "example/course.yaml:43: 'questions' asks for 12 but the bank has 10 graded questions"
        in problems
    )
    assert any(
        p.startswith("example/banks/reporting.gift:4: ") and "not closed" in p for p in problems
    )


def test_a_quiz_sharing_the_posttest_bank_may_not_show_its_answers(course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "course.yaml",
        "  required: true\n",
        "  required: true\n  review:\n    correct_answers: always\n    correctness: true\n",
    )

    problems = problems_of(folder.root)

    assert any(
        p.startswith("example/course.yaml:41: 'correct_answers: always' would show the post-test")
        for p in problems
    ), problems
    assert any("'correctness: true' would mark which post-test questions" in p for p in problems)


def test_a_pretest_has_no_pass_mark_to_wait_for(course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "course.yaml",
        "  required: true\n",
        "  required: true\n  review:\n    correct_answers: after_pass\n",
    )

    assert any("a pre-test has no pass mark" in p for p in problems_of(folder.root))


def test_check_warns_of_a_bank_too_small_and_of_questions_that_name_no_lesson(app, course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "course.yaml", "  questions: 5\n  required: true", "  questions: 6\n  required: true"
    )
    folder.edit("banks/prepost.gift", "// [tag:what-is-corruption]\n::ละเว้นหน้าที่::", "::ละเว้นหน้าที่::")

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 0  # warnings do not stop an import
    assert (
        "warning: example/course.yaml:43: the pre-test and post-test draw 6 + 5 questions from 10: "
        "every post-test repeats at least 1 questions of the learner's pre-test" in result.output
    )
    assert "warning: example/banks/prepost.gift:13: the question names no lesson" in result.output


@pytest.mark.parametrize(
    ("attempts", "message"),
    [
        ("2", "a learner who uses all 2 post-test attempts is shown 5 + 2 × 5 = 15 questions "
              "from 10: their later post-test attempts repeat at least 5 questions seen before"),
        ("1", None),
        (None, "the post-test's attempts are unlimited: from attempt 2 on, 5 + 2 × 5 questions "
               "drawn from 10 repeat questions the learner has seen before"),
    ],
)  # fmt: skip
def test_check_says_how_many_questions_later_post_test_attempts_repeat(
    app, course_folder, attempts, message
):
    """The example's bank holds 10 questions; the pre-test and each attempt draw 5."""
    folder = course_folder(quizzes=True)
    line = f"  attempts: {attempts}\n" if attempts else ""
    folder.edit("course.yaml", "  attempts: 3\n", line)

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 0, result.output
    if message:
        assert f"warning: example/course.yaml:43: {message}" in result.output
    else:
        assert "repeat" not in result.output


def test_reading_time_comes_from_the_lesson_minutes_or_its_length(course_folder):
    folder = course_folder()
    folder.edit("course.yaml", "reading_share: 0.5", "reading_share: 0.4")
    folder.edit("lessons/conflict-of-interest.md", "minutes: 5\n", "")

    spec = load_course(folder.path)

    stated, estimated = spec.modules[0].lessons
    assert spec.min_reading_seconds(stated) == round(0.4 * 5 * 60)
    length = len(estimated.body.strip())
    assert spec.min_reading_seconds(estimated) == round(0.4 * max(1, length / 500) * 60)


def test_a_course_bank_lists_every_refused_question_and_imports_none(app, course_folder):
    folder = course_folder(quizzes=True)
    folder.edit("banks/reporting.gift", "{#55 ####", "{#ห้าสิบห้า ####")
    folder.edit("banks/reporting.gift", "{=1205 ~1206", "{=%50%1205 ~1206")

    problems = problems_of(folder.root)

    assert any(p.startswith("example/banks/reporting.gift:4: an '=' answer") for p in problems)
    assert "example/banks/reporting.gift:10: 'ห้าสิบห้า' is not a number" in problems


def test_a_course_bank_in_latin_1_is_reported_by_name(app, course_folder):
    folder = course_folder(quizzes=True)
    (folder.path / "banks" / "reporting.gift").write_bytes("Caf\xe9 {=oui ~non}".encode("latin-1"))

    problems = problems_of(folder.root)

    assert any(
        p.startswith("example/banks/reporting.gift:1: the file is not UTF-8, UTF-16 or Thai")
        for p in problems
    )


def test_courses_check_names_links_that_point_outside_the_course(app, course_folder, tmp_path):
    """A link to a file elsewhere on the machine would publish that file: named, no traceback."""
    folder = course_folder(quizzes=True)
    for name in ("lessons/images/diagram.svg", "lessons/conflict-of-interest.md",
                 "banks/reporting.gift"):  # fmt: skip
        outside = tmp_path / Path(name).name
        (folder.path / name).rename(outside)
        (folder.path / name).symlink_to(outside)

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    problems = result.output.splitlines()
    assert "example/course.yaml:25: lesson 'lessons/conflict-of-interest.md' points outside " \
        "the course folder" in problems  # fmt: skip
    assert "example/course.yaml:33: question bank 'banks/reporting.gift' points outside the " \
        "course folder" in problems  # fmt: skip
    assert "example/lessons/what-is-corruption.md:14: image 'images/diagram.svg' points " \
        "outside the course folder" in problems  # fmt: skip


def test_a_link_that_stays_inside_the_course_is_followed(course_folder):
    folder = course_folder()
    images = folder.path / "lessons" / "images"
    (images / "diagram.svg").rename(images / "original.svg")
    (images / "diagram.svg").symlink_to("original.svg")

    assert "lessons/images/diagram.svg" in load_course(folder.path).assets


def test_a_file_name_or_the_word_seed_in_what_learners_read_is_refused(course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "lessons/what-is-corruption.md",
        "# ความหมาย\n",
        "# ความหมาย\n\nตามเอกสาร 001_206fdb13abc04980.txt ส่วนที่ 1\n",
    )
    folder.edit("course.yaml", "  th: ตัวอย่างหลักสูตร", "  th: seed ตัวอย่างหลักสูตร")
    folder.edit(
        "banks/prepost.gift",
        "#ถูกต้อง ตรงกับความหมายในบทเรียน",
        "#ถูกต้อง ตรงกับความหมายใน seed 001",
    )

    problems = problems_of(folder.root)

    assert (
        "example/lessons/what-is-corruption.md:11: '001_206fdb13abc04980.txt' is a file name: "
        "cite the document by its title instead" in problems
    ), problems
    assert any(p.startswith("example/course.yaml:6: learners never read the word 'seed'")
               for p in problems), problems  # fmt: skip
    assert any(p.startswith("example/banks/prepost.gift:6: learners never read the word 'seed'")
               for p in problems), problems  # fmt: skip


def test_check_warns_of_law_callouts_that_summarise_or_name_no_section(app, course_folder):
    folder = course_folder()
    folder.edit(
        "lessons/what-is-corruption.md",
        "> [!SUMMARY] สรุป",
        "> [!LAW] พ.ร.บ. มาตรการของฝ่ายบริหารในการป้องกันและปราบปรามการทุจริต พ.ศ. 2551\n"
        "> ให้มีการคุ้มครองผู้แจ้งเบาะแส\n\n"
        "> [!LAW] สาระสำคัญ: มาตรา 55 พ.ร.บ. มาตรการของฝ่ายบริหารฯ\n"
        "> ผู้แจ้งเบาะแสมีสิทธิได้รับรางวัล\n\n"
        "> [!LAW] รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช 2560 มาตรา 50 (10)\n"
        "> (10) ไม่ร่วมมือหรือสนับสนุนการทุจริตและประพฤติมิชอบทุกรูปแบบ\n\n"
        "> [!SUMMARY] สรุป",
    )

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 0, result.output  # warnings do not stop an import
    assert (
        "warning: example/lessons/what-is-corruption.md:21: the [!LAW] callout names no section"
        in result.output
    )
    assert (
        "warning: example/lessons/what-is-corruption.md:24: a [!LAW] callout quotes the law word "
        "for word; write a summary as '> [!NOTE] สาระสำคัญ ...' instead" in result.output
    )
    assert result.output.count("[!LAW]") == 2  # the verbatim quote with its section passes


def test_check_warns_of_a_hedge_that_asks_the_learner_to_verify_the_law(app, course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "lessons/what-is-corruption.md",
        "> [!SUMMARY] สรุป",
        "ก่อนอ้างในหนังสือราชการ โปรดตรวจเลขมาตราจากราชกิจจานุเบกษา\n\n> [!SUMMARY] สรุป",
    )
    folder.edit(
        "banks/prepost.gift",
        "#ถูกต้อง ตรงกับความหมายในบทเรียน",
        "#ถูกต้อง ตรงกับความหมายในบทเรียน (ตรวจสอบเลขมาตราอีกครั้งก่อนนำไปใช้)",
    )

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 0, result.output  # warnings do not stop an import
    assert (
        "warning: example/lessons/what-is-corruption.md:21: the lesson asks the learner to verify "
        "the law ('โปรดตรวจ'): check the section and its wording against the law and teach it, "
        "quoted in a [!LAW] callout or given as a labelled summary ('สาระสำคัญ')" in result.output
    ), result.output
    assert (
        "warning: example/banks/prepost.gift:6: the question asks the learner to verify the law "
        "('ตรวจสอบเลขมาตรา')" in result.output
    ), result.output


def test_check_warns_of_answer_choices_written_only_in_latin_letters(app, course_folder):
    folder = course_folder(quizzes=True)
    folder.edit("banks/prepost.gift", "  ~ประชาชนไม่ไปเลือกตั้ง#", "  ~Nonfeasance#")
    folder.edit(
        "banks/prepost.gift", "  =ไม่ตรวจรับงานตามสัญญา#", "  =ไม่ตรวจรับงานตามสัญญา (nonfeasance)#"
    )
    folder.edit(
        "banks/prepost.gift",
        "  =สำนักงาน ป.ป.ท. -> 1206\n",
        "  =สำนักงาน ป.ป.ท. -> 1206\n  =Office of the NACC -> 1205\n",
    )
    folder.edit(
        "banks/prepost.gift",
        "ใช้ 1206#ถูกต้อง}",
        "ใช้ 1206#ถูกต้อง}\n\n// [tag:reporting-channels]\n"
        "::ชื่อย่อ:: ชื่อย่อภาษาอังกฤษของสำนักงาน ป.ป.ท. คืออะไร {\n  =PACC\n  =P.A.C.C.\n}\n",
    )
    lines = (folder.root / "example" / "banks" / "prepost.gift").read_text().splitlines()

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if text in line)

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if "only in Latin letters" in line]
    assert warned == [
        f"warning: example/banks/prepost.gift:{line_of('~Nonfeasance')}: the choice "
        "'Nonfeasance' is written only in Latin letters: give the Thai term, with the English "
        "in brackets at most",
        f"warning: example/banks/prepost.gift:{line_of('Office of the NACC')}: the choice "
        "'Office of the NACC' is written only in Latin letters: give the Thai term, with the "
        "English in brackets at most",
    ], result.output  # not the Thai choice with English in brackets, a number, or the accepted
    # answers of a short answer (PACC), which a learner types and never reads as choices


def test_check_warns_when_a_question_s_wording_answers_another(app, course_folder):
    folder = course_folder(quizzes=True)
    folder.edit(
        "banks/prepost.gift",
        "::ละเว้นหน้าที่:: การละเว้น",
        "::ละเว้นหน้าที่:: เมื่อเจ้าหน้าที่ของรัฐใช้อำนาจในตำแหน่งแสวงหาประโยชน์โดยมิชอบ การละเว้น",
    )

    result = app.test_cli_runner().invoke(args=["courses", "check", str(folder.root)])

    assert (
        "warning: example/banks/prepost.gift:14: this question's wording holds the answer of the "
        "question on line 6: a test that draws both gives one away" in result.output
    ), result.output


def test_last_checked_is_a_past_date_the_course_page_can_show(course_folder):
    folder = course_folder()
    assert load_course(folder.path).last_checked is None

    folder.edit("course.yaml", "\nstudy_hours: 1", "\nlast_checked: 2026-11-30\nstudy_hours: 1")
    assert load_course(folder.path).last_checked == dt.date(2026, 11, 30)

    folder.edit("course.yaml", "last_checked: 2026-11-30", "last_checked: 30/11/2569")
    assert "example/course.yaml:12: 'last_checked' must be a date written YYYY-MM-DD" in (
        problems_of(folder.root)
    )
    folder.edit("course.yaml", "last_checked: 30/11/2569", "last_checked: 2999-01-01")
    assert "example/course.yaml:12: 'last_checked' is in the future" in problems_of(folder.root)

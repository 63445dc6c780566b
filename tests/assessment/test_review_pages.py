"""Results show only what the review policy allows: the key never travels before its time,
on the result page, in the save endpoint's JSON, in a second tab or by a crafted URL."""

from sqlalchemy import select

from learnhub.assessment import services
from learnhub.assessment.models import Attempt
from learnhub.assessment.questions import Question
from learnhub.catalog.models import LessonReading
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import answers, finish, read_all_lessons, ready_for_posttest, start

PRETEST = "/courses/example/quiz/pretest"
POSTTEST = "/courses/example/quiz/posttest"
MODULE_QUIZ = "/courses/example/modules/reporting/quiz"


def key_texts(attempt: Attempt, shortest: int = 6) -> set[str]:
    """Everything that would give an answer away: right answers and all feedback.

    Texts shorter than ``shortest`` are left out: "55" appears on any page.
    """
    texts = set()
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        texts.update(c.text for c in question.choices if c.fraction > 0)
        texts.update(c.feedback for c in question.choices)
        texts.update(f"{p.left} → {p.right}" for p in question.pairs)
        texts.update(n.feedback for n in question.numbers)
        texts.update((question.general_feedback, question.feedback_true, question.feedback_false))
    return {text for text in texts if len(text) >= shortest}


def leaked(page: str, attempt: Attempt, shortest: int = 6) -> set[str]:
    return {text for text in key_texts(attempt, shortest) if text in page}


def half_right(attempt: Attempt) -> dict:
    """Form values with the first half of the questions right and the rest wrong."""
    right, wrong = answers(attempt, right=True), answers(attempt, right=False)
    slots = [entry["slot"] for entry in attempt.snapshot]
    values = {"slots": right["slots"]}
    for name in set(right) | set(wrong):
        if name == "slots":
            continue
        slot = int(name[1:].split("-")[0])
        values[name] = (right if slots.index(slot) < len(slots) // 2 else wrong).get(name, [])
    return values


def test_the_pretest_result_shows_score_modules_and_lessons_but_no_answer(client, learner):
    pretest = start(client, PRETEST)
    url = f"/attempts/{pretest.id}"
    submit(client, f"{url}/submit", half_right(pretest), form_url=url)

    page = client.get(f"{url}/result").get_data(as_text=True)

    assert "คะแนน" in page and "ผลรายหน่วย" in page
    assert "บทเรียนที่ควรศึกษา" in page and 'href="/courses/example/lessons/' in page
    assert leaked(page, pretest) == set()
    assert "ถูกต้อง" not in page and "คำตอบของท่าน" not in page  # not even which were wrong
    for entry in pretest.snapshot:
        assert Question.from_data(entry["question"]).text not in page
    # the same attempt asked for in other ways: still nothing
    for crafted in (f"{url}/result?review=1", f"{url}/result?show=answers", url):
        response = client.get(crafted, follow_redirects=True)
        assert leaked(response.get_data(as_text=True), pretest) == set()


def test_the_pretest_key_is_shown_once_the_posttest_is_passed(client, learner):
    pretest = ready_for_posttest(client)
    finish(client, start(client, POSTTEST))

    page = client.get(f"/attempts/{pretest.id}/result").get_data(as_text=True)

    assert "คำตอบที่ถูกต้อง" in page and leaked(page, pretest)


def test_a_failed_module_quiz_marks_wrong_answers_and_lessons_but_keeps_the_key(client, learner):
    finish(client, start(client, PRETEST), right=False)
    read_all_lessons(client)
    quiz = start(client, MODULE_QUIZ)
    finish(client, quiz, right=False)

    page = client.get(f"/attempts/{quiz.id}/result").get_data(as_text=True)

    assert "✗ ผิด" in page and "ทบทวนบทเรียน" in page and "ช่องทางแจ้งเบาะแส" in page
    assert "ระบบจะเฉลยคำตอบเมื่อท่านทำแบบทดสอบนี้ผ่าน" in page
    assert key_texts(quiz) and leaked(page, quiz, shortest=4) == set()
    assert "คำตอบที่ถูกต้อง" not in page
    assert "ทำแบบทดสอบอีกครั้ง" in page  # the next step

    passed = start(client, MODULE_QUIZ)
    finish(client, passed)
    for attempt in (quiz, passed):  # now the key, for every attempt
        page = client.get(f"/attempts/{attempt.id}/result").get_data(as_text=True)
        assert "คำตอบที่ถูกต้อง" in page


def test_a_failed_posttest_says_attempts_left_and_what_to_review_without_the_key(client, learner):
    ready_for_posttest(client)
    first = start(client, POSTTEST)
    finish(client, first, right=False)

    page = client.get(f"/attempts/{first.id}/result").get_data(as_text=True)

    assert "ท่านยังทำได้อีก 2 ครั้ง" in page and "ทำแบบทดสอบอีกครั้ง" in page
    assert "ทบทวนบทเรียน" in page and "✗ ผิด" in page
    assert leaked(page, first) == set()


def test_a_second_tab_never_sees_the_key_while_the_last_attempt_is_open(client, learner):
    ready_for_posttest(client)
    first = start(client, POSTTEST)
    finish(client, first, right=False)
    finish(client, start(client, POSTTEST), right=False)
    last = start(client, POSTTEST)  # the third and last attempt, open in this tab

    other_tab = client.get(f"/attempts/{first.id}/result").get_data(as_text=True)
    assert leaked(other_tab, first) == set()

    values = answers(last)
    one = {"slots": [values["slots"][0]]} | {
        k: v for k, v in values.items() if k.split("-")[0] == f"q{values['slots'][0]}"
    }
    saved = submit(client, f"/attempts/{last.id}/save", one, form_url=f"/attempts/{last.id}",
                   headers={"Accept": "application/json"})  # fmt: skip
    assert set(saved.get_json()) == {"saved", "markers"}  # the save's answer carries no key
    assert leaked(saved.get_data(as_text=True), last) == set()

    finish(client, last, right=False)  # attempts used up: now the key may be shown
    assert leaked(client.get(f"/attempts/{first.id}/result").get_data(as_text=True), first)


def test_another_learners_result_and_forged_ids_are_not_found(client, learner, app, make_member):
    attempt = start(client, PRETEST)
    finish(client, attempt)
    make_member(email="other@example.org", national_id="3100600123450")
    other = app.test_client()
    login(other, "other@example.org")

    assert other.get(f"/attempts/{attempt.id}/result").status_code == 404
    assert other.get("/attempts/999999/result").status_code == 404
    assert other.get(f"/attempts/{attempt.id}/result?review=1").status_code == 404


def test_the_api_never_describes_questions(client, learner):
    attempt = start(client, PRETEST)
    for url in ("/api/v1/courses/example", "/api/v1/courses", "/api/v1/openapi.json"):
        assert leaked(client.get(url).get_data(as_text=True), attempt) == set()


def test_a_posttest_avoids_questions_the_pretest_showed(client, learner):
    pretest = ready_for_posttest(client)

    posttest = start(client, POSTTEST)

    # the example bank has 10 questions, the pre-test and post-test 5 each
    assert set(posttest.question_ids).isdisjoint(pretest.question_ids)
    assert db.session.scalar(select(LessonReading.id).limit(1)) is not None
    known = services.exposure(learner, posttest.quiz)
    assert set(known) == set(pretest.question_ids) | set(posttest.question_ids)


def _with_formatted_feedback(attempt: Attempt) -> None:
    """The bank's author wrote HTML feedback ([html]), Markdown general feedback and an
    HTML left side of a matching pair, as Moodle exports them; one feedback carries a script."""
    snapshot = []
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        feedback = "<b>ดูมาตรา 55</b><script>alert(1)</script>"
        for answer in question.choices + question.numbers:
            answer.feedback, answer.feedback_format = feedback, "html"
        question.feedback_true = question.feedback_false = feedback
        question.feedback_true_format = question.feedback_false_format = "html"
        question.general_feedback, question.general_feedback_format = "**ทบทวนหน่วยที่ 2**", "markdown"
        for pair in question.pairs:
            pair.left, pair.left_format = f"<i>{pair.left}</i>", "html"
        snapshot.append({**entry, "question": question.to_data()})
    attempt.snapshot = snapshot
    db.session.commit()


def test_feedback_is_shown_in_the_format_its_author_wrote_and_never_runs_a_script(client, learner):
    finish(client, start(client, PRETEST))
    read_all_lessons(client)
    quiz = start(client, MODULE_QUIZ)
    _with_formatted_feedback(quiz)

    page = client.get(f"/attempts/{quiz.id}").get_data(as_text=True)
    if any(entry["question"]["pairs"] for entry in quiz.snapshot):
        assert "<i>" in page and "&lt;i&gt;" not in page  # the left side of a pair, in italics
    finish(client, quiz)
    page = client.get(f"/attempts/{quiz.id}/result").get_data(as_text=True)

    assert "<b>ดูมาตรา 55</b>" in page and "&lt;b&gt;" not in page
    assert "<strong>ทบทวนหน่วยที่ 2</strong>" in page and "**ทบทวน" not in page
    assert "<script>alert" not in page and "alert(1)" not in page


def test_a_part_without_a_format_of_its_own_is_read_in_the_question_s_as_moodle_does():
    from learnhub.assessment.views import question_html

    assert str(question_html("<i>ป.ป.ช.</i>", "", "html")) == "<i>ป.ป.ช.</i>"
    assert str(question_html("<i>ป.ป.ช.</i>", "plain", "html")) == "&lt;i&gt;ป.ป.ช.&lt;/i&gt;"
    assert "<em>" in str(question_html("*ข้อ*", "", "markdown"))
    assert str(question_html("a < b\nc", "", "moodle")) == "a &lt; b<br>c"

"""Taking quizzes: answers are never lost, the key never leaks, scores are fair."""

import datetime as dt

from sqlalchemy import func, select

from learnhub.assessment import banks, services
from learnhub.assessment.models import Attempt, AttemptAnswer
from learnhub.catalog import services as catalog
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Enrolment
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import answers, finish, read_all_lessons, ready_for_posttest, start

PRETEST = "/courses/example/quiz/pretest"
POSTTEST = "/courses/example/quiz/posttest"
MODULE_QUIZ = "/courses/example/modules/reporting/quiz"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_lessons_open_after_the_pretest_whatever_its_score(client, learner):
    assert client.get("/courses/example/lessons/what-is-corruption").status_code == 403

    attempt = start(client, PRETEST)
    response = finish(client, attempt, right=False)

    assert response.headers["Location"] == f"/attempts/{attempt.id}/result"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "คะแนน" in page and "0%" in page
    assert client.get("/courses/example/lessons/what-is-corruption").status_code == 200
    # the pre-test is taken once
    assert "ท่านใช้สิทธิ์ทำแบบทดสอบครบแล้ว" in client.get(PRETEST).get_data(as_text=True)


def test_the_attempt_page_never_contains_the_answer_key(client, learner):
    attempt = start(client, PRETEST)
    page = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)

    for secret in ("ถูกต้อง ตรงกับความหมายในบทเรียน", "ใช่ ประโยชน์ส่วนตนซ้อนกับหน้าที่", "####",
                   "fraction", "ไม่ใช่ เป็นสิทธิตามระเบียบ", "สำนักงาน ป.ป.ท. ใช้สายด่วน 1206 ส่วน",
                   "2551"):  # fmt: skip
        assert secret not in page
    # choices are named by their shuffled position, never by their place in the bank
    for entry in attempt.snapshot:
        if "order" in entry:
            values = [f'name="q{entry["slot"]}" value="{p}"' for p in range(len(entry["order"]))]
            assert all(v in page for v in values)


def test_saved_answers_come_back_after_a_reload(client, learner):
    attempt = start(client, PRETEST)
    values = answers(attempt)
    first = attempt.snapshot[0]
    one = {"slots": [str(first["slot"])]} | {
        k: v
        for k, v in values.items()
        if k == f"q{first['slot']}" or k.startswith(f"q{first['slot']}-")
    }

    response = submit(
        client, f"/attempts/{attempt.id}/save", one, form_url=f"/attempts/{attempt.id}",
        headers={"Accept": "application/json"},
    )  # fmt: skip

    saved = services.saved_responses(attempt)[first["slot"]]
    assert response.get_json() == {
        "saved": [first["slot"]],
        "markers": {str(first["slot"]): services.answer_marker(saved)},
    }
    page = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert f'id="nav-{first["slot"]}" class="answered"' in page
    assert services.saved_responses(attempt)[first["slot"]] is not None


def test_two_tabs_share_one_attempt_and_both_answers_are_kept(client, learner, app):
    attempt = start(client, PRETEST)
    again = start(client, PRETEST)  # the second tab, or a double click
    assert again.id == attempt.id and count(Attempt) == 1

    values = answers(attempt)
    for entry in attempt.snapshot[:2]:
        slot = entry["slot"]
        one = {"slots": [str(slot)]} | {
            k: v for k, v in values.items() if k.split("-")[0] == f"q{slot}"
        }
        submit(client, f"/attempts/{attempt.id}/save", one, form_url=f"/attempts/{attempt.id}")
    assert count(AttemptAnswer) == 2


def test_submitting_twice_is_harmless(client, learner):
    attempt = start(client, PRETEST)
    finish(client, attempt)
    score = db.session.get(Attempt, attempt.id).score

    url = f"/attempts/{attempt.id}"  # e.g. the Submit button of a second tab, clicked again
    second = submit(
        client, f"{url}/submit", answers(attempt, right=False), form_url=f"{url}/result"
    )

    assert second.headers["Location"] == f"/attempts/{attempt.id}/result"
    assert db.session.get(Attempt, attempt.id).score == score == 100.0
    assert count(Attempt) == 1


def test_forged_and_foreign_answers_are_refused_and_nothing_is_saved(client, learner):
    attempt = start(client, PRETEST)
    slot = next(entry["slot"] for entry in attempt.snapshot if "order" in entry)
    url = f"/attempts/{attempt.id}"

    forged = submit(client, f"{url}/save", {"slots": [str(slot)], f"q{slot}": ["99"]}, form_url=url)
    unknown = submit(client, f"{url}/save", {"slots": ["42"], "q42": ["0"]}, form_url=url)

    assert forged.status_code == 400 and unknown.status_code == 400
    assert count(AttemptAnswer) == 0


def test_another_learners_attempt_is_not_found(client, learner, app, make_member):
    attempt = start(client, PRETEST)
    make_member(email="other@example.org", national_id="3100600123450")
    other = app.test_client()
    login(other, "other@example.org")

    assert other.get(f"/attempts/{attempt.id}").status_code == 404
    values = answers(attempt) | {"csrf_token": ""}
    page = other.get("/courses/example")
    from tests.conftest import csrf_token

    values["csrf_token"] = csrf_token(page.get_data(as_text=True))
    assert other.post(f"/attempts/{attempt.id}/save", data=values).status_code == 404
    assert other.post(f"/attempts/{attempt.id}/submit", data=values).status_code == 404
    assert count(AttemptAnswer) == 0


def test_the_server_enforces_the_time_limit(client, learner):
    attempt = start(client, PRETEST)
    slot = attempt.snapshot[0]["slot"]
    values = answers(attempt)
    one = {"slots": [str(slot)]} | {
        k: v for k, v in values.items() if k.split("-")[0] == f"q{slot}"
    }
    submit(client, f"/attempts/{attempt.id}/save", one, form_url=f"/attempts/{attempt.id}")
    # the clock runs out (deadline and grace period in the past)
    stored = db.session.get(Attempt, attempt.id)
    stored.deadline = stored.started_at = services.utcnow() - dt.timedelta(minutes=5)
    db.session.commit()

    late = submit(
        client, f"/attempts/{attempt.id}/save", answers(attempt), form_url="/courses/example",
        headers={"Accept": "application/json"},
    )  # fmt: skip

    assert late.status_code == 409 and late.get_json()["submitted"] is True
    stored = db.session.get(Attempt, attempt.id)
    assert stored.state == "submitted" and stored.auto_submitted
    assert count(AttemptAnswer) == 1  # only what was saved in time
    assert stored.score == 100 / len(stored.snapshot)
    page = client.get(f"/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "หมดเวลา ระบบจึงส่งแบบทดสอบพร้อมคำตอบที่ท่านบันทึกไว้" in page


def test_module_quiz_then_posttest_completes_the_course(client, learner):
    finish(client, start(client, PRETEST), right=False)
    read_all_lessons(client)
    assert "แบบทดสอบหลังเรียนจะเปิดเมื่อท่านเรียนครบทุกหน่วย" in client.get(POSTTEST).get_data(as_text=True)
    completed = []
    catalog.completion_listeners.append(completed.append)
    try:
        finish(client, start(client, MODULE_QUIZ))
        page = client.get(POSTTEST).get_data(as_text=True)
        assert "เริ่มทำแบบทดสอบ" in page

        failed = start(client, POSTTEST)
        finish(client, failed, right=False)
        result = client.get(f"/attempts/{failed.id}/result").get_data(as_text=True)
        assert "ยังไม่ผ่าน (เกณฑ์ผ่านร้อยละ 70)" in result
        assert "ระบบจะเฉลยคำตอบเมื่อท่านสอบผ่าน" in result  # the key is withheld for now
        assert db.session.scalar(select(Enrolment)).completed_at is None

        passed = start(client, POSTTEST)
        finish(client, passed)
        result = client.get(f"/attempts/{passed.id}/result").get_data(as_text=True)
        assert "ท่านสอบผ่าน (เกณฑ์ผ่านร้อยละ 70)" in result and "คำตอบที่ถูกต้อง" in result
    finally:
        catalog.completion_listeners.remove(completed.append)
    assert db.session.scalar(select(Enrolment)).completed_at is not None
    assert len(completed) == 1
    course_page = client.get("/courses/example").get_data(as_text=True)
    assert 'value="100"' in course_page and "เรียนจบเมื่อ" in course_page


def test_attempts_run_out(client, learner):
    ready_for_posttest(client)
    for _ in range(3):
        finish(client, start(client, POSTTEST), right=False)

    page = client.get(POSTTEST).get_data(as_text=True)
    assert "ท่านใช้สิทธิ์ทำแบบทดสอบครบแล้ว" in page
    refused = submit(client, f"{POSTTEST}/start", {}, form_url=POSTTEST, follow_redirects=True)
    assert "ยังเริ่มทำแบบทดสอบนี้ไม่ได้ในขณะนี้" in refused.get_data(as_text=True)
    assert count(Attempt) == 5


def test_changing_the_bank_never_changes_a_past_score(client, learner):
    attempt = start(client, PRETEST)
    finish(client, attempt)
    bank = db.session.get(Attempt, attempt.id).quiz.bank
    # an author rewrites the bank so every old answer would now be wrong
    banks.import_gift(bank.slug, "::x:: คำถามใหม่ {=ใหม่ ~เก่า}\n")
    db.session.commit()

    page = client.get(f"/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "100%" in page
    assert db.session.get(Attempt, attempt.id).score == 100.0


def test_a_new_attempt_prefers_questions_not_seen_before(client, learner):
    from learnhub.assessment.models import Quiz

    finish(client, start(client, PRETEST), right=False)
    read_all_lessons(client)
    finish(client, start(client, MODULE_QUIZ), right=False)  # 2 of the 3 questions
    second = start(client, MODULE_QUIZ)
    first = db.session.scalars(
        select(Attempt).where(Attempt.number == 1, Attempt.quiz_id == second.quiz_id)
    ).one()
    unseen = {q.id for q in db.session.get(Quiz, second.quiz_id).bank.questions} - set(
        first.question_ids
    )
    assert unseen <= set(second.question_ids)


def test_statistics_are_for_staff_only(client, learner, make_member, app):
    attempt = start(client, PRETEST)
    finish(client, attempt)
    assert client.get(f"/quizzes/{attempt.quiz_id}/statistics").status_code == 403

    make_member(email="coordinator@example.org", role="coordinator", national_id="3100600123450")
    staff = app.test_client()
    login(staff, "coordinator@example.org")
    page = staff.get(f"/quizzes/{attempt.quiz_id}/statistics").get_data(as_text=True)
    assert "ค่าอำนาจจำแนก" in page and "ค่าความง่าย" in page and "100.0%" in page


def test_a_delay_between_attempts_is_explained(client, learner):
    from learnhub.assessment.models import Quiz

    finish(client, start(client, PRETEST), right=False)
    read_all_lessons(client)
    quiz = db.session.scalars(select(Quiz).where(Quiz.kind == "module")).one()
    quiz.settings = {**quiz.settings, "delay_minutes": 60}
    db.session.commit()

    finish(client, start(client, MODULE_QUIZ), right=False)

    page = client.get(MODULE_QUIZ).get_data(as_text=True)
    assert "ท่านทำได้อีกครั้งตั้งแต่" in page
    refused = submit(client, f"{MODULE_QUIZ}/start", {}, form_url=MODULE_QUIZ)
    assert refused.status_code == 303
    assert count(Attempt) == 2


def test_a_failed_post_test_says_when_the_next_attempt_opens_in_bangkok_time(
    client, course_folder, make_member, monkeypatch
):
    """The course waits 90 minutes between post-test attempts. Failed at 03:30 on
    1 December in Bangkok (20:30 UTC the day before), the result says the next attempt
    opens at 05:00 Bangkok time, in the Buddhist era, and does not offer one before."""
    folder = course_folder(quizzes=True)
    folder.edit("course.yaml", "  attempts: 3\n", "  attempts: 3\n  delay_minutes: 90\n")
    import_path(folder.path)
    make_member(email="learner@example.org")
    login(client, "learner@example.org")
    submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
    ready_for_posttest(client)
    monkeypatch.setattr(services, "utcnow", lambda: dt.datetime(2026, 11, 30, 20, 30))

    response = finish(client, start(client, POSTTEST), right=False)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ท่านทำได้อีกครั้งตั้งแต่ 1 ธันวาคม พ.ศ. 2569 เวลา 05:00 น." in page
    assert "ท่านยังทำได้อีก 2 ครั้ง" in page
    assert f'action="{POSTTEST}/start"' not in page  # no "Try again" button before then

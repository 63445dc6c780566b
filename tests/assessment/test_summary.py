"""Moodle's summary page before the final submit: what is answered and what is not."""

from __future__ import annotations

from learnhub.assessment import services
from learnhub.assessment.models import Attempt
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import answers, start


def test_the_summary_counts_unanswered_questions_and_submitting_from_it_keeps_every_answer(
    client, learner
):
    attempt = start(client, "/courses/example/quiz/pretest")
    url = f"/attempts/{attempt.id}"
    every = answers(attempt)
    first = attempt.snapshot[0]["slot"]
    some = {k: v for k, v in every.items() if k == "slots" or k.startswith(f"q{first}")}
    some["slots"] = [str(first)]
    response = submit(client, f"{url}/summary", some, form_url=url)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{url}/summary")

    page = client.get(f"{url}/summary").get_data(as_text=True)
    total = len(attempt.snapshot)
    assert f"ยังไม่ได้ตอบ {total - 1} ข้อ" in page
    assert page.count("ยังไม่ได้ตอบ</td>") == total - 1
    assert "คำตอบที่ถูกต้อง" not in page and "ถูกต้อง" not in page.split("<table")[1]

    response = submit(client, f"{url}/submit", {}, form_url=f"{url}/summary")
    assert response.status_code == 303
    db.session.expire_all()
    graded = db.session.get(Attempt, attempt.id)
    assert graded.state == "submitted"
    assert client.get(f"{url}/summary").headers["Location"].endswith(f"{url}/result")
    assert set(services.saved_responses(graded)) == {first}  # the empty final form erased nothing
    assert graded.score == 100 / total  # the one right answer was scored


def test_another_learners_summary_is_not_found(app, client, learner, make_member):
    attempt = start(client, "/courses/example/quiz/pretest")
    make_member(email="other@example.org", national_id="3100600123450")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/attempts/{attempt.id}/summary").status_code == 404

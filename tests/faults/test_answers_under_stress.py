"""Answers under stress: tabs saving in turn, a reload between saves, saves after the deadline.

tests/assessment/test_concurrency.py races two submits and an older tab's submit;
these are the cases it leaves out. No answer is lost and the score is computed once.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from learnhub.assessment import services
from learnhub.assessment.models import Attempt, AttemptAnswer
from learnhub.extensions import db
from tests.assessment.test_concurrency import (
    PRETEST,
    expected_score,
    only,
    tabs,  # noqa: F401 (the fixture)
)
from tests.concurrency import race
from tests.conftest import csrf_token
from tests.journeys import answers, start

JSON = {"Accept": "application/json"}


def stored_answers(attempt: Attempt) -> dict[int, object]:
    db.session.expire_all()
    return services.saved_responses(db.session.get(Attempt, attempt.id))


def whole_form(page: str, values: dict, slots: list[int]) -> dict:
    """The plain form of a loaded attempt page, with answers given for ``slots`` only."""
    form = {"csrf_token": csrf_token(page), "loaded_at": re.search(
        r'name="loaded_at" value="([^"]+)"', page).group(1)}  # fmt: skip
    markers = dict(re.findall(r'name="was-(\d+)" value="([^"]*)"', page))
    form["slots"] = list(markers)
    form.update({f"was-{slot}": marker for slot, marker in markers.items()})
    return form | {k: v for k, v in only(values, slots).items() if k != "slots"}


def autosave(tab, url: str, values: dict, slot: int):
    """What the page's script posts when one answer changes."""
    token = csrf_token(tab.get(url).get_data(as_text=True))
    return tab.post(f"{url}/save", data=only(values, [slot]) | {"csrf_token": token}, headers=JSON)


def test_two_tabs_saving_in_turn_keep_every_answer_each_gave(tabs):  # noqa: F811
    first, second = tabs
    attempt = start(first, PRETEST)
    url = f"/attempts/{attempt.id}"
    slots = [entry["slot"] for entry in attempt.snapshot]
    right = answers(attempt)
    stale_first = first.get(url).get_data(as_text=True)  # both tabs opened before any answer
    stale_second = second.get(url).get_data(as_text=True)

    for index, slot in enumerate(slots):
        tab, stale = (first, stale_first) if index % 2 == 0 else (second, stale_second)
        if index % 3 == 0:  # a whole-form save from the page as it was first loaded
            response = tab.post(f"{url}/save", data=whole_form(stale, right, [slot]))
            assert response.status_code == 303
        else:
            assert autosave(tab, url, right, slot).status_code == 200
        assert set(stored_answers(attempt)) == set(slots[: index + 1]), "an answer was lost"

    # The first tab, never reloaded, submits its old form with every field blank.
    response = first.post(f"{url}/submit", data=whole_form(stale_first, right, []))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 100.0


def test_two_tabs_saving_different_answers_at_the_same_moment_both_keep_theirs(tabs):  # noqa: F811
    first, second = tabs
    for _ in range(10):
        attempt = start(first, PRETEST)
        url = f"/attempts/{attempt.id}"
        slots = [entry["slot"] for entry in attempt.snapshot]
        right = answers(attempt)
        posts = []
        for tab, slot in ((first, slots[0]), (second, slots[1])):
            token = csrf_token(tab.get(url).get_data(as_text=True))
            posts.append((tab, only(right, [slot]) | {"csrf_token": token}))
        responses = race(*[
            lambda tab=tab, data=data, url=url: tab.post(f"{url}/save", data=data, headers=JSON)
            for tab, data in posts
        ])  # fmt: skip
        assert [r.status_code for r in responses] == [200, 200]
        assert set(stored_answers(attempt)) == {slots[0], slots[1]}
        first.post(f"{url}/submit", data=whole_form(first.get(url).get_data(as_text=True),
                                                     right, []))  # fmt: skip


def test_a_reload_between_saves_shows_what_was_saved_and_keeps_it(tabs):  # noqa: F811
    first, _ = tabs
    attempt = start(first, PRETEST)
    url = f"/attempts/{attempt.id}"
    slots = [entry["slot"] for entry in attempt.snapshot]
    right = answers(attempt)
    assert autosave(first, url, right, slots[0]).status_code == 200

    reloaded = first.get(url).get_data(as_text=True)  # the learner presses reload
    saved = stored_answers(attempt)
    marker = re.search(rf'name="was-{slots[0]}" value="([^"]*)"', reloaded).group(1)
    assert marker == services.answer_marker(saved[slots[0]])  # the page shows the saved answer

    # From the reloaded page the learner answers the second question and saves the whole form.
    form = whole_form(reloaded, right, [slots[0], slots[1]])
    assert first.post(f"{url}/save", data=form).status_code == 303
    assert set(stored_answers(attempt)) == {slots[0], slots[1]}
    assert stored_answers(attempt)[slots[0]] == saved[slots[0]]


def test_saves_after_the_deadline_are_refused_and_the_score_is_computed_once(tabs):  # noqa: F811
    first, second = tabs
    attempt = start(first, PRETEST)
    url = f"/attempts/{attempt.id}"
    slots = [entry["slot"] for entry in attempt.snapshot]
    right = answers(attempt)
    assert autosave(first, url, right, slots[0]).status_code == 200

    def clock_ran_out(ago: dt.timedelta) -> None:
        stored = db.session.get(Attempt, attempt.id)
        stored.deadline = services.utcnow() - ago
        stored.started_at = stored.deadline - dt.timedelta(minutes=30)
        db.session.commit()

    # Within the grace period (a slow phone network), the last answer still counts.
    clock_ran_out(services.GRACE / 3)
    assert autosave(second, url, right, slots[1]).status_code == 200

    # Past it: a save in one tab and a submit in the other (both pages open) arrive together.
    late_page = whole_form(second.get(url).get_data(as_text=True), right, [])
    late_save = only(right, [slots[2]]) | {
        "csrf_token": csrf_token(first.get(url).get_data(as_text=True))
    }
    clock_ran_out(services.GRACE * 2)
    responses = race(
        lambda: first.post(f"{url}/save", data=late_save, headers=JSON),
        lambda: second.post(f"{url}/submit", data=late_page),
    )
    assert responses[0].status_code == 409 and responses[0].get_json()["submitted"] is True
    assert responses[1].status_code in (303, 409), responses[1].get_data(as_text=True)[-1500:]

    db.session.expire_all()
    closed = db.session.get(Attempt, attempt.id)
    assert closed.state == "submitted"
    assert set(stored_answers(attempt)) == {slots[0], slots[1]}  # only what came in time
    assert closed.score == expected_score(closed) == round(200 / len(slots), 4)
    assert closed.submitted_at <= closed.deadline + services.GRACE
    score, submitted_at = closed.score, closed.submitted_at

    # One more click on "submit" changes nothing.
    again = first.post(f"{url}/submit", data=late_page | {"csrf_token": late_save["csrf_token"]})
    assert again.status_code in (303, 409)
    db.session.expire_all()
    closed = db.session.get(Attempt, attempt.id)
    assert (closed.score, closed.submitted_at) == (score, submitted_at)
    rows = db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id))
    assert all(row.fraction is not None for row in rows)

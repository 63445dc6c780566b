"""A certificate must mean that its holder learned: the cheating learner fails.

The cheater reads no lesson (it only waits out each lesson's minimum time), takes
every quiz, and remembers everything the site shows it: which answers were right or
wrong, every key a review reveals, on every page. It answers from what it harvested
and guesses the rest. Over many seeded runs of the four programme courses its
post-test pass rate must stay below 5 %. A control run against a site that leaks
(keys shown at once, the post-test drawn without regard to the pre-test) shows that
the same cheater passes there, so the test can fail.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field

import pytest

from learnhub.assessment import review, services
from learnhub.assessment.grading import grade
from learnhub.assessment.models import Attempt
from learnhub.assessment.questions import Question
from learnhub.catalog.cli import DEFAULT_PATH
from learnhub.catalog.importer import import_path
from learnhub.catalog.loader import load_course
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import answers, read_lesson, start

COURSES = ("corruption-types", "network-building", "legal-protections", "ethics-standards")
LEARNERS_PER_COURSE = 2  # full runs through the site, per course
REPLAYS = 60  # further seeded answer sheets on each post-test the site actually drew
PASS_MARK = 70
# A module quiz may be retaken without limit; a cheater stuck on one would get through by
# brute force in the end. After this many tries the test lets it through (answering right,
# as if it had looked the answers up) so that every run measures the post-test.
MODULE_TRIES = 8

ITEM = re.compile(r'<li class="card review-item ([a-z]*)">(.*?)</li>', re.DOTALL)
QUESTION = re.compile(r'<div class="question-text">(.*?)</div>', re.DOTALL)
YOURS = re.compile(r"คำตอบของท่าน:</span>(.*?)</p>", re.DOTALL)
KEY = re.compile(r"คำตอบที่ถูกต้อง:</span>(.*?)</p>", re.DOTALL)


def plain(fragment: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return " ".join(text.split())


@dataclass
class Knowledge:
    """What the cheater has seen, keyed by question text as the page shows it."""

    right: dict[str, set[str]] = field(default_factory=dict)
    wrong: dict[str, set[str]] = field(default_factory=dict)
    any_right: set[str] = field(default_factory=set)  # every answer ever shown as right

    def harvest(self, page: str) -> None:
        for verdict, body in ITEM.findall(page):
            question = QUESTION.search(body)
            if not question:
                continue
            text = plain(question.group(1))
            yours = YOURS.search(body)
            given = plain(yours.group(1)) if yours else ""
            if verdict == "right" and given:
                self.right.setdefault(text, set()).add(given)
                self.any_right.add(given)
            elif verdict == "wrong" and given:
                self.wrong.setdefault(text, set()).add(given)
            key = KEY.search(body)
            if key:
                answers = {plain(part) for part in key.group(1).split(" / ")}
                self.right.setdefault(text, set()).update(answers)
                self.any_right.update(answers)

    def copy(self) -> Knowledge:
        return Knowledge(
            {k: set(v) for k, v in self.right.items()},
            {k: set(v) for k, v in self.wrong.items()},
            set(self.any_right),
        )


def shown_text(question: Question) -> str:
    return " ".join(question.text.split())


def answer_sheet(attempt: Attempt, knowledge: Knowledge, rng: random.Random) -> dict:
    """The cheater's form: harvested answers where it has them, guesses elsewhere."""
    values: dict[str, list[str]] = {"slots": []}
    for entry in attempt.snapshot:
        slot, question = entry["slot"], Question.from_data(entry["question"])
        text = shown_text(question)
        right, wrong = knowledge.right.get(text, set()), knowledge.wrong.get(text, set())
        name = f"q{slot}"
        values["slots"].append(str(slot))
        if question.qtype in ("single", "multiple"):
            texts = [question.choices[i].text for i in entry["order"]]
            known = [p for p, t in enumerate(texts) if t in right or t in knowledge.any_right]
            if question.qtype == "single":
                pool = known or [p for p, t in enumerate(texts) if t not in wrong] or [0]
                values[name] = [str(rng.choice(pool))]
            else:
                pool = known or rng.sample(range(len(texts)), rng.randint(1, len(texts)))
                values[name] = [str(p) for p in pool]
        elif question.qtype == "truefalse":
            words = {"ถูก": "true", "ผิด": "false"}
            guess = next((words[w] for w in right if w in words), None)
            if guess is None:
                guess = rng.choice([v for w, v in words.items() if w not in wrong] or ["true"])
            values[name] = [guess]
        elif question.qtype == "matching":
            rights = [question.pairs[i].right for i in entry["right_order"]]
            for position, left in enumerate(entry["left_order"]):
                pair = next((r.split(" → ", 1)[1] for r in right
                             if r.startswith(question.pairs[left].left + " → ")), None)  # fmt: skip
                choice = rights.index(pair) if pair in rights else rng.randrange(len(rights))
                values[f"{name}-{position}"] = [str(choice)]
        elif question.qtype in ("shortanswer", "numerical"):
            values[name] = [next(iter(right), rng.choice(sorted(knowledge.any_right) or ["?"]))]
    return values


def score_of(attempt: Attempt, sheet: dict) -> float:
    """What this answer sheet would score on this attempt, graded for real."""
    earned = graded = 0
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        response = services.parse_response(entry, sheet)
        fraction = grade(question, response)
        if fraction is not None:
            graded += 1
            earned += fraction
    return 100 * earned / graded


@dataclass
class Run:
    reached_posttest: bool = False
    passed: bool = False
    replays: list[float] = field(default_factory=list)


def cheat_through(client, slug: str, rng: random.Random) -> Run:
    """One cheating learner takes one course from enrolment to the end of its post-test."""
    spec = load_course(DEFAULT_PATH / slug)
    base = f"/courses/{slug}"
    knowledge, run = Knowledge(), Run()
    submit(client, f"{base}/enrol", {}, form_url=base)

    def take(path: str, honestly: bool = False) -> tuple[Attempt, bool]:
        attempt = start(client, path)
        sheet = answers(attempt) if honestly else answer_sheet(attempt, knowledge, rng)
        url = f"/attempts/{attempt.id}"
        submit(client, f"{url}/submit", sheet, form_url=url)
        page = client.get(f"{url}/result").get_data(as_text=True)
        knowledge.harvest(page)
        db.session.expire_all()
        attempt = db.session.get(Attempt, attempt.id)
        return attempt, attempt.score >= attempt.quiz.pass_mark if attempt.quiz.pass_mark else True

    take(f"{base}/quiz/pretest")
    for module in spec.modules:
        for lesson in module.lessons:
            read_lesson(client, f"{base}/lessons/{lesson.key}")  # waits, reads nothing
        for tries in range(MODULE_TRIES + 1):
            if take(f"{base}/modules/{module.key}/quiz", honestly=tries == MODULE_TRIES)[1]:
                break
    run.reached_posttest = True
    for _ in range(3):
        before = knowledge.copy()
        attempt, passed = take(f"{base}/quiz/posttest")
        run.replays += [score_of(attempt, answer_sheet(attempt, before, random.Random(seed)))
                        for seed in range(REPLAYS)]  # fmt: skip
        if passed:
            run.passed = True
            break
    return run


@pytest.fixture
def programme(app):
    import_path(DEFAULT_PATH)


def cheat(app, make_member, slugs, learners) -> list[Run]:
    runs = []
    for slug in slugs:
        for n in range(learners):
            email = f"cheater-{slug}-{n}@example.org"
            make_member(email=email, national_id=national_id_for(len(runs)))
            client = app.test_client()
            login(client, email)
            runs.append(cheat_through(client, slug, random.Random(f"{slug}-{n}")))
    return runs


def national_id_for(n: int) -> str:
    digits = f"3{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits))
    return digits + str((11 - total % 11) % 10)


def pass_rate(runs: list[Run]) -> tuple[float, float]:
    """(share of real runs that passed, share of replayed answer sheets that would pass)."""
    replays = [score >= PASS_MARK - 1e-6 for run in runs for score in run.replays]
    return sum(r.passed for r in runs) / len(runs), sum(replays) / len(replays)


def test_a_learner_who_reads_nothing_fails_every_programme_post_test(app, programme, make_member):
    runs = cheat(app, make_member, COURSES, LEARNERS_PER_COURSE)

    assert all(run.reached_posttest for run in runs)
    real, replayed = pass_rate(runs)
    assert real < 0.05, f"{real:.0%} of cheating learners passed"
    assert replayed < 0.05, f"{replayed:.1%} of replayed cheating answer sheets pass"


def test_the_same_cheater_passes_where_the_site_leaks_its_keys(
    app, programme, make_member, monkeypatch
):
    """Control: keys shown at once and a draw blind to the pre-test, as before the fix."""
    monkeypatch.setattr(services, "correct_answers_visible", lambda attempt: True)
    monkeypatch.setattr(services, "exposure", lambda user, quiz: {})
    monkeypatch.setattr(
        review, "draw", lambda pool, count, known, rng: rng.sample(pool, min(count, len(pool)))
    )

    runs = cheat(app, make_member, ["ethics-standards"], 2)

    real, replayed = pass_rate(runs)
    assert real > 0.5 and replayed > 0.3, (real, replayed)

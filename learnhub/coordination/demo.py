"""Demo data for the coordinator's workspace: a network, its coordinator, and a blended
cohort of the corruption-types course whose members stand at every stage, with pre-test
and post-test scores and one approved recognition (เชิดชูเกียรติ), so a newcomer sees a
real progress page, learning-gain report and recognition.

The attempts are written as the assessment engine stores them (a snapshot of the bank's
questions, one answer per slot with its credit), answered right or wrong so that each
member reaches a chosen score. Deterministic: the same run gives the same figures.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from learnhub.accounts.models import Role, User, utcnow
from learnhub.accounts.privacy import encrypt_national_id, national_id_hash
from learnhub.accounts.services import find_user_by_email, hash_password
from learnhub.assessment.models import (
    MODULE_QUIZ,
    POSTTEST,
    PRETEST,
    SUBMITTED,
    Attempt,
    AttemptAnswer,
    Quiz,
)
from learnhub.assessment.questions import SINGLE, Question
from learnhub.catalog.models import Course, Enrolment, LessonProgress
from learnhub.coordination import cohorts
from learnhub.coordination.models import (
    APPROVED,
    Attendance,
    Cohort,
    CohortSession,
    Network,
    NetworkCoordinator,
    NetworkMembership,
    RosterRecord,
)
from learnhub.credentials import recognitions
from learnhub.credentials.models import RecognitionKind
from learnhub.extensions import db

NETWORK = "ศูนย์ธรรมาภิบาลเขตดุสิต"
COHORT = "รุ่นที่ 1/2569 อาสาสมัครชุมชนเขตดุสิต"
FIRST = ["สมศรี", "บุญมี", "ประเสริฐ", "มาลัย", "สุชาติ", "วันเพ็ญ", "ทองใบ", "จันทร์เพ็ญ",
         "สมหมาย", "ละเอียด", "ประยูร", "บัวผัน", "สมบัติ", "ศรีนวล", "วิชัย", "อำไพ",
         "เฉลิม", "ลำดวน", "ชูชาติ", "พิมพา", "สายสุนีย์", "ไพโรจน์", "คำปุ่น", "อุดม"]  # fmt: skip
LAST = ["ใจดี", "รักชุมชน", "สุจริต", "มั่นคง", "ศรีสุข", "แก้วมณี", "บุญรักษา", "ทองดี"]
# (stage, how many): every stage a coordinator meets.
STAGES = [("not_started", 4), ("pretest_only", 4), ("studying", 4), ("completed", 9),
          ("failed", 3)]  # fmt: skip


def _thai_id(n: int) -> str:
    body = f"3{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


def _snapshot(questions) -> list[dict]:
    entries = []
    for slot, bank_question in enumerate(questions, start=1):
        entry = {"slot": slot, "question_id": bank_question.id, "question": bank_question.data}
        question = Question.from_data(bank_question.data)
        if question.qtype in ("single", "multiple"):
            entry["order"] = list(range(len(question.choices)))
        entries.append(entry)
    return entries


def _attempt(user, enrolment, quiz: Quiz, number: int, score: int, when, rng) -> None:
    """A submitted attempt whose answers earn ``score`` percent (questions drawn at random)."""
    bank = list(quiz.bank.questions)
    count = min(int(quiz.settings.get("questions") or len(bank)), len(bank))
    questions = rng.sample(bank, count)
    right = round(score * count / 100)
    correct_slots = set(rng.sample(range(1, count + 1), right))
    attempt = Attempt(
        quiz_id=quiz.id, user_id=user.id, enrolment_id=enrolment.id, number=number,
        state=SUBMITTED, started_at=when, submitted_at=when + dt.timedelta(minutes=18),
        snapshot=_snapshot(questions), question_ids=[q.id for q in questions],
        score=round(100 * right / count, 4),
    )  # fmt: skip
    db.session.add(attempt)
    db.session.flush()
    for slot, bank_question in enumerate(questions, start=1):
        good = slot in correct_slots
        question = Question.from_data(bank_question.data)
        response = None
        if question.qtype == SINGLE:
            wanted = [i for i, c in enumerate(question.choices) if (c.fraction > 0) == good]
            response = wanted[0] if wanted else None
        db.session.add(AttemptAnswer(attempt_id=attempt.id, slot=slot, response=response,
                                     fraction=1.0 if good else 0.0, saved_at=when))  # fmt: skip


def load(password: str) -> str | None:
    """Create the demo network and cohort once; returns what was made, or None if present."""
    if db.session.scalar(select(Network.id).where(Network.name == NETWORK)) is not None:
        return None
    coordinator = find_user_by_email("coordinator@example.org")
    course = db.session.scalar(select(Course).where(Course.slug == "corruption-types"))
    if coordinator is None or course is None or course.current_version is None:
        return None
    version = course.current_version
    network = Network(name=NETWORK, province_code="10",
                      description="ศูนย์ธรรมาภิบาลของสำนักงานเขตดุสิต กรุงเทพมหานคร "
                                  "ประสานอาสาสมัครจากชุมชนในเขต")  # fmt: skip
    db.session.add(network)
    db.session.flush()
    db.session.add(NetworkCoordinator(network_id=network.id, user_id=coordinator.id))
    today = dt.date.today()
    cohort = Cohort(
        network_id=network.id, course_id=course.id, version_id=version.id, name=COHORT,
        starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=1),
        mode="blended", place="ห้องประชุมสำนักงานเขตดุสิต", attendance_share=50,
        posttest_required=True, created_by_id=coordinator.id,
    )  # fmt: skip
    db.session.add(cohort)
    db.session.flush()
    sessions = [
        CohortSession(cohort_id=cohort.id, held_on=today - dt.timedelta(days=d),
                      place="ห้องประชุมสำนักงานเขตดุสิต", topic=topic)
        for d, topic in ((28, "ปฐมนิเทศและแบบทดสอบก่อนเรียน"), (7, "ทบทวนและแบบทดสอบหลังเรียน"))
    ]  # fmt: skip
    db.session.add_all(sessions)
    quizzes = {(q.kind, q.module_id): q for q in
               db.session.scalars(select(Quiz).where(Quiz.version_id == version.id))}  # fmt: skip
    pretest, posttest = quizzes[(PRETEST, None)], quizzes[(POSTTEST, None)]
    module_quizzes = [q for (kind, _), q in quizzes.items() if kind == MODULE_QUIZ]
    lessons = version.lessons
    rng = random.Random(2569)
    password_hash = hash_password(password)
    start = utcnow() - dt.timedelta(days=28)
    number = 0
    for stage, count in STAGES:
        for _ in range(count):
            number += 1
            first, last = FIRST[number - 1], LAST[number % len(LAST)]
            user = User(email=f"member{number:02d}@example.org", password_hash=password_hash,
                        display_name=f"{'นาง' if number % 2 else 'นาย'}{first} {last}",
                        role=Role.LEARNER)  # fmt: skip
            db.session.add(user)
            db.session.flush()
            db.session.add(RosterRecord(
                user_id=user.id, title="mrs" if number % 2 else "mr", first_name_th=first,
                last_name_th=last, national_id_encrypted=encrypt_national_id(_thai_id(number)),
                national_id_hash=national_id_hash(_thai_id(number)), mobile=f"08{number:08d}",
                position="อาสาสมัคร", agency=f"ชุมชนที่ {number % 6 + 1} เขตดุสิต",
                province_code="10", member_type="community_leader", imported_by_id=coordinator.id,
            ))  # fmt: skip
            db.session.add(NetworkMembership(
                network_id=network.id, user_id=user.id, status=APPROVED,
                member_type="community_leader", agency=f"ชุมชนที่ {number % 6 + 1} เขตดุสิต",
                source="import", decided_at=start, decided_by_id=coordinator.id,
            ))  # fmt: skip
            member, _new = cohorts.add_member(coordinator, cohort, user.id, commit=False)
            enrolment = db.session.get(Enrolment, member.enrolment_id)
            if stage == "not_started":
                continue
            pre = rng.choice([25, 30, 35, 40, 45, 50, 55, 60])
            _attempt(user, enrolment, pretest, 1, pre, start, rng)
            if stage == "pretest_only":
                continue
            done = lessons if stage != "studying" else lessons[: rng.randint(2, len(lessons) - 2)]
            for lesson in done:
                read_on = start + dt.timedelta(days=3)
                db.session.add(LessonProgress(enrolment_id=enrolment.id, lesson_id=lesson.id,
                                              completed_at=read_on))  # fmt: skip
            db.session.add(Attendance(session_id=sessions[0].id, member_id=member.id,
                                      present=True, recorded_by_id=coordinator.id))  # fmt: skip
            if stage == "studying":
                continue
            later = start + dt.timedelta(days=20)
            for quiz in module_quizzes:
                _attempt(user, enrolment, quiz, 1, 80, later, rng)
            db.session.add(Attendance(session_id=sessions[1].id, member_id=member.id,
                                      present=stage == "completed" or number % 2 == 0,
                                      recorded_by_id=coordinator.id))  # fmt: skip
            if stage == "completed":
                post = min(100, max(70, pre + rng.choice([20, 25, 30, 35, 40, 45])))
                _attempt(user, enrolment, posttest, 1, post, later, rng)
                enrolment.completed_at = later + dt.timedelta(minutes=20)
            else:  # failed all three post-test attempts
                for attempt_number in (1, 2, 3):
                    score = min(65, pre + rng.choice([0, 5, 10, 15]))
                    _attempt(user, enrolment, posttest, attempt_number, score,
                             later + dt.timedelta(days=attempt_number), rng)  # fmt: skip
    db.session.commit()
    _recognise(coordinator, find_user_by_email("member13@example.org"))
    return f"{NETWORK}: {COHORT}, {number} members"


def _recognise(coordinator: User, member: User | None) -> None:
    """An approved recognition with its เกียรติบัตร: the coordinator nominates, the admin
    approves, as the real workflow goes."""
    admin = find_user_by_email("admin@example.org")
    if member is None or admin is None:
        return
    recognitions.seed_kinds()
    kind = db.session.scalar(select(RecognitionKind).where(RecognitionKind.key == "network_member"))
    nomination = recognitions.nominate(
        coordinator, member, kind, title="สมาชิกเครือข่ายดีเด่น ประจำปี 2569",
        citation="เป็นแกนนำชุมชนในการเฝ้าระวังและแจ้งเบาะแสการทุจริต "
                 "และชักชวนสมาชิกเข้ารับการอบรมครบทุกคน",
        awarded_on=dt.date.today() - dt.timedelta(days=2), awarding_body=NETWORK,
    )  # fmt: skip
    recognitions.approve(nomination, admin, "ผลงานครบตามเกณฑ์ของเครือข่าย")

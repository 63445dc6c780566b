"""A member's record as staff see it: enrolments, attempts with the answers given
(read-only), certificates, approved recognitions, and the roster details with the
national ID masked."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.accounts.privacy import decrypt_national_id
from learnhub.assessment.models import SUBMITTED, Attempt
from learnhub.assessment.questions import MULTIPLE, SINGLE, TRUEFALSE, Question
from learnhub.catalog.models import Enrolment
from learnhub.coordination.models import RosterRecord
from learnhub.credentials import recognitions
from learnhub.credentials.models import Certificate, Recognition
from learnhub.extensions import db
from learnhub.thai import mask_national_id


@dataclass
class AnswerLine:
    question: str
    answer: str
    fraction: float | None


@dataclass
class AttemptView:
    attempt: Attempt
    answers: list[AnswerLine] = field(default_factory=list)


@dataclass
class MemberRecord:
    user: User
    roster: RosterRecord | None
    national_id_masked: str | None
    enrolments: list[Enrolment]
    attempts: dict[int, list[AttemptView]]  # by enrolment id
    certificates: list[Certificate]
    recognitions: list[Recognition]


def answer_text(question: Question, entry: dict, response) -> str:
    """What the member answered, in words (never the key)."""
    if response is None:
        return "—"
    if question.qtype in (SINGLE, MULTIPLE):
        chosen = response if isinstance(response, list) else [response]
        return "; ".join(
            question.choices[i].text
            for i in chosen
            if isinstance(i, int) and i < len(question.choices)
        )
    if question.qtype == TRUEFALSE:
        return "ถูก" if response else "ผิด"
    if isinstance(response, dict | list):
        return ", ".join(
            str(v) for v in (response.values() if isinstance(response, dict) else response)
        )
    return str(response)


def member_record(viewer: User, person: User) -> MemberRecord:
    """Everything staff may see of a person's learning (the caller has scoped the person)."""
    roster = db.session.get(RosterRecord, person.id)
    masked = None
    if person.profile is not None:
        masked = mask_national_id(decrypt_national_id(person.profile.national_id_encrypted))
    elif roster is not None and roster.national_id_encrypted:
        masked = mask_national_id(decrypt_national_id(roster.national_id_encrypted))
    enrolments = list(
        db.session.scalars(
            select(Enrolment).where(Enrolment.user_id == person.id).order_by(Enrolment.enrolled_at)
        )
    )
    attempts: dict[int, list[AttemptView]] = {}
    for attempt in db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == person.id, Attempt.state == SUBMITTED)
        .order_by(Attempt.started_at)
    ):
        saved = {a.slot: a for a in attempt.answers}
        view = AttemptView(attempt)
        for entry in attempt.snapshot:
            question = Question.from_data(entry["question"])
            answer = saved.get(entry["slot"])
            view.answers.append(
                AnswerLine(
                    question.text,
                    answer_text(question, entry, answer.response if answer else None),
                    answer.fraction if answer else None,
                )
            )
        attempts.setdefault(attempt.enrolment_id, []).append(view)
    certificates = list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == person.id)
            .order_by(Certificate.issued_at)
        )
    )
    return MemberRecord(person, roster, masked, enrolments, attempts, certificates,
                        recognitions.of_member(person))  # fmt: skip

"""The programme overview: members, cohorts, enrolments, completions, certificates and mean
learning gain for one Thai fiscal year (1 October – 30 September, named in พ.ศ.).

Per course it counts what happened in the year: enrolments made, courses
completed, certificates issued (valid ones), and the mean gain of members whose
first post-test was submitted in the year. Per network and per province (the
network's) it counts the cohorts that started in the year and their members.
Recognitions (เชิดชูเกียรติ) approved and not revoked are counted by the date they were
awarded: per kind, per network and province of their holder, and per fiscal year.
A coordinator sees only the people, cohorts and networks the scoping functions
give them; an admin sees everyone.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import geothai
from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select

from learnhub.accounts.models import MemberProfile, utcnow
from learnhub.assessment.models import POSTTEST, PRETEST, SUBMITTED, Attempt, Quiz
from learnhub.catalog.models import Course, Enrolment
from learnhub.coordination import scoping
from learnhub.coordination.models import (
    APPROVED as MEMBER_APPROVED,
)
from learnhub.coordination.models import (
    Cohort,
    CohortMember,
    Network,
    NetworkMembership,
    RosterRecord,
)
from learnhub.coordination.spreadsheets import escape_cell
from learnhub.credentials.models import (
    APPROVED,
    VALID,
    Certificate,
    Recognition,
    RecognitionKind,
)
from learnhub.extensions import db
from learnhub.thai import fiscal_year, fiscal_year_dates, fiscal_year_utc_range

FIRST_YEAR = 2566  # the first fiscal year offered in the year chooser


def now() -> dt.datetime:
    return utcnow()


@dataclass
class Row:
    label: str
    members: int = 0
    cohorts: int = 0
    enrolments: int = 0
    completions: int = 0
    certificates: int = 0
    gains: list[float] = field(default_factory=list)  # post − pre of each pair, in points
    course_id: int | None = None  # per-course rows: for the item statistics links
    posttest_id: int | None = None
    version_id: int | None = None

    @property
    def mean_gain(self) -> float | None:
        return statistics.fmean(self.gains) if self.gains else None

    @property
    def pairs(self) -> int:
        return len(self.gains)


@dataclass
class Count:
    label: str
    count: int = 0


@dataclass
class RecognitionCounts:
    """Approved, unrevoked recognitions awarded in the year, and in every fiscal year."""

    by_kind: list[Count]
    by_network: list[Count]
    by_province: list[Count]
    by_year: list[tuple[int, int]]  # (fiscal year พ.ศ., count), latest first
    total: int


@dataclass
class Overview:
    year: int
    first_day: dt.date
    last_day: dt.date
    by_course: list[Row]
    by_network: list[Row]
    by_province: list[Row]
    total: Row
    recognitions: RecognitionCounts | None = None


def _first_scores(people) -> dict[tuple[int, int, str], tuple[float, dt.datetime]]:
    """Each person's first submitted pre-test and post-test per version: score and time."""
    rows = db.session.execute(
        select(
            Attempt.user_id,
            Quiz.version_id,
            Quiz.kind,
            Attempt.number,
            Attempt.score,
            Attempt.submitted_at,
        )
        .join(Quiz, Attempt.quiz_id == Quiz.id)
        .where(
            Quiz.kind.in_((PRETEST, POSTTEST)),
            Attempt.state == SUBMITTED,
            Attempt.user_id.in_(people),
        )
        .order_by(Attempt.number.desc())
    )
    first = {}
    for user_id, version_id, kind, _number, score, submitted_at in rows:
        first[(user_id, version_id, kind)] = (score or 0.0, submitted_at)  # lowest number wins
    return first


def _gain(first, user_id: int, version_id: int | None, start, end) -> float | None:
    pre = first.get((user_id, version_id, PRETEST))
    post = first.get((user_id, version_id, POSTTEST))
    if pre is None or post is None or not (start <= post[1] < end):
        return None
    return post[0] - pre[0]


def programme_overview(user, year: int, locale: str) -> Overview:
    start, end = fiscal_year_utc_range(year)
    first_day, last_day = fiscal_year_dates(year)
    people = scoping.people_for(user)
    first = _first_scores(people)

    courses = {course.id: course for course in db.session.scalars(select(Course))}
    by_course: dict[int, Row] = {}

    def course_row(course_id: int) -> Row:
        if course_id not in by_course:
            course = courses[course_id]
            version = course.current_version
            by_course[course_id] = Row(
                label=version.title(locale) if version else course.slug, course_id=course_id
            )
        return by_course[course_id]

    members: dict[int, set[int]] = defaultdict(set)
    for user_id, course_id, version_id, enrolled_at, completed_at in db.session.execute(
        select(
            Enrolment.user_id,
            Enrolment.course_id,
            Enrolment.version_id,
            Enrolment.enrolled_at,
            Enrolment.completed_at,
        ).where(Enrolment.user_id.in_(people))
    ):
        row = course_row(course_id)
        if start <= enrolled_at < end:
            row.enrolments += 1
            members[course_id].add(user_id)
        if completed_at and start <= completed_at < end:
            row.completions += 1
            members[course_id].add(user_id)
        gained = _gain(first, user_id, version_id, start, end)
        if gained is not None:
            row.gains.append(gained)
    certified: set[tuple[int, int]] = set()
    for user_id, course_id, issued_at in db.session.execute(
        select(Certificate.user_id, Certificate.course_id, Certificate.issued_at).where(
            Certificate.status == VALID, Certificate.user_id.in_(people)
        )
    ):
        certified.add((user_id, course_id))
        if start <= issued_at < end:
            course_row(course_id).certificates += 1

    # Networks and provinces: the cohorts that started in the year, and their members.
    networks = {n.id: n for n in db.session.scalars(scoping.networks_for(user))}
    cohorts = list(
        db.session.scalars(
            scoping.cohorts_for(user).where(
                Cohort.starts_on >= first_day, Cohort.starts_on <= last_day
            )
        )
    )
    by_network: dict[int, Row] = {}
    network_members: dict[int, set[int]] = defaultdict(set)
    cohort_members = defaultdict(list)
    if cohorts:
        for cohort_id, user_id, enrolment_id in db.session.execute(
            select(CohortMember.cohort_id, CohortMember.user_id, CohortMember.enrolment_id).where(
                CohortMember.cohort_id.in_([c.id for c in cohorts])
            )
        ):
            cohort_members[cohort_id].append((user_id, enrolment_id))
    completed = {
        enrolment_id
        for (enrolment_id,) in db.session.execute(
            select(Enrolment.id).where(
                Enrolment.completed_at.is_not(None), Enrolment.user_id.in_(people)
            )
        )
    }
    for cohort in cohorts:
        network = networks.get(cohort.network_id) or db.session.get(Network, cohort.network_id)
        row = by_network.setdefault(network.id, Row(label=network.name))
        row.cohorts += 1
        course_row(cohort.course_id).cohorts += 1
        version = cohort.course_version
        for user_id, enrolment_id in cohort_members[cohort.id]:
            network_members[network.id].add(user_id)
            if enrolment_id:
                row.enrolments += 1
                row.completions += enrolment_id in completed
            row.certificates += (user_id, cohort.course_id) in certified
            pre = first.get((user_id, version.id if version else None, PRETEST))
            post = first.get((user_id, version.id if version else None, POSTTEST))
            if pre and post:
                row.gains.append(post[0] - pre[0])
    for network_id, row in by_network.items():
        row.members = len(network_members[network_id])

    by_province: dict[str, Row] = {}
    province_members: dict[str, set[int]] = defaultdict(set)
    for network_id, row in by_network.items():
        code = networks[network_id].province_code if network_id in networks else None
        target = by_province.setdefault(code or "", Row(label=_province_name(code, locale)))
        for attribute in ("cohorts", "enrolments", "completions", "certificates"):
            setattr(target, attribute, getattr(target, attribute) + getattr(row, attribute))
        target.gains.extend(row.gains)
        province_members[code or ""] |= network_members[network_id]
    for code, row in by_province.items():
        row.members = len(province_members[code])

    for course_id, row in by_course.items():
        row.members = len(members[course_id])
        version = courses[course_id].current_version
        if version:
            row.version_id = version.id
            row.posttest_id = db.session.scalar(
                select(Quiz.id).where(Quiz.version_id == version.id, Quiz.kind == POSTTEST)
            )
    course_rows = sorted(by_course.values(), key=lambda r: r.label)
    total = Row(label=_("All courses"))
    for row in course_rows:
        for attribute in ("cohorts", "enrolments", "completions", "certificates"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
        total.gains.extend(row.gains)
    total.members = len(set().union(*members.values())) if members else 0
    return Overview(
        year=year,
        first_day=first_day,
        last_day=last_day,
        by_course=course_rows,
        by_network=sorted(by_network.values(), key=lambda r: r.label),
        by_province=sorted(by_province.values(), key=lambda r: r.label),
        total=total,
        recognitions=recognition_counts(user, year, locale),
    )


def _province_name(code: str | None, locale: str) -> str:
    province = geothai.province(code) if code else None
    if province is None:
        return _("No province")
    return province.name_en if locale == "en" else province.name_th


def _own_provinces(user_ids) -> dict[int, str]:
    """Each person's own province: from their profile, else from the roster that imported them."""
    if not user_ids:
        return {}
    found = dict(
        db.session.execute(
            select(RosterRecord.user_id, RosterRecord.province_code).where(
                RosterRecord.user_id.in_(user_ids), RosterRecord.province_code.is_not(None)
            )
        ).all()
    )
    found.update(
        db.session.execute(
            select(MemberProfile.user_id, MemberProfile.province_code).where(
                MemberProfile.user_id.in_(user_ids)
            )
        ).all()
    )
    return found


def recognition_counts(user, year: int, locale: str) -> RecognitionCounts:
    """Recognitions of the people the user may see; per network only the user's networks.

    A recognition counts in its fiscal year by the day it was awarded (a date, not a
    time). Its holder's networks are those they are an approved member of or in a cohort
    of; a holder in two networks counts in both, and a holder in none of the user's
    networks (someone outside any network, an applicant, a member of a cohort the user
    coordinates in another network) counts in a "No network" row, so no one is left out.
    Per province each recognition counts exactly once, so the rows add up to the total:
    in its holder's network's province when their networks here lie in one province,
    otherwise in the holder's own province (profile, else roster), else "No province".
    A revoked recognition no longer counts; a nomination not yet approved never did.
    """
    first_day, last_day = fiscal_year_dates(year)
    held = db.session.execute(
        select(Recognition.id, Recognition.user_id, Recognition.kind_id, Recognition.awarded_on)
        .where(Recognition.status == APPROVED, Recognition.user_id.in_(scoping.people_for(user)))
    ).all()  # fmt: skip
    per_year = Counter(fiscal_year(awarded_on) for *_ids, awarded_on in held)
    in_year = [r for r in held if first_day <= r.awarded_on <= last_day]

    per_kind = Counter(r.kind_id for r in in_year)
    by_kind = [
        Count(kind.name_en if locale == "en" else kind.name_th, per_kind[kind.id])
        for kind in db.session.scalars(
            select(RecognitionKind).order_by(RecognitionKind.position, RecognitionKind.id)
        )
        if kind.active or per_kind[kind.id]
    ]

    networks = {n.id: n for n in db.session.scalars(scoping.networks_for(user))}
    holders = {r.user_id for r in in_year}
    networks_of: dict[int, set[int]] = defaultdict(set)
    if holders and networks:
        for network_id, user_id in (
            db.session.execute(
                select(NetworkMembership.network_id, NetworkMembership.user_id).where(
                    NetworkMembership.status == MEMBER_APPROVED,
                    NetworkMembership.network_id.in_(networks),
                    NetworkMembership.user_id.in_(holders),
                )
            ).all()
            + db.session.execute(
                select(Cohort.network_id, CohortMember.user_id)
                .join(Cohort, CohortMember.cohort_id == Cohort.id)
                .where(Cohort.network_id.in_(networks), CohortMember.user_id.in_(holders))
            ).all()
        ):
            networks_of[user_id].add(network_id)
    own_province = _own_provinces(holders)
    per_network: Counter[int] = Counter()
    per_province: Counter[str] = Counter()
    in_no_network = 0
    for recognition in in_year:
        held_in = networks_of[recognition.user_id]
        per_network.update(held_in)
        in_no_network += not held_in
        provinces = {networks[n].province_code or "" for n in held_in}
        per_province[
            provinces.pop() if len(provinces) == 1 else own_province.get(recognition.user_id, "")
        ] += 1
    by_network = sorted(
        (Count(networks[n].name, count) for n, count in per_network.items()),
        key=lambda c: c.label,
    )
    if in_no_network:
        by_network.append(Count(_("No network"), in_no_network))
    return RecognitionCounts(
        by_kind=by_kind,
        by_network=by_network,
        by_province=sorted(
            (Count(_province_name(code, locale), count) for code, count in per_province.items()),
            key=lambda c: c.label,
        ),
        by_year=sorted(per_year.items(), reverse=True),
        total=len(in_year),
    )


def workbook(data: Overview) -> bytes:
    """The overview's three tables as sheets of one workbook, formulas escaped."""
    book = Workbook(write_only=True)
    headers = [
        _("Members"),
        _("Cohorts"),
        _("Enrolments"),
        _("Completions"),
        _("Certificates"),
        _("Members with both scores"),
        _("Mean gain (points)"),
    ]
    for title, first_header, rows in (
        (_("Per course"), _("Course"), [*data.by_course, data.total]),
        (_("Per network"), _("Network"), data.by_network),
        (_("Per province"), _("Province"), data.by_province),
    ):
        sheet = book.create_sheet(title=title[:31])
        sheet.append([escape_cell(_("Fiscal year %(year)d", year=data.year))])
        sheet.append([escape_cell(h) for h in (first_header, *headers)])
        for row in rows:
            gain = row.mean_gain
            sheet.append(
                [
                    escape_cell(row.label),
                    row.members,
                    row.cohorts,
                    row.enrolments,
                    row.completions,
                    row.certificates,
                    row.pairs,
                    None if gain is None else round(gain, 1),
                ]
            )
    counts = data.recognitions
    if counts is not None:
        in_year = _("Fiscal year %(year)d", year=data.year)
        for title, heading, first_header, rows in (
            (_("Recognitions per kind"), in_year, _("Kind of recognition"),
             [*((c.label, c.count) for c in counts.by_kind), (_("All kinds"), counts.total)]),
            (_("Recognitions per network"), in_year, _("Network"),
             [(c.label, c.count) for c in counts.by_network]),
            (_("Recognitions per province"), in_year, _("Province"),
             [*((c.label, c.count) for c in counts.by_province),
              (_("All provinces"), counts.total)]),
            (_("Recognitions per year"), _("Every fiscal year"), _("Fiscal year"),
             counts.by_year),
        ):  # fmt: skip
            sheet = book.create_sheet(title=title[:31])
            sheet.append([escape_cell(heading)])
            sheet.append([escape_cell(first_header), escape_cell(_("Recognitions"))])
            for label, count in rows:
                sheet.append([escape_cell(label) if isinstance(label, str) else label, count])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

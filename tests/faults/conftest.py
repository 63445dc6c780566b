"""Shared by the fault tests: members who completed a course and are owed a certificate."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learnhub.accounts.models import Role
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import CourseVersion, Enrolment
from learnhub.credentials import jobs
from learnhub.extensions import db

LEARNERS = 4


def national_id(number: int) -> str:
    """A valid 13-digit ID (mod-11 check digit) for test member ``number``."""
    base = f"3{number:011d}"
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(base)) % 11) % 10
    return f"{base}{check}"


@pytest.fixture
def graduates(app, course_folder, make_member):
    """LEARNERS members who completed the example course without a certificate, and an admin."""
    import_path(course_folder().path)
    version = db.session.scalars(select(CourseVersion)).one()
    for number in range(LEARNERS):
        user_id = make_member(email=f"g{number}@example.org", national_id=national_id(number))
        db.session.add(Enrolment(user_id=user_id, course_id=version.course_id,
                                 version_id=version.id, completed_at=jobs.utcnow()))  # fmt: skip
    db.session.commit()
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=national_id(99))
    return version

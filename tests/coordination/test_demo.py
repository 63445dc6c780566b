"""The demo cohort `make run` loads has members at every stage, with pre/post scores."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from learnhub.accounts.models import Role, User
from learnhub.catalog.cli import DEFAULT_PATH
from learnhub.catalog.importer import import_path
from learnhub.coordination import demo, progress
from learnhub.coordination.models import Cohort
from learnhub.extensions import db
from tests.coordination.world import make_user


def test_the_demo_cohort_has_members_at_every_stage_and_loads_once(app):
    import_path(DEFAULT_PATH / "corruption-types")
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR)
    assert "24" in demo.load("learnhub-demo")
    assert demo.load("learnhub-demo") is None
    cohort = db.session.scalars(select(Cohort)).one()
    rows = progress.cohort_progress(coordinator, cohort)
    stages = Counter(row.status for row in rows)
    assert stages == {"not_started": 4, "in_progress": 8, "completed": 9, "failed": 3}
    both = [r for r in rows if r.pretest_score is not None and r.posttest_best is not None]
    assert len(both) == 12 and all(r.posttest_best > r.pretest_score for r in both[:9])
    assert sum(r.rule_met for r in rows) == 9
    assert db.session.scalar(select(User).where(User.email == "member01@example.org"))

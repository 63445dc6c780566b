"""Benchmark: render and store certificates in one process (run with `make bench`).

Prints the figures; the last line reads
certificates_per_second=<n> median_ms=<n> max_kb=<n>
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.credentials import services
from learnhub.credentials.models import Certificate
from learnhub.extensions import db

COUNT = 200


def test_render_and_store_200_certificates(app, course_folder):
    import_path(course_folder(quizzes=True).path)
    version = db.session.scalar(select(Course)).current_version
    db.session.add_all(
        User(email=f"b{i}@bench.test", password_hash="x", display_name=f"ผู้เรียน ทดสอบที่ {i}")
        for i in range(COUNT + 1)
    )
    db.session.commit()
    users = db.session.scalars(select(User).order_by(User.id)).all()
    services.issue(users[0], version)  # warm up: the font subset is made once per process

    timings = []
    started = time.perf_counter()
    for user in users[1:]:
        one = time.perf_counter()
        services.issue(user, version)
        timings.append((time.perf_counter() - one) * 1000)
    elapsed = time.perf_counter() - started

    sizes = db.session.scalars(select(Certificate.pdf_size)).all()
    assert len(sizes) == COUNT + 1
    per_second = COUNT / elapsed
    print(f"\n{COUNT} certificates rendered, stored and recorded on {db.engine.dialect.name}: "
          f"{elapsed:.2f} s; p95 {sorted(timings)[int(COUNT * 0.95)]:.1f} ms; "
          f"mean size {statistics.mean(sizes) / 1024:.1f} KB")  # fmt: skip
    print(f"certificates_per_second={per_second:.1f} median_ms={statistics.median(timings):.1f} "
          f"max_kb={max(sizes) / 1024:.1f}")  # fmt: skip

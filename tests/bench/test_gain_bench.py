"""Benchmark of the learning-gain report (run with `make bench`; not part of `make test`).

A cohort of 5,000 members, each with a full attempt history: the pre-test, a
first post-test and a retake, and every module quiz, all with their answers.
Run it on PostgreSQL (LEARNHUB_DATABASE_URL) for the figure in the issue:
the report page must render in under a second. It prints figures and asserts
nothing about time.
"""

from __future__ import annotations

import os
import random
import statistics
import time

from sqlalchemy import text

from learnhub.accounts.models import Role
from learnhub.extensions import db
from tests.conftest import login
from tests.coordination.gain_seed import make_network, seed_cohort

MEMBERS = 5_000


def _timed(client, url: str, runs: int) -> tuple[float, float, bytes]:
    """Median wall-clock and CPU milliseconds of ``runs`` requests (CPU: this process only,
    so it shows what the machine's other load adds to the wall-clock figure)."""
    times, cpu, body = [], [], b""
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
        body = response.data
    return statistics.median(times), statistics.median(cpu), body


def test_gain_report_of_a_cohort_of_5000_members(app, client, imported_course, make_member):
    rng = random.Random(2569)
    imported_course("ethics", quizzes=True)
    make_member("admin@example.org", role=Role.ADMIN)
    pre = [rng.randrange(0, 101, 10) for _ in range(MEMBERS)]
    post = [min(100, score + rng.randrange(-10, 51, 10)) for score in pre]
    with app.app_context():
        started = time.perf_counter()
        network = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", province="10")
        cohort = seed_cohort(
            network, "ethics", pre, post, extra_posttests=1, module_quizzes=True, prefix="b"
        )
        cohort_id = cohort.id
        seeded = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:  # as autovacuum would after a bulk load
                connection.execute(text("ANALYZE"))
        dialect = db.engine.dialect.name
    login(client, "admin@example.org")
    url = f"/coordination/cohorts/{cohort_id}/gain"
    client.get(url)  # warm: templates compiled, fonts and caches loaded
    page_ms, page_cpu, html = _timed(client, url, 5)
    assert b'data-figure="pairs">5000<' in html
    xlsx_ms, _, _ = _timed(client, f"{url}.xlsx", 3)
    pdf_ms, _, _ = _timed(client, f"{url}.pdf", 2)
    load = os.getloadavg()[0]
    print(
        f"\n{dialect}: {MEMBERS} members seeded in {seeded:.1f} s; report page {page_ms:.0f} ms "
        f"(median of 5; {page_cpu:.0f} ms CPU in the app), XLSX {xlsx_ms:.0f} ms, "
        f"PDF {pdf_ms:.0f} ms; load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(f"gain_report_ms={page_ms:.0f}")

"""Benchmark of the coordinator's workspace (run with `make bench`; not part of `make test`).

A cohort of 5,000 members, each with a full attempt history (tests/coordination/gain_seed):
the cohort progress page, the learning-gain report, the preview of a 5,000-row member
list and the cohort's XLSX export. Run it on PostgreSQL (LEARNHUB_DATABASE_URL) for the
issue's figures (page and report under 1 s, preview under 5 s, XLSX under 3 s). It
prints figures and asserts nothing about time.
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import time

from sqlalchemy import text

from learnhub.accounts.models import Role
from learnhub.extensions import db
from tests.conftest import csrf_token, login
from tests.coordination.gain_seed import make_network, seed_cohort
from tests.coordination.world import thai_id

MEMBERS = 5_000


CPU: dict[str, float] = {}


def _median_ms(request, runs: int, name: str) -> float:
    """Median wall-clock milliseconds; the median CPU time of this process goes to CPU, to
    show how much of the wall clock the machine's other load adds."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = request()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    CPU[name] = statistics.median(cpu)
    return statistics.median(times)


def _member_list(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "อีเมล",
                     "โทรศัพท์มือถือ", "ตำแหน่ง", "หน่วยงานหรือชุมชน", "จังหวัด", "ประเภทสมาชิก"])  # fmt: skip
    for i in range(rows):
        writer.writerow(["นาง", f"สมศรี{i}", "ใจงาม", thai_id(50_000 + i), f"list{i}@example.org",
                         f"08{i:08d}", "อาสาสมัคร", f"ชุมชนที่ {i % 48 + 1}", "กรุงเทพมหานคร",
                         "ผู้นำชุมชน/อาสาสมัคร"])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_coordinator_pages_for_a_cohort_of_5000_members(app, client, imported_course, make_member):
    rng = random.Random(2569)
    imported_course("ethics", quizzes=True)
    make_member("admin@example.org", role=Role.ADMIN)
    pre = [rng.randrange(0, 101, 10) for _ in range(MEMBERS)]
    post = [min(100, score + rng.randrange(-10, 51, 10)) for score in pre]
    with app.app_context():
        network = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", province="10")
        cohort = seed_cohort(
            network, "ethics", pre, post, extra_posttests=1, module_quizzes=True, prefix="b"
        )
        cohort_id = cohort.id
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:  # as autovacuum would after a bulk load
                connection.execute(text("ANALYZE"))
        dialect = db.engine.dialect.name
    login(client, "admin@example.org")
    url = f"/coordination/cohorts/{cohort_id}"
    client.get(url)  # warm: templates compiled
    page_ms = _median_ms(lambda: client.get(url), 5, "cohort page")
    gain_ms = _median_ms(lambda: client.get(f"{url}/gain"), 3, "gain report")
    xlsx_ms = _median_ms(lambda: client.get(f"{url}/export.xlsx"), 3, "XLSX export")

    data = _member_list(MEMBERS)
    token = csrf_token(client.get(f"{url}/import").get_data(as_text=True))

    def preview():
        response = client.post(
            f"{url}/import", content_type="multipart/form-data",
            data={"csrf_token": token, "file": (io.BytesIO(data), "members.csv")},
        )  # fmt: skip
        assert "สมาชิกใหม่: 5000".encode() in response.data
        return response

    preview_ms = _median_ms(preview, 3, "CSV preview")
    load = os.getloadavg()[0]
    print(
        f"\n{dialect}: cohort of {MEMBERS} members; load average {load:.1f} on "
        f"{os.cpu_count()} cores (medians, wall clock); CPU in the app: "
        + ", ".join(f"{name} {ms:.0f} ms" for name, ms in CPU.items())
    )
    print(
        f"cohort_page_ms={page_ms:.0f} gain_report_ms={gain_ms:.0f} "
        f"csv_preview_ms={preview_ms:.0f} xlsx_export_ms={xlsx_ms:.0f}"
    )

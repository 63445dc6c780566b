"""Load benchmark (issue 17): ``make bench-load``.

1. Seeds PostgreSQL (``LEARNHUB_DATABASE_URL``, default the database ``lh_h17load`` on
   127.0.0.1, created when missing) with the four courses, 20,000 members with profiles,
   80,000 enrolments, 200,000 finished attempts and 50 cohorts of 150 members in one
   network, with bulk multi-row INSERTs (a few seconds a table, not the ORM one row at a
   time). A second run finds the seeded cohorts and skips this step. ``BENCH_MEMBERS``,
   ``BENCH_ATTEMPTS``, ``BENCH_COHORTS``, ``BENCH_COHORT_SIZE`` and ``BENCH_POOL`` make a
   small data set (in a database of its own) to try the script out.
2. Starts gunicorn with ``deploy/gunicorn.conf.py`` (4 workers, ``BENCH_WORKERS``) on
   127.0.0.1 against that database and Redis (``LEARNHUB_REDIS_URL``, default DB 6), rate
   limits on, stored in Redis as in production. ``BENCH_INSTANCES=2`` starts two instances
   on two ports sharing the database and Redis, the workers split between them.
3. Logs in a pool of learners and one coordinator through the real log-in form, reads each
   session's CSRF token, and gives each pool learner fresh attempts in progress (one to save
   answers into, and one in each other quiz of the four courses to submit, so that no attempt
   is submitted twice: the submit path stops when they are used up).
4. Drives each path with wrk from a second process for ``BENCH_SECONDS`` (10) at
   ``BENCH_CONNECTIONS`` (32) connections (with two instances, one wrk each with half the
   connections, run together: their requests/s added up, the slower one's percentiles),
   and prints one line a path::

       <path-name> rps=<n> p50_ms=<n> p95_ms=<n> p99_ms=<n> errors=<n> share_of_healthz=<n>%

   ``attempt_submit`` counts the attempts the run submitted, read from the database.
5. Runs the slowest path (or ``BENCH_PROFILE_PATH``) again under py-spy and prints where
   its time goes; where py-spy cannot read the workers (or with ``BENCH_PROFILER=cprofile``)
   the same requests, method, body and session, under cProfile in one process.

Rate limits stay as in production (the verify page and the JSON API allow 30 requests a
minute per client address; log-in 10 a minute). The server runs as behind one reverse
proxy (``LEARNHUB_PROXY_COUNT=1``), so the client address is the one the proxy forwards in
``X-Forwarded-For``; wrk plays the proxy of many clients: every anonymous request comes from
one of 65,536 addresses in 10.0.0.0/16 (each address sends far fewer than 30 requests a
minute in a 10 s run) and each logged-in learner keeps an address of its own. The limiter
therefore counts every request in Redis exactly as in production, and no figure is a wall
of 429s. Errors are socket errors, time-outs and every answer other than the one the path
should give (200; 303 for a submitted attempt), so a redirect to the log-in page counts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the tests package (tests/databases.py)
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("LEARNHUB_DATABASE_URL") or (
    "postgresql+psycopg://postgres@127.0.0.1:5432/lh_h17load"
)
REDIS_URL = os.environ.get("LEARNHUB_REDIS_URL") or "redis://127.0.0.1:6379/6"
PORT = int(os.environ.get("BENCH_PORT", "5817"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
# BENCH_INSTANCES=2: two gunicorn instances (ports PORT and PORT + 1) share PostgreSQL and
# Redis, the workers split between them, and each gets its own wrk with half the connections.
INSTANCES = int(os.environ.get("BENCH_INSTANCES", "1"))
THREADS = max(1, 2 // INSTANCES)  # wrk threads: one a core, in all
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))  # in all, split between the instances
WORKERS_EACH = max(1, WORKERS // INSTANCES)
PORTS = [PORT + n for n in range(INSTANCES)]
# The data set; the BENCH_ knobs make a small one for trying the script out.
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "20000"))
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", "200000"))
COHORTS = int(os.environ.get("BENCH_COHORTS", "50"))
COHORT_SIZE = int(os.environ.get("BENCH_COHORT_SIZE", "150"))
POOL = int(os.environ.get("BENCH_POOL", "256"))  # logged-in learners wrk cycles through
POOL_FIRST = min(15_000, MEMBERS - POOL)  # pool learners: members 15000..15255 (in no cohort)
# Fresh attempts for attempt_submit, each submitted once: more than wrk can send in a run.
if POOL_FIRST < COHORTS * COHORT_SIZE:
    raise SystemExit("BENCH_MEMBERS must leave BENCH_POOL members outside the cohorts")
PASSWORD = "bench-password-1"  # noqa: S105 - the seeded accounts' published password
INSTANCE = Path(tempfile.gettempdir()) / (
    "lh_bench_" + re.sub(r"\W", "_", DATABASE_URL.rsplit("/", 1)[-1])
)
CHUNK = 5_000
# The browser of every benchmark client, at log-in and after (Flask-Login ties a session to it).
USER_AGENT = "learnhub-bench"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
PGREP = shutil.which("pgrep") or "/usr/bin/pgrep"


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LEARNHUB_DATABASE_URL=DATABASE_URL,
        LEARNHUB_REDIS_URL=REDIS_URL,
        LEARNHUB_INSTANCE_PATH=str(INSTANCE),  # the same keys for the seeder and the server
        LEARNHUB_PROXY_COUNT="1",
        LEARNHUB_RATELIMIT="1",
        LEARNHUB_PUBLIC_URL=f"http://127.0.0.1:{PORT}",
        LEARNHUB_MAIL_BACKEND="log",
        LEARNHUB_LOG_LEVEL="warning",  # read by deploy/gunicorn.conf.py
    )
    return env


# -- seeding ---------------------------------------------------------------------------------


def _thai_id(n: int) -> str:
    body = f"5{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


def _bulk(table, rows: list[dict]) -> None:
    from learnhub.extensions import db

    for start in range(0, len(rows), CHUNK):
        db.session.execute(table.insert(), rows[start : start + CHUNK])


def seed() -> None:
    """The data set, once, in one transaction: skipped when its last table is there."""
    from tests.databases import create_database_if_missing

    create_database_if_missing(DATABASE_URL)  # as tests/conftest.py does for its workers
    os.environ.update(environment())
    # Bulk inserts of 5,000 rows take longer than a web request may wait for the database.
    os.environ.update(LEARNHUB_DB_ANSWER_TIMEOUT="1800", LEARNHUB_DB_STATEMENT_TIMEOUT="1800")
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from learnhub import create_app
    from learnhub.accounts.models import Consent, MemberProfile, User
    from learnhub.accounts.privacy import encrypt_national_id, national_id_hash
    from learnhub.accounts.services import NOTICE, hash_password
    from learnhub.assessment.models import POSTTEST, PRETEST, SUBMITTED, Attempt, Quiz
    from learnhub.catalog.models import Course, Enrolment
    from learnhub.coordination.models import Cohort, CohortMember, Network
    from learnhub.extensions import db

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "learnhub" / "migrations"))
        seeded = db.session.scalar(
            select(func.count(Cohort.id)).where(Cohort.name.like("รุ่นทดสอบภาระ %"))
        )
        if seeded >= COHORTS:
            print("seed: the data set is there already, skipping", flush=True)
            return
        started = time.perf_counter()
        runner = app.test_cli_runner()
        result = runner.invoke(args=["demo", "load"])
        if result.exit_code:
            raise SystemExit(f"flask demo load failed: {result.output}")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        password_hash = hash_password(PASSWORD)  # one hash: every member has this password
        version = app.config["PRIVACY_NOTICE_VERSION"]
        _bulk(
            User.__table__,
            [
                {"email": f"m{i}@bench.test", "password_hash": password_hash,
                 "display_name": f"สมาชิก ทดสอบ{i}", "role": "learner", "active": True,
                 "created_at": now, "session_version": 0}
                for i in range(MEMBERS)
            ],
        )  # fmt: skip
        ids = dict(
            db.session.execute(
                select(User.email, User.id).where(User.email.like("m%@bench.test"))
            ).all()
        )
        user_ids = [ids[f"m{i}@bench.test"] for i in range(MEMBERS)]
        _bulk(
            Consent.__table__,
            [
                {"user_id": uid, "notice_version": version, "purpose": NOTICE, "accepted_at": now}
                for uid in user_ids
            ],
        )
        _bulk(
            MemberProfile.__table__,
            [
                {"user_id": uid, "title": "mr", "first_name_th": "สมาชิก",
                 "last_name_th": f"ทดสอบ{i}", "national_id_encrypted":
                 encrypt_national_id(_thai_id(i)), "national_id_hash": national_id_hash(
                     _thai_id(i)), "birth_date": dt.date(1980 + i % 20, 1 + i % 12, 1),
                 "education": "bachelor", "member_type": "civil_servant",
                 "province_code": "10", "updated_at": now}
                for i, uid in enumerate(user_ids)
            ],
        )  # fmt: skip
        print(f"seed: members in {time.perf_counter() - started:.0f} s", flush=True)
        courses = db.session.scalars(select(Course).order_by(Course.id)).all()
        courses = [c for c in courses if c.current_version is not None][:4]
        _bulk(
            Enrolment.__table__,
            [
                {"user_id": uid, "course_id": c.id, "version_id": c.current_version_id,
                 "source": "self", "enrolled_at": now, "last_activity_at": now}
                for uid in user_ids for c in courses
            ],
        )  # fmt: skip
        enrolments = {
            (u, c): e
            for e, u, c in db.session.execute(
                select(Enrolment.id, Enrolment.user_id, Enrolment.course_id)
            ).all()
        }
        # Finished attempts: each member's pre-test and post-test of each course (8), and a
        # second post-test in two courses (2): 10 a member, 200,000 in all.
        plan = []
        for c in courses:
            for kind in (PRETEST, POSTTEST):
                quiz = db.session.scalar(
                    select(Quiz).where(Quiz.version_id == c.current_version_id, Quiz.kind == kind)
                )
                if quiz is not None:
                    plan.append((c, quiz, 1))
        plan += [(c, q, 2) for c, q, n in plan if q.kind == POSTTEST][:2]
        per_member = max(1, ATTEMPTS // MEMBERS)
        plan = (plan * per_member)[:per_member]
        snapshots = {quiz.id: snapshot_of(quiz) for _, quiz, _ in plan}
        done = now - dt.timedelta(days=3)
        rows = []
        for index, uid in enumerate(user_ids):
            for c, quiz, number in plan:
                snapshot = snapshots[quiz.id]
                rows.append(
                    {"quiz_id": quiz.id, "user_id": uid, "enrolment_id": enrolments[(uid, c.id)],
                     "number": number, "state": SUBMITTED, "started_at": done,
                     "submitted_at": done + dt.timedelta(minutes=15), "auto_submitted": False,
                     "snapshot": snapshot, "question_ids": [e["question_id"] for e in snapshot],
                     "score": float((index * 7 + number * 13) % 101)}
                )  # fmt: skip
            if len(rows) >= CHUNK:
                _bulk(Attempt.__table__, rows)
                rows = []
        _bulk(Attempt.__table__, rows)
        print(f"seed: attempts in {time.perf_counter() - started:.0f} s", flush=True)
        network_id = db.session.scalar(select(Network.id).order_by(Network.id))
        coordinator_id = db.session.scalar(
            select(User.id).where(User.email == "coordinator@example.org")
        )
        today = dt.date.today()
        _bulk(
            Cohort.__table__,
            [
                {"network_id": network_id, "course_id": courses[n % len(courses)].id,
                 "version_id": courses[n % len(courses)].current_version_id,
                 "name": f"รุ่นทดสอบภาระ {n + 1}", "starts_on": today - dt.timedelta(days=20),
                 "ends_on": today + dt.timedelta(days=20), "mode": "online",
                 "posttest_required": True, "created_at": now, "created_by_id": coordinator_id}
                for n in range(COHORTS)
            ],
        )  # fmt: skip
        cohort_ids = db.session.scalars(
            select(Cohort.id).where(Cohort.name.like("รุ่นทดสอบภาระ %")).order_by(Cohort.id)
        ).all()
        cohort_course = dict(db.session.execute(select(Cohort.id, Cohort.course_id)).all())
        _bulk(
            CohortMember.__table__,
            [
                {"cohort_id": cid, "user_id": user_ids[n * COHORT_SIZE + k],
                 "enrolment_id": enrolments[(user_ids[n * COHORT_SIZE + k], cohort_course[cid])],
                 "added_at": now, "added_by_id": coordinator_id}
                for n, cid in enumerate(cohort_ids) for k in range(COHORT_SIZE)
            ],
        )  # fmt: skip
        db.session.commit()
        _issue_certificate(user_ids[POOL_FIRST - 1], courses[0])
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        print(f"seed: done in {time.perf_counter() - started:.0f} s", flush=True)


def snapshot_of(quiz) -> list[dict]:
    """A snapshot as the engine stores one: the first questions of the quiz's bank."""
    from learnhub.coordination.demo import _snapshot

    bank = list(quiz.bank.questions)
    count = min(int(quiz.settings.get("questions") or len(bank)), len(bank))
    return _snapshot(bank[:count])


def _issue_certificate(user_id: int, course) -> None:
    from learnhub.accounts.models import User
    from learnhub.credentials import services
    from learnhub.extensions import db

    services.issue(db.session.get(User, user_id), course.current_version)
    db.session.commit()


def prepare_run() -> dict:
    """Fresh attempts in progress for the pool (every run), and the paths' addresses."""
    os.environ.update(environment())
    from sqlalchemy import delete, func, select

    from learnhub import create_app
    from learnhub.assessment.models import IN_PROGRESS, Attempt, AttemptAnswer, Quiz
    from learnhub.catalog.models import Course, Enrolment, Lesson, Module
    from learnhub.coordination.models import Cohort
    from learnhub.credentials.models import Certificate
    from learnhub.extensions import db

    app = create_app()
    with app.app_context():
        pool = [f"m{i}@bench.test" for i in range(POOL_FIRST, POOL_FIRST + POOL)]
        from learnhub.accounts.models import User

        users = dict(
            db.session.execute(select(User.email, User.id).where(User.email.in_(pool))).all()
        )
        pool_ids = [users[e] for e in pool]
        # Open attempts left by an earlier run are closed off, so each run starts alike.
        open_ids = select(Attempt.id).where(
            Attempt.user_id.in_(pool_ids), Attempt.state == IN_PROGRESS
        )
        db.session.execute(delete(AttemptAnswer).where(AttemptAnswer.attempt_id.in_(open_ids)))
        db.session.execute(
            delete(Attempt).where(Attempt.user_id.in_(pool_ids), Attempt.state == IN_PROGRESS)
        )
        courses = [
            c for c in db.session.scalars(select(Course).order_by(Course.id)) if c.current_version
        ][:4]
        quizzes = db.session.scalars(
            select(Quiz)
            .where(Quiz.version_id.in_([c.current_version_id for c in courses]))
            .order_by(Quiz.id)
        ).all()
        enrolments = {
            (u, v): e
            for e, u, v in db.session.execute(
                select(Enrolment.id, Enrolment.user_id, Enrolment.version_id).where(
                    Enrolment.user_id.in_(pool_ids)
                )
            )
        }
        numbers = {
            (u, q): n
            for u, q, n in db.session.execute(
                select(Attempt.user_id, Attempt.quiz_id, func.max(Attempt.number))
                .where(Attempt.user_id.in_(pool_ids))
                .group_by(Attempt.user_id, Attempt.quiz_id)
            )
        }
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        snapshots = {q.id: snapshot_of(q) for q in quizzes}
        save_quiz = quizzes[0].id
        # One attempt a learner to save answers into, and one in each other quiz to submit: a
        # learner holds one open attempt a quiz (uq_attempts_one_open), so no attempt is
        # submitted twice and the submit path stops when they are used up.
        rows = [
            {"quiz_id": q.id, "user_id": uid, "enrolment_id": enrolments[(uid, q.version_id)],
             "number": numbers.get((uid, q.id), 0) + 1, "state": IN_PROGRESS, "started_at": now,
             "auto_submitted": False, "snapshot": snapshots[q.id],
             "question_ids": [e["question_id"] for e in snapshots[q.id]]}
            for uid in pool_ids for q in quizzes
        ]  # fmt: skip
        _bulk(Attempt.__table__, rows)
        db.session.commit()
        attempts = db.session.execute(
            select(Attempt.user_id, Attempt.id, Attempt.quiz_id)
            .where(Attempt.user_id.in_(pool_ids), Attempt.state == IN_PROGRESS)
            .order_by(Attempt.quiz_id, Attempt.number, Attempt.user_id)
        ).all()
        first = snapshots[save_quiz][0]
        from learnhub.assessment.questions import Question

        qtype = Question.from_data(first["question"]).qtype
        course = courses[0]
        lesson = db.session.scalar(
            select(Lesson)
            .join(Module)
            .where(Module.version_id == course.current_version_id)
            .order_by(Module.position, Lesson.position)
        )
        cohort = db.session.scalar(
            select(Cohort.id).where(Cohort.name.like("รุ่นทดสอบภาระ %")).order_by(Cohort.id)
        )
        code = db.session.scalar(select(Certificate.code).order_by(Certificate.id))
        return {
            "pool": pool,
            "pool_ids": pool_ids,
            "save": {uid: aid for uid, aid, qid in attempts if qid == save_quiz},
            "submit": [(uid, aid) for uid, aid, qid in attempts if qid != save_quiz],
            "save_body": "slots=1&q1=" + ("true" if qtype == "truefalse" else "0"),
            "course": course.slug,
            "lesson": f"/courses/{course.slug}/lessons/{lesson.key}",
            "cohort": f"/coordination/cohorts/{cohort}",
            "code": code,
        }


# -- the server and the log-ins -------------------------------------------------------------


def start_server(port: int, log: Path) -> subprocess.Popen:
    """gunicorn as deploy/ runs it (deploy/gunicorn.conf.py: sync workers, keep-alive, no
    access log, worker recycling, metrics of every worker in PROMETHEUS_MULTIPROC_DIR), on
    this port with this run's share of the workers."""
    config = ROOT / "deploy" / "gunicorn.conf.py"
    command = [str(BIN / "gunicorn"), "--config", str(config), "--workers", str(WORKERS_EACH),
               "--bind", f"127.0.0.1:{port}", "wsgi:app"]  # fmt: skip
    env = environment() | {
        "PROMETHEUS_MULTIPROC_DIR": str(Path(tempfile.gettempdir()) / f"lh_bench_metrics_{port}")
    }
    handle = log.open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=handle)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                return server
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer; see {log}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log_in(identifier: str, address: str, password: str = PASSWORD) -> tuple[str, str]:
    """Log in through the form; the session cookie and a CSRF token valid for it."""
    jar = urllib.request.HTTPCookieProcessor()
    opener = urllib.request.build_opener(jar, _NoRedirect)
    base = f"http://127.0.0.1:{PORT}"
    headers = {"X-Forwarded-For": address, "User-Agent": USER_AGENT}

    def fetch(path, data=None):
        body = urllib.parse.urlencode(data).encode() if data else None
        request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    _, page = fetch("/login")
    token = CSRF.search(page)[1]
    status, _ = fetch("/login", {"csrf_token": token, "email": identifier, "password": password})
    if status != 302:
        raise SystemExit(f"log-in of {identifier} answered {status}")
    _, page = fetch("/")  # the log-out form: a CSRF token for this session
    token = CSRF.search(page)[1]
    cookie = next(c for c in jar.cookiejar if c.name == "session")
    return f"session={cookie.value}", token


# -- wrk ----------------------------------------------------------------------------------------

LUA = r"""
local rows = %(rows)s
local method, body, accept, once = "%(method)s", "%(body)s", "%(accept)s", %(once)s
local counter, tid, threads, offset = 0, 0, %(threads)d, %(offset)d
local created, all_threads, unexpected = 0, {}, 0
function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(all_threads, thread)
end
function response(status, headers, body)
  if status ~= %(expect)d then
    unexpected = unexpected + 1
    if unexpected == 1 then io.stderr:write("unexpected status " .. status .. "\n") end
  end
end
function init(args)
  tid = tonumber(wrk.thread:get("tid") or 0)
end
function request()
  local index
  if #rows == 0 then
    index = 0
  elseif once then
    -- each row once: a thread whose share is used up stops (an attempt is submitted once)
    if tid + counter * threads >= #rows then wrk.thread:stop() end
    index = (tid + counter * threads) %% #rows + 1
  else
    index = (counter * threads + tid) %% #rows + 1
  end
  counter = counter + 1
  local headers = {["Accept"] = accept, ["User-Agent"] = "learnhub-bench"}
  local path = "%(path)s"
  local n = tid * 1000003 + counter + offset
  headers["X-Forwarded-For"] = string.format("10.0.%%d.%%d", math.floor(n / 256) %% 256, n %% 256)
  local data = nil
  if #rows > 0 then
    local row = rows[index]
    headers["Cookie"] = row[1]
    headers["X-Forwarded-For"] = row[3]
    if row[4] ~= "" then path = row[4] end
    if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      headers["X-CSRFToken"] = row[2]
      data = "csrf_token=" .. row[2] .. "&" .. body
    end
  end
  return wrk.format(method, path, headers, data)
end
function done(summary, latency, requests)
  local e = summary.errors
  local wrong = 0
  for _, thread in ipairs(all_threads) do wrong = wrong + (thread:get("unexpected") or 0) end
  io.write(string.format("RESULT requests=%%d duration_us=%%d p50=%%d p95=%%d p99=%%d errors=%%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout + wrong))
end
"""


def path_spec(path: str, rows=(), method="GET", body="", accept="text/html", once=False,
              expect=200) -> dict:  # fmt: skip
    """What wrk sends for one path: the request, and the rows (cookie, CSRF token, client
    address, path) it cycles through; ``once``: each row once, split between the instances."""
    return {"path": path, "rows": list(rows), "method": method, "body": body, "accept": accept,
            "once": once, "expect": expect}  # fmt: skip


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(spec: dict, instance: int = 0) -> str:
    rows = spec["rows"][instance::INSTANCES] if spec["once"] else spec["rows"]
    table = "{" + ",".join("{" + ",".join(_lua_string(v) for v in row) + "}" for row in rows) + "}"
    values = {"rows": table, "method": spec["method"], "body": spec["body"],
              "accept": spec["accept"], "once": "true" if spec["once"] else "false",
              "threads": THREADS, "path": spec["path"], "expect": spec["expect"],
              "offset": instance * 500_009}  # fmt: skip
    return LUA % values


def run_wrk(name: str, spec: dict, seconds: int = SECONDS) -> dict:
    """wrk against every instance at once (one wrk each, the connections split between
    them): requests/s added up, the slower instance's percentiles, errors added up."""
    scripts, runs = [], []
    for instance, port in enumerate(PORTS):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(lua_script(spec, instance))
        scripts.append(handle.name)
        runs.append(subprocess.Popen(
            [WRK, "-t", str(THREADS), "-c", str(max(THREADS, CONNECTIONS // INSTANCES)),
             "-d", f"{seconds}s", "--timeout", "10s", "-s", handle.name,
             f"http://127.0.0.1:{port}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))  # fmt: skip
    found = []
    for run, script in zip(runs, scripts, strict=True):
        stdout, stderr = run.communicate(timeout=seconds + 60)
        os.unlink(script)
        result = re.search(r"RESULT (.*)", stdout)
        if not result:
            raise SystemExit(f"wrk gave no result for {name}: {stdout}{stderr}")
        found.append({k: int(v) for k, v in (pair.split("=") for pair in result[1].split())})
    return {
        "rps": sum(v["requests"] / (v["duration_us"] / 1e6) for v in found),
        "p50": max(v["p50"] for v in found) / 1000,
        "p95": max(v["p95"] for v in found) / 1000,
        "p99": max(v["p99"] for v in found) / 1000,
        "errors": sum(v["errors"] for v in found),
        "requests": sum(v["requests"] for v in found),
        "seconds": max(v["duration_us"] for v in found) / 1e6,
    }


def submitted(attempt_ids: list[int]) -> int:
    """How many of these attempts the run submitted: each counts once, however often sent."""
    os.environ.update(environment())
    from sqlalchemy import func, select

    from learnhub import create_app
    from learnhub.assessment.models import SUBMITTED, Attempt
    from learnhub.extensions import db

    with create_app().app_context():
        return db.session.scalar(
            select(func.count(Attempt.id)).where(
                Attempt.id.in_(attempt_ids), Attempt.state == SUBMITTED
            )
        )


def profile(name: str, spec: dict, pids: list[int]) -> str:
    """Where the slowest path spends its time: py-spy samples of every worker."""
    spy = shutil.which("py-spy") or str(BIN / "py-spy")
    if not Path(spy).exists():
        return "py-spy is not installed (pip install -e '.[dev]')"
    out = Path(tempfile.gettempdir()) / f"bench-load-{name}.txt"
    recorders = [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(max(1, SECONDS - 2)),
                "--rate",
                "200",
                "--format",
                "raw",
                "--output",
                f"{out}.{pid}",
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for pid in pids
    ]
    time.sleep(1)
    run_wrk(name, spec)
    for recorder in recorders:
        recorder.wait(timeout=60)
    inclusive, own, total = Counter(), Counter(), 0
    for pid in pids:
        path = Path(f"{out}.{pid}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")
            # Only samples inside a request: an idle worker waits in its accept loop.
            if not any("wsgi_app" in f or "full_dispatch_request" in f for f in frames):
                continue
            n = int(count)
            total += n
            names = [re.sub(r" \((.*/)?(site-packages/)?", " (", f) for f in frames]
            for frame in set(names):
                inclusive[frame] += n
            own[names[-1]] += n
    if not total:
        return "py-spy recorded no request samples here; cProfile in one process instead:"
    lines = [f"profile of {name}: {total} samples in requests, across {len(pids)} workers",
             "  inclusive (share of request time):"]  # fmt: skip
    ours = [(f, n) for f, n in inclusive.most_common() if "learnhub" in f or "templates" in f]
    for frame, n in inclusive.most_common(12) + ours[:14]:
        lines.append(f"    {100 * n / total:5.1f}%  {frame}")
    lines.append("  own time (the frame on top of the stack):")
    for frame, n in own.most_common(14):
        lines.append(f"    {100 * n / total:5.1f}%  {frame}")
    return "\n".join(dict.fromkeys(lines))


def profile_in_process(name: str, spec: dict, count: int = 200) -> str:
    """The path's own requests (method, body, cookie, CSRF token, client address and Accept
    as wrk sends them) through the Flask test client under cProfile, in this process: the
    fallback where py-spy cannot read the workers."""
    import cProfile
    import io
    import pstats

    os.environ.update(environment())
    from learnhub import create_app

    app = create_app()
    client = app.test_client(use_cookies=False)  # the same session cookie every time, as wrk
    cookie, token, address, path = spec["rows"][0] if spec["rows"] else ("", "", "", "")
    path = path or spec["path"]
    headers = {"User-Agent": USER_AGENT, "Accept": spec["accept"],
               "X-Forwarded-For": address or "10.3.0.1"}  # fmt: skip
    data = None
    if cookie:
        headers["Cookie"] = cookie
    if spec["method"] == "POST":
        headers["X-CSRFToken"] = token
        data = f"csrf_token={token}&{spec['body']}"

    def send():
        form = "application/x-www-form-urlencoded" if data else None
        answer = client.open(path, method=spec["method"], headers=headers, data=data,
                             content_type=form)  # fmt: skip
        if answer.status_code != spec["expect"]:
            raise SystemExit(f"{name}: {spec['method']} {path} answered {answer.status_code}")

    for _ in range(10):
        send()  # warm: templates compiled, connections open
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(count):
        send()
    profiler.disable()
    each = (time.perf_counter() - started) / count * 1000
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")  # full paths to filter
    stats.print_stats(r"learnhub|jinja2|sqlalchemy/orm/(session|loading)|flask_login|babel", 30)
    out.write("  by own time:\n")
    stats.strip_dirs().sort_stats("tottime").print_stats(12)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    lines = [line for line in lines if not line.lstrip().startswith(("Ordered", "List reduced"))]
    return (f"{name}: {count} requests {spec['method']} {path}, {each:.1f} ms each under "
            f"cProfile\n" + "\n".join(lines))  # fmt: skip


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: sudo apt-get install wrk (make bench-load does it)")
    seed()
    run = prepare_run()
    servers = [
        start_server(port, Path(tempfile.gettempdir()) / f"bench-load-gunicorn-{port}.log")
        for port in PORTS
    ]
    try:
        addresses = [f"10.1.{n // 250}.{n % 250 + 1}" for n in range(len(run["pool"]))]
        with ThreadPoolExecutor(WORKERS * 2) as executor:  # scrypt per log-in: in parallel
            sessions = list(executor.map(log_in, run["pool"], addresses))
        pool = [
            (uid, cookie, token, address)
            for uid, (cookie, token), address in zip(
                run["pool_ids"], sessions, addresses, strict=True
            )
        ]
        from learnhub.demo import DEMO_PASSWORD

        coordinator = log_in("coordinator@example.org", "10.2.0.1", DEMO_PASSWORD)
        print(f"logged in {len(pool)} learners and a coordinator", flush=True)
        users = [(cookie, token, address, "") for _, cookie, token, address in pool]
        saves = [
            (cookie, token, address, f"/attempts/{run['save'][uid]}/save")
            for uid, cookie, token, address in pool
        ]
        by_user = {uid: (cookie, token, address) for uid, cookie, token, address in pool}
        submits = [(*by_user[uid], f"/attempts/{aid}/submit") for uid, aid in run["submit"]]
        code = run["code"]
        paths = {
            "healthz": path_spec("/healthz", accept="application/json"),
            "lesson_page": path_spec(run["lesson"], users),
            "answer_save": path_spec(
                "/", saves, "POST", run["save_body"], accept="application/json"
            ),  # fmt: skip
            "attempt_submit": path_spec("/", submits, "POST", "", once=True, expect=303),
            "course_page": path_spec(f"/courses/{run['course']}", users),
            "dashboard": path_spec("/", users),
            "catalogue": path_spec("/courses/"),
            "verify_page": path_spec(f"/verify/{code}"),
            "verify_json": path_spec(f"/api/v1/certificates/{code}", accept="application/json"),
            "cohort_page": path_spec(run["cohort"], [(*coordinator, "10.2.0.1", "")]),
        }
        results = {}
        for name, spec in paths.items():
            results[name] = run_wrk(name, spec)
        # An attempt counts once: the figure is the attempts the run submitted (a repeat of
        # a closed one also answers 303, and would flatter the figure).
        sent = results["attempt_submit"]
        first = submitted([aid for _, aid in run["submit"]])
        if sent["requests"] > first:
            print(f"note: attempt_submit sent {sent['requests']} requests for {first} "
                  f"attempts it submitted: counted {first}")  # fmt: skip
        sent["rps"] = first / sent["seconds"]
        healthz = results["healthz"]["rps"]
        print(f"\nload average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; "
              f"{INSTANCES} gunicorn instance(s) of {WORKERS_EACH} workers on "
              f"{', '.join(map(str, PORTS))}; wrk {THREADS} threads, {CONNECTIONS} connections "
              f"in all, {SECONDS} s a path; {DATABASE_URL.rsplit('@', 1)[-1]}")  # fmt: skip
        for name, r in results.items():
            print(f"{name} rps={r['rps']:.0f} p50_ms={r['p50']:.1f} p95_ms={r['p95']:.1f} "
                  f"p99_ms={r['p99']:.1f} errors={r['errors']} "
                  f"share_of_healthz={100 * r['rps'] / healthz:.1f}%")  # fmt: skip
        slowest = os.environ.get("BENCH_PROFILE_PATH") or min(
            (n for n in results if n not in ("healthz", "attempt_submit")),
            key=lambda n: results[n]["rps"],
        )
        workers = [
            int(pid)
            for server in servers
            for pid in subprocess.run(
                [PGREP, "-P", str(server.pid)], capture_output=True, text=True, check=False
            ).stdout.split()
        ]
        print()
        in_process = os.environ.get("BENCH_PROFILER") == "cprofile"
        summary = "" if in_process else profile(slowest, paths[slowest], workers)
        print(summary)
        if in_process or summary.startswith("py-spy recorded no"):
            print(profile_in_process(slowest, paths[slowest]))
        sys.stdout.flush()
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    json.dump(results, (Path(tempfile.gettempdir()) / "bench-load.json").open("w"), indent=1)


if __name__ == "__main__":
    main()

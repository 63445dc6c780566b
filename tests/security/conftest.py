"""A small world of real objects, built once per module, and its people logged in.

Learner A owns everything that can be owned (attempts, a result, certificates and their
PDFs, a profile, a pending name change, a request for erasure, an application to a network)
and is a member of a cohort of the example course in the coordinator's network (with a
session attended, and import batches beside). Learner B, the coordinator of A's network, the
coordinator of another network (``other_coordinator``, who must see nothing of A) and an
admin try to reach it. Building the world takes seconds, so each module here builds it once
and empties the database at its end: every test in this folder must use ``world`` and leave
it as it found it, apart from what the application does on its own (audit entries, a login's
timestamp).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, text

from learnhub.accounts import names, pdpa
from learnhub.accounts import services as accounts
from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.coordination import cohorts, imports, networks
from learnhub.coordination.spreadsheets import csv_bytes
from learnhub.credentials import jobs, public_profiles, recognitions
from learnhub.credentials import services as credentials
from learnhub.credentials.models import Recognition, RecognitionEvidence
from learnhub.credentials.storage import storage
from learnhub.extensions import db, limiter
from learnhub.thai import format_national_id
from tests.conftest import PASSWORD, VALID_IDS, empty_database, login, profile_data, submit
from tests.course_fixtures import CourseFolder
from tests.journeys import finish, read_all_lessons, start

ACTORS = ("anonymous", "learner_a", "learner_b", "coordinator", "other_coordinator", "admin")
PEOPLE = {  # e-mail, role, national ID, name, mobile
    # Not VALID_IDS[0]: the member-list template's example row prints that one to all staff.
    "learner_a": ("a@example.org", Role.LEARNER, "3000004242429", "อาทิตย์", "0811111111"),
    "learner_b": ("b@example.org", Role.LEARNER, VALID_IDS[1], "บุษบา", "0822222222"),
    "coordinator": ("coord@example.org", Role.COORDINATOR, VALID_IDS[2], "ประสาน", "0833333333"),
    "other_coordinator": (
        "other@example.org",
        Role.COORDINATOR,
        VALID_IDS[4],
        "ประสานอื่น",
        "0855555555",
    ),
    "admin": ("admin@example.org", Role.ADMIN, VALID_IDS[3], "ผู้ดูแล", "0844444444"),
}
NEWCOMERS = ("3000005353534", "3000006464640")  # the imported lists' people (not A)


@dataclass
class World:
    """The objects' ids and names, to fill in the variables of routes such as
    ``/attempts/<int:attempt_id>``."""

    app: object
    ids: dict[str, str] = field(default_factory=dict)
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    def client(self, actor: str) -> FlaskClient:
        """The actor's browser, logged in (again, if a request ended its session)."""
        if actor not in self.clients:
            client = self.app.test_client()
            if actor != "anonymous":
                limiter.reset()  # throttling has its own tests; here it would only get in the way
                login(client, PEOPLE[actor][0])
            self.clients[actor] = client
        return self.clients[actor]

    def forget(self, actor: str) -> None:
        """Throw the actor's browser away, as after a log-out."""
        self.clients.pop(actor, None)

    def private_data_of_a(self) -> tuple[str, ...]:
        """What no one but A and the staff who look after A may ever be shown about A."""
        email, _, national_id, _, mobile = PEOPLE["learner_a"]
        return email, mobile, *self.national_id_of_a()

    def national_id_of_a(self) -> tuple[str, ...]:
        """A's full national ID, as typed and as printed on the card: for A's eyes only."""
        national_id = PEOPLE["learner_a"][2]
        return national_id, format_national_id(national_id)

    def fingerprint(self) -> dict[str, int]:
        """Every table's row count and a checksum of its rows: any change shows."""
        result = {}
        with self.app.app_context():
            for table in db.metadata.sorted_tables:
                rows = db.session.execute(text(f"SELECT * FROM {table.name}")).all()  # noqa: S608
                result[table.name] = hash(tuple(sorted(map(repr, rows))))
            db.session.rollback()
        return result


def _build(app, tmp_path_factory) -> World:
    world = World(app)
    root = tmp_path_factory.mktemp("courses")
    example = CourseFolder(root, "example")
    example.edit("course.yaml", "\nlisted: false", "\nlisted: true")
    second = CourseFolder(root, "second")
    second.edit("course.yaml", "\nlisted: false", "\nlisted: true")
    second.strip_quizzes()
    with app.app_context():
        import_path(example.path)
        import_path(second.path)
        users = {}
        for actor, (email, role, national_id, name, mobile) in PEOPLE.items():
            profile = profile_data(national_id=national_id, first_name_th=name, phone_mobile=mobile)
            users[actor] = accounts.register_member(email, PASSWORD, profile)
            users[actor].role = role
        db.session.commit()

        client = world.client("learner_a")
        submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
        finished = start(client, "/courses/example/quiz/pretest")
        finish(client, finished, right=False)
        read_all_lessons(client)
        still_open = start(client, "/courses/example/modules/reporting/quiz")

        course = db.session.scalar(select(Course).where(Course.slug == "example"))
        other = db.session.scalar(select(Course).where(Course.slug == "second"))
        a, coordinator, other_coordinator, admin = (
            db.session.get(User, users[k].id) for k in PEOPLE if k != "learner_b"
        )
        with app.test_request_context():  # the import's messages are translated
            coordination = _coordination(a, coordinator, other_coordinator, admin, course, other)
        on_site = dt.date.today() - dt.timedelta(days=7)
        by_admin = credentials.issue_manually(admin, a, course, "อบรม ณ ที่ตั้ง", on_site, "กรุงเทพฯ")
        by_coordinator = credentials.issue_manually(
            coordinator, a, other, "อบรม ณ ที่ตั้ง", on_site, "ขอนแก่น"
        )
        # Once certified, A's change of name waits for staff; then A asks for erasure.
        change = names.apply_name(
            a, a.profile, {"title": a.profile.title, "first_name_th": "อาทิตยา",
                           "last_name_th": a.profile.last_name_th}, new=False,
        )  # fmt: skip
        db.session.commit()
        erasure = pdpa.request_erasure(a, PASSWORD)
        job = jobs.start_bulk_issue(admin, course)
        jobs.wait_for_jobs()
        honour = _recognition(a, coordinator, admin)
        # Someone else's public profile: every actor may turn their own off (a row below),
        # which must not kill the link the public-page row opens.
        guest = db.session.scalars(select(User).where(User.password_hash.startswith("!invited-")))
        shared = public_profiles.turn_on(guest.one(), ["recognitions", "courses"])
        world.ids.update(  # by the name of the URL variable they fill
            attempt_id=str(still_open.id),
            certificate_id=str(by_admin.id),
            code=by_admin.code,
            quiz_id=str(finished.quiz_id),
            user_id=str(a.id),
            job_id=str(job.id),
            slug="example",
            key="what-is-corruption",
            module_key="reporting",
            kind="pretest",
            number=str(course.current_version.number),
            path="lessons/images/diagram.svg",
            name="Sarabun-Regular.ttf",
            filename="css/site.css",
            template="standard",
            token="not-a-token",
            fmt="xlsx",
            change_id=str(change.id),
            request_id=str(erasure.id),
            version_id=str(course.current_version.id),
            **coordination,
            recognition_id=str(honour.id),
            evidence_id=str(honour.evidence[0].id),
            profile_token=shared.token,
            kind_id=str(honour.kind_id),
        )
        world.ids.update(  # objects that some rows ask for instead
            finished_attempt=str(finished.id),
            coordinators_certificate=str(by_coordinator.id),
            second_course="second",
            posttest="posttest",
            csv="csv",
        )
    return world


def _member_list(*rows: list[str]) -> bytes:
    """A member list as a coordinator uploads it (the template's columns)."""
    return csv_bytes([main for main, _others in imports.COLUMNS.values()], list(rows))


def _coordination(a, coordinator, other_coordinator, admin, course, other) -> dict[str, str]:
    """A's network and blended cohort, run by the coordinator; another network beside it."""
    network = networks.create_network(admin, "เครือข่ายของอาทิตย์", "10")
    networks.appoint_coordinator(admin, network, coordinator)
    elsewhere = networks.create_network(admin, "เครือข่ายที่อาทิตย์ไม่ได้อยู่", "50")
    networks.appoint_coordinator(admin, elsewhere, other_coordinator)
    rule = {"starts_on": dt.date.today() - dt.timedelta(days=14), "ends_on": None,
            "mode": "blended", "place": "ห้องประชุม", "attendance_share": 50,
            "posttest_required": False}  # fmt: skip
    cohort = cohorts.create_cohort(coordinator, network, course, {"name": "รุ่นที่ 1", **rule})
    cohorts.create_cohort(other_coordinator, elsewhere, other, {"name": "รุ่นอื่น", **rule})
    member, _new = cohorts.add_member(coordinator, cohort, a.id)
    session = cohorts.add_session(coordinator, cohort, dt.date.today(), None, "ปฐมนิเทศ")
    cohorts.set_attendance(coordinator, session, member, True)
    networks.apply(a, network, member_type="community_leader", agency="ชุมชนของอาทิตย์",
                   other_networks=None, consent=True)  # fmt: skip
    application = networks.applications_of(a)[0]
    # Someone imported without an e-mail, with an invitation; then a list still in preview.
    invited = _member_list(["นาย", "เชิญ", "มาเรียน", NEWCOMERS[0], "", "0866666666", "", "", "", ""])
    first = imports.save_batch(coordinator, cohort, invited, "invited.csv",
                               imports.preview(cohort, invited, "invited.csv"))  # fmt: skip
    imports.commit_batch(coordinator, first)
    guest = db.session.scalars(select(User).where(User.password_hash.startswith("!invited-"))).one()
    pending = _member_list(["นาง", "รอ", "นำเข้า", NEWCOMERS[1], "", "0877777777", "", "", "", ""],
                           ["นาง", "ไม่มี", "เลขบัตร", "", "", "", "", "", "", ""])  # fmt: skip
    batch = imports.save_batch(coordinator, cohort, pending, "pending.csv",
                               imports.preview(cohort, pending, "pending.csv"))  # fmt: skip
    return {
        "network_id": str(network.id),
        "cohort_id": str(cohort.id),
        "member_id": str(member.id),
        "session_id": str(session.id),
        "batch_id": str(batch.id),
        "application_id": str(application.id),
        "invitation": imports.invitation_link(guest).rsplit("/", 1)[1],
        "other_network": str(elsewhere.id),
    }


def _recognition(a: User, coordinator: User, admin: User) -> Recognition:
    """A's approved recognition with its เกียรติบัตร and one evidence file, as a nomination by
    the coordinator would have left it."""
    recognitions.seed_kinds()
    honour = Recognition(user_id=a.id, kind_id=recognitions.kinds()[0].id, holder_name=a.name,
                         title="ผู้มีผลงานดีเด่น", citation="แจ้งเบาะแส", awarded_on=dt.date.today(),
                         awarding_body="เครือข่ายทดสอบ", legal_basis="มาตรา 55",
                         nominated_by_id=coordinator.id)  # fmt: skip
    db.session.add(honour)
    db.session.flush()
    storage().save(f"evidence/{honour.id}/1.png", b"\x89PNG evidence")
    db.session.add(RecognitionEvidence(recognition_id=honour.id, filename="หลักฐาน.png",
                                       content_type="image/png", size=14, sha256="0" * 64,
                                       storage_key=f"evidence/{honour.id}/1.png"))  # fmt: skip
    db.session.commit()
    return recognitions.approve(honour, admin, "ผลงานครบตามเกณฑ์")


@pytest.fixture(autouse=True)
def clean_database():
    """Here the database is emptied once per module, when ``world`` ends (see above)."""
    yield


@pytest.fixture(scope="module")
def world(app, tmp_path_factory):
    world = _build(app, tmp_path_factory)
    yield world
    empty_database(app)

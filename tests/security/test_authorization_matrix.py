"""Who may open what: every route of the app, asked for by six people, on A's real objects.

One row per route (as the URL map spells it) and the answer each person must get: anonymous,
learner A (who owns the objects), learner B (on A's objects), the coordinator of A's network
and cohort, the coordinator of another network (who must reach nothing of A's: the
coordination domain answers 404 and audits the refusal) and an admin. A route the table does
not list fails ``test_every_route_has_a_row``, naming it, so a new route cannot land without
saying who may use it. A state-changing request is sent as a browser would (a valid CSRF
token, an empty form); it is sent again without a token and with another session's token:
400, in Thai, and nothing changes.

Adding a route: one ``Row`` below. ``path`` is filled from the world's ids (see
tests/security/conftest.py); add an object there if the route needs a new kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from learnhub.accounts.models import AuditEvent
from learnhub.coordination.scoping import REFUSED
from learnhub.extensions import db, limiter
from learnhub.site.errors import CSRF_MESSAGE
from tests.conftest import csrf_token
from tests.security.conftest import ACTORS

LOGIN = "log-in"  # 302 to the log-in page, which brings the person back afterwards
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Row:
    route: str  # "METHOD rule", exactly as in the URL map
    anonymous: int | str
    learner_a: int | str
    learner_b: int | str
    coordinator: int | str
    other_coordinator: int | str
    admin: int | str
    # The URL's variables come from the world's object of the same name (``attempt_id``
    # is A's open attempt); ``use`` picks another: {"attempt_id": "finished_attempt"}.
    use: dict[str, str] = field(default_factory=dict)
    ends_session: bool = False  # a valid request logs the person out

    @property
    def method(self) -> str:
        return self.route.split(" ", 1)[0]

    def path(self, ids: dict[str, str]) -> str:
        """The URL to ask for; a KeyError names a variable the world has no object for."""
        rule = self.route.split(" ", 1)[1]
        return VARIABLE.sub(lambda match: ids[self.use.get(match[1], match[1])], rule)

    def expected(self, actor: str) -> int | str:
        return getattr(self, actor)


VARIABLE = re.compile(r"<(?:[^<>]*:)?(\w+)>")  # <int:attempt_id>, <any(a, b):kind>, <slug>

# fmt: off
ROWS = [
    #   route                                                     anon   A    B  coord other admin
    # ---- public pages
    Row("GET /",                                                  200,  200, 200, 200, 200, 200),
    Row("GET /privacy",                                           200,  200, 200, 200, 200, 200),
    Row("GET /healthz",                                           200,  200, 200, 200, 200, 200),
    Row("GET /fonts/<name>",                                      200,  200, 200, 200, 200, 200),
    # Prometheus metrics: only a bearer token or the monitoring network (none set here) reads them.
    Row("GET /metrics",                                           404,  404, 404, 404, 404, 404),
    Row("GET /static/<path:filename>",                            200,  200, 200, 200, 200, 200),
    Row("POST /language",                                         400,  400, 400, 400, 400, 400),
    # ---- accounts: a logged-in person is sent home from log-in and sign-up
    Row("GET /login",                                             200,  302, 302, 302, 302, 302),
    Row("POST /login",                                            422,  302, 302, 302, 302, 302),
    Row("POST /logout",                                           302,  302, 302, 302, 302, 302,
        ends_session=True),
    Row("GET /signup",                                            200,  302, 302, 302, 302, 302),
    Row("POST /signup",                                           422,  302, 302, 302, 302, 302),
    Row("GET /account/reset",                                     200,  200, 200, 200, 200, 200),
    Row("POST /account/reset",                                    422,  422, 422, 422, 422, 422),
    Row("GET /account/reset/<token>",                             400,  400, 400, 400, 400, 400),
    Row("POST /account/reset/<token>",                            400,  400, 400, 400, 400, 400),
    Row("GET /account/profile",                                   LOGIN, 200, 200, 200, 200, 200),
    Row("GET /account/profile/edit",                              LOGIN, 200, 200, 200, 200, 200),
    Row("POST /account/profile/edit",                             LOGIN, 422, 422, 422, 422, 422),
    Row("GET /account/password",                                  LOGIN, 200, 200, 200, 200, 200),
    Row("POST /account/password",                                 LOGIN, 422, 422, 422, 422, 422),
    # ---- the admin's user pages, on A
    Row("GET /admin/users",                                       LOGIN, 403, 403, 403, 403, 200),
    Row("GET /admin/users/<int:user_id>",                         LOGIN, 403, 403, 403, 403, 200),
    Row("POST /admin/users/<int:user_id>/role",                   LOGIN, 403, 403, 403, 403, 400),
    # (a reset link is only for members without e-mail: for A, back to A's page)
    Row("POST /admin/users/<int:user_id>/reset-link",             LOGIN, 403, 403, 403, 403, 303),
    Row("POST /admin/users",                                      LOGIN, 403, 403, 403, 403, 200),
    Row("GET /admin/outbox",                                      LOGIN, 403, 403, 403, 403, 404),
    Row("POST /account/sessions/end",                             LOGIN, 303, 303, 303, 303, 303),
    # ---- catalog: course pages are public, lessons need an enrolment (only A has one)
    Row("GET /courses/",                                          200,  200, 200, 200, 200, 200),
    Row("GET /courses/<slug>",                                    200,  200, 200, 200, 200, 200),
    Row("GET /courses/<slug>/continue",                           LOGIN, 302, 302, 302, 302, 302),
    Row("POST /courses/<slug>/enrol",                             LOGIN, 303, 303, 303, 303, 303,
        use={"slug": "second_course"}),  # a course no other row looks at
    Row("GET /courses/<slug>/lessons/<key>",                      LOGIN, 200, 403, 403, 403, 403),
    Row("POST /courses/<slug>/lessons/<key>/done",                LOGIN, 303, 403, 403, 403, 403),
    Row("GET /courses/<slug>/v<int:number>/assets/<path:path>",   200,  200, 200, 200, 200, 200),
    # ---- assessment: quizzes, and A's attempts that no one else may open
    Row("GET /courses/<slug>/quiz/<any(pretest, posttest):kind>", LOGIN, 200, 200, 200, 200, 200),
    Row("POST /courses/<slug>/quiz/<any(pretest, posttest):kind>/start",
                                                                  LOGIN, 303, 303, 303, 303, 303,
        use={"kind": "posttest"}),  # not open to anyone yet: back to the course page
    Row("GET /courses/<slug>/modules/<module_key>/quiz",          LOGIN, 200, 200, 200, 200, 200),
    Row("POST /courses/<slug>/modules/<module_key>/quiz/start",   LOGIN, 303, 303, 303, 303, 303),
    Row("GET /attempts/<int:attempt_id>",                         LOGIN, 200, 404, 404, 404, 404),
    Row("POST /attempts/<int:attempt_id>/save",                   LOGIN, 303, 404, 404, 404, 404),
    Row("POST /attempts/<int:attempt_id>/submit",                 LOGIN, 303, 404, 404, 404, 404,
        use={"attempt_id": "finished_attempt"}),  # submitting twice is harmless
    Row("GET /attempts/<int:attempt_id>/summary",                 LOGIN, 200, 404, 404, 404, 404),
    Row("POST /attempts/<int:attempt_id>/summary",                LOGIN, 303, 404, 404, 404, 404),
    Row("GET /attempts/<int:attempt_id>/result",                  LOGIN, 200, 404, 404, 404, 404,
        use={"attempt_id": "finished_attempt"}),
    Row("GET /quizzes/<int:quiz_id>/statistics",                  LOGIN, 403, 403, 200, 200, 200),
    # ---- credentials: A's certificates, the staff's desk, public verification
    Row("GET /certificates",                                      LOGIN, 200, 200, 200, 200, 200),
    Row("GET /certificates/<int:certificate_id>.pdf",             LOGIN, 200, 404, 404, 404, 200),
    Row("GET /transcript",                                        LOGIN, 200, 200, 200, 200, 200),
    Row("GET /transcript.pdf",                                    LOGIN, 200, 200, 200, 200, 200),
    Row("GET /verify",                                            200,  200, 200, 200, 200, 200),
    Row("POST /verify",                                           422,  422, 422, 422, 422, 422),
    Row("POST /verify/file",                                      422,  422, 422, 422, 422, 422),
    Row("GET /verify/<code>",                                     200,  200, 200, 200, 200, 200),
    Row("GET /admin/certificates",                                LOGIN, 403, 403, 200, 200, 200),
    Row("POST /admin/certificates/issue",                         LOGIN, 403, 403, 422, 422, 422),
    Row("POST /admin/certificates/bulk",                          LOGIN, 403, 403, 403, 403, 400),
    Row("POST /admin/certificates/<int:certificate_id>/revoke",   LOGIN, 403, 403, 303, 403, 303),
    # (the coordinator looks after A, so may revoke A's certificates; the other one may not)
    Row("POST /admin/certificates/<int:certificate_id>/revoke",   LOGIN, 403, 403, 303, 403, 303,
        use={"certificate_id": "coordinators_certificate"}),  # theirs to revoke
    Row("POST /admin/certificates/<int:certificate_id>/reissue",  LOGIN, 403, 403, 403, 403, 303),
    Row("GET /admin/certificates/preview/<template>.pdf",         LOGIN, 403, 403, 403, 403, 200),
    Row("GET /admin/jobs/<int:job_id>",                           LOGIN, 403, 403, 404, 404, 200),
    # (a job is shown to the person who started it: the admin)
    # ---- recognitions (เชิดชูเกียรติ): A's approved one; A is in the coordinator's network
    Row("GET /coordination/people/<int:user_id>/recognitions/new", LOGIN, 403, 403, 200, 404, 200),
    Row("POST /coordination/people/<int:user_id>/recognitions/new", LOGIN, 403, 403, 422, 404, 422),
    Row("GET /coordination/people/<int:user_id>",                  LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/recognitions",                         LOGIN, 403, 403, 200, 200, 200),
    Row("GET /admin/recognitions",                                LOGIN, 403, 403, 403, 403, 200),
    Row("GET /admin/recognitions/<int:recognition_id>",           LOGIN, 403, 403, 403, 403, 200),
    Row("GET /admin/recognitions/<int:recognition_id>/evidence/<int:evidence_id>",
                                                                  LOGIN, 403, 403, 403, 403, 200),
    Row("POST /admin/recognitions/<int:recognition_id>/decide",   LOGIN, 403, 403, 403, 403, 303),
    Row("POST /admin/recognitions/<int:recognition_id>/revoke",   LOGIN, 403, 403, 403, 403, 303),
    Row("GET /recognitions/<int:recognition_id>.pdf",             LOGIN, 200, 404, 404, 404, 200),
    Row("GET /admin/recognition-kinds",                           LOGIN, 403, 403, 403, 403, 200),
    Row("POST /admin/recognition-kinds",                          LOGIN, 403, 403, 403, 403, 422),
    Row("GET /admin/recognition-kinds/<int:kind_id>",             LOGIN, 403, 403, 403, 403, 200),
    Row("POST /admin/recognition-kinds/<int:kind_id>",            LOGIN, 403, 403, 403, 403, 422),
    # ---- the public profile: each person's own switch, and the page its link opens
    Row("GET /account/public-profile",                            LOGIN, 200, 200, 200, 200, 200),
    Row("POST /account/public-profile",                           LOGIN, 422, 422, 422, 422, 422),
    Row("POST /account/public-profile/off",                       LOGIN, 303, 303, 303, 303, 303),
    Row("GET /p/<profile_token>",                                 200,  200, 200, 200, 200, 200),
    Row("GET /p/<profile_token>",                                 404,  404, 404, 404, 404, 404,
        use={"profile_token": "token"}),  # an unknown link
    # ---- the public JSON API
    Row("GET /api/v1/openapi.json",                               200,  200, 200, 200, 200, 200),
    Row("GET /api/v1/courses",                                    200,  200, 200, 200, 200, 200),
    Row("GET /api/v1/courses/<slug>",                             200,  200, 200, 200, 200, 200),
    Row("GET /api/v1/certificates/<code>",                        200,  200, 200, 200, 200, 200),
    # ---- coordination: every member's own page, then the staff's workspace
    Row("GET /coordination/my-networks",                          LOGIN, 200, 200, 200, 200, 200),
    Row("POST /coordination/my-networks",                         LOGIN, 422, 422, 422, 422, 422),
    Row("GET /coordination/invitation/<token>",                   400,  400, 400, 400, 400, 400),
    Row("GET /coordination/invitation/<token>",                   200,  200, 200, 200, 200, 200,
        use={"token": "invitation"}),
    Row("POST /coordination/invitation/<token>",                  422,  422, 422, 422, 422, 422,
        use={"token": "invitation"}),
    Row("GET /coordination/",                                     LOGIN, 403, 403, 200, 200, 200),
    Row("GET /coordination/audit",                                LOGIN, 403, 403, 200, 200, 200),
    Row("GET /coordination/overview",                             LOGIN, 403, 403, 200, 200, 200),
    Row("GET /coordination/overview.<any(xlsx):fmt>",             LOGIN, 403, 403, 200, 200, 200),
    Row("GET /coordination/import-template.csv",                  LOGIN, 403, 403, 200, 200, 200),
    Row("POST /coordination/networks",                            LOGIN, 403, 403, 403, 403, 303),
    Row("GET /coordination/networks/<int:network_id>",            LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/networks/<int:network_id>",            LOGIN, 403, 403, 404, 200, 200,
        use={"network_id": "other_network"}),  # and the other way round
    Row("POST /coordination/networks/<int:network_id>/coordinators",
                                                                  LOGIN, 403, 403, 403, 403, 303),
    Row("GET /coordination/networks/<int:network_id>/cohorts/new", LOGIN, 403, 403, 200, 404, 200),
    Row("POST /coordination/networks/<int:network_id>/cohorts/new", LOGIN, 403, 403, 422, 404, 422),
    Row("POST /coordination/applications/<int:application_id>/decide",
                                                                  LOGIN, 403, 403, 303, 404, 303),
    Row("GET /coordination/cohorts/<int:cohort_id>",              LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/edit",         LOGIN, 403, 403, 200, 404, 200),
    # (choosing a cohort's own coordinators; an empty form or someone not on it: back to the cohort)
    Row("POST /coordination/cohorts/<int:cohort_id>/coordinators", LOGIN, 403, 403, 303, 404, 303),
    Row("POST /coordination/cohorts/<int:cohort_id>/coordinators/<int:user_id>/remove",
                                                                  LOGIN, 403, 403, 303, 404, 303),
    Row("POST /coordination/cohorts/<int:cohort_id>/edit",        LOGIN, 403, 403, 422, 404, 422),
    Row("GET /coordination/cohorts/<int:cohort_id>/export.<fmt>", LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/export.<fmt>", LOGIN, 403, 403, 200, 404, 200,
        use={"fmt": "csv"}),  # plain text: the leak check reads it
    Row("GET /coordination/cohorts/<int:cohort_id>/gain",         LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/gain.<any(pdf, xlsx):fmt>",
                                                                  LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/members/<int:member_id>",
                                                                  LOGIN, 403, 403, 200, 404, 200),
    # (a reset link is only for members without e-mail: for A, back to the member page)
    Row("POST /coordination/cohorts/<int:cohort_id>/members/<int:member_id>/reset-link",
                                                                  LOGIN, 403, 403, 303, 404, 303),
    Row("GET /coordination/cohorts/<int:cohort_id>/certificates.zip",
                                                                  LOGIN, 403, 403, 200, 404, 200),
    Row("POST /coordination/cohorts/<int:cohort_id>/certificates/<int:certificate_id>/revoke",
                                                                  LOGIN, 403, 403, 303, 404, 303),
    Row("POST /coordination/cohorts/<int:cohort_id>/remind",      LOGIN, 403, 403, 303, 404, 303),
    Row("POST /coordination/cohorts/<int:cohort_id>/sessions",    LOGIN, 403, 403, 303, 404, 303),
    Row("GET /coordination/cohorts/<int:cohort_id>/sessions/<int:session_id>",
                                                                  LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/sessions/<int:session_id>/sign-in.pdf",
                                                                  LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/invitations",  LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/cohorts/<int:cohort_id>/import",       LOGIN, 403, 403, 200, 404, 200),
    Row("POST /coordination/cohorts/<int:cohort_id>/import",      LOGIN, 403, 403, 422, 404, 422),
    Row("GET /coordination/cohorts/<int:cohort_id>/import/<int:batch_id>/errors.csv",
                                                                  LOGIN, 403, 403, 200, 404, 200),
    Row("GET /coordination/versions/<int:version_id>/gain",       LOGIN, 403, 403, 200, 200, 200),
    Row("GET /coordination/versions/<int:version_id>/gain.<any(pdf, xlsx):fmt>",
                                                                  LOGIN, 403, 403, 200, 200, 200),
    Row("GET /coordination/versions/<int:version_id>/item-statistics",  # to the post-test's
                                                                  LOGIN, 403, 403, 302, 302, 302),
    # ---- PDPA: A's own data and rights (A has asked for erasure), the staff's desks
    Row("GET /account/privacy",                                   LOGIN, 200, 200, 200, 200, 200),
    Row("GET /account/privacy/export.zip",                        LOGIN, 200, 200, 200, 200, 200),
    Row("GET /account/privacy/erase",                             LOGIN, 302, 200, 200, 200, 200),
    Row("POST /account/privacy/erase",                            LOGIN, 302, 422, 422, 422, 422),
    Row("GET /admin/name-changes",                                LOGIN, 403, 403, 200, 200, 200),
    Row("POST /admin/name-changes/<int:change_id>",               LOGIN, 403, 403, 400, 404, 400),
    Row("GET /admin/erasure-requests",                            LOGIN, 403, 403, 403, 403, 200),
    Row("POST /admin/erasure-requests/<int:request_id>/carry-out",
                                                                  LOGIN, 403, 403, 403, 403, 303),
    # ---- last, as they change what the rows above look at
    Row("POST /coordination/cohorts/<int:cohort_id>/sessions/<int:session_id>/members/"
        "<int:member_id>",
                                                                  LOGIN, 403, 403, 303, 404, 303),
    Row("POST /coordination/cohorts/<int:cohort_id>/import/<int:batch_id>",
                                                                  LOGIN, 403, 403, 303, 404, 303),
    Row("POST /coordination/cohorts/<int:cohort_id>/certificates", LOGIN, 403, 403, 303, 404, 303),
    Row("POST /account/privacy/consent/withdraw",                 LOGIN, 303, 303, 303, 303, 303),
    Row("POST /account/privacy/erase/cancel",                     LOGIN, 303, 303, 303, 303, 303),
]
# fmt: on

# What is the same for everyone, logged in or not, keeps its own caching; every other answer
# to a logged-in person is sent with ``Cache-Control: no-store`` (learnhub/site/security.py).
CACHEABLE = {
    "GET /static/<path:filename>",
    "GET /fonts/<name>",
    "GET /courses/<slug>/v<int:number>/assets/<path:path>",
    "GET /verify",
    "GET /verify/<code>",
    "GET /api/v1/certificates/<code>",
}

# Who may be shown A's e-mail and phone number: A, the coordinator who looks after A (the
# member page, the cohort's exports), and the admin. A's full national ID: A alone.
MAY_SEE_A = {"learner_a", "coordinator", "admin"}


def routes_of(app) -> set[str]:
    return {
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


OWN_TOKEN = "the session's own"


def send(world, row: Row, actor: str, token: str | None = OWN_TOKEN):
    """The request as a browser sends it: a state-changing one with an empty form and ``token``
    (by default the session's own CSRF token; ``None`` sends none)."""
    client = world.client(actor)
    limiter.reset()  # throttling has its own tests; here it would turn answers into 429
    path = row.path(world.ids)
    if row.method not in STATE_CHANGING:
        return client.open(path, method=row.method)
    if token == OWN_TOKEN:
        token = csrf_token(client.get("/account/reset").get_data(as_text=True))
    response = client.open(
        path, method=row.method, data={} if token is None else {"csrf_token": token}
    )
    if row.ends_session and response.status_code < 400:
        world.forget(actor)
    return response


def cells(rows=ROWS):
    return [
        pytest.param(row, actor, id=f"{row.route}{f' {row.use}' if row.use else ''} as {actor}")
        for row in rows
        for actor in ACTORS
    ]


def test_every_route_has_a_row(app):
    listed = {row.route for row in ROWS}
    missing = sorted(routes_of(app) - listed)
    stale = sorted(listed - routes_of(app))
    assert not missing, "routes with no row in the authorization matrix: " + ", ".join(missing)
    assert not stale, "rows for routes that no longer exist: " + ", ".join(stale)


def refusals(world) -> int:
    """How many times the coordination domain has refused someone an object (audited)."""
    with world.app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == REFUSED)
        )


@pytest.mark.parametrize(("row", "actor"), cells())
def test_each_person_gets_the_answer_the_matrix_states(world, row, actor):
    refused_before = refusals(world)

    response = send(world, row, actor)

    expected = row.expected(actor)
    where = response.headers.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and where.startswith("/login?next="), (
            f"{row.route} as {actor}: expected the log-in page, got {response.status_code} {where}"
        )
    else:
        assert response.status_code == expected, (
            f"{row.route} as {actor}: expected {expected}, got {response.status_code} {where}"
        )
    if actor != "anonymous" and response.status_code == 200:
        cache = response.headers.get("Cache-Control", "")
        if row.route in CACHEABLE:
            assert "no-store" not in cache, f"{row.route} as {actor}: the same for everyone"
        else:
            assert "no-store" in cache, f"{row.route} as {actor}: may be cached ({cache!r})"
    if row.route.split(" ", 1)[1].startswith("/coordination/") and expected == 404:
        assert refusals(world) == refused_before + 1, f"{row.route} as {actor}: not audited"
    if actor != "learner_a":
        private = world.private_data_of_a() if actor not in MAY_SEE_A else world.national_id_of_a()
        body = response.get_data()
        leaked = [value for value in private if value.encode() in body]
        assert not leaked, f"{row.route} as {actor} shows learner A's {leaked}"


@pytest.fixture(scope="module")
def foreign_token(world):
    """A valid CSRF token, but another browser's: what a forged cross-site form could carry."""
    stranger = world.app.test_client()
    return csrf_token(stranger.get("/login").get_data(as_text=True))


@pytest.fixture(scope="module")
def csrf_message_th(app):
    with app.test_request_context(), force_locale("th"):
        return str(CSRF_MESSAGE)


@pytest.mark.parametrize("token", ["missing", "foreign"])
@pytest.mark.parametrize(
    ("row", "actor"), cells([row for row in ROWS if row.method in STATE_CHANGING])
)
def test_a_form_without_its_own_csrf_token_is_refused_and_changes_nothing(
    world, row, actor, token, foreign_token, csrf_message_th
):
    world.client(actor)  # logged in first: the log-in itself may write
    before = world.fingerprint()

    response = send(world, row, actor, token=foreign_token if token == "foreign" else None)

    assert response.status_code == 400, f"{row.route} as {actor}: {response.status_code}"
    assert csrf_message_th in response.get_data(as_text=True)
    assert world.fingerprint() == before, f"{row.route} as {actor} changed the database"

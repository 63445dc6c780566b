"""Sessions that can be ended: a copied session cookie stops working after log-out,
a new password, a role change, deactivation or "log out on all other devices"."""

import re

import pytest

from learnhub.accounts import services
from learnhub.accounts.models import Role, User
from learnhub.extensions import db
from tests.conftest import PASSWORD, login, submit

NEW_PASSWORD = "a-brand-new-password-7"


def stolen_copy(app, client):
    """Another browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def logged_in(client) -> bool:
    return client.get("/account/profile").status_code == 200


@pytest.fixture
def member(app, client, make_member):
    make_member(email="malee@example.org")
    login(client, "malee@example.org")
    return app, client


def test_a_copied_cookie_works_until_the_member_logs_out(member):
    app, client = member
    thief = stolen_copy(app, client)
    assert logged_in(thief)

    submit(client, "/logout", {}, form_url="/")

    assert not logged_in(client) and not logged_in(thief)


def test_changing_the_password_ends_every_other_session_but_keeps_this_one(member):
    app, client = member
    thief = stolen_copy(app, client)

    response = submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert logged_in(client)
    assert not logged_in(thief)


def test_a_password_reset_ends_the_sessions_of_whoever_knew_the_old_password(member, outbox):
    app, client = member
    thief = stolen_copy(app, client)
    visitor = app.test_client()
    submit(visitor, "/account/reset", {"email": "malee@example.org"})
    link = re.search(r"http\S+", outbox[0].get_content()).group(0)

    submit(visitor, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})

    assert not logged_in(thief) and not logged_in(client)


def test_a_new_role_ends_the_old_sessions_so_the_next_one_starts_with_it(app, client, make_member):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    learner_id = make_member(email="malee@example.org")
    learner = app.test_client()
    login(learner, "malee@example.org")
    thief = stolen_copy(app, learner)
    login(client, "admin@example.org")

    submit(client, f"/admin/users/{learner_id}/role", {"role": "coordinator"},
           form_url=f"/admin/users/{learner_id}")  # fmt: skip

    assert not logged_in(learner) and not logged_in(thief)
    login(learner, "malee@example.org")
    assert learner.get("/admin/certificates").status_code == 200  # the new role, a new session


def test_a_deactivated_account_is_logged_out_at_once(member):
    app, client = member
    thief = stolen_copy(app, client)

    result = app.test_cli_runner().invoke(
        args=["users", "deactivate", "--email", "malee@example.org"]
    )

    assert result.exit_code == 0, result.output
    assert not logged_in(client) and not logged_in(thief)
    refused = submit(
        app.test_client(), "/login", {"email": "malee@example.org", "password": PASSWORD}
    )
    assert refused.status_code == 422


def test_log_out_on_all_other_devices_keeps_only_this_browser(member):
    app, client = member
    phone = stolen_copy(app, client)  # the same account, logged in on a lost phone

    response = submit(client, "/account/sessions/end", {}, form_url="/account/password")

    assert response.status_code == 303
    assert "ออกจากระบบบนอุปกรณ์อื่นทั้งหมดแล้ว" in client.get("/account/password").get_data(as_text=True)
    assert logged_in(client) and not logged_in(phone)


def test_log_out_everywhere_needs_a_csrf_token(member):
    app, client = member
    phone = stolen_copy(app, client)
    client.post("/account/sessions/end")
    assert logged_in(phone)


def test_ending_sessions_from_the_command_line(member):
    app, client = member
    result = app.test_cli_runner().invoke(
        args=["users", "end-sessions", "--email", "malee@example.org"]
    )
    assert result.exit_code == 0, result.output
    assert not logged_in(client)


def test_a_cookie_from_before_session_versions_is_not_accepted(app, make_member):
    user_id = make_member(email="malee@example.org")
    old_style = app.test_client()
    with old_style.session_transaction() as session:
        session["_user_id"] = str(user_id)  # what Flask-Login stored before this change
        session["_fresh"] = True
    assert not logged_in(old_style)


def test_the_session_cookie_outlives_the_browser_only_when_asked(client, make_member):
    make_member(email="malee@example.org")

    plain = submit(client, "/login", {"email": "malee@example.org", "password": PASSWORD})
    assert "Expires=" not in plain.headers["Set-Cookie"]
    switched = submit(client, "/language", {"lang": "en", "next": "/"}, form_url="/")
    assert "Expires=" not in switched.headers["Set-Cookie"]  # a shared PC forgets on closing

    submit(client, "/logout", {}, form_url="/")
    remembered = submit(
        client, "/login", {"email": "malee@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert "Expires=" in remembered.headers["Set-Cookie"]
    cookie = remembered.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logging_in_starts_a_new_session(client, make_member):
    make_member(email="malee@example.org")
    before = client.get("/login").get_data(as_text=True)
    token_before_login = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', before)[1]

    login(client, "malee@example.org")

    # Nothing of the anonymous session survives, not even its CSRF secret.
    stale = client.post("/account/sessions/end", data={"csrf_token": token_before_login})
    assert stale.status_code == 400


def test_the_session_version_changes_only_when_sessions_end(app, make_member):
    user_id = make_member(email="malee@example.org")
    user = db.session.get(User, user_id)
    first = user.get_id()
    services.authenticate("malee@example.org", PASSWORD)
    assert db.session.get(User, user_id).get_id() == first
    services.end_sessions(user)
    assert db.session.get(User, user_id).get_id() != first

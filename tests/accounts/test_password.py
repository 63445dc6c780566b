"""Changing a password, and resetting a forgotten one by an e-mailed link."""

import re

from tests.conftest import PASSWORD, login, submit

NEW_PASSWORD = "a-brand-new-password"


def reset_link(outbox) -> str:
    assert len(outbox) == 1
    body = outbox[0].get_content()
    return re.search(r"http://\S+", body).group(0).replace("http://localhost", "")


def test_member_changes_password_and_logs_in_with_the_new_one(client, make_member):
    make_member()
    login(client, "member@example.org")

    response = submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
        follow_redirects=True,
    )

    assert "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว" in response.get_data(as_text=True)
    submit(client, "/logout", {}, form_url="/")
    login(client, "member@example.org", NEW_PASSWORD)


def test_change_needs_the_current_password(client, make_member):
    make_member()
    login(client, "member@example.org")

    response = submit(
        client,
        "/account/password",
        {"current_password": "wrong", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )

    assert response.status_code == 422
    assert "รหัสผ่านปัจจุบันไม่ถูกต้อง" in response.get_data(as_text=True)


def test_forgotten_password_is_reset_by_a_link_that_works_once(client, make_member, outbox):
    make_member()

    response = submit(
        client, "/account/reset", {"email": "member@example.org"}, follow_redirects=True
    )
    assert "ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ไปให้แล้ว" in response.get_data(as_text=True)
    link = reset_link(outbox)
    assert outbox[0]["Subject"] == "ตั้งรหัสผ่าน LearnHub ใหม่"

    response = submit(client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302
    login(client, "member@example.org", NEW_PASSWORD)

    again = client.get(link)
    assert again.status_code == 400
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in again.get_data(as_text=True)


def test_unknown_email_gets_the_same_answer_and_no_mail(client, outbox):
    response = submit(
        client, "/account/reset", {"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ไปให้แล้ว" in response.get_data(as_text=True)
    assert outbox == []


def test_expired_or_forged_reset_link_is_refused(client, app, make_member, outbox):
    make_member()
    submit(client, "/account/reset", {"email": "member@example.org"})
    link = reset_link(outbox)

    assert client.get(link[:-3] + "xyz").status_code == 400
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        assert client.get(link).status_code == 400
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600


def test_a_site_set_up_as_shipped_hashes_passwords_with_full_cost_scrypt(tmp_path, monkeypatch):
    """The suite hashes cheaply to save minutes; a real site must not."""
    from cryptography.fernet import Fernet

    from learnhub import create_app
    from learnhub.accounts import services

    monkeypatch.setenv("LEARNHUB_INSTANCE_PATH", str(tmp_path))
    shipped = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shipped.db'}",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        }
    )
    with shipped.app_context():
        assert services.hash_password(PASSWORD).startswith("scrypt:32768:8:1$")
        # an unknown log-in name is checked against a hash of the same cost
        assert services._dummy_hash(services._hash_method()).startswith("scrypt:32768:8:1$")

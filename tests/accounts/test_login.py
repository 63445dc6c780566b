"""Logging in and out, and the limits that protect it."""

from tests.conftest import PASSWORD, login, submit


def test_member_logs_in_and_out(client, make_member):
    make_member(email="malee@example.org", title="mrs", first_name_th="มาลี")

    login(client, "Malee@Example.org")
    home = client.get("/").get_data(as_text=True)
    assert "ยินดีต้อนรับกลับมา นางมาลี ใจดี" in home

    response = submit(client, "/logout", {}, form_url="/", follow_redirects=True)
    assert "ออกจากระบบแล้ว" in response.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_member):
    make_member(email="malee@example.org")
    for email, password in [
        ("malee@example.org", "wrong-password"),
        ("nobody@example.org", PASSWORD),
    ]:
        response = submit(client, "/login", {"email": email, "password": password})
        assert response.status_code == 422
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(client, make_member):
    make_member()
    response = submit(
        client,
        "/login?next=/account/password",
        {"email": "member@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/account/password"

    submit(client, "/logout", {}, form_url="/")
    response = submit(
        client,
        "/login?next=//evil.example/x",
        {"email": "member@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_private_page_sends_visitor_to_log_in(client):
    response = client.get("/account/profile", follow_redirects=True)
    assert "โปรดเข้าสู่ระบบเพื่อดูหน้านี้" in response.get_data(as_text=True)


def test_logout_needs_a_csrf_token(client, make_member):
    make_member()
    login(client, "member@example.org")
    assert client.post("/logout").status_code == 400
    assert client.get("/account/profile").status_code == 200


def test_guessing_passwords_is_slowed_down_with_a_thai_page(client, make_member):
    make_member()
    statuses = [
        submit(
            client, "/login", {"email": "member@example.org", "password": f"guess-{i}"}
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    page = submit(client, "/login", {"email": "member@example.org", "password": PASSWORD})
    assert page.status_code == 429
    assert "มีคำขอมากเกินไป" in page.get_data(as_text=True)

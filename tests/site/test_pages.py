"""The site's shell: error pages in the user's language, web fonts, the language switch."""

import re

from sqlalchemy import select

from learnhub import create_app
from learnhub.accounts.models import User
from learnhub.extensions import db
from tests.conftest import login, submit


def switch_language(client, lang: str, next_url: str = "/"):
    return submit(client, "/language", {"lang": lang, "next": next_url}, form_url=next_url)


def test_home_page_is_thai_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="th">' in page
    assert "เรียนรู้ รู้ทัน และต่อต้านการทุจริต" in page


def test_language_switch_sticks_across_pages(client):
    response = switch_language(client, "en", "/login")
    assert response.status_code == 303 and response.headers["Location"] == "/login"

    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Learn to recognise and resist corruption" in page
    assert "ภาษาไทย" in page  # the way back

    switch_language(client, "th")
    assert "เรียนรู้ รู้ทัน" in client.get("/").get_data(as_text=True)


def test_language_choice_is_kept_on_the_account_for_the_next_login(app, client, make_member):
    make_member()
    login(client, "member@example.org")
    switch_language(client, "en")
    assert db.session.scalars(select(User)).one().locale == "en"

    fresh = app.test_client()
    login(fresh, "member@example.org")
    assert "My profile" in fresh.get("/").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    assert switch_language(client, "fr").status_code == 400


def test_language_switch_never_redirects_off_site(client):
    response = submit(
        client, "/language", {"lang": "en", "next": "https://evil.example/"}, form_url="/"
    )
    assert response.headers["Location"] == "/"


def test_error_pages_speak_the_users_language(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.get_data(as_text=True)

    switch_language(client, "en")
    response = client.get("/no-such-page")
    assert "Page not found" in response.get_data(as_text=True)
    assert client.get("/logout").status_code == 405


def test_forbidden_page_is_explained(client, make_member):
    make_member()
    login(client, "member@example.org")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "บัญชีของท่านไม่มีสิทธิ์เปิดหน้านี้" in response.get_data(as_text=True)


def test_server_error_shows_a_thai_page_not_a_traceback(app):
    broken = create_app(
        {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "FIELD_ENCRYPTION_KEY")}
    )

    @broken.route("/__boom")
    def boom():
        raise RuntimeError("a bug")

    response = broken.test_client().get("/__boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "เกิดข้อผิดพลาดในระบบของเรา" in page and "Traceback" not in page


def test_sarabun_is_served_from_the_installed_package(client):
    response = client.get("/fonts/Sarabun-Regular.ttf")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert client.get("/fonts/../../etc/passwd").status_code == 404
    css = client.get("/static/css/site.css").get_data(as_text=True)
    assert 'url("/fonts/Sarabun-Regular.ttf")' in css and "http" not in css


def test_a_style_sheet_at_its_versioned_address_is_kept_a_year_and_an_old_address_is_not(client):
    page = client.get("/").get_data(as_text=True)
    versioned = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', page).group(1)

    kept = client.get(versioned)
    assert kept.status_code == 200
    assert kept.cache_control.max_age == 365 * 24 * 3600 and kept.cache_control.immutable
    assert kept.cache_control.public and not kept.cache_control.no_cache

    for address in ("/static/css/site.css", "/static/css/site.css?v=0000000000"):
        asked_again = client.get(address)  # no digest, or an old one: the browser checks again
        assert asked_again.status_code == 200
        assert not asked_again.cache_control.immutable and not asked_again.cache_control.max_age

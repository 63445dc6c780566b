"""In a browser: during a database outage a logged-in member sees a Thai page, not a crash."""

from __future__ import annotations

import threading

import pytest
from cryptography.fernet import Fernet
from werkzeug.serving import make_server

from learnhub import create_app
from learnhub.extensions import limiter
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.steps import thai_page_checks

pytestmark = pytest.mark.e2e


@pytest.fixture
def outage(tmp_path):
    """A site whose database cannot be reached, and the cookie of a member logged in before."""
    saved_limiter = dict(vars(limiter))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/gone/learnhub.db",
            "SECRET_KEY": "outage-e2e",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        }
    )
    with app.test_client() as client:
        with client.session_transaction() as session:
            session["_user_id"] = "1:0"  # id:session version, as a log-in writes it
            session["_fresh"] = True
        client.get("/")
        cookie = client.get_cookie("session").value
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", cookie, app
    server.shutdown()
    vars(limiter).clear()
    vars(limiter).update(saved_limiter)


@pytest.mark.parametrize("width", [360, 1280])
def test_a_member_sees_a_thai_page_that_says_to_try_again_later(browser, outage, width):
    base_url, cookie, app = outage
    context = browser.new_context(viewport={"width": width, "height": 740}, base_url=base_url,
                                  locale="th-TH")  # fmt: skip
    context.add_cookies([{"name": "session", "value": cookie, "url": base_url}])
    page = context.new_page()
    page.width = width
    page.app = app  # steps.in_english_too signs the English session with the outage site's key
    try:
        response = page.goto("/account/profile")
        assert response.status == 503 and response.headers["retry-after"] == "30"
        assert page.get_by_role("heading", name="LearnHub ไม่พร้อมให้บริการชั่วคราว").is_visible()
        assert page.get_by_text("ข้อมูลที่ท่านบันทึกไว้แล้วไม่สูญหาย").is_visible()
        thai_page_checks(page)
        # The next step is plain: one button back to the home page.
        home = page.get_by_role("link", name="ไปหน้าแรก")
        assert home.is_visible()
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"outage-{width}.png"), full_page=True)
        if getattr(page, "english_tab", None) is not None:
            page.english_tab.context.close()
        context.close()

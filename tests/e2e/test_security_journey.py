"""In a real browser: "remember me" on the log-in page, logging out on every other
device from the password page, and a Content-Security-Policy the browser enforces."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.steps import LOGIN_NAME, thai_page_checks

pytestmark = pytest.mark.e2e


def session_cookie(context) -> dict:
    return next(cookie for cookie in context.cookies() if cookie["name"] == "session")


def test_a_member_on_a_shared_pc_logs_in_without_being_remembered(page, make_member):
    make_member(email="malee@example.org")
    page.goto("/login")
    remember = page.get_by_label("จดจำการเข้าสู่ระบบบนอุปกรณ์นี้")
    expect(remember).not_to_be_checked()  # the safe choice is the default
    expect(page.get_by_text("อย่าเลือกข้อนี้บนเครื่องคอมพิวเตอร์ที่ใช้ร่วมกัน")).to_be_visible()
    thai_page_checks(page)

    page.get_by_label(LOGIN_NAME).fill("malee@example.org")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_text("ยินดีต้อนรับกลับมา")).to_be_visible()
    assert session_cookie(page.context)["expires"] == -1  # gone when the browser closes


def test_a_member_who_lost_their_phone_logs_it_out_from_the_password_page(
    page, browser, live_url, make_member
):
    make_member(email="malee@example.org")
    phone = browser.new_context(base_url=live_url)
    lost = phone.new_page()
    for tab, remember in ((lost, True), (page, False)):
        tab.goto("/login")
        tab.get_by_label(LOGIN_NAME).fill("malee@example.org")
        tab.get_by_label("รหัสผ่าน").fill(PASSWORD)
        if remember:
            tab.get_by_label("จดจำการเข้าสู่ระบบบนอุปกรณ์นี้").check()
        tab.get_by_role("button", name="เข้าสู่ระบบ").click()
        expect(tab.get_by_text("ยินดีต้อนรับกลับมา")).to_be_visible()
    assert session_cookie(phone)["expires"] > 0  # remembered on the phone

    page.goto("/account/profile")
    page.get_by_role("link", name="เปลี่ยนรหัสผ่าน").click()
    thai_page_checks(page)
    page.get_by_role("button", name="ออกจากระบบบนอุปกรณ์อื่นทั้งหมด").click()
    expect(page.get_by_text("ออกจากระบบบนอุปกรณ์อื่นทั้งหมดแล้ว")).to_be_visible()
    thai_page_checks(page)

    page.goto("/account/profile")  # still logged in here
    expect(page.get_by_role("link", name="เปลี่ยนรหัสผ่าน")).to_be_visible()
    lost.goto("/account/profile")  # the phone's remembered cookie no longer works
    expect(lost.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
    phone.close()


def test_the_browser_refuses_a_script_injected_into_a_page(browser, live_url):
    context = browser.new_context(base_url=live_url)
    tab = context.new_page()
    tab.goto("/")
    # As if an attacker's markup got through: an inline script must not run.
    tab.evaluate(
        """() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.appendChild(script);
    }"""
    )
    assert tab.evaluate("window.injected === undefined")
    # And no other site may frame LearnHub (clickjacking).
    tab.set_content(f'<iframe id="f" src="{live_url}/login"></iframe>')
    frame = tab.frame_locator("#f")
    expect(frame.get_by_role("button", name="เข้าสู่ระบบ")).to_have_count(0)
    context.close()


def test_a_stranger_signing_up_with_a_members_id_is_sent_to_log_in_told_nothing(page, make_member):
    from tests.e2e.steps import fill_sign_up

    make_member(email="member@example.org", national_id="1409900456780")
    page.goto("/signup")
    fill_sign_up(page, "1-4099-00456-78-0")  # the member's ID, someone else's e-mail
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()

    expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
    expect(page.get_by_text("หากท่านมีบัญชี LearnHub อยู่แล้ว โปรดเข้าสู่ระบบ")).to_be_visible()
    expect(page.get_by_role("link", name="ลืมรหัสผ่าน?")).to_be_visible()  # the next step
    # The log-in field names the national ID as a way to log in; nothing says this one is known.
    notices = page.locator(".flash, .error").all_inner_texts()
    assert not any("เลขประจำตัวประชาชน" in text or "1409900456780" in text for text in notices)
    assert "1-4099-00456-78-0" not in page.content() and "1409900456780" not in page.content()
    thai_page_checks(page)

"""A new member signs up in a real browser, on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import (
    LOGIN_NAME,
    born,
    fill_sign_up,
    fits_the_screen,
    from_the_menu,
    step,
    thai_page_checks,
)

pytestmark = pytest.mark.e2e


# The labels of the fields the page marks as required and shows, in page order.
_MARKED_REQUIRED = """() => [...document.querySelectorAll('form .field')]
  .filter(box => box.offsetParent !== null)
  .filter(box => { const mark = box.querySelector('.label-line .required');
                   return mark && mark.offsetParent !== null; })
  .map(box => box.querySelector('.label-line').innerText.replace('*', '').trim())"""


def test_a_volunteer_is_asked_for_ten_fields_and_a_civil_servant_also_for_their_office(page):
    page.goto("/signup")
    page.get_by_label("ท่านเป็น", exact=True).select_option(label="ผู้นำชุมชนหรืออาสาสมัคร")

    volunteer = page.evaluate(_MARKED_REQUIRED)
    assert volunteer == [
        "ท่านเป็น", "คำนำหน้าชื่อ", "ชื่อ (ภาษาไทย)", "นามสกุล (ภาษาไทย)", "เลขประจำตัวประชาชน",
        "วันเดือนปีเกิด", "วุฒิการศึกษาสูงสุด", "โทรศัพท์เคลื่อนที่", "รหัสผ่าน", "ยืนยันรหัสผ่าน",
    ]  # fmt: skip
    expect(page.get_by_label("จังหวัดที่ตั้งหน่วยงาน")).to_be_hidden()
    expect(page.get_by_label("ตำแหน่ง", exact=True)).to_be_hidden()
    expect(page.get_by_label("อีเมล", exact=True)).to_have_attribute("aria-required", "false")
    thai_page_checks(page)

    page.get_by_label("ท่านเป็น", exact=True).select_option(label="ข้าราชการหรือเจ้าหน้าที่ของรัฐ")
    civil_servant = page.evaluate(_MARKED_REQUIRED)
    assert set(civil_servant) - set(volunteer) == {"สังกัด", "จังหวัดที่ตั้งหน่วยงาน", "อีเมล"}
    expect(page.get_by_label("อีเมล", exact=True)).to_have_attribute("aria-required", "true")
    page.get_by_label("สังกัด", exact=True).select_option(label="ส่วนกลาง")
    assert "กระทรวง" in page.evaluate(_MARKED_REQUIRED)  # required once it applies
    thai_page_checks(page)


def test_a_volunteer_without_email_signs_up_and_logs_in_with_their_mobile_number(page):
    page.goto("/signup")
    fill_sign_up(page, "1-4099-00456-78-0")
    page.get_by_label("อีเมล", exact=True).fill("")
    born(page, "5", "ธันวาคม", "1990")  # the Christian-era year, by habit
    page.get_by_label("โทรศัพท์เคลื่อนที่").fill("086 111 2222")
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()
    error = page.locator("#birth_date-error")
    expect(error).to_contain_text("1990 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช: 2533")
    thai_page_checks(page)
    step(page, "birth-year-refused")

    page.get_by_label("ปี พ.ศ.").fill("2533")
    page.get_by_label("รหัสผ่าน", exact=True).fill("correct-horse-42")
    page.get_by_label("ยืนยันรหัสผ่าน").fill("correct-horse-42")
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()
    expect(page.get_by_role("heading", name="ก้าวแรกของท่าน")).to_be_visible()
    step(page, "dashboard-first-steps")
    from_the_menu(page, "button", "ออกจากระบบ").click()

    from_the_menu(page, "link", "เข้าสู่ระบบ").click()
    thai_page_checks(page)
    step(page, "login-page")
    page.get_by_label(LOGIN_NAME).fill("086-111-2222")
    page.get_by_label("รหัสผ่าน").fill("correct-horse-42")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_text("ยินดีต้อนรับกลับมา นางมาลี ใจงาม")).to_be_visible()
    from_the_menu(page, "link", "ข้อมูลของฉัน").click()
    expect(page.get_by_text("5 ธันวาคม พ.ศ. 2533")).to_be_visible()
    expect(page.get_by_text("086-111-2222")).to_be_visible()
    thai_page_checks(page)
    step(page, "profile")


def test_member_signs_up_logs_in_and_switches_language(page):
    page.goto("/")
    from_the_menu(page, "link", "สมัครสมาชิก", exact=True).click()
    expect(page.get_by_role("heading", name="สมัครเป็นสมาชิกเครือข่ายต่อต้านการทุจริต")).to_be_visible()

    # A typo in the national ID is caught beside the field; nothing else is lost.
    fill_sign_up(page, "1-4099-00456-78-1")
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()
    error = page.locator("#national_id-error")
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in error.inner_text()
    assert page.get_by_label("ชื่อ (ภาษาไทย)").input_value() == "มาลี"
    no_horizontal_scroll(page)
    step(page, "national-id-refused")

    page.get_by_label("เลขประจำตัวประชาชน").fill("1-4099-00456-78-0")
    page.get_by_label("รหัสผ่าน", exact=True).fill("correct-horse-42")
    page.get_by_label("ยืนยันรหัสผ่าน").fill("correct-horse-42")
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()
    expect(page.get_by_role("heading", name="ก้าวแรกของท่าน")).to_be_visible()  # the dashboard
    step(page, "dashboard-first-steps")
    from_the_menu(page, "link", "ข้อมูลของฉัน").click()
    expect(page.get_by_role("heading", name="นางมาลี ใจงาม")).to_be_visible()
    expect(page.get_by_text("1-4099-00456-78-0")).to_be_visible()
    expect(page.get_by_text("จังหวัดที่ตั้งหน่วยงาน")).to_have_count(0)  # not asked of a volunteer
    step(page, "profile")

    from_the_menu(page, "button", "ออกจากระบบ").click()
    from_the_menu(page, "link", "เข้าสู่ระบบ").click()
    page.get_by_label(LOGIN_NAME).fill("malee@example.org")
    page.get_by_label("รหัสผ่าน").fill("correct-horse-42")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_text("ยินดีต้อนรับกลับมา นางมาลี ใจงาม")).to_be_visible()

    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_text("Welcome back, นางมาลี ใจงาม.")).to_be_visible()
    from_the_menu(page, "link", "My profile").click()
    expect(page.get_by_text("Community leader or volunteer")).to_be_visible()
    page.reload()
    assert page.locator("html").get_attribute("lang") == "en"
    no_horizontal_scroll(page)
    step(page, "profile-in-english")


def test_keyboard_focus_is_visible(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "ข้ามไปยังเนื้อหา" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def no_horizontal_scroll(page) -> None:
    """Nothing sticks out sideways, even on a 360 px phone."""
    fits_the_screen(page)


def test_the_error_summary_takes_the_focus_and_links_each_field_in_error(page):
    page.goto("/signup")
    expect(page.get_by_label("ประเภทองค์กรปกครองส่วนท้องถิ่น")).to_be_hidden()
    page.get_by_label("ท่านเป็น", exact=True).select_option(label="ข้าราชการหรือเจ้าหน้าที่ของรัฐ")
    page.get_by_label("สังกัด", exact=True).select_option(label="ส่วนท้องถิ่น")
    expect(page.get_by_label("ประเภทองค์กรปกครองส่วนท้องถิ่น")).to_be_visible()
    page.get_by_label("โทรศัพท์เคลื่อนที่").fill("08l-111-2222")
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="โทรศัพท์เคลื่อนที่: โปรดกรอกหมายเลขโทรศัพท์เป็นตัวเลข")
    ).to_be_visible()
    expect(page.get_by_label("ประเภทองค์กรปกครองส่วนท้องถิ่น")).to_be_visible()  # in error
    summary.get_by_role("link", name="วันเดือนปีเกิด", exact=False).click()
    expect(page.get_by_label("วันที่", exact=True)).to_be_focused()
    thai_page_checks(page)
    step(page, "error-summary")

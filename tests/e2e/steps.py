"""Steps browser tests share, and what every page they visit must satisfy: it fits the
screen, and a Thai page speaks Thai (proper names, codes and numbers aside)."""

from __future__ import annotations

from tests import thai_text
from tests.conftest import PASSWORD

# The log-in page's first field takes an e-mail, a mobile number or a national ID.
LOGIN_NAME = "อีเมล หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชน"


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label(LOGIN_NAME).fill(email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def enrol_in_example(page) -> None:
    page.goto("/courses/example")
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้").click()


# The text a Thai page shows, without other languages and course content (tests/thai_text.py).
_VISIBLE_TEXT = """(content) => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang]:not([lang="th"]), script, style').forEach(el => el.remove());
  body.querySelectorAll(content).forEach(el => el.remove());
  return body.innerText;
}"""


# Measured once the page has loaded with its style sheets and fonts: a click that
# navigates returns when the new page starts to arrive, before it is laid out.
_OVERFLOW = """async () => {
  await document.fonts.ready;
  return document.documentElement.scrollWidth - window.innerWidth;
}"""


def settled(page) -> None:
    """Wait until the page the last step led to has loaded (style sheets included)."""
    page.wait_for_load_state("load")


def fits_the_screen(page) -> None:
    """Nothing sticks out sideways, even on a 360 px phone."""
    settled(page)
    overflow = page.evaluate(_OVERFLOW)
    if overflow > 0:  # a layout still settling gets one more frame; a real overflow stays
        page.wait_for_timeout(300)
        overflow = page.evaluate(_OVERFLOW)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {page.width}px"


def english_words(page) -> set[str]:
    settled(page)
    return thai_text.english_words(page.evaluate(_VISIBLE_TEXT, thai_text.COURSE_CONTENT))


def thai_page_checks(page) -> None:
    fits_the_screen(page)
    words = english_words(page)
    assert not words, f"English on a Thai page {page.url}: {sorted(words)}"


def submit_attempt(page) -> None:
    """Finish an attempt as a learner does: the summary of answers first, then submit."""
    page.get_by_role("button", name="ตรวจทานและส่งคำตอบ").click()
    page.get_by_role("heading", name="สรุปคำตอบของท่าน").wait_for()
    page.get_by_role("button", name="ส่งคำตอบและจบการทดสอบ").click()


def from_the_menu(page, role: str, name: str, **kwargs):
    """A link or button of the header menu, unfolding the menu first on a phone."""
    if page.viewport_size["width"] < 700:  # the width at which menu.js folds the menu
        toggle = page.locator(".menu-toggle")
        toggle.wait_for(state="visible")  # once the script has run
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
    return page.locator("#main-nav").get_by_role(role, name=name, **kwargs)

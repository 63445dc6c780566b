"""Steps browser tests share, and what every page they visit must satisfy: it fits the
screen, and a Thai page speaks Thai (proper names, codes and numbers aside)."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("อีเมล", exact=True).fill(email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def enrol_in_example(page) -> None:
    page.goto("/courses/example")
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้").click()


# Words a Thai page may show: the product's name, file types, and the parts of codes.
ALLOWED_ENGLISH = {"LearnHub", "PDF", "QR", "SHA", "LH", "code", "CSV", "ZIP", "xlsx"}
_NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+"  # addresses
    r"|\b[0-9A-Z]{4}(-[0-9A-Z]{4}){3}\b"  # verification codes
    r"|\b[0-9a-f]{16,}\b"  # hashes
)
_VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang]:not([lang="th"]), script, style').forEach(el => el.remove());
  return body.innerText;
}"""


def fits_the_screen(page) -> None:
    """Nothing sticks out sideways, even on a 360 px phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {page.width}px"


def english_words(page) -> set[str]:
    text = _NOT_WORDS.sub(" ", page.evaluate(_VISIBLE_TEXT))
    return {word for word in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED_ENGLISH


def thai_page_checks(page) -> None:
    fits_the_screen(page)
    assert english_words(page) == set(), f"English on a Thai page {page.url}"

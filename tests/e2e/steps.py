"""Steps browser tests share, and what every page they visit must satisfy: it fits the
screen (nothing sideways, no text cut, tap targets of 24 × 24 px), axe-core finds no serious
or critical accessibility problem in Thai nor in English, and a Thai page speaks Thai
(proper names, codes and numbers aside)."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

from playwright.sync_api import expect

from tests import thai_text
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS

# axe-core, the npm package pinned in tests/e2e/axe/package.json (`make axe` installs it).
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# With LEARNHUB_AXE_SURVEY=<file>, every page's violations, of any impact, are appended to
# the file (one JSON line a check): how axe/results-before.txt and results-after.txt were
# counted.
AXE_SURVEY = os.environ.get("LEARNHUB_AXE_SURVEY")

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
    """What every page a journey visits must satisfy, in Thai and (once per page) in English."""
    fits_the_screen(page)
    words = english_words(page)
    assert not words, f"English on a Thai page {page.url}: {sorted(words)}"
    accessible(page)
    usable_layout(page)
    in_english_too(page)


@cache
def _axe_source() -> str:
    assert AXE.exists(), f"{AXE} is missing: run `make axe` (npm ci in tests/e2e/axe)"
    return AXE.read_text(encoding="utf-8")


# Every rule axe has, WCAG 2.2 A/AA and best practices; the impact decides what fails.
_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
  }));
}"""


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands now.

    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy (script-src 'self') does not govern, unlike a <script> tag.
    """
    settled(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;0")
    return page.evaluate(_RUN_AXE)


# The page's language, null-safe: a page still arriving has no root element yet.
_LANG = "(document.documentElement && document.documentElement.lang)"


def accessible(page) -> None:
    """axe-core finds no serious or critical violation on the page."""
    settled(page)
    violations = axe_violations(page)
    language = page.evaluate(_LANG)
    if AXE_SURVEY:
        with open(AXE_SURVEY, "a", encoding="utf-8") as survey:
            counts = {v["id"]: [v["impact"], len(v["nodes"])] for v in violations}
            record = {"page": _page_name(page.url), "width": page.width, "lang": language,
                      "violations": counts}  # fmt: skip
            survey.write(json.dumps(record, ensure_ascii=False) + "\n")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"  {v['impact']} {v['id']}: {v['help']}\n"
        + "\n".join(f"    at {n['target']}: {n['summary']}" for n in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"axe-core on {page.url} ({language}, {page.width}px):\n{report}"


def _page_name(url: str) -> str:
    """The page's path with its numbers and codes made general: /cohorts/7 -> /cohorts/N."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    path = re.sub(r"/\d+(?=/|$)", "/N", path)
    return re.sub(r"/[A-Z0-9]{4}(-[A-Z0-9]{4})+(?=/|$)", "/CODE", path)


# Targets smaller than 24 x 24 px (WCAG 2.2, 2.5.8), but for links inside running text and
# targets a 24 px circle around which touches no other target (the spacing exception is
# approximated by a clear 24 px box around the target's centre); and elements that clip
# their own text (overflow hidden with more text than room), visually hidden ones aside.
_LAYOUT = (Path(__file__).parent / "layout.js").read_text(encoding="utf-8")


def usable_layout(page) -> None:
    """No text is cut off and every tap target is at least 24 x 24 px."""
    found = page.evaluate(_LAYOUT)
    assert not found["cut"], f"text cut off on {page.url} at {page.width}px: {found['cut']}"
    assert not found["small"], (
        f"tap targets under 24 x 24 px on {page.url} at {page.width}px: {found['small']}"
    )


_SEEN_IN_ENGLISH: set[tuple[str, int]] = set()


def _english_cookies(page) -> list[dict]:
    """The tab's cookies with its session switched to English, as the language button does.

    The session is the signed cookie Flask itself would write, so the English tab is the
    same person (or the same visitor) without two language switches on the account each
    time (tests/e2e/test_signup_journey.py clicks the button itself).
    """
    app = page.app
    serializer = app.session_interface.get_signing_serializer(app)
    name = app.config["SESSION_COOKIE_NAME"]
    cookies = page.context.cookies()
    held = [cookie for cookie in cookies if cookie["name"] == name]
    session = serializer.loads(held[0]["value"]) if held else {}
    session["lang"] = "en"
    host = re.sub(r"^https?://([^:/]+).*$", r"\1", page.url)
    others = [cookie for cookie in cookies if cookie["name"] != name]
    return others + [
        {"name": name, "value": serializer.dumps(session), "domain": host, "path": "/"}
    ]


def _english_tab(page):
    """The journey's second tab, in a browser context of its own, kept for the whole test
    (its style sheets and fonts are then fetched once); tests/e2e/conftest.py closes it."""
    if getattr(page, "english_tab", None) is None:
        context = page.context.browser.new_context(viewport=page.viewport_size, locale="th-TH")
        page.english_tab = context.new_page()
        page.english_tab.width = page.width
    return page.english_tab


def in_english_too(page) -> None:
    """The same page in English, once per page and width: axe and the layout checks again.

    A second browser context holds the same session in English, so the journey's own tab
    goes on in Thai where it was.
    """
    key = (_page_name(page.url), page.width)
    if key in _SEEN_IN_ENGLISH:
        return
    _SEEN_IN_ENGLISH.add(key)
    english = _english_tab(page)
    english.context.add_cookies(_english_cookies(page))
    answer = english.goto(page.url)
    html = answer and "html" in answer.headers.get("content-type", "")
    if not html or answer.status != 200:
        return  # a page only a form's answer shows, or one made once
    if english.locator(".lang-switch").count() == 0:
        return  # a page without the language switch (an error or a print page)
    expect(english.locator("html")).to_have_attribute("lang", "en")
    fits_the_screen(english)
    accessible(english)
    usable_layout(english)


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


def step(page, name: str) -> None:
    """A screenshot of the journey's step, kept in test-artifacts/ (CI keeps the folder)."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0]
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test.split("::")[-1])
    folder.mkdir(parents=True, exist_ok=True)
    page.steps_taken = getattr(page, "steps_taken", 0) + 1
    settled(page)
    page.screenshot(path=str(folder / f"{page.steps_taken:02d}-{name}.png"), full_page=True)

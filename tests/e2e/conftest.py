"""A live LearnHub server in a thread and Debian's Chromium driven by Playwright.

The browser is /usr/bin/chromium from apt (``make browser`` installs it);
Playwright never downloads one. Screenshots land in test-artifacts/, or in the folder
LEARNHUB_ARTIFACTS names (CI keeps its SQLite and PostgreSQL passes apart this way).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / os.environ.get("LEARNHUB_ARTIFACTS", "test-artifacts")  # an absolute one wins
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is missing: run `make browser`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation, including those Chromium does not log.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def _page_problem(message) -> str | None:
    """A console message that means the page is broken under the CSP, or None."""
    text = message.text
    if message.type == "error" and ("CSP violation" in text or "Content Security Policy" in text):
        return text
    return None


@pytest.fixture(params=[360, 1280], ids=["phone-360", "desktop-1280"])
def page(request, app, browser, live_url):
    """A fresh browser tab at a phone's and a desktop's width.

    The test fails if any page it visits breaks the Content-Security-Policy or
    throws a JavaScript error: a script the CSP blocks is a feature that silently died.
    """
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 800 if width > 400 else 740},
        base_url=live_url,
        locale="th-TH",
    )
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.width = width
    page.app = app  # steps.in_english_too signs an English session for a second tab
    problems: list[str] = []
    page.on("console", lambda message: problems.append(_page_problem(message)))
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    if getattr(page, "english_tab", None) is not None:  # steps.in_english_too's second tab
        page.english_tab.context.close()
    context.close()
    problems = [problem for problem in problems if problem]
    assert not problems, f"the pages broke under the CSP or in JavaScript: {problems}"

"""A live LearnHub server in a thread and Debian's Chromium driven by Playwright.

The browser is /usr/bin/chromium from apt (``make browser`` installs it);
Playwright never downloads one. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
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


@pytest.fixture(params=[360, 1280], ids=["phone-360", "desktop-1280"])
def page(request, browser, live_url):
    """A fresh browser tab at a phone's and a desktop's width."""
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 800 if width > 400 else 740},
        base_url=live_url,
        locale="th-TH",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.width = width
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()

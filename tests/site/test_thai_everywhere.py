"""Every page a learner, a coordinator and an admin can reach, read in Thai: no English
interface text beyond a short list of proper names and codes (tests/thai_text.py).

The crawl follows every same-site link from each role's home page, so a new page is
checked as soon as something links to it.
"""

from __future__ import annotations

import re
from collections import deque

import pytest

from learnhub.accounts.models import Role
from learnhub.catalog.importer import import_path
from tests import thai_text
from tests.conftest import VALID_IDS, login, submit
from tests.journeys import finish, ready_for_posttest, start

LINK = re.compile(r'href="(/[^"#]*)')
SKIP = re.compile(r"^/(static|fonts)/|\.pdf$|/assets/|^/language")
MAX_PAGES = 150


def crawl(client, starts: list[str]) -> tuple[dict[str, set[str]], list[str]]:
    """Visit every page reachable from ``starts``; English words per page, and pages seen."""
    english, seen, queue = {}, [], deque(starts)
    visited = set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft().replace("&amp;", "&")
        if url in visited or SKIP.search(url):
            continue
        visited.add(url)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        seen.append(url)
        html = response.get_data(as_text=True)
        words = thai_text.english_words(thai_text.interface_text(html))
        if words:
            english[url] = words
        queue.extend(link for link in LINK.findall(html) if not link.startswith("//"))
    return english, seen


@pytest.fixture
def people(app, client, course_folder, make_member):
    """A learner with a certificate and quiz results, a coordinator and an admin."""
    import_path(course_folder(quizzes=True).path)
    make_member(email="learner@example.org")
    login(client, "learner@example.org")
    submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
    ready_for_posttest(client)
    finish(client, start(client, "/courses/example/quiz/posttest"))
    # The public profile on: its settings page links the public page, which the crawl reads.
    submit(client, "/account/public-profile", {"courses": "y", "certificates": "y"})
    make_member(email="coordinator@example.org", role=Role.COORDINATOR, national_id=VALID_IDS[1])
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[2])
    return app


@pytest.mark.parametrize("email", ["learner@example.org", "coordinator@example.org",
                                   "admin@example.org"])  # fmt: skip
def test_every_page_a_role_reaches_speaks_thai(people, email):
    client = people.test_client()
    login(client, email)
    english, seen = crawl(client, ["/"])
    assert len(seen) >= 8, seen  # the crawl really walked the site
    assert "/account/public-profile" in seen
    if email == "learner@example.org":
        assert any(url.startswith("/p/") for url in seen), seen
    assert english == {}, f"English interface text in Thai pages: {english}"


def test_an_anonymous_visitor_reads_every_public_page_in_thai(people):
    english, seen = crawl(people.test_client(), ["/", "/verify", "/login", "/signup"])
    assert "/privacy" in seen and "/courses/" in seen
    assert english == {}, f"English interface text in Thai pages: {english}"


def test_the_check_finds_english_where_there_is_some():
    html = '<p>สวัสดี <button aria-label="Close">x</button></p><p lang="en">English</p>'
    assert thai_text.english_words(thai_text.interface_text(html)) == {"Close"}
    content = '<div class="question-text">Transparency International</div><p>This field</p>'
    assert thai_text.english_words(thai_text.interface_text(content)) == {"This", "field"}

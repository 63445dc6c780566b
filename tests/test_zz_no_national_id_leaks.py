"""Last of the suite (the name sorts after every other test module): grep everything the
whole run logged and wrote to the audit log for every national ID the run used (each one
the app encrypted or hashed: sign-ups, profiles, roster imports, searches), in any layout."""

from __future__ import annotations

import logging

from tests.conftest import LEAK_WATCH, VALID_IDS, login, national_id_leaks, watched_ids
from tests.faults.conftest import national_id

leaks = national_id_leaks


def test_the_grep_finds_an_id_in_every_layout():
    lines = ["a 1101700230708 b", "q='1-1017-00230-70-8'", "x 1 1017 00230 70 8", "x-xxxx-70-8"]
    assert len(leaks(lines)) == 3


def test_every_national_id_the_app_encrypts_or_hashes_is_watched(app, make_member):
    generated = national_id(4242)  # in no fixed list of the suite
    assert generated not in watched_ids()
    make_member(email="new@example.org", national_id=generated)
    assert generated in watched_ids()
    assert leaks([f"profile of {generated[:1]}-{generated[1:5]}-{generated[5:]}"]) != []


def test_an_admin_search_by_national_id_feeds_the_watch(app, client, make_member):
    """Gives the final check something real to read: an ID typed into the user search."""
    make_member(email="admin@example.org", role="admin")
    login(client, "admin@example.org")
    client.get("/admin/users", query_string={"q": VALID_IDS[2]})
    logging.getLogger("learnhub").info("leak watch: probe line")


def test_no_log_line_or_audit_entry_of_the_whole_suite_holds_a_national_id():
    assert any("leak watch: probe line" in line for line in LEAK_WATCH.logs)
    assert any(line.startswith("users.list") for line in LEAK_WATCH.audit)
    assert len(watched_ids()) > len(VALID_IDS)  # the run's own IDs, not only the fixed ones
    assert leaks(LEAK_WATCH.logs) == []
    assert leaks(LEAK_WATCH.audit) == []

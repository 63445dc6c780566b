"""Input that used to end in a 500: out-of-range ids, NUL characters, line breaks in next=,
and a 405 that lost its Allow header."""

from __future__ import annotations

import pytest

from learnhub.accounts.access import safe_next
from learnhub.site.input import MAX_ID
from tests.conftest import csrf_token

THAI_BAD_REQUEST = "ไม่สามารถเข้าใจคำขอได้"  # from the 400 page's title in the Thai catalog


@pytest.mark.parametrize("number", [MAX_ID + 1, 2**63, 10**30])
def test_an_id_beyond_any_stored_one_is_page_not_found_for_the_admin(world, number):
    admin = world.client("admin")
    for path in (f"/attempts/{number}", f"/certificates/{number}.pdf", f"/admin/users/{number}",
                 f"/admin/jobs/{number}", f"/quizzes/{number}/statistics",
                 f"/courses/example/v{number}/assets/lessons/images/diagram.svg"):  # fmt: skip
        response = admin.get(path)
        assert response.status_code == 404, path
        assert "ไม่พบหน้าที่ต้องการ" in response.get_data(as_text=True)


def test_the_largest_id_a_column_holds_is_still_looked_up(world):
    assert world.client("admin").get(f"/admin/users/{MAX_ID}").status_code == 404
    user_id = world.ids["user_id"]
    assert world.client("admin").get(f"/admin/users/{user_id}").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/courses/?q=%E0%B8%81%00", "/courses/ex%00ample", "/api/v1/courses/ex%00ample",
     "/verify/ABCD%00", "/admin/users?q=%00"],
)  # fmt: skip
def test_a_nul_character_in_a_search_or_a_slug_is_a_bad_request_in_thai(world, path):
    response = world.client("admin").get(path)

    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json["status"] == 400
    else:
        assert THAI_BAD_REQUEST in response.get_data(as_text=True)


def test_a_nul_character_in_a_form_is_refused_before_it_reaches_the_database(world):
    client = world.app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "email": "a\x00@example.org", "password": "x"}
    )
    assert response.status_code == 400


def test_a_line_break_in_next_sends_the_person_home_instead_of_failing(world):
    client = world.client("learner_b")
    token = csrf_token(client.get("/").get_data(as_text=True))
    response = client.post(
        "/language",
        data={"csrf_token": token, "lang": "th", "next": "/courses/\r\nSet-Cookie: x=1"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "Set-Cookie: x=1" not in str(response.headers)


@pytest.mark.parametrize(
    "target",
    ["/a\nb", "/a\rb", "/a\tb", "/\\evil.example", "/\\/evil.example", "//evil.example",
     "https://evil.example/", "evil.example", "/a\x7fb", ""],
)  # fmt: skip
def test_next_never_leaves_the_site_nor_breaks_a_header(target):
    assert safe_next(target, "/home") == "/home"


def test_next_keeps_a_path_on_this_site():
    assert safe_next("/courses/example?tab=ผล", "/home") == "/courses/example?tab=ผล"


def test_a_page_used_the_wrong_way_says_which_ways_it_allows(world):
    response = world.client("anonymous").get("/logout")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"POST"}
    assert "ไม่อนุญาต" in response.get_data(as_text=True)
    api = world.client("anonymous").post("/api/v1/courses")
    assert api.status_code == 405 and "GET" in api.headers["Allow"]

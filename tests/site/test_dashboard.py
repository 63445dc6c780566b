"""The learner's home page: their courses, the exact next step, certificates, suggestions."""

from __future__ import annotations

import re

from learnhub.catalog.importer import import_path
from tests.conftest import login, signup_form, submit
from tests.journeys import finish, ready_for_posttest, start


def continue_target(client, slug="example") -> str:
    response = client.get(f"/courses/{slug}/continue")
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_new_member_lands_on_their_dashboard_with_a_first_step(client, course_folder):
    import_path(course_folder(quizzes=True).path)
    response = submit(client, "/signup", signup_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/"
    assert "หลักสูตรของฉัน" in page and "ก้าวแรกของท่าน" in page
    assert "ดูรายละเอียดและลงทะเบียนเรียน" in page  # the example course is suggested
    assert 'href="/courses/example"' in page


def test_continue_goes_to_the_pretest_then_lessons_then_the_module_quiz(client, learner):
    page = client.get("/").get_data(as_text=True)
    assert "กำลังเรียน" in page or "In progress" not in page
    assert "ทำแบบทดสอบก่อนเรียน" in page  # the pre-test is the first step
    assert continue_target(client).endswith("/courses/example/quiz/pretest")

    finish(client, start(client, "/courses/example/quiz/pretest"), right=False)
    assert continue_target(client).endswith("/courses/example/lessons/what-is-corruption")
    page = client.get("/").get_data(as_text=True)
    assert re.search(r"ทำต่อ\s*:\s*", page)


def test_a_module_quiz_not_yet_passed_comes_before_the_posttest(client, learner):
    finish(client, start(client, "/courses/example/quiz/pretest"), right=False)
    from tests.journeys import read_all_lessons

    read_all_lessons(client)
    assert continue_target(client).endswith("/courses/example/modules/reporting/quiz")
    finish(client, start(client, "/courses/example/modules/reporting/quiz"))
    assert continue_target(client).endswith("/courses/example/quiz/posttest")
    assert "ไปทำแบบทดสอบหลังเรียน" in client.get("/").get_data(as_text=True)


def test_a_completed_course_shows_its_certificate_on_the_dashboard_result_and_course_page(
    client, learner
):
    ready_for_posttest(client)
    posttest = start(client, "/courses/example/quiz/posttest")
    finish(client, posttest)

    result = client.get(f"/attempts/{posttest.id}/result").get_data(as_text=True)
    assert "ออกวุฒิบัตรให้ท่านแล้วเมื่อ" in result
    download = re.search(r'href="(/certificates/\d+\.pdf)"', result)
    assert download, "the result page links the certificate's PDF"
    assert client.get(download.group(1)).mimetype == "application/pdf"
    verify = re.search(r'value="(http[^"]+/verify/[0-9A-Z-]+)"', result).group(1)
    assert "social-plugins.line.me/lineit/share?url=" in result

    for path in ("/", "/courses/example"):
        page = client.get(path).get_data(as_text=True)
        assert download.group(1) in page and verify in page, path
    dashboard = client.get("/").get_data(as_text=True)
    assert "เรียนจบ" in dashboard


def test_suggestions_follow_the_member_type_and_leave_out_started_courses(
    app, client, course_folder, make_member
):
    import_path(course_folder("civil", quizzes=True).path)
    folder = course_folder("village")
    everyone = "audience: [civil_servant, community_leader, citizen]"
    folder.edit("course.yaml", everyone, "audience: [community_leader]")
    import_path(folder.path)
    make_member(email="volunteer@example.org", member_type="community_leader", sector=None,
                ministry=None, department=None)  # fmt: skip
    login(client, "volunteer@example.org")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/courses/village"' in page

    submit(client, "/courses/village/enrol", {}, form_url="/courses/village")
    page = client.get("/").get_data(as_text=True)
    suggested = page.split("หลักสูตรที่แนะนำสำหรับท่าน")[-1] if "หลักสูตรที่แนะนำ" in page else ""
    assert 'href="/courses/village"' not in suggested

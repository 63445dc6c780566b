"""The four programme courses, imported from courses/ as a real site does, can be found in
the catalogue and taken from the pre-test to the certificate."""

import pytest
from markupsafe import escape
from sqlalchemy import select

from learnhub.catalog.cli import DEFAULT_PATH
from learnhub.catalog.importer import import_path
from learnhub.catalog.loader import load_course
from learnhub.credentials.models import Certificate
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.credentials.conftest import pdf_text
from tests.journeys import finish, read_lesson, start

PROGRAMME = {
    "corruption-types": "รู้ทันการทุจริต",
    "network-building": "การสร้างและบริหารเครือข่ายต่อต้านการทุจริต",
    "legal-protections": "สิทธิ การคุ้มครอง และช่องทางแจ้งเบาะแส",
    "ethics-standards": "มาตรฐานจริยธรรมข้าราชการและราชการใสสะอาด",
}


@pytest.fixture
def programme(app):
    results = [str(result) for result in import_path(DEFAULT_PATH)]
    assert all("new course" in line for line in results), results
    return results


def test_the_four_courses_are_in_the_catalogue_in_thai(client, programme):
    page = client.get("/courses/").get_data(as_text=True)
    for slug, title in PROGRAMME.items():
        assert title in page and f'href="/courses/{slug}"' in page
    assert 'href="/courses/example"' not in page  # the format showcase stays unlisted

    ethics = client.get("/courses/?audience=community_leader").get_data(as_text=True)
    assert PROGRAMME["corruption-types"] in ethics
    assert PROGRAMME["ethics-standards"] not in ethics  # written for civil servants


@pytest.mark.parametrize("slug", sorted(PROGRAMME))
def test_a_learner_takes_the_course_from_pretest_to_certificate(
    client, programme, make_member, slug
):
    spec = load_course(DEFAULT_PATH / slug)
    make_member(email="learner@example.org")
    login(client, "learner@example.org")
    base = f"/courses/{slug}"
    submit(client, f"{base}/enrol", {}, form_url=base)

    first_lesson = f"{base}/lessons/{spec.modules[0].lessons[0].key}"
    assert client.get(first_lesson).status_code == 403  # the pre-test comes first
    pretest = start(client, f"{base}/quiz/pretest")
    assert len(pretest.snapshot) == 20
    finish(client, pretest, right=False)

    for module in spec.modules:
        for lesson in module.lessons:
            url = f"{base}/lessons/{lesson.key}"
            page = client.get(url).get_data(as_text=True)
            assert str(escape(lesson.title)) in page and "สรุป" in page
            read_lesson(client, url)
        quiz = start(client, f"{base}/modules/{module.key}/quiz")
        finish(client, quiz)
        result = client.get(f"/attempts/{quiz.id}/result").get_data(as_text=True)
        assert "ท่านสอบผ่าน (เกณฑ์ผ่านร้อยละ 60)" in result, module.key

    posttest = start(client, f"{base}/quiz/posttest")
    assert len(posttest.snapshot) == 20
    finish(client, posttest)
    result = client.get(f"/attempts/{posttest.id}/result").get_data(as_text=True)
    assert "ท่านสอบผ่าน (เกณฑ์ผ่านร้อยละ 70)" in result

    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.course_title == PROGRAMME[slug]
    text = pdf_text(client.get(f"/certificates/{certificate.id}.pdf").data)
    assert PROGRAMME[slug].replace(" ", "")[:10] in text.replace(" ", "").replace("\n", "")

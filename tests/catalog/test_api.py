"""The public, read-only JSON API v1 over the catalogue."""


def test_course_list_gives_counts_and_titles(client, imported_course):
    imported_course()
    imported_course("hidden-course", listed=False)

    data = client.get("/api/v1/courses").get_json()

    assert data == {
        "courses": [
            {
                "slug": "example",
                "version": "1.1",
                "title": {
                    "th": "ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน",
                    "en": "Example course: integrity at work",
                },
                "study_hours": 1.0,
                "module_count": 2,
                "lesson_count": 3,
            }
        ]
    }


def test_course_detail_lists_modules_and_lessons(client, imported_course):
    imported_course()

    data = client.get("/api/v1/courses/example").get_json()

    assert [m["key"] for m in data["modules"]] == ["basics", "reporting"]
    assert data["modules"][1]["lessons"] == [
        {"key": "reporting-channels", "title": "ช่องทางแจ้งเบาะแส"}
    ]
    assert data["summary"]["en"].startswith("A short course")


def test_unknown_course_is_a_json_404(client):
    response = client.get("/api/v1/courses/nope")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_openapi_document_describes_every_endpoint(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        rule.rule.replace("<slug>", "{slug}").replace("<code>", "{code}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
    }
    assert set(spec["paths"]) == routes
    assert {"CourseSummary", "CourseDetail", "Certificate"} <= set(spec["components"]["schemas"])

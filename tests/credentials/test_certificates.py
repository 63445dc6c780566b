"""A learner who passes gets a certificate at once; anyone can verify it; only its holder
downloads it; revocation and re-issue keep every record."""

import datetime as dt
import hashlib
import io
import threading

import pytest
from sqlalchemy import func, select

from learnhub import thai
from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.catalog.models import CourseVersion
from learnhub.credentials import jobs, services
from learnhub.credentials.models import Certificate
from learnhub.extensions import db
from tests.conftest import VALID_IDS, csrf_token, login, submit
from tests.coordination.world import put_in_cohort
from tests.credentials.conftest import pdf_text


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_passing_the_posttest_issues_a_certificate_at_once(client, graduate, certificate):
    today = thai.format_thai_date(thai.to_bangkok(services.utcnow()).date(), numerals="thai")
    assert certificate.holder_name == "นายสมชาย ใจดี"
    assert certificate.serial.startswith(
        f"LH-{thai.buddhist_year(thai.to_bangkok(services.utcnow()).date())}-"
    )
    assert certificate.score == 100.0 and certificate.version_label == "1.1"

    page = client.get("/certificates").get_data(as_text=True)
    assert certificate.serial in page and "ดาวน์โหลดวุฒิบัตร (PDF)" in page
    pdf = client.get(f"/certificates/{certificate.id}.pdf")
    assert pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == certificate.pdf_sha256
    text = pdf_text(pdf.data)
    assert "นายสมชาย ใจดี" in text and today in text
    assert (
        client.get(f"/certificates/{certificate.id}.pdf").data == pdf.data
    )  # same bytes every time


def test_another_learner_cannot_download_it_but_an_admin_can(app, certificate, make_member):
    make_member(email="other@example.org", national_id="3100600123450")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/certificates/{certificate.id}.pdf").status_code == 404

    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert admin.get(f"/certificates/{certificate.id}.pdf").status_code == 200


def test_anyone_can_verify_it_without_logging_in(app, certificate):
    visitor = app.test_client()
    page = visitor.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "วุฒิบัตรนี้ใช้ได้" in page and "นายสมชาย ใจดี" in page and certificate.serial in page
    # no personal data beyond the name
    assert (
        "learner@example.org" not in page and "1101700230708" not in page and "x-xxxx" not in page
    )
    # the code typed loosely still finds it
    typed = certificate.code.lower().replace("-", " ")
    response = submit(visitor, "/verify", {"c-code": typed})
    assert response.headers["Location"] == f"/verify/{certificate.code}"


def test_the_api_gives_the_public_record(app, certificate):
    data = app.test_client().get(f"/api/v1/certificates/{certificate.code}").get_json()
    assert data == {
        "type": "certificate",
        "status": "valid",
        "serial": certificate.serial,
        "holder_name": "นายสมชาย ใจดี",
        "course_title": "ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน",
        "course_slug": "example",
        "issued_on": thai.to_bangkok(certificate.issued_at).date().isoformat(),
        "revoked_on": None,
        "revocation_category": None,
        "sha256": certificate.pdf_sha256,
        "basis": "completed_online",
        "training_date": None,
    }


def test_unknown_or_malformed_codes_are_not_found(app):
    visitor = app.test_client()
    assert visitor.get("/verify/ABCD-EFGH-JKMN-PQRS").status_code == 404
    page = visitor.get("/verify/%3Cscript%3E").get_data(as_text=True)
    assert "ไม่พบวุฒิบัตร" in page and "<script>" not in page
    api = visitor.get("/api/v1/certificates/nope")
    assert api.status_code == 404 and api.get_json()["status"] == 404
    refused = submit(visitor, "/verify", {"c-code": "not a code"})
    assert refused.status_code == 422 and "ไม่ใช่รหัสตรวจสอบ" in refused.get_data(as_text=True)


def upload(client, data: bytes, name="certificate.pdf"):
    token = csrf_token(client.get("/verify").get_data(as_text=True))
    return client.post(
        "/verify/file",
        data={"csrf_token": token, "f-csrf_token": token, "f-pdf": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_uploaded_pdf_is_genuine_only_if_unaltered(app, client, certificate):
    original = client.get(f"/certificates/{certificate.id}.pdf").data
    visitor = app.test_client()

    genuine = upload(visitor, original).get_data(as_text=True)
    assert "เป็นวุฒิบัตรของ LearnHub ที่แท้จริงและไม่ถูกแก้ไข" in genuine
    assert certificate.serial in genuine

    middle = len(original) // 2
    altered = original[:middle] + bytes([original[middle] ^ 1]) + original[middle + 1 :]  # one bit
    assert altered != original
    forged = upload(visitor, altered).get_data(as_text=True)
    assert "ไฟล์ถูกแก้ไข" in forged and "ที่แท้จริงและไม่ถูกแก้ไข" not in forged


def test_uploads_that_are_not_pdfs_or_too_large_are_refused(app):
    visitor = app.test_client()
    not_pdf = upload(visitor, b"hello")
    assert not_pdf.status_code == 422 and "ไฟล์นี้ไม่ใช่ PDF" in not_pdf.get_data(as_text=True)
    huge = upload(visitor, b"%PDF-" + b"0" * (5 * 1024 * 1024))
    assert huge.status_code == 422 and "ใหญ่เกิน 5 MB" in huge.get_data(as_text=True)


def test_revocation_keeps_the_record_and_verification_says_revoked(app, certificate, make_member):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    admin = app.test_client()
    login(admin, "admin@example.org")
    reason = "ผู้สอบให้คนอื่นทำข้อสอบแทน นายสมศักดิ์ แจ้งมา"  # staff's words, may name people
    without_category = submit(admin, f"/admin/certificates/{certificate.id}/revoke",
                              {"reason": reason}, form_url="/admin/certificates")  # fmt: skip
    assert without_category.status_code == 303 and certificate.status == "valid"
    submit(admin, f"/admin/certificates/{certificate.id}/revoke",
           {"reason": reason, "category": "obtained_dishonestly"},
           form_url="/admin/certificates")  # fmt: skip

    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "วุฒิบัตรนี้ถูกเพิกถอนเมื่อ" in page and "ได้มาโดยไม่สุจริต" in page
    assert reason not in page and "สมศักดิ์" not in page
    data = app.test_client().get(f"/api/v1/certificates/{certificate.code}").get_json()
    assert data["status"] == "revoked" and data["revocation_category"] == "obtained_dishonestly"
    assert reason not in str(data)
    assert certificate.revocation_reason == reason  # kept, for staff
    assert count() == 1


def test_reissue_creates_a_new_certificate_pointing_to_the_old(app, certificate, make_member):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    admin = app.test_client()
    login(admin, "admin@example.org")
    learner = db.session.get(User, certificate.user_id)
    learner.profile.first_name_th = "สมชัย"  # a corrected name
    db.session.commit()

    submit(admin, f"/admin/certificates/{certificate.id}/reissue", {"reason": "แก้ชื่อ"},
           form_url="/admin/certificates")  # fmt: skip

    old, new = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert (old.status, new.status) == ("revoked", "valid")
    assert new.replaces_id == old.id and new.holder_name == "นายสมชัย ใจดี"
    assert new.serial != old.serial and new.code != old.code


def test_a_coordinator_revokes_only_what_they_issued(app, certificate, make_member):
    make_member(email="coord@example.org", role=Role.COORDINATOR, national_id="1409900456780")
    coordinator = app.test_client()
    login(coordinator, "coord@example.org")
    response = submit(coordinator, f"/admin/certificates/{certificate.id}/revoke",
                      {"reason": "x"}, form_url="/admin/certificates")  # fmt: skip
    assert response.status_code == 403
    assert db.session.get(Certificate, certificate.id).status == "valid"


def test_issuing_is_exactly_once_under_concurrent_requests(app, graduate, certificate):
    user_id, version_id = certificate.user_id, certificate.version_id
    db.session.delete(certificate)  # start again from no certificate
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(4)
    serials, errors = [], []

    def issue_at_once():
        with app.app_context():
            user, version = db.session.get(User, user_id), db.session.get(CourseVersion, version_id)
            barrier.wait()
            try:
                serials.append(services.issue(user, version).serial)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue_at_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(set(serials)) == 1 and count() == 1


def test_manual_issue_by_a_coordinator_records_the_reason(app, learner, make_member):
    coordinator_id = make_member(
        email="coord@example.org", role=Role.COORDINATOR, national_id="1409900456780"
    )
    put_in_cohort(coordinator_id, learner.id)
    coordinator = app.test_client()
    login(coordinator, "coord@example.org")
    page = coordinator.get("/admin/certificates").get_data(as_text=True)
    course_id = page.split('name="course"')[1].split('value="')[1].split('"')[0]

    response = submit(
        coordinator, "/admin/certificates/issue",
        {"email": "learner@example.org", "course": course_id, "reason": "อบรมในห้องเรียน 12 มี.ค.",
         "training_date": "2026-03-12", "training_place": "ศาลากลางจังหวัดเชียงใหม่"},
        form_url="/admin/certificates", follow_redirects=True,
    )  # fmt: skip

    assert "ออกวุฒิบัตร" in response.get_data(as_text=True)
    issued = db.session.scalars(select(Certificate)).one()
    assert issued.issue_reason == "อบรมในห้องเรียน 12 มี.ค." and issued.score is None
    assert (issued.basis, issued.training_date) == ("on_site_training", dt.date(2026, 3, 12))
    desk = coordinator.get("/admin/certificates").get_data(as_text=True)
    assert f'action="/admin/certificates/{issued.id}/revoke"' in desk
    assert f'id="revoke-{issued.id}" name="reason" required' in desk
    assert "/reissue" not in desk  # re-issuing is for admins
    again = submit(
        coordinator, "/admin/certificates/issue",
        {"email": "learner@example.org", "course": course_id, "reason": "ซ้ำ",
         "training_date": "2026-03-12", "training_place": "ศาลากลาง"},
        form_url="/admin/certificates",
    )  # fmt: skip
    assert again.status_code == 422 and count() == 1


@pytest.mark.parametrize("typed", ["081 234 5678", "1-1017-00230-70-8"])
def test_staff_find_a_learner_for_a_certificate_by_mobile_number_or_national_id(
    app, learner, make_member, typed
):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    admin = app.test_client()
    login(admin, "admin@example.org")
    page = admin.get("/admin/certificates").get_data(as_text=True)
    assert "อีเมล หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชนของผู้เรียน" in page
    course_id = page.split('name="course"')[1].split('value="')[1].split('"')[0]
    form = {"email": typed, "course": course_id, "reason": "อบรมในห้องเรียน",
            "training_date": "2026-03-12", "training_place": "ศาลากลางจังหวัดเชียงใหม่"}  # fmt: skip

    response = submit(admin, "/admin/certificates/issue", form, form_url="/admin/certificates")

    assert response.status_code == 303
    assert db.session.scalars(select(Certificate)).one().user_id == learner.id
    details = " ".join(db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.detail.is_not(None))))  # fmt: skip
    assert VALID_IDS[0] not in details.replace("-", "")
    unknown = submit(admin, "/admin/certificates/issue", {**form, "email": "089 999 9999"},
                     form_url="/admin/certificates")  # fmt: skip
    assert unknown.status_code == 422
    assert "ไม่มีบัญชีใดใช้อีเมล หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชนนี้" in (
        unknown.get_data(as_text=True)
    )


def test_command_line_issue_export_and_revoke(app, learner, tmp_path):
    runner = app.test_cli_runner()
    issued = runner.invoke(args=[
        "certificates", "issue", "--email", "learner@example.org", "--course", "example",
        "--reason", "on-site", "--training-date", "2569-03-12", "--place", "ศาลากลาง",
    ])  # fmt: skip
    assert issued.exit_code == 0, issued.output
    code = issued.output.strip().splitlines()[-1]
    assert services.normalize_code(code) == code

    out = tmp_path / "c.pdf"
    assert runner.invoke(args=["certificates", "export", code, "--output", str(out)]).exit_code == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == services.find_by_code(code).pdf_sha256

    uncategorised = runner.invoke(args=["certificates", "revoke", code, "--reason", "test"])
    assert uncategorised.exit_code != 0 and "--category" in uncategorised.output
    revoked = runner.invoke(
        args=["certificates", "revoke", code, "--category", "issued_in_error", "--reason", "test"]
    )
    assert revoked.exit_code == 0 and services.find_by_code(code).status == "revoked"
    assert services.find_by_code(code).revocation_category == "issued_in_error"
    nope = ["certificates", "revoke", "NOPE", "--category", "other", "--reason", "x"]
    assert runner.invoke(args=nope).exit_code != 0


def test_bulk_issue_runs_in_the_background_and_reports_progress(
    app, graduate, certificate, make_member
):
    db.session.delete(certificate)
    db.session.commit()
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    admin = app.test_client()
    login(admin, "admin@example.org")
    page = admin.get("/admin/certificates").get_data(as_text=True)
    course_id = page.split('name="course"')[2].split('value="')[1].split('"')[0]

    response = submit(admin, "/admin/certificates/bulk", {"course": course_id},
                      form_url="/admin/certificates")  # fmt: skip
    jobs.wait_for_jobs()

    progress = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 จาก 1" in progress and "เสร็จแล้ว" in progress
    assert count() == 1


def test_transcript_lists_courses_scores_and_certificates(client, certificate):
    page = client.get("/transcript").get_data(as_text=True)
    assert "ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน" in page and "100%" in page
    assert certificate.serial in page
    pdf = client.get("/transcript.pdf")
    text = pdf_text(pdf.data)
    assert "ระเบียนผลการเรียน" in text and certificate.serial in text and "พ.ศ." in text


def test_a_broken_template_does_not_fail_the_learner(client, learner, monkeypatch):
    from tests.journeys import finish, ready_for_posttest, start

    def broken(*args, **kwargs):
        from learnhub.credentials.render import CertificateTemplateError

        raise CertificateTemplateError("certificate_standard.html:12: boom")

    monkeypatch.setattr(services, "render_certificate", broken)
    ready_for_posttest(client)
    response = finish(client, start(client, "/courses/example/quiz/posttest"))
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200
    assert count() == 0


def test_admin_previews_templates_and_sees_where_a_broken_one_fails(app, make_member, monkeypatch):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    admin = app.test_client()
    login(admin, "admin@example.org")
    for template in ("standard", "modern"):
        preview = admin.get(f"/admin/certificates/preview/{template}.pdf")
        assert preview.mimetype == "application/pdf"
        assert "นางสาวตัวอย่าง ใจซื่อตรง" in pdf_text(preview.data)

    from learnhub.credentials import render, views

    def broken(template, data):
        raise render.CertificateTemplateError("certificate_standard.html:31: 'holder' is undefined")

    monkeypatch.setattr(views, "render_certificate", broken)
    page = admin.get("/admin/certificates/preview/standard.pdf")
    assert page.status_code == 422
    assert "certificate_standard.html:31" in page.get_data(as_text=True)


def test_verification_is_rate_limited(app):
    visitor = app.test_client()
    statuses = [visitor.get("/verify/ABCD-EFGH-JKMN-PQRS").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429


def test_a_failed_certificate_in_a_bulk_job_is_reported_and_the_rest_issued(
    app, graduate, certificate, make_member, monkeypatch
):
    from learnhub.catalog.models import Enrolment

    db.session.delete(certificate)
    db.session.commit()
    other = db.session.get(
        User, make_member(email="second@example.org", national_id="3100600123450")
    )
    version = db.session.scalars(select(CourseVersion)).one()
    db.session.add(Enrolment(user_id=other.id, course_id=version.course_id, version_id=version.id,
                             completed_at=services.utcnow()))  # fmt: skip
    db.session.commit()
    real_issue = services.issue

    def issue(user, version, **kwargs):
        if user.email == "second@example.org":
            raise RuntimeError("disk full")
        return real_issue(user, version, **kwargs)

    monkeypatch.setattr(services, "issue", issue)
    admin = db.session.get(User, make_member(email="admin@example.org", role=Role.ADMIN,
                                             national_id="1409900456780"))  # fmt: skip
    with app.test_request_context():
        job = jobs.start_bulk_issue(admin, version.course)
    jobs.wait_for_jobs()

    db.session.expire_all()
    job = db.session.get(type(job), job.id)
    assert (job.status, job.total, job.done) == ("finished_with_errors", 2, 2)
    assert job.failures[0]["error"] == "disk full"
    assert count() == 1


def test_a_new_signatory_signs_new_certificates(app, learner, tmp_path):
    signature = tmp_path / "sign.svg"
    signature.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 5h10"/></svg>'
    )
    runner = app.test_cli_runner()
    args = ["certificates", "signatory", "--name", "นางสาวผู้ลงนาม ทดสอบ", "--position", "เลขาธิการ"]
    result = runner.invoke(args=[*args, "--signature", str(signature)])
    assert result.exit_code == 0, result.output

    issued = runner.invoke(args=[
        "certificates", "issue", "--email", "learner@example.org", "--course", "example",
        "--reason", "on-site", "--training-date", "2026-03-12", "--place", "ศาลากลาง",
    ])  # fmt: skip
    certificate = services.find_by_code(issued.output.strip().splitlines()[-1])
    assert certificate.signatory_name == "นางสาวผู้ลงนาม ทดสอบ"
    assert "เลขาธิการ" in pdf_text(services.pdf_bytes(certificate))

"""Every certificate says how it was earned, issuing by hand is for on-site training only, and
verification never misleads: a revoked file reads red, an altered one is named, a serial is
not a code."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course, Enrolment
from learnhub.credentials import services
from learnhub.credentials.models import Certificate
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.coordination.world import put_in_cohort, put_in_network
from tests.credentials.conftest import pdf_text
from tests.credentials.test_certificates import upload

DESK = "/admin/certificates"
ON_SITE = {"training_date": "2026-03-12", "training_place": "ศาลาประชาคมอำเภอสันทราย",
           "reason": "เข้าอบรมครบทั้งวัน"}  # fmt: skip


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


@pytest.fixture
def coordinator(app, learner, make_member):
    coordinator_id = make_member(
        email="coord@example.org", role=Role.COORDINATOR, national_id="1409900456780"
    )
    put_in_cohort(coordinator_id, learner.id)  # a coordinator certifies their cohorts
    client = app.test_client()
    login(client, "coord@example.org")
    return client


def course_id(slug: str = "example") -> str:
    return str(db.session.scalar(select(Course.id).where(Course.slug == slug)))


def test_an_online_certificate_says_so_on_the_pdf_the_verify_page_and_the_api(app, certificate):
    text = pdf_text(services.pdf_bytes(certificate))
    assert "ผ่านการเรียนและการทดสอบทางออนไลน์" in text
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "เรียนจบทางออนไลน์" in page
    data = app.test_client().get(f"/api/v1/certificates/{certificate.code}").get_json()
    assert (data["basis"], data["training_date"]) == ("completed_online", None)
    schema = app.test_client().get("/api/v1/openapi.json").get_json()
    basis = schema["components"]["schemas"]["Certificate"]["properties"]["basis"]
    assert basis["enum"] == ["completed_online", "on_site_training"]


def test_an_on_site_certificate_records_the_training_and_says_so_everywhere(app, coordinator):
    response = submit(coordinator, f"{DESK}/issue",
                      {"email": "learner@example.org", "course": course_id(), **ON_SITE},
                      form_url=DESK)  # fmt: skip

    assert response.status_code == 303
    issued = db.session.scalars(select(Certificate)).one()
    assert (issued.basis, issued.training_date) == ("on_site_training", dt.date(2026, 3, 12))
    assert issued.completed_on == dt.date(2026, 3, 12) and issued.score is None
    enrolment = db.session.get(Enrolment, issued.enrolment_id)
    assert enrolment.training_place == "ศาลาประชาคมอำเภอสันทราย"
    text = " ".join(pdf_text(services.pdf_bytes(issued)).split())
    assert "อบรม ณ ศาลาประชาคมอำเภอสันทราย" in text and "๑๒ มีนาคม พ.ศ. ๒๕๖๙" in text
    page = app.test_client().get(f"/verify/{issued.code}").get_data(as_text=True)
    assert "อบรม ณ สถานที่จัดอบรมเมื่อ 12 มีนาคม พ.ศ. 2569" in page
    assert "เข้าอบรมครบทั้งวัน" not in page  # the staff's reason stays inside
    data = app.test_client().get(f"/api/v1/certificates/{issued.code}").get_json()
    assert (data["basis"], data["training_date"]) == ("on_site_training", "2026-03-12")


def test_someone_never_enrolled_gets_an_on_site_enrolment_on_record(app, learner, make_member):
    make_member(email="villager@example.org", national_id="5555555555554")
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    admin = app.test_client()
    login(admin, "admin@example.org")

    submit(
        admin,
        f"{DESK}/issue",
        {"email": "villager@example.org", "course": course_id(), **ON_SITE},
        form_url=DESK,
    )

    villager = db.session.scalar(select(User).where(User.email == "villager@example.org"))
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == villager.id))
    assert (enrolment.source, enrolment.training_date) == ("on_site", dt.date(2026, 3, 12))
    assert enrolment.completed_at is None  # they did not finish the online course
    assert db.session.scalar(select(Certificate.basis)) == "on_site_training"


def test_a_coordinator_certifies_by_hand_only_their_cohorts_not_their_whole_network(
    app, coordinator, make_member
):
    """An approved member of the coordinator's network, in none of their cohorts, is not
    theirs to certify: the desk says to add them to a cohort; an admin may issue."""
    member_id = make_member(email="member@example.org", national_id="5555555555554")
    coordinator_id = db.session.scalar(select(User.id).where(User.email == "coord@example.org"))
    put_in_network(coordinator_id, member_id)
    data = {"email": "member@example.org", "course": course_id(), **ON_SITE}

    refused = submit(coordinator, f"{DESK}/issue", data, form_url=DESK)

    assert refused.status_code == 422 and count() == 0
    assert "เพิ่มบุคคลนี้เข้ารุ่นของท่านก่อน" in refused.get_data(as_text=True)
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456799")
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert submit(admin, f"{DESK}/issue", data, form_url=DESK).status_code == 303
    assert count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "coord@example.org"}, "เจ้าหน้าที่ออกวุฒิบัตรให้ตนเองไม่ได้"),
        ({"email": "nobody@example.org"}, "ไม่มีบัญชีใดใช้อีเมล หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชนนี้"),
        ({"course": "999999"}, "โปรดเลือกหลักสูตรจากรายการ"),
        ({"course": "example"}, "โปรดเลือกหลักสูตรจากรายการ"),
        ({"training_date": "2999-01-01"}, "วันที่อบรมต้องไม่เป็นวันในอนาคต"),
        ({"training_date": ""}, "โปรดระบุวันที่อบรม"),
        ({"training_place": ""}, "โปรดระบุสถานที่อบรม"),
        ({"reason": ""}, "โปรดระบุเหตุผลที่ออกวุฒิบัตรด้วยมือ"),
    ],
)
def test_a_hand_issue_with_bad_input_says_why_and_issues_nothing(coordinator, changes, message):
    data = {"email": "learner@example.org", "course": course_id(), **ON_SITE, **changes}

    response = submit(coordinator, f"{DESK}/issue", data, form_url=DESK)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count() == 0


def test_an_unlisted_course_is_never_offered_nor_issued_by_hand(app, coordinator, course_folder):
    hidden = course_folder("hidden-course", listed=False)
    import_path(hidden.path)
    page = coordinator.get(DESK).get_data(as_text=True)
    hidden_id = course_id("hidden-course")
    assert f'value="{hidden_id}"' not in page

    forged = submit(coordinator, f"{DESK}/issue",
                    {"email": "learner@example.org", "course": hidden_id, **ON_SITE},
                    form_url=DESK)  # fmt: skip
    assert forged.status_code == 422 and count() == 0
    learner = db.session.scalar(select(User).where(User.email == "learner@example.org"))
    with pytest.raises(services.CertificateRefused) as refused:
        services.issue_manually(
            None, learner, db.session.get(Course, int(hidden_id)), "x", dt.date(2026, 3, 1), "y"
        )
    assert refused.value.reason == "unlisted"


def test_a_genuine_file_of_a_revoked_certificate_reads_as_one_red_answer(app, client, certificate):
    pdf = client.get(f"/certificates/{certificate.id}.pdf").data
    services.revoke(certificate, None, "ออกผิดคน")

    page = upload(app.test_client(), pdf).get_data(as_text=True)

    assert "ไฟล์นี้เป็นวุฒิบัตรของ LearnHub ที่แท้จริง แต่วุฒิบัตรฉบับนี้ถูกเพิกถอนแล้วเมื่อ" in page
    assert "เหตุผลอื่น" in page and "ออกผิดคน" not in page  # the category, never the staff's words
    assert "flash-success" not in page and "วุฒิบัตรนี้ใช้ได้" not in page
    assert page.index("flash-error") < page.index("verify-record")  # the red answer comes first


def test_an_altered_file_is_named_as_the_certificate_it_claims_to_be(app, client, certificate):
    genuine = client.get(f"/certificates/{certificate.id}.pdf").data
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(genuine)))
    writer.add_metadata({"/Title": "วุฒิบัตร (แก้ไขแล้ว)"})
    altered = io.BytesIO()
    writer.write(altered)

    page = upload(app.test_client(), altered.getvalue()).get_data(as_text=True)

    assert "ไฟล์นี้ไม่ใช่วุฒิบัตรที่ LearnHub ออกให้: ไฟล์ถูกแก้ไข" in page
    assert f"อ้างว่าเป็นวุฒิบัตรเลขที่ {certificate.serial}" in page and "นายสมชาย ใจดี" in page
    assert services.claimed_code(genuine) == certificate.code


def test_an_altered_file_stripped_of_its_metadata_is_named_from_its_printed_code(
    app, client, certificate
):
    """Whoever altered the file also dropped its metadata: the code printed on the page,
    read from the text layer, still names the certificate it claims to be."""
    genuine = PdfReader(io.BytesIO(client.get(f"/certificates/{certificate.id}.pdf").data))
    writer = PdfWriter()
    for page in genuine.pages:
        writer.add_page(page)
    writer.metadata = None
    altered = io.BytesIO()
    writer.write(altered)
    stripped = PdfReader(io.BytesIO(altered.getvalue()))
    assert certificate.code not in str(stripped.metadata or {})  # nothing left to read there
    assert certificate.code in stripped.pages[0].extract_text()

    page = upload(app.test_client(), altered.getvalue()).get_data(as_text=True)

    assert "ไฟล์นี้ไม่ใช่วุฒิบัตรที่ LearnHub ออกให้: ไฟล์ถูกแก้ไข" in page
    assert f"อ้างว่าเป็นวุฒิบัตรเลขที่ {certificate.serial}" in page and "นายสมชาย ใจดี" in page
    assert services.claimed_code(altered.getvalue()) == certificate.code


def test_a_file_that_is_not_a_certificate_at_all_says_so(app):
    writer, blank = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(blank)
    page = upload(app.test_client(), blank.getvalue()).get_data(as_text=True)
    assert "ไม่ใช่วุฒิบัตรที่แท้จริงของ LearnHub หรือถูกแก้ไข" in page
    # A file that only starts like a PDF is not one.
    broken = upload(app.test_client(), b"%PDF-1.7\n% nothing here\n")
    assert broken.status_code == 422 and "ไฟล์นี้ไม่ใช่ PDF" in broken.get_data(as_text=True)
    assert services.claimed_code(b"%PDF-1.7 broken") is None


def test_a_serial_typed_as_the_code_explains_where_the_code_is(app, certificate):
    visitor = app.test_client()

    typed = submit(visitor, "/verify", {"c-code": certificate.serial.lower()})
    page = typed.get_data(as_text=True)

    assert typed.status_code == 422
    assert "นี่คือเลขที่วุฒิบัตร (LH-ปี-ลำดับ) ไม่ใช่รหัสตรวจสอบ" in page and "ข้าง QR code" in page
    assert "นายสมชาย ใจดี" not in page  # a serial never finds a certificate
    direct = visitor.get(f"/verify/{certificate.serial}")
    assert direct.status_code == 404 and "ไม่ใช่รหัสตรวจสอบ" in direct.get_data(as_text=True)
    assert "นายสมชาย ใจดี" not in direct.get_data(as_text=True)
    assert visitor.get(f"/api/v1/certificates/{certificate.serial}").status_code == 404

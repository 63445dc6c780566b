"""Recognitions (เชิดชูเกียรติ): a coordinator nominates a member of their networks with
evidence, an admin decides (never on their own nomination), the member sees the approved
one on their record, and its เกียรติบัตร verifies by code and by file until revoked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from sqlalchemy import func, select

from learnhub.accounts import pdpa
from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.coordination.models import DECLINED, CohortMember, NetworkMembership
from learnhub.credentials import recognitions
from learnhub.credentials.models import Recognition, RecognitionEvidence, RecognitionKind
from learnhub.credentials.storage import storage
from learnhub.extensions import db
from tests.conftest import PASSWORD, login, submit
from tests.coordination.world import put_in_network
from tests.credentials.conftest import pdf_fonts, pdf_text, qr_codes

AWARDED = dt.date(2026, 11, 20)  # 20 พฤศจิกายน พ.ศ. 2569
APPROVAL_NOTE = "ภายใน: หลักฐานครบตามเกณฑ์ของคณะทำงาน"  # for staff, never the member's to read


def a_pdf(js: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if js:  # an action that runs a script when the file opens
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def a_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "gold").save(out, "PNG")
    return out.getvalue()


def nomination(**overrides) -> dict:
    kind = db.session.scalar(select(RecognitionKind).where(RecognitionKind.key == "honour_award"))
    data = {
        "kind": str(kind.id),
        "title": "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต",
        "citation": "แจ้งเบาะแสการทุจริตในโครงการก่อสร้างถนนจนหน่วยงานแก้ไข",
        "awarded_on": AWARDED.isoformat(),
        "awarding_body": "ศูนย์ธรรมาภิบาลเขตดุสิต",
        "legal_basis": "",
    }
    data.update(overrides)
    return data


def nominate(client, person_id: int, files=(), **overrides):
    url = f"/coordination/people/{person_id}/recognitions/new"
    data = nomination(**overrides)
    data["evidence"] = [(io.BytesIO(content), name) for name, content in files]
    return submit(client, url, data, content_type="multipart/form-data")


def count(model=Recognition) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def kinds(app):
    recognitions.seed_kinds()


def test_the_migration_and_seed_know_the_six_kinds_and_their_legal_basis(app, kinds):
    found = {k.key: k for k in recognitions.kinds()}
    assert len(found) == 6
    assert "มาตรา 55" in found["honour_award"].legal_basis
    assert "มาตรา 56" in found["special_merit"].legal_basis
    assert "มาตรา 17 และมาตรา 32" in found["subcommittee"].legal_basis
    assert found["honour_award"].carries_certificate
    assert not found["special_merit"].carries_certificate


def test_a_coordinator_nominates_a_member_of_their_network_with_evidence(client, world, kinds):
    login(client, "coord-a@example.org")
    person = world.member_a_ids[0]
    response = nominate(client, person, files=[("คำสั่ง.pdf", a_pdf()), ("photo.png", a_png())])
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get("/coordination/recognitions").get_data(as_text=True)
    assert "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in page and "รอการพิจารณา" in page
    recognition = db.session.scalars(select(Recognition)).one()
    assert recognition.status == "nominated" and "มาตรา 55" in recognition.legal_basis
    assert [e.content_type for e in recognition.evidence] == ["application/pdf", "image/png"]
    # the nominee sees nothing yet
    member = db.session.get(User, person)
    assert recognitions.of_member(member) == []


def test_a_coordinator_cannot_nominate_someone_outside_their_networks(client, world, kinds):
    login(client, "coord-a@example.org")
    response = client.get(f"/coordination/people/{world.member_b_ids[0]}/recognitions/new")
    assert response.status_code == 404
    # nor by calling the service directly
    actor = db.session.get(User, world.coordinator_a_id)
    outsider = db.session.get(User, world.member_b_ids[0])
    kind = recognitions.kinds()[0]
    with pytest.raises(recognitions.RecognitionRefused) as refused:
        recognitions.nominate(actor, outsider, kind, title="x", citation="y", awarded_on=AWARDED,
                              awarding_body="z")  # fmt: skip
    assert refused.value.reason == "outside_scope" and count() == 0


def test_a_network_member_without_a_cohort_is_reached_from_the_network_page(
    app, client, world, kinds
):
    person = db.session.get(User, world.member_b_ids[1])  # in no cohort of coordinator A
    network_id = put_in_network(world.coordinator_a_id, person.id)
    login(client, "coord-a@example.org")
    network_page = client.get(f"/coordination/networks/{network_id}").get_data(as_text=True)
    record_url = f"/coordination/people/{person.id}"
    assert f'href="{record_url}"' in network_page  # the member's name leads to their record
    record = client.get(record_url).get_data(as_text=True)
    assert f'href="{record_url}/recognitions/new"' in record and "ยังไม่มีการเชิดชูเกียรติ" in record
    assert nominate(client, person.id).status_code == 303 and count() == 1
    recognitions.approve(db.session.scalars(select(Recognition)).one(),
                         db.session.get(User, world.admin_id), "ผลงานครบตามเกณฑ์")  # fmt: skip
    record = client.get(record_url).get_data(as_text=True)
    assert "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in record
    viewed = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "member.record_viewed", AuditEvent.subject_user_id == person.id
        )
    ).all()
    assert len(viewed) == 2 and viewed[0].actor_id == world.coordinator_a_id
    other = app.test_client()  # coordinator B: this person is in B's cohort, A's member is not
    login(other, "coord-b@example.org")
    assert other.get(record_url).status_code == 200
    stranger = db.session.get(User, world.member_a_ids[0])
    assert other.get(f"/coordination/people/{stranger.id}").status_code == 404


def test_a_declined_applicant_is_seen_but_offered_for_no_nomination(client, world, kinds):
    person = db.session.get(User, world.member_b_ids[1])  # in no cohort of coordinator A
    network_id = put_in_network(world.coordinator_a_id)
    declined = NetworkMembership(network_id=network_id, user_id=person.id, status=DECLINED,
                                 member_type="citizen", agency="ชุมชนตัวอย่าง",
                                 decision_reason="ไม่อยู่ในพื้นที่")  # fmt: skip
    db.session.add(declined)
    db.session.commit()
    login(client, "coord-a@example.org")
    record_url = f"/coordination/people/{person.id}"
    record = client.get(record_url)
    assert record.status_code == 200  # the coordinator who declined them still sees why
    assert f'href="{record_url}/recognitions/new"' not in record.get_data(as_text=True)

    response = nominate(client, person.id)  # the address typed by hand

    assert response.status_code == 422
    assert "ไม่ได้เป็นสมาชิกในเครือข่ายของท่าน" in response.get_data(as_text=True)
    assert count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("คำสั่ง.pdf", a_png(), "ไม่ตรงกับชื่อไฟล์"),
        ("fake.png", b"\x89PNG\r\n\x1a\nnot really an image", "ไม่ตรงกับชื่อไฟล์"),
        ("script.pdf", a_pdf(js=True), "มีสคริปต์ฝังอยู่"),
        ("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "เกิน 10 เมกะไบต์"),
    ],
)
def test_bad_evidence_is_refused_with_a_clear_message_and_nothing_saved(
    client, world, kinds, name, content, message
):
    login(client, "coord-a@example.org")
    response = nominate(client, world.member_a_ids[0], files=[("ok.pdf", a_pdf()), (name, content)])
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count() == 0 and count(RecognitionEvidence) == 0
    assert list(storage().keys()) == []  # not even the good file was kept


def test_an_admin_opens_an_evidence_file_as_a_download_and_no_one_else_can(
    app, client, world, kinds
):
    login(client, "coord-a@example.org")
    order = a_pdf()
    assert nominate(client, world.member_a_ids[0], files=[("คำสั่ง.pdf", order)]).status_code == 303
    recognition = db.session.scalars(select(Recognition)).one()
    [evidence] = recognition.evidence
    url = f"/admin/recognitions/{recognition.id}/evidence/{evidence.id}"
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert f'href="{url}"' in admin.get(f"/admin/recognitions/{recognition.id}").get_data(
        as_text=True
    )
    response = admin.get(url)
    assert response.status_code == 200 and response.data == order
    assert response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    opened = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "recognition.evidence_opened")
    ).one()
    assert opened.actor_id == world.admin_id and opened.subject_user_id == world.member_a_ids[0]
    assert opened.detail == "คำสั่ง.pdf"
    # the evidence of one nomination is not reached through another's address
    other = _nominated(world, by_id=world.coordinator_a_id, kind_key="special_merit")
    assert admin.get(f"/admin/recognitions/{other.id}/evidence/{evidence.id}").status_code == 404
    # the admin area is the admins': the nominee, the nominating coordinator and another one
    # are turned away by their role (403, as at every /admin address), with nothing sent
    for email in ("a0@example.org", "coord-a@example.org", "coord-b@example.org"):
        someone = app.test_client()
        login(someone, email)
        refused = someone.get(url)
        assert refused.status_code == 403 and order not in refused.data, email


def test_a_second_identical_recognition_is_refused(client, world, kinds):
    login(client, "coord-a@example.org")
    assert nominate(client, world.member_a_ids[0]).status_code == 303
    again = nominate(client, world.member_a_ids[0], title="อีกครั้ง")
    assert again.status_code == 422
    assert "ประเภทนี้ในวันที่นี้แล้ว" in again.get_data(as_text=True) and count() == 1


def _nominated(world, by_id=None, kind_key="honour_award") -> Recognition:
    actor = db.session.get(User, by_id or world.coordinator_a_id)
    person = db.session.get(User, world.member_a_ids[0])
    kind = db.session.scalar(select(RecognitionKind).where(RecognitionKind.key == kind_key))
    return recognitions.nominate(actor, person, kind, title="ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต",
                                 citation="แจ้งเบาะแสการทุจริต", awarded_on=AWARDED,
                                 awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต")  # fmt: skip


def test_an_admin_never_decides_on_their_own_nomination(client, world, kinds):
    recognition = _nominated(world, by_id=world.admin_id)
    login(client, "admin@example.org")
    url = f"/admin/recognitions/{recognition.id}"
    response = submit(client, f"{url}/decide", {"decision": "approve", "reason": APPROVAL_NOTE},
                      form_url=url, follow_redirects=True)  # fmt: skip
    assert "ผู้ดูแลระบบคนอื่น" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Recognition, recognition.id).status == "nominated"


def test_approving_needs_a_reason_too_kept_for_staff(client, world, kinds):
    recognition = _nominated(world)
    login(client, "admin@example.org")
    url = f"/admin/recognitions/{recognition.id}"
    refused = submit(client, f"{url}/decide", {"decision": "approve", "reason": "  "},
                     form_url=url, follow_redirects=True)  # fmt: skip
    assert "ระบุเหตุผลของการพิจารณา" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Recognition, recognition.id).status == "nominated"
    assert list(storage().keys()) == []  # no เกียรติบัตร was rendered
    submit(client, f"{url}/decide", {"decision": "approve", "reason": APPROVAL_NOTE}, form_url=url)
    db.session.expire_all()
    approved = db.session.get(Recognition, recognition.id)
    assert (approved.status, approved.decision_reason) == ("approved", APPROVAL_NOTE)
    assert APPROVAL_NOTE in client.get(url).get_data(as_text=True)  # staff read it
    with pytest.raises(recognitions.RecognitionRefused) as no_reason:  # nor by the service
        recognitions.approve(_nominated(world, kind_key="network_member"),
                             db.session.get(User, world.admin_id), "")  # fmt: skip
    assert no_reason.value.reason == "reason"


def test_declining_needs_a_reason_that_the_member_never_sees(client, world, kinds):
    recognition = _nominated(world)
    login(client, "admin@example.org")
    url = f"/admin/recognitions/{recognition.id}"
    submit(client, f"{url}/decide", {"decision": "decline"}, form_url=url)
    db.session.expire_all()
    assert db.session.get(Recognition, recognition.id).status == "nominated"
    submit(client, f"{url}/decide", {"decision": "decline", "reason": "หลักฐานไม่เพียงพอ"},
           form_url=url)  # fmt: skip
    db.session.expire_all()
    assert db.session.get(Recognition, recognition.id).status == "declined"
    member = db.session.get(User, world.member_a_ids[0])
    assert recognitions.of_member(member) == []


def test_an_approved_recognition_has_a_verifiable_certificate_until_revoked(app, world, kinds):
    recognition = _nominated(world)
    admin = db.session.get(User, world.admin_id)
    recognitions.approve(recognition, admin, "ผลงานครบตามเกณฑ์")
    pdf = recognitions.pdf_bytes(recognition)
    text = pdf_text(pdf)
    assert "สมาชิก เอ0" in text.replace("\n", " ")
    assert "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in text
    assert "20 พฤศจิกายน พ.ศ. 2569" in text and recognition.code in text
    visitor = app.test_client()
    page = visitor.get(f"/verify/{recognition.code}").get_data(as_text=True)
    assert "สมาชิก เอ0" in page and "มาตรา 55" in page and "ผลงานครบตามเกณฑ์" not in page
    by_file = submit(visitor, "/verify/file",
                     {"f-pdf": (io.BytesIO(pdf), "recognition.pdf")}, form_url="/verify",
                     content_type="multipart/form-data")  # fmt: skip
    assert "ไม่ถูกแก้ไข" in by_file.get_data(as_text=True)
    api = visitor.get(f"/api/v1/certificates/{recognition.code}").get_json()
    assert api["type"] == "recognition" and api["status"] == "valid"
    assert api["kind"] == "ยกย่องเชิดชูเกียรติ/ให้รางวัล" and "มาตรา 55" in api["legal_basis"]

    recognitions.revoke(recognition, admin, "พบว่าข้อมูลผลงานคลาดเคลื่อน")
    page = visitor.get(f"/verify/{recognition.code}").get_data(as_text=True)
    assert "ถูกเพิกถอน" in page and "คลาดเคลื่อน" not in page
    assert visitor.get(f"/api/v1/certificates/{recognition.code}").get_json()["status"] == "revoked"
    member = db.session.get(User, world.member_a_ids[0])
    assert recognitions.of_member(member) == []  # off the record; the record itself stays
    assert count() == 1


def test_the_honour_certificate_is_a4_in_sarabun_and_its_qr_code_opens_the_verify_page(
    app, world, kinds, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learnhub.example.org")
    recognition = recognitions.approve(_nominated(world), db.session.get(User, world.admin_id),
                                       "ผลงานครบตามเกณฑ์")  # fmt: skip
    pdf = recognitions.pdf_bytes(recognition)
    assert qr_codes(pdf) == [f"https://learnhub.example.org/verify/{recognition.code}"]
    [page] = PdfReader(io.BytesIO(pdf)).pages
    size = sorted(round(float(side)) for side in (page.mediabox.width, page.mediabox.height))
    assert size == [595, 842]  # A4 (landscape), in points
    fonts = pdf_fonts(pdf)
    assert "Sarabun" in fonts and all(name.startswith("Sarabun") for name in fonts), fonts
    assert all(fonts.values()), fonts  # every one embedded


def test_the_member_sees_an_approved_recognition_on_profile_and_transcript(
    app, client, world, kinds
):
    recognition = _nominated(world)
    recognitions.approve(recognition, db.session.get(User, world.admin_id), APPROVAL_NOTE)
    login(client, "a0@example.org")
    for url in ("/account/profile", "/transcript"):
        page = client.get(url).get_data(as_text=True)
        assert "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in page
        assert "หลักฐานครบตามเกณฑ์" not in page  # the approval note stays with the staff
    response = client.get(f"/recognitions/{recognition.id}.pdf")
    assert response.status_code == 200 and response.data == recognitions.pdf_bytes(recognition)
    transcript = pdf_text(client.get("/transcript.pdf").data)
    assert "การได้รับการเชิดชูเกียรติ" in transcript
    assert "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in "".join(transcript.split())  # cells wrap
    assert "หลักฐานครบตามเกณฑ์" not in "".join(transcript.split())
    # someone else's browser gets nothing
    other = app.test_client()
    login(other, "a1@example.org")
    assert other.get(f"/recognitions/{recognition.id}.pdf").status_code == 404


def test_a_kind_without_a_certificate_gets_no_pdf(world, kinds):
    actor = db.session.get(User, world.coordinator_a_id)
    person = db.session.get(User, world.member_a_ids[0])
    kind = db.session.scalar(select(RecognitionKind).where(RecognitionKind.key == "special_merit"))
    recognition = recognitions.nominate(actor, person, kind, title="เลื่อนขั้นกรณีพิเศษ",
                                        citation="ผลงานดีเด่น", awarded_on=AWARDED,
                                        awarding_body="กรมตัวอย่าง")  # fmt: skip
    recognitions.approve(recognition, db.session.get(User, world.admin_id), APPROVAL_NOTE)
    assert recognition.code is None and recognition.pdf_key is None
    assert recognitions.of_member(person) == [recognition]


def test_recognitions_are_in_the_members_export_and_go_with_erasure(app, world, kinds):
    recognition = _nominated(world)
    person = db.session.get(User, world.member_a_ids[0])
    evidence = RecognitionEvidence(recognition_id=recognition.id, filename="ภาพ.png",
                                   content_type="image/png", size=len(a_png()), sha256="0" * 64,
                                   storage_key=f"evidence/{recognition.id}/1.png")  # fmt: skip
    storage().save(evidence.storage_key, a_png())
    db.session.add(evidence)
    db.session.commit()
    recognitions.approve(recognition, db.session.get(User, world.admin_id), "ภายใน: ผ่านเกณฑ์")
    document, files = pdpa.export_data(person)
    [row] = document["recognitions"]
    assert row["title"] == "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" and row["evidence"] == ["ภาพ.png"]
    assert "ภายใน" not in str(document["recognitions"])  # the staff's notes are not the member's
    assert f"recognitions/{recognition.id}.pdf" in files
    assert files[f"recognitions/{recognition.id}/evidence-{evidence.id}.png"] == a_png()

    own_copy = recognitions.pdf_bytes(recognition)
    pending = _nominated(world, kind_key="network_member")  # awaiting a decision
    request = pdpa.request_erasure(person, PASSWORD)
    pdpa.carry_out_erasure(db.session.get(User, world.admin_id), request)
    db.session.expire_all()
    kept = db.session.get(Recognition, recognition.id)
    assert (kept.holder_name, kept.title, kept.citation, kept.awarding_body) == ("", "", "", "")
    assert kept.decision_reason is None and kept.evidence == [] and list(storage().keys()) == []
    assert kept.status == "approved" and "มาตรา 55" in kept.legal_basis  # the kind's own basis
    assert db.session.get(Recognition, pending.id).status == "declined"  # no one approves it now
    with pytest.raises(FileNotFoundError):
        recognitions.pdf_bytes(kept)
    visitor = app.test_client()
    page = visitor.get(f"/verify/{kept.code}").get_data(as_text=True)
    assert "ข้อมูลถูกลบตามคำขอ" in page and "การเชิดชูเกียรตินี้มีผลอยู่" in page
    assert "ยกย่องเชิดชูเกียรติ/ให้รางวัล" in page and "20 พฤศจิกายน พ.ศ. 2569" in page
    for gone in ("สมาชิก เอ0", "ผู้มีผลงานดีเด่น", "แจ้งเบาะแส", "ศูนย์ธรรมาภิบาลเขตดุสิต"):
        assert gone not in page, gone
    api = visitor.get(f"/api/v1/certificates/{kept.code}").get_json()
    assert (api["holder_name"], api["title"], api["awarding_body"]) == (None, None, None)
    assert api["status"] == "valid" and api["kind_key"] == "honour_award"
    by_file = submit(visitor, "/verify/file", {"f-pdf": (io.BytesIO(own_copy), "mine.pdf")},
                     form_url="/verify", content_type="multipart/form-data")  # fmt: skip
    assert "ไม่ถูกแก้ไข" in by_file.get_data(as_text=True)  # the member's own copy still verifies


def test_the_demo_data_includes_an_approved_recognition(app):
    from learnhub.catalog.cli import DEFAULT_PATH
    from learnhub.catalog.importer import import_path
    from learnhub.coordination import demo
    from tests.coordination.world import make_user

    import_path(DEFAULT_PATH / "corruption-types")
    make_user("coordinator@example.org", Role.COORDINATOR)
    make_user("admin@example.org", Role.ADMIN)
    demo.load("learnhub-demo")
    [recognition] = db.session.scalars(select(Recognition)).all()
    assert recognition.status == "approved" and recognition.pdf_sha256
    assert recognition.user.email == "member13@example.org"


def test_an_admin_adds_a_kind_from_the_command_line_and_coordinators_can_choose_it(app, kinds):
    runner = app.test_cli_runner()
    args = ["certificates", "add-recognition-kind", "--key", "volunteer", "--name-th",
            "อาสาสมัครต้านทุจริตดีเด่น", "--name-en", "Outstanding volunteer"]  # fmt: skip
    assert runner.invoke(args=args).exit_code == 0
    assert runner.invoke(args=args).exit_code != 0  # the same key twice
    added = recognitions.kinds()[-1]
    assert added.name_th == "อาสาสมัครต้านทุจริตดีเด่น" and added.carries_certificate


def test_the_coordinators_member_page_shows_approved_recognitions_and_the_way_to_nominate(
    client, world, kinds
):
    recognition = _nominated(world)
    recognitions.approve(recognition, db.session.get(User, world.admin_id), APPROVAL_NOTE)
    member = db.session.scalar(
        select(CohortMember).where(CohortMember.user_id == world.member_a_ids[0])
    )
    login(client, "coord-a@example.org")
    page = client.get(f"/coordination/cohorts/{world.cohort_a_id}/members/{member.id}")
    text = page.get_data(as_text=True)
    assert "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in text
    assert f"/coordination/people/{world.member_a_ids[0]}/recognitions/new" in text
    assert "เสนอชื่อเพื่อรับการเชิดชูเกียรติ" in text


def test_an_altered_honour_certificate_is_named_but_not_taken_for_genuine(app, world, kinds):
    recognition = _nominated(world)
    recognitions.approve(recognition, db.session.get(User, world.admin_id), APPROVAL_NOTE)
    altered = recognitions.pdf_bytes(recognition) + b"\n% edited\n"
    visitor = app.test_client()
    response = submit(visitor, "/verify/file", {"f-pdf": (io.BytesIO(altered), "x.pdf")},
                      form_url="/verify", content_type="multipart/form-data")  # fmt: skip
    text = response.get_data(as_text=True)
    assert "ไฟล์ถูกแก้ไข" in text and "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต" in text


def test_a_revoked_recognition_tells_the_public_a_category_never_the_staffs_words(
    app, client, world, kinds
):
    recognition = _nominated(world)
    recognitions.approve(recognition, db.session.get(User, world.admin_id), APPROVAL_NOTE)
    login(client, "admin@example.org")
    url = f"/admin/recognitions/{recognition.id}"
    # without the public category: refused, still approved
    submit(client, f"{url}/revoke", {"reason": "ผลงานเป็นของผู้อื่น"}, form_url=url)
    db.session.expire_all()
    assert db.session.get(Recognition, recognition.id).status == "approved"
    submit(client, f"{url}/revoke", {"reason": "ผลงานเป็นของผู้อื่น",
                                     "category": "obtained_dishonestly"}, form_url=url)  # fmt: skip
    db.session.expire_all()
    revoked = db.session.get(Recognition, recognition.id)
    assert revoked.status == "revoked" and revoked.revocation_category == "obtained_dishonestly"
    assert "ผลงานเป็นของผู้อื่น" in client.get(url).get_data(as_text=True)  # staff see their words

    visitor = app.test_client()
    page = visitor.get(f"/verify/{revoked.code}").get_data(as_text=True)
    assert "ถูกเพิกถอน" in page and "ได้มาโดยไม่สุจริต" in page
    assert "ผลงานเป็นของผู้อื่น" not in page
    api = visitor.get(f"/api/v1/certificates/{revoked.code}").get_json()
    assert api["revocation_category"] == "obtained_dishonestly"
    assert "ผลงานเป็นของผู้อื่น" not in str(api)
    with pytest.raises(recognitions.RecognitionRefused):
        recognitions.revoke(revoked, db.session.get(User, world.admin_id), "x", "made_up")


def test_a_declined_or_revoked_recognition_does_not_block_a_new_nomination(world, kinds):
    admin = db.session.get(User, world.admin_id)
    declined = recognitions.decline(_nominated(world), admin, "หลักฐานไม่เพียงพอ")
    again = _nominated(world)  # same member, kind and date, with better evidence
    assert again.id != declined.id and again.status == "nominated"
    with pytest.raises(recognitions.RecognitionRefused) as refused:  # one awaiting: a duplicate
        _nominated(world)
    assert refused.value.reason == "duplicate"
    recognitions.approve(again, admin, APPROVAL_NOTE)
    with pytest.raises(recognitions.RecognitionRefused):  # one approved: a duplicate
        _nominated(world)
    recognitions.revoke(again, admin, "ออกผิดพลาด", "issued_in_error")
    third = _nominated(world)
    assert third.status == "nominated" and count() == 3

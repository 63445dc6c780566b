"""Bulk enrolment: a coordinator uploads a member list, sees each row's fate, imports the
valid rows at once, downloads the bad ones with reasons; the same file again adds nobody."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from learnhub.accounts import services as account_services
from learnhub.accounts.models import AuditEvent, User
from learnhub.coordination import imports
from learnhub.coordination.models import Cohort, CohortMember, ImportBatch, RosterRecord
from learnhub.extensions import db
from tests.conftest import csrf_token, login, signup_form, submit
from tests.coordination.world import World, thai_id

HEADER = ["คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "อีเมล", "โทรศัพท์มือถือ",
          "ตำแหน่ง", "หน่วยงานหรือชุมชน", "จังหวัด", "ประเภทสมาชิก"]  # fmt: skip


def good_rows(count: int = 3, start: int = 100) -> list[list[str]]:
    return [
        ["นาง", f"สมศรี{i}", "ใจงาม", thai_id(start + i), f"somsri{i}@example.org", "",
         "อาสาสมัคร", "ชุมชนวัดโสมนัส", "กรุงเทพมหานคร", "ผู้นำชุมชน/อาสาสมัคร"]
        for i in range(count)
    ]  # fmt: skip


def bad_rows() -> list[list[str]]:
    return [
        ["นาย", "สมชาย", "ดีมาก", "1234567890123", "somchai@example.org", "", "", "", "", ""],
        ["นาย", "=HYPERLINK(\"http://evil\")", "ร้าย", thai_id(900), "", "0812345678", "", "",
         "", ""],
        ["นาย", "ไม่มีติดต่อ", "เลย", thai_id(901), "", "", "", "", "", ""],
        ["นาง", "ซ้ำ", "ไฟล์", thai_id(100), "other@example.org", "", "", "", "", ""],
        ["นาง", "ไม่มี", "ไอดี", "1.10170023070800E+12", "x@example.org", "", "", "", "", ""],
    ]  # fmt: skip


def csv_file(rows, encoding="utf-8-sig", header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload(client, cohort_id: int, data: bytes, name: str = "members.csv"):
    url = f"/coordination/cohorts/{cohort_id}/import"
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


def commit(client, response):
    html = response.get_data(as_text=True)
    action = html.split('action="/coordination/cohorts/')[1].split('"')[0]
    return client.post(f"/coordination/cohorts/{action}", data={"csrf_token": csrf_token(html)})


def members_of(cohort_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort_id)
    )


def test_a_coordinator_imports_a_list_with_bad_rows_and_the_same_file_again_adds_nobody(
    client, world: World, outbox
):
    login(client, "coord-a@example.org")
    data = csv_file(good_rows() + bad_rows())
    preview = upload(client, world.cohort_a_id, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "สมาชิกใหม่: 3" in page and "แถวที่ผิดพลาดซึ่งจะไม่นำเข้า: 5" in page
    assert "เลขประจำตัวประชาชน 1234567890123 ไม่ถูกต้อง" in page
    assert "มีสูตร" in page and "ต้องมีอีเมลหรือหมายเลขโทรศัพท์มือถือ" in page
    assert "ซ้ำกับแถวที่ 2" in page and "1.1E+12" in page
    assert members_of(world.cohort_a_id) == 3  # nothing saved by the preview

    done = commit(client, preview)
    assert done.status_code == 303
    assert members_of(world.cohort_a_id) == 6
    assert len(outbox) == 3 and "/coordination/invitation/" in outbox[0].get_content()
    assert outbox[0].get_content().count("http://127.0.0.1:5000/coordination/invitation/") == 1

    again = upload(client, world.cohort_a_id, data)
    assert "อยู่ในรุ่นนี้แล้ว" in again.get_data(as_text=True)
    commit(client, again)
    assert members_of(world.cohort_a_id) == 6
    assert db.session.scalar(select(func.count()).select_from(RosterRecord)) == 3
    assert db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "cohort.import_committed")
    )


def test_an_invited_member_follows_the_emailed_link_chooses_a_password_and_logs_in(
    app, client, world: World, outbox
):
    login(client, "coord-a@example.org")
    commit(client, upload(client, world.cohort_a_id, csv_file(good_rows(1))))
    [mail] = outbox
    link = re.search(r"http://127\.0\.0\.1:5000(/coordination/invitation/\S+)", mail.get_content())[
        1
    ]

    member = app.test_client()  # the invited person, on their own device
    page = member.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "ตั้งรหัสผ่านของท่าน" in html
    assert "somsri0@example.org" in html  # the name they will log in with
    token = csrf_token(html)
    typo = member.post(link, data={"csrf_token": token, "password": "a-long-password-1",
                                   "password_confirm": "a-long-password-2"})  # fmt: skip
    assert typo.status_code == 422
    chosen = member.post(link, data={"csrf_token": token, "password": "a-long-password-1",
                                     "password_confirm": "a-long-password-1"})  # fmt: skip
    assert chosen.status_code == 303 and chosen.headers["Location"].endswith("/login")

    login(member, "somsri0@example.org", "a-long-password-1")
    home = member.get("/").get_data(as_text=True)
    assert "หลักสูตรของฉัน" in home and "สมศรี0 ใจงาม" in home  # their own dashboard
    assert member.get(link).status_code == 400  # the link worked once


def test_the_rows_in_error_come_back_with_reasons_and_formulas_escaped(client, world: World):
    login(client, "coord-a@example.org")
    preview = upload(client, world.cohort_a_id, csv_file(good_rows(1) + bad_rows()))
    html = preview.get_data(as_text=True)
    link = re.search(r'href="(/coordination/cohorts/\d+/import/\d+/errors.csv)"', html)[1]
    errors = client.get(link)
    assert errors.status_code == 200
    rows = list(csv.reader(io.StringIO(errors.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "แถว" and rows[0][-1] == "เหตุผล"
    assert len(rows) == 1 + 5
    formula = next(row for row in rows if "HYPERLINK" in row[2])
    assert formula[2].startswith("'=")  # written back as text, never as a formula
    assert rows[1][0] == "3"  # the file's own row number


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "tis-620"])
def test_thai_names_read_the_same_from_every_encoding_excel_writes(world: World, encoding):
    cohort = db.session.get(Cohort, world.cohort_a_id)
    result = imports.preview(cohort, csv_file(good_rows(2), encoding=encoding), "list.csv")
    assert [row.name for row in result.rows] == ["นางสมศรี0 ใจงาม", "นางสมศรี1 ใจงาม"]
    assert result.count("new") == 2


def test_an_excel_workbook_is_read_and_its_formulas_never_run(world: World):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in good_rows(2):
        sheet.append(row)
    sheet.append(["นาย", "=1+1", "สูตร", thai_id(555), "f@example.org", "", "", "", "", ""])
    sheet.cell(row=2, column=4).value = int(thai_id(100))  # Excel keeps the ID as a number
    out = io.BytesIO()
    workbook.save(out)
    cohort = db.session.get(Cohort, world.cohort_a_id)
    result = imports.preview(cohort, out.getvalue(), "list.xlsx")
    assert [row.kind for row in result.rows] == ["new", "new", "error"]
    assert "มีสูตร" in result.rows[2].reasons[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ไฟล์ว่างเปล่า"),
        (csv_file([]), "ไฟล์มีแต่แถวหัวตาราง"),
        (csv_file(good_rows(1), header=["name", "surname", "id", "mail"] + HEADER[4:]),
         "ไม่พบคอลัมน์หรือชื่อคอลัมน์ถูกเปลี่ยน"),
        (bytes([0x81, 0x8d, 0xdb, 0xfc]) * 50, "ไม่รู้จักการเข้ารหัสอักขระ"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_gets_a_clear_thai_message_and_nothing_is_saved(
    client, world: World, data, message
):
    login(client, "coord-a@example.org")
    response = upload(client, world.cohort_a_id, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert members_of(world.cohort_a_id) == 3


def test_a_list_too_long_is_refused_with_the_row_limit(client, world: World, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 50)
    login(client, "coord-a@example.org")
    assert upload(client, world.cohort_a_id, csv_file(good_rows(50))).status_code == 200
    response = upload(client, world.cohort_a_id, csv_file(good_rows(51)))
    assert response.status_code == 422
    assert "ไฟล์มีมากกว่า 50 แถว" in response.get_data(as_text=True)


def xlsx_file(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "make"), [("csv", csv_file), ("xlsx", xlsx_file)])
def test_a_real_list_of_50000_members_is_told_the_row_limit_and_nothing_is_imported(
    client, world: World, kind, make
):
    data = make(good_rows(50_000))
    if kind == "csv":
        assert len(data) > client.application.config["MAX_CONTENT_LENGTH"]  # as Excel writes it
    login(client, "coord-a@example.org")
    response = upload(client, world.cohort_a_id, data, f"members.{kind}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ไฟล์มีมากกว่า 10,000 แถว" in page and "แบ่งเป็นไฟล์ที่เล็กลง" in page
    assert 'name="file"' in page  # the import page, ready for the smaller files
    assert members_of(world.cohort_a_id) == 3
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0
    assert db.session.scalar(select(func.count()).select_from(RosterRecord)) == 0


def test_a_known_person_is_matched_by_national_id_email_or_mobile(world: World, make_member):
    make_member(email="known@example.org", national_id=thai_id(100), phone_mobile="0899999999")
    cohort = db.session.get(Cohort, world.cohort_a_id)
    rows = [
        ["นาง", "ก", "ข", thai_id(100), "", "0811111111", "", "", "", ""],
        ["นาง", "ค", "ง", thai_id(101), "KNOWN@example.org", "", "", "", "", ""],
        ["นาง", "จ", "ฉ", thai_id(102), "", "089-999-9999", "", "", "", ""],
        ["นาง", "ช", "ซ", thai_id(103), "a0@example.org", "", "", "", "", ""],
    ]
    result = imports.preview(cohort, csv_file(rows), "list.csv")
    known = db.session.scalar(select(User.id).where(User.email == "known@example.org"))
    assert [row.kind for row in result.rows] == ["matched"] * 4
    assert [row.user_id for row in result.rows[:3]] == [known] * 3
    assert result.rows[3].already_in_cohort


def test_a_member_without_email_gets_a_printable_link_and_logs_in_by_mobile_or_national_id(
    client, world: World
):
    login(client, "coord-a@example.org")
    # The mobile number typed in Thai digits, as some Thai keyboards and lists write it.
    rows = [["นาง", "บัวผัน", "ศรีสุข", thai_id(300), "", "๐๘๑ ๒๒๒ ๓๓๓๓", "", "", "", ""]]
    commit(client, upload(client, world.cohort_a_id, csv_file(rows)))
    user = db.session.scalar(select(User).where(User.display_name == "นางบัวผัน ศรีสุข"))
    assert user.email.startswith("no-email+") and user.email.endswith("@learnhub.invalid")
    assert db.session.get(RosterRecord, user.id).no_email
    assert db.session.get(RosterRecord, user.id).mobile == "0812223333"
    page = client.get(f"/coordination/cohorts/{world.cohort_a_id}/invitations")
    html = page.get_data(as_text=True)
    assert "นางบัวผัน ศรีสุข" in html and "learnhub.invalid" not in html
    assert "เข้าสู่ระบบด้วยหมายเลขโทรศัพท์มือถือ (xxx-xxx-3333) หรือเลขประจำตัวประชาชน" in html
    assert "0812223333" not in html and "081-222-3333" not in html
    link = html.split("http://127.0.0.1:5000")[1].split("<")[0]
    anonymous = client.application.test_client()
    form = anonymous.get(link)
    assert form.status_code == 200
    assert "learnhub.invalid" not in form.get_data(as_text=True)
    assert "xxx-xxx-3333" in form.get_data(as_text=True)
    password = "a-long-password"
    token = csrf_token(form.get_data(as_text=True))
    done = anonymous.post(link, data={"csrf_token": token, "password": password,
                                      "password_confirm": password})  # fmt: skip
    assert done.status_code == 303
    assert anonymous.get(link).status_code == 400  # the link worked once
    assert "นางบัวผัน ศรีสุข" not in client.get(
        f"/coordination/cohorts/{world.cohort_a_id}/invitations"
    ).get_data(as_text=True)
    login(anonymous, "081-222-3333", password)  # by the mobile number the list gave
    submit(anonymous, "/logout", {}, form_url="/")
    login(anonymous, thai_id(300), password)  # by the national ID (its keyed hash)


def test_a_mobile_written_with_66_is_stored_as_member_profiles_store_it(world: World):
    cohort = db.session.get(Cohort, world.cohort_a_id)
    rows = [["นาย", "มานพ", "ใจดี", thai_id(310), "", "+66 89 123 4567", "", "", "", ""],
            ["นาย", "มานะ", "ใจดี", thai_id(311), "", "66891234568", "", "", "", ""],
            ["นาย", "มานิต", "ใจดี", thai_id(312), "", "02-123-4567", "", "", "", ""],
            ["นาย", "มาโนช", "ใจดี", thai_id(313), "", "08l-234-5678", "", "", "", ""]]  # fmt: skip

    result = imports.preview(cohort, csv_file(rows), "members.csv")

    assert [imports.normalize_mobile(row.values["mobile"]) for row in result.rows[:2]] == [
        "0891234567", "0891234568"
    ]  # fmt: skip
    assert [row.kind for row in result.rows] == ["new", "new", "error", "error"]
    assert "06 08 หรือ 09" in " ".join(result.rows[2].reasons)
    assert "เป็นตัวเลข" in " ".join(result.rows[3].reasons)


def test_the_template_downloads_with_thai_headers(client, world: World):
    login(client, "coord-a@example.org")
    response = client.get("/coordination/import-template.csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == HEADER and len(rows) == 2

    # Uploaded with its example row left in, the example is refused, never made a member.
    preview = upload(client, world.cohort_a_id, response.get_data()).get_data(as_text=True)
    assert "แถวตัวอย่างของแบบฟอร์ม" in preview
    before = members_of(world.cohort_a_id)
    commit(client, upload(client, world.cohort_a_id, response.get_data()))
    assert members_of(world.cohort_a_id) == before


def test_an_exported_xlsx_escapes_formulas(world: World):
    from learnhub.coordination.spreadsheets import xlsx_bytes

    data = xlsx_bytes(["ชื่อ"], [['=HYPERLINK("x")'], ["+66"], ["@SUM"], ["ปกติ"]])
    values = [row[0].value for row in load_workbook(io.BytesIO(data)).active.iter_rows()]
    assert values == ["ชื่อ", '\'=HYPERLINK("x")', "'+66", "'@SUM", "ปกติ"]


def test_a_preview_left_unimported_is_dropped_after_a_day(client, world: World):
    login(client, "coord-a@example.org")
    old = upload(client, world.cohort_a_id, csv_file(good_rows(1)))
    batch = db.session.scalars(select(ImportBatch)).one()
    batch.created_at -= dt.timedelta(days=2)
    db.session.commit()
    upload(client, world.cohort_a_id, csv_file(good_rows(1, start=400)))  # a later upload
    db.session.refresh(batch)
    assert batch.data_encrypted is None
    response = commit(client, old)
    assert response.status_code == 303
    assert "หมดอายุแล้ว" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert members_of(world.cohort_a_id) == 3


def test_an_imported_member_who_signs_up_gets_no_second_account_and_claims_the_invited_one(
    client, world: World, outbox
):
    login(client, "coord-a@example.org")
    rows = good_rows(1) + [["นาง", "บัวผัน", "ศรีสุข", thai_id(300), "", "0812223333", "", "",
                            "", ""]]  # fmt: skip
    commit(client, upload(client, world.cohort_a_id, csv_file(rows)))
    submit(client, "/logout", {}, form_url="/coordination/")
    outbox.clear()
    accounts = db.session.scalar(select(func.count()).select_from(User))

    # Somsri (invited by e-mail) signs up herself with another address and her national ID.
    somsri = submit(client, "/signup", signup_form(email="somsri.home@example.org",
                    national_id=thai_id(100), phone_mobile="0899990000"),
                    follow_redirects=True)  # fmt: skip
    page = somsri.get_data(as_text=True)
    assert "หากท่านมีบัญชี LearnHub อยู่แล้ว" in page and "ลิงก์คำเชิญ" in page
    assert db.session.scalar(select(func.count()).select_from(User)) == accounts
    assert [m["To"] for m in outbox] == ["somsri0@example.org"]  # told how to log in or reset

    # Buaphan (no e-mail) tries too: the same answer, no account; her printed link still works.
    submit(client, "/signup", signup_form(email="buaphan@example.org", national_id=thai_id(300),
                                          phone_mobile="0899990001"))  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(User)) == accounts
    invited = db.session.scalar(select(User).where(User.display_name == "นางบัวผัน ศรีสุข"))
    link = imports.invitation_link(invited).split("http://127.0.0.1:5000")[1]
    form = client.get(link)
    assert form.status_code == 200
    chosen = submit(client, link, {"password": "a-long-password",
                                   "password_confirm": "a-long-password"})  # fmt: skip
    assert chosen.status_code == 303 and not imports.is_invited(invited)
    # Her own profile may carry her ID; nobody else's may.
    assert not account_services.national_id_taken(thai_id(300), except_user_id=invited.id)
    assert account_services.national_id_taken(thai_id(300), except_user_id=world.admin_id)


def test_a_mobile_number_an_imported_list_gave_belongs_to_that_member_alone(client, world: World):
    login(client, "coord-a@example.org")
    rows = [["นาง", "บัวผัน", "ศรีสุข", thai_id(300), "", "0812223333", "", "", "", ""]]
    commit(client, upload(client, world.cohort_a_id, csv_file(rows)))
    submit(client, "/logout", {}, form_url="/")
    before = db.session.scalar(select(func.count()).select_from(User))

    response = submit(client, "/signup", signup_form(
        email="", member_type="community_leader", sector="", ministry="", department="",
        phone_mobile="081 222 3333"))  # fmt: skip

    assert response.status_code == 303  # neutral: to the log-in page, nothing said of whom
    assert db.session.scalar(select(func.count()).select_from(User)) == before

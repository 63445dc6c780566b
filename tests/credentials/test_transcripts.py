"""A transcript HR can rely on: hours per course and in total, the member's position and
agency, and a verification code and QR code of its own, like a certificate."""

from __future__ import annotations

import io
import re

from learnhub.credentials.models import Transcript
from learnhub.extensions import db
from tests.conftest import submit
from tests.credentials.conftest import pdf_text, qr_codes


def qr_url(pdf: bytes) -> str:
    found = qr_codes(pdf)
    assert found, "no QR code on the transcript"
    return found[0]


def test_the_transcript_page_shows_hours_position_and_agency(client, graduate):
    page = client.get("/transcript").get_data(as_text=True)
    assert "รวมชั่วโมงของหลักสูตรที่เรียนจบ" in page
    assert "สำนักงาน ป.ป.ท. กระทรวงยุติธรรม" in page  # department and ministry of the profile
    assert re.search(r"<td>\d+(\.\d+)?</td>", page), "each course shows its hours"


def test_the_transcript_pdf_carries_its_own_code_and_qr_and_is_issued_once(client, graduate):
    first = client.get("/transcript.pdf")
    assert first.mimetype == "application/pdf"
    assert "no-store" in first.headers["Cache-Control"]
    text = pdf_text(first.data)
    transcript = db.session.query(Transcript).one()
    assert transcript.code in text and "รหัสตรวจสอบ" in text
    assert "สำนักงาน ป.ป.ท." in text and "กระทรวงยุติธรรม" in text
    assert "รวมชั่วโมงของหลักสูตรที่เรียนจบ" in "".join(text.split())  # a cell may wrap
    assert transcript.total_hours == transcript.rows[0]["hours"] > 0  # the one completed course
    assert qr_url(first.data).endswith(f"/verify/{transcript.code}")

    again = client.get("/transcript.pdf")
    assert again.data == first.data  # nothing changed: the same file, the same code
    assert db.session.query(Transcript).count() == 1


def test_anyone_verifies_a_transcript_by_its_code_or_its_file(app, client, graduate):
    pdf = client.get("/transcript.pdf").data
    transcript = db.session.query(Transcript).one()
    visitor = app.test_client()

    page = visitor.get(f"/verify/{transcript.code}").get_data(as_text=True)
    assert "ระเบียนผลการเรียนของ" in page and transcript.holder_name in page
    assert "ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน" in page
    assert "1101700230708" not in page and "member@example.org" not in page

    genuine = submit(visitor, "/verify/file", {"f-pdf": (io.BytesIO(pdf), "t.pdf")},
                     form_url="/verify", content_type="multipart/form-data")  # fmt: skip
    assert "ไฟล์นี้คือระเบียนผลการเรียนฉบับจริง" in genuine.get_data(as_text=True)

    altered = pdf + b"\n% edited after issue\n"
    assert altered != pdf
    answer = submit(visitor, "/verify/file", {"f-pdf": (io.BytesIO(altered), "t.pdf")},
                    form_url="/verify", content_type="multipart/form-data")  # fmt: skip
    text = answer.get_data(as_text=True)
    assert "ถูกแก้ไข" in text and transcript.holder_name in text

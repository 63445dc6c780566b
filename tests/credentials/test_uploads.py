"""The PDF upload on /verify is checked by its content and parsed within limits, so a
crafted file can neither pass for a PDF nor take the server's memory."""

import io
import zlib

import pytest
from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import NameObject, StreamObject

from learnhub.credentials import services
from tests.credentials.test_certificates import upload


def pdf_with_page_content(content: bytes) -> bytes:
    """A one-page PDF whose page content is ``content``, compressed (as a bomb would be)."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = StreamObject()
    stream.set_data(zlib.compress(content, 9))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    # 120 KB that inflate to 50 MB: under pypdf's default limit of 75 MB, over ours.
    return pdf_with_page_content(b"BT /F1 12 Tf (x) Tj ET\n" * 2_200_000)


def test_a_compression_bomb_is_not_inflated_on_the_server(bomb):
    assert len(bomb) < 200_000
    page = PdfReader(io.BytesIO(bomb)).pages[0]
    assert len(page.get_contents().get_data()) > 50_000_000  # what pypdf alone would inflate
    with apply_configuration(**services.PDF_LIMITS), pytest.raises(LimitReachedError):
        PdfReader(io.BytesIO(bomb)).pages[0].get_contents().get_data()


def test_a_visitor_uploading_a_bomb_gets_a_calm_answer(app, bomb):
    response = upload(app.test_client(), bomb)
    assert response.status_code == 200
    assert "ไฟล์นี้ไม่ใช่วุฒิบัตรที่แท้จริงของ LearnHub" in response.get_data(as_text=True)


def test_a_file_that_only_starts_like_a_pdf_is_refused_as_not_a_pdf(app):
    response = upload(app.test_client(), b"%PDF-1.7\n<html><script>alert(1)</script>")
    assert response.status_code == 422
    assert "ไฟล์นี้ไม่ใช่ PDF" in response.get_data(as_text=True)


def test_no_external_decoder_is_ever_run():
    assert services.PDF_LIMITS["jbig2dec_binary"] is None

"""A learner who has completed the example course, and helpers to read PDFs."""

from __future__ import annotations

import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.credentials.models import Certificate
from learnhub.extensions import db
from tests.journeys import finish, ready_for_posttest, start


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes, page: int = 0) -> list[str]:
    """What a phone's camera reads from the QR codes of a PDF page (rasterised at 3x)."""
    image = pypdfium2.PdfDocument(io.BytesIO(data))[page].render(scale=3).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """Each font a PDF's pages use (without a subset's ``ABCDEF+`` prefix) and whether its
    file is embedded, so the document looks the same on a machine without it."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            for part in (font, *(d.get_object() for d in font.get("/DescendantFonts", []))):
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                name = str(part["/BaseFont"]).lstrip("/").split("+", 1)[-1]
                files = ("/FontFile", "/FontFile2", "/FontFile3")
                fonts[name] = any(key in descriptor.get_object() for key in files)
    return fonts


@pytest.fixture
def graduate(client, learner):
    """The learner passes everything: pre-test, lessons, module quiz, post-test."""
    ready_for_posttest(client)
    finish(client, start(client, "/courses/example/quiz/posttest"))
    return db.session.get(User, learner.id)


@pytest.fixture
def certificate(graduate):
    return db.session.scalars(select(Certificate)).one()

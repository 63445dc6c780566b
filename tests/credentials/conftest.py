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


def qr_codes(data: bytes) -> list[str]:
    """What the QR codes on a PDF's first page read as, as a phone's camera would see them."""
    page = pypdfium2.PdfDocument(io.BytesIO(data))[0]
    return [barcode.text for barcode in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]


@pytest.fixture
def graduate(client, learner):
    """The learner passes everything: pre-test, lessons, module quiz, post-test."""
    ready_for_posttest(client)
    finish(client, start(client, "/courses/example/quiz/posttest"))
    return db.session.get(User, learner.id)


@pytest.fixture
def certificate(graduate):
    return db.session.scalars(select(Certificate)).one()

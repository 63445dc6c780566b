"""A learner who has completed the example course, and helpers to read PDFs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.credentials.models import Certificate
from learnhub.extensions import db
from tests.journeys import finish, ready_for_posttest, start


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def graduate(client, learner):
    """The learner passes everything: pre-test, lessons, module quiz, post-test."""
    ready_for_posttest(client)
    finish(client, start(client, "/courses/example/quiz/posttest"))
    return db.session.get(User, learner.id)


@pytest.fixture
def certificate(graduate):
    return db.session.scalars(select(Certificate)).one()

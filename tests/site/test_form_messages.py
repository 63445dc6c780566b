"""WTForms' own messages reach Thai pages in Thai, and every form is built to do so."""

from __future__ import annotations

import importlib
import pkgutil

from flask_wtf import FlaskForm

import learnhub
from learnhub.forms import Form
from tests.conftest import signup_form, submit


def test_a_sign_up_with_empty_and_malformed_fields_is_told_why_in_thai(client):
    response = submit(
        client,
        "/signup",
        signup_form(email="not-an-address", first_name_th="", last_name_th="ก" * 101),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "โปรดกรอกข้อมูลในช่องนี้" in page
    assert "รูปแบบอีเมลไม่ถูกต้อง" in page
    assert "กรอกได้ไม่เกิน 100 ตัวอักษร" in page
    for english in ("This field is required", "Invalid email address", "cannot be longer"):
        assert english not in page


def test_the_same_messages_stay_english_for_an_english_reader(client):
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = submit(client, "/signup", signup_form(first_name_th="")).get_data(as_text=True)
    assert "This field is required." in page


def test_every_form_of_learnhub_derives_from_the_translated_base():
    for module in pkgutil.walk_packages(learnhub.__path__, "learnhub."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(FlaskForm) if c.__module__.startswith("learnhub.")]
    assert len(ours) >= 10
    stray = [f"{c.__module__}.{c.__name__}" for c in ours if not issubclass(c, Form)]
    assert stray == [], f"forms that would show WTForms' messages in English: {stray}"

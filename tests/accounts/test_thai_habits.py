"""Sign-up and profile forms read dates and phone numbers the way Thai people write them."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from learnhub.accounts.models import MemberProfile, User
from learnhub.extensions import db
from tests.conftest import login, signup_form, submit


def born(day, month, year, **overrides) -> dict:
    """The sign-up form with a date of birth typed as day / month / year."""
    form = signup_form(
        **{"birth_date-day": day, "birth_date-month": month, "birth_date-year": year}
    )
    del form["birth_date"]
    form.update(overrides)
    return form


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_a_volunteer_types_a_buddhist_year_and_sees_it_back_in_the_buddhist_era(client):
    response = submit(client, "/signup", born("14", "3", "2528"), follow_redirects=True)

    assert response.status_code == 200
    assert db.session.scalars(select(MemberProfile)).one().birth_date == dt.date(1985, 3, 14)
    page = client.get("/account/profile").get_data(as_text=True)
    assert "14 มีนาคม พ.ศ. 2528" in page
    form = client.get("/account/profile/edit").get_data(as_text=True)
    assert 'name="birth_date-year" value="2528"' in form
    assert '<option value="3" selected>มีนาคม</option>' in form


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "1", str(dt.date.today().year + 544), "วันเกิดต้องไม่เป็นวันในอนาคต"),
        ("31", "12", "2442", "ตั้งแต่ พ.ศ. 2443 (ค.ศ. 1900)"),
        ("14", "3", "1985", "1985 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช: 2528"),
        ("30", "2", "2528", "ไม่มีวันนี้ในเดือนที่เลือก"),
    ],
)
def test_a_birth_date_that_cannot_be_is_refused_beside_the_field(client, day, month, year, message):
    response = submit(client, "/signup", born(day, month, year))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.split('id="birth_date-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert f'name="birth_date-year" value="{year}"' in page  # what was typed stays
    assert users() == 0


def test_on_the_english_page_a_buddhist_year_in_the_christian_box_is_caught(client):
    submit(client, "/language", {"lang": "en", "next": "/signup"}, form_url="/signup")

    response = submit(client, "/signup", born("14", "3", "2528"))

    assert response.status_code == 422
    assert "2528 is a Buddhist-era year" in response.get_data(as_text=True)
    assert "1985?" in response.get_data(as_text=True)
    assert users() == 0


def test_phone_numbers_in_everyday_spacing_are_kept_as_digits_and_shown_formatted(client):
    submit(
        client,
        "/signup",
        signup_form(phone_mobile="+66 81 234 5678", phone_office="02 123 4567 ต่อ 1234"),
    )

    profile = db.session.scalars(select(MemberProfile)).one()
    assert (profile.phone_mobile, profile.phone_office) == ("0812345678", "021234567x1234")
    page = client.get("/account/profile").get_data(as_text=True)
    assert "081-234-5678" in page and "02-123-4567 ต่อ 1234" in page


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("phone_mobile", "08l-234-5678", "โปรดกรอกหมายเลขโทรศัพท์เป็นตัวเลข"),
        ("phone_office", "02-123-4567 ต่อ สิบสอง", "โปรดกรอกหมายเลขโทรศัพท์เป็นตัวเลข"),
        ("phone_mobile", "02-123-4567", "ขึ้นต้นด้วย 06 08 หรือ 09"),
    ],
)
def test_a_phone_number_with_letters_is_refused_beside_the_field(client, field, typed, message):
    response = submit(client, "/signup", signup_form(**{field: typed}))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert users() == 0


def test_a_member_editing_their_profile_keeps_their_formatted_phone(client, make_member):
    make_member(phone_office="021234567x12")
    login(client, "member@example.org")

    form = client.get("/account/profile/edit").get_data(as_text=True)

    assert 'value="02-123-4567 ต่อ 12"' in form and 'value="081-234-5678"' in form


def test_sign_up_folds_what_a_volunteer_can_add_later_and_opens_it_when_filled(client):
    page = client.get("/signup").get_data(as_text=True)
    later = page.split('<details class="later">', 1)[1].split("</details>", 1)[0]
    assert 'name="phone_home"' in later and 'name="first_name_en"' in later
    assert 'name="phone_mobile"' not in later

    refused = submit(client, "/signup", signup_form(phone_home="02 123 4567", national_id="1"))
    assert '<details class="later" open>' in refused.get_data(as_text=True)

"""A new member signs up with the profile the network's application form asks for."""

import re

from sqlalchemy import func, select

from learnhub.accounts.models import Consent, MemberProfile, User
from learnhub.extensions import db
from tests.conftest import PASSWORD, VALID_IDS, signup_form, submit


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_new_member_signs_up_lands_on_their_courses_and_finds_their_profile(client, app):
    response = submit(client, "/signup", signup_form(), follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.request.path == "/"
    assert "ยินดีต้อนรับสู่ LearnHub" in page and "ก้าวแรกของท่าน" in page
    assert "นายสมชาย ใจดี" in page
    page = client.get("/account/profile").get_data(as_text=True)
    assert "1-1017-00230-70-8" in page  # the owner sees the whole ID
    assert "กรุงเทพมหานคร" in page  # province 10 by its name


def test_sign_up_stores_the_national_id_encrypted_and_records_consent(client, app):
    submit(client, "/signup", signup_form())

    profile = db.session.scalars(select(MemberProfile)).one()
    assert VALID_IDS[0] not in profile.national_id_encrypted
    assert VALID_IDS[0] not in profile.national_id_hash
    consent = db.session.scalars(select(Consent)).one()
    assert consent.notice_version == app.config["PRIVACY_NOTICE_VERSION"]
    assert consent.accepted_at is not None
    user = db.session.scalars(select(User)).one()
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_national_id_with_wrong_check_digit_is_refused_beside_the_field(client):
    response = submit(client, "/signup", signup_form(national_id="1-1017-00230-70-7"))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in page
    assert 'id="national_id-error"' in page
    assert 'aria-describedby="national_id-hint national_id-error"' in page
    assert count(User) == 0


def test_refused_form_keeps_what_the_person_typed(client):
    response = submit(client, "/signup", signup_form(national_id="123"))

    page = response.get_data(as_text=True)
    assert 'value="somchai@example.org"' in page
    assert 'value="สมชาย"' in page


NEUTRAL = "หากท่านมีบัญชี LearnHub อยู่แล้ว"


def test_a_stranger_signing_up_with_a_members_national_id_learns_nothing(
    client, make_member, outbox
):
    make_member(email="first@example.org", national_id=VALID_IDS[0])

    response = submit(
        client,
        "/signup",
        signup_form(email="second@example.org", national_id="1-1017-00230-70-8"),
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert NEUTRAL in page and "ลงทะเบียนเป็นสมาชิกไว้แล้ว" not in page
    assert count(User) == 1
    # the member whose ID it is hears of it; the stranger's address gets nothing
    assert [m["To"] for m in outbox] == ["first@example.org"]
    assert "มีผู้พยายามสมัคร" in outbox[0]["Subject"]


def test_a_duplicate_email_gets_the_same_neutral_answer_whatever_its_case(
    client, make_member, outbox
):
    make_member(email="somchai@example.org", national_id=VALID_IDS[1])

    by_email = submit(client, "/signup", signup_form(email="SomChai@Example.org"))
    by_id = submit(
        client, "/signup", signup_form(email="other@example.org", national_id=VALID_IDS[1])
    )

    assert by_email.status_code == by_id.status_code == 303
    assert by_email.headers["Location"] == by_id.headers["Location"] == "/login"
    assert NEUTRAL in client.get("/login").get_data(as_text=True)
    assert count(User) == 1
    assert [m["To"] for m in outbox] == ["somchai@example.org", "somchai@example.org"]


def test_short_password_and_missing_fields_are_named(client):
    response = submit(
        client,
        "/signup",
        signup_form(password="short", password_confirm="short", first_name_th="", consent=None),
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร" in page
    assert 'id="first_name_th-error"' in page
    assert "ต้องยอมรับประกาศความเป็นส่วนตัวจึงจะสมัครสมาชิกได้" in page
    assert count(User) == 0


def test_civil_servant_must_say_where_they_work(client):
    response = submit(client, "/signup", signup_form(sector="", ministry=""))
    assert "ข้าราชการต้องเลือกส่วนราชการที่สังกัด" in response.get_data(as_text=True)

    response = submit(client, "/signup", signup_form(sector="local", local_body_type=""))
    assert "โปรดเลือกประเภทองค์กรปกครองส่วนท้องถิ่น" in response.get_data(as_text=True)
    assert count(User) == 0


def test_community_leader_needs_no_office(client):
    form = signup_form(member_type="community_leader", sector="", ministry="", department="")
    response = submit(client, "/signup", form)

    assert response.status_code == 302
    profile = db.session.scalars(select(MemberProfile)).one()
    assert profile.sector is None and profile.member_type == "community_leader"


def test_a_civil_servant_must_give_the_province_of_their_office(client):
    response = submit(client, "/signup", signup_form(province_code=""))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "โปรดเลือกจังหวัดที่ตั้งหน่วยงาน" in page.split('id="province_code-error"')[1]
    assert count(User) == 0


def test_a_volunteer_is_asked_nothing_about_an_office_and_nothing_left_there_is_kept(client):
    # Typed as a civil servant, then the member type changed: the office part is hidden.
    form = signup_form(
        member_type="community_leader", sector="local", local_body_type="", ministry="",
        position="ปลัด", province_code="99", phone_office="abc",
    )  # fmt: skip

    response = submit(client, "/signup", form)

    assert response.status_code == 302
    profile = db.session.scalars(select(MemberProfile)).one()
    assert (profile.province_code, profile.sector, profile.position, profile.phone_office) == (
        None, None, None, None
    )  # fmt: skip
    assert "จังหวัดที่ตั้งหน่วยงาน" not in client.get("/account/profile").get_data(as_text=True)


def test_fields_required_only_sometimes_carry_their_rule_for_the_required_mark(client):
    page = client.get("/signup").get_data(as_text=True)
    marks = dict(re.findall(r'<label for="(\w+)">[^<]*</label> <span class="required" '
                            r'aria-hidden="true" data-required-when="([^"]+)"', page))  # fmt: skip

    assert marks == {
        "title_other": "title:other",
        "sector": "member_type:civil_servant",
        "ministry": "sector:central regional",
        "local_body_type": "sector:local",
        "province_code": "member_type:civil_servant",
        "email": "member_type:civil_servant",
    }


def test_local_government_officer_records_the_body_type(client):
    form = signup_form(sector="local", ministry="", local_body_type="sao", local_area="อ.เมือง")
    assert submit(client, "/signup", form).status_code == 302
    assert db.session.scalars(select(MemberProfile)).one().local_body_type == "sao"


def test_every_province_is_offered_with_its_official_code(client):
    page = client.get("/signup").get_data(as_text=True)
    assert page.count('<option value="') >= 77
    assert '<option value="84">สุราษฎร์ธานี</option>' in page
    assert '<option value="10">กรุงเทพมหานคร</option>' in page


def test_unknown_province_code_is_refused(client):
    response = submit(client, "/signup", signup_form(province_code="99"))
    assert response.status_code == 422
    assert count(User) == 0


def test_sign_up_without_csrf_token_is_refused_in_thai(client):
    response = client.post("/signup", data=signup_form())
    assert response.status_code == 400
    assert "แบบฟอร์มหมดอายุ" in response.get_data(as_text=True)
    assert count(User) == 0


def test_messages_are_in_english_after_switching_language(client):
    submit(client, "/language", {"lang": "en", "next": "/signup"}, form_url="/signup")
    response = submit(client, "/signup", signup_form(national_id="1101700230707"))

    page = response.get_data(as_text=True)
    assert "This national ID is not valid" in page
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" not in page

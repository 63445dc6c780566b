"""Volunteers without e-mail: sign up, log in by mobile number or national ID, and get a
password-reset link from their coordinator."""

from sqlalchemy import func, select

from learnhub.accounts import services
from learnhub.accounts.models import User
from learnhub.extensions import db
from tests.accounts.test_profile import profile_form
from tests.conftest import PASSWORD, VALID_IDS, login, signup_form, submit

NEUTRAL = "หากท่านมีบัญชี LearnHub อยู่แล้ว"


def volunteer(**overrides) -> dict:
    return signup_form(
        email="", member_type="community_leader", sector="", ministry="", department="",
        phone_mobile="089 123 4567", **overrides,
    )  # fmt: skip


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def log_in_as(client, name: str, password: str = PASSWORD):
    return submit(client, "/login", {"email": name, "password": password})


def test_a_volunteer_without_email_signs_up_and_logs_in_with_their_mobile_number(client):
    response = submit(client, "/signup", volunteer(), follow_redirects=True)
    assert response.status_code == 200 and "ยินดีต้อนรับสู่ LearnHub" in response.get_data(as_text=True)
    user = db.session.scalars(select(User)).one()
    assert not user.has_email
    submit(client, "/logout", {}, form_url="/")

    response = log_in_as(client, "089-123-4567")

    assert response.status_code == 302
    page = client.get("/account/profile").get_data(as_text=True)
    assert "ไม่มีอีเมล" in page and "learnhub.invalid" not in page


def test_a_volunteer_logs_in_with_their_national_id_compared_by_its_keyed_hash(client):
    submit(client, "/signup", volunteer())
    submit(client, "/logout", {}, form_url="/")

    assert log_in_as(client, "1-1017-00230-70-8").status_code == 302
    assert services.login_key(VALID_IDS[0]).startswith("national-id:")
    assert VALID_IDS[0] not in services.login_key(VALID_IDS[0])


def test_a_wrong_password_for_a_mobile_number_is_refused_without_saying_which(client):
    submit(client, "/signup", volunteer())
    submit(client, "/logout", {}, form_url="/")

    response = log_in_as(client, "0891234567", "wrong-password")

    assert response.status_code == 422
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_failures_count_against_one_account_however_the_mobile_is_spaced(app):
    with app.test_request_context():
        keys = {services.login_key(t) for t in ("0891234567", "089-123-4567", "+66 89 123 4567")}
    assert keys == {"mobile:0891234567"}


def test_a_civil_servant_must_give_an_email(client):
    response = submit(client, "/signup", signup_form(email=""))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ข้าราชการและเจ้าหน้าที่ของรัฐต้องสมัครด้วยอีเมล" in page.split('id="email-error"')[1]
    assert users() == 0


def test_a_stranger_signing_up_with_a_members_mobile_learns_nothing(client, make_member, outbox):
    make_member(email="first@example.org", phone_mobile="0891234567")

    response = submit(client, "/signup", volunteer(national_id=VALID_IDS[1]), follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.request.path == "/login" and NEUTRAL in page
    assert "มีสมาชิกอื่นใช้แล้ว" not in page
    assert users() == 1
    assert [m["To"] for m in outbox] == ["first@example.org"]


def test_a_member_cannot_take_another_members_mobile_in_their_profile(client, make_member):
    make_member(email="other@example.org", national_id=VALID_IDS[1], phone_mobile="0891234567")
    make_member(email="member@example.org")
    login(client, "member@example.org")

    response = submit(client, "/account/profile/edit", profile_form(phone_mobile="089-123-4567"))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "เป็นชื่อผู้ใช้สำหรับเข้าสู่ระบบ" in page.split('id="phone_mobile-error"')[1]
    assert client.get("/account/profile").get_data(as_text=True).count("081-234-5678") == 1

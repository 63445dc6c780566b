"""A member looks after their own profile; staff see it masked, and every look is audited."""

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, MemberProfile, Role, User
from learnhub.extensions import db
from tests.conftest import VALID_IDS, login, submit
from tests.faults.conftest import national_id


def profile_form(**overrides) -> dict:
    data = {
        "title": "mr", "first_name_th": "สมชาย", "last_name_th": "ใจดี",
        "national_id": VALID_IDS[0], "birth_date": "1980-01-31", "education": "bachelor",
        "member_type": "civil_servant", "sector": "central", "ministry": "กระทรวงยุติธรรม",
        "province_code": "10", "phone_mobile": "0812345678",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_owner_sees_their_whole_national_id(client, make_member):
    make_member()
    login(client, "member@example.org")

    page = client.get("/account/profile").get_data(as_text=True)

    assert "1-1017-00230-70-8" in page
    assert "31 มกราคม พ.ศ. 2523" in page  # date of birth in the Buddhist era
    assert "ปริญญาตรี" in page and "กระทรวงยุติธรรม" in page


def test_member_edits_their_profile(client, make_member):
    make_member()
    login(client, "member@example.org")

    response = submit(
        client,
        "/account/profile/edit",
        profile_form(title="dr", education="doctorate", other_networks="ชมรม STRONG จิตพอเพียง"),
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert "บันทึกข้อมูลของท่านเรียบร้อยแล้ว" in page
    assert "ดร. สมชาย ใจดี" in page
    assert "ชมรม STRONG จิตพอเพียง" in page


CANNOT_USE_ID = "ไม่สามารถใช้เลขประจำตัวประชาชนนี้ได้ หากเป็นเลขของท่าน โปรดติดต่อผู้ประสานงาน"
TOO_MANY = "บัญชีนี้ลองใช้เลขประจำตัวประชาชนหรือหมายเลขโทรศัพท์มือถือที่ใช้ไม่ได้หลายครั้งเกินไป"


def edit_from(client, address: str, **changes):
    """The profile form sent from its own address, so the per-address limit stays out of it."""
    client.environ_base["REMOTE_ADDR"] = address
    return submit(client, "/account/profile/edit", profile_form(**changes))


def test_edit_form_refuses_an_id_another_member_holds_without_saying_so(client, make_member):
    make_member(email="other@example.org", national_id=VALID_IDS[1])
    make_member(email="member@example.org", national_id=VALID_IDS[0])
    login(client, "member@example.org")

    response = edit_from(client, "10.7.0.1", national_id=VALID_IDS[1], first_name_th="สมศรี")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert CANNOT_USE_ID in page.split('id="national_id-error"')[1]
    assert "ลงทะเบียน" not in page and "สมาชิกอื่น" not in page  # words that confirm nothing
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "1-1017-00230-70-8" in profile and "สมศรี" not in profile  # nothing saved


def test_after_five_refused_ids_the_account_cannot_save_its_profile_for_an_hour(
    client, app, make_member
):
    taken = [national_id(number) for number in range(1, 4)]
    for number, held in enumerate(taken):
        make_member(email=f"other{number}@example.org", national_id=held)
    make_member(email="member@example.org", national_id=VALID_IDS[0])
    login(client, "member@example.org")
    for number, held in enumerate([*taken, *taken[:2]]):  # five refusals, from five addresses
        refused = edit_from(client, f"10.8.0.{number}", national_id=held)
        assert refused.status_code == 422 and CANNOT_USE_ID in refused.get_data(as_text=True)

    # Even the member's own ID is not looked up now: the same answer for any ID.
    locked = edit_from(client, "10.8.1.1", national_id=VALID_IDS[0], first_name_th="สมศรี")
    assert locked.status_code == 429 and TOO_MANY in locked.get_data(as_text=True)
    assert edit_from(client, "10.8.1.2", national_id=VALID_IDS[2]).status_code == 429
    assert db.session.scalars(
        select(MemberProfile).join(User).where(User.email == "member@example.org")
    ).one().first_name_th == "สมชาย"  # fmt: skip

    other = app.test_client()  # another account is not held back
    login(other, "other0@example.org")
    saved = edit_from(other, "10.8.2.1", national_id=taken[0], phone_mobile="0800000001",
                      first_name_th="สมปอง")  # fmt: skip
    assert saved.status_code == 302


def test_edit_with_a_bad_check_digit_changes_nothing(client, make_member):
    make_member()
    login(client, "member@example.org")

    response = submit(
        client,
        "/account/profile/edit",
        profile_form(national_id="1101700230709", first_name_th="X"),
    )

    assert response.status_code == 422
    assert db.session.scalars(select(MemberProfile)).one().first_name_th == "สมชาย"


def test_admin_sees_the_id_masked_and_the_view_is_audited(client, make_member):
    member_id = make_member(email="member@example.org", national_id=VALID_IDS[0])
    admin_id = make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    login(client, "admin@example.org")

    page = client.get(f"/admin/users/{member_id}").get_data(as_text=True)

    assert "x-xxxx-xxxxx-70-8" in page
    assert "1-1017-00230-70-8" not in page and VALID_IDS[0] not in page
    assert "(ซ่อนไว้)" in page  # the date of birth stays with its owner
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "profile.viewed")
    ).one()
    assert (event.actor_id, event.subject_user_id) == (admin_id, member_id)


def test_a_learner_cannot_open_another_members_profile(client, make_member):
    other_id = make_member(email="other@example.org", national_id=VALID_IDS[1])
    make_member(email="member@example.org")
    login(client, "member@example.org")

    response = client.get(f"/admin/users/{other_id}")

    assert response.status_code == 403
    assert "ท่านไม่มีสิทธิ์เข้าถึง" in response.get_data(as_text=True)
    assert db.session.scalars(select(AuditEvent)).all() == []


def test_account_created_from_the_command_line_can_fill_in_a_profile(client, app):
    from learnhub.accounts import services

    services.create_user("staff@example.org", "long-enough-pw", "สมศรี มีสุข")
    login(client, "staff@example.org", "long-enough-pw")
    assert "ท่านยังไม่ได้กรอกข้อมูลสมาชิก" in client.get("/account/profile").get_data(as_text=True)

    response = submit(client, "/account/profile/edit", profile_form(first_name_th="สมศรี"))

    assert response.status_code == 302
    user = db.session.scalars(select(User)).one()
    assert user.profile.full_name_th == "นายสมศรี ใจดี"

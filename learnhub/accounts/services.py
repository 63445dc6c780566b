"""What accounts can do, as plain functions the views, the CLI and tests call."""

from __future__ import annotations

import functools

from flask import current_app, has_app_context, has_request_context, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from learnhub.accounts import names
from learnhub.accounts.mail import public_link
from learnhub.accounts.models import (
    NOTICE,
    OPTIONAL_CONTACT,
    AuditEvent,
    Consent,
    MemberProfile,
    Role,
    User,
    placeholder_email,
    utcnow,
)
from learnhub.accounts.privacy import (
    decrypt_national_id,
    encrypt_national_id,
    national_id_hash,
)
from learnhub.extensions import db
from learnhub.thai import (
    PhoneRefused,
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    normalize_phone,
    redact_national_ids,
)

MIN_PASSWORD_LENGTH = 8

# The profile's plain fields, as named on the model and on the forms.
PROFILE_FIELDS = (
    "title", "title_other", "first_name_th", "last_name_th", "first_name_en", "last_name_en",
    "birth_date", "education", "position", "position_level", "sector", "ministry",
    "department", "local_body_type", "local_area", "province_code", "office_address",
    "contact_address", "phone_office", "phone_home", "phone_mobile", "other_networks",
    "member_type",
)  # fmt: skip

# The optional details whose keeping rests on consent (the privacy notice says so): filling
# them in gives it, withdrawing it clears them.
OPTIONAL_CONTACT_FIELDS = ("phone_home", "contact_address", "other_networks")


class AccountError(Exception):
    """A refusal the user can act on; ``field`` names the form field it belongs to."""

    field: str | None = None


class AlreadyRegistered(AccountError):
    """The e-mail or national ID belongs to an account; ``owners`` are those accounts.

    Sign-up never says which, so it cannot be used to test whether someone is a member.
    """

    def __init__(self, owners=()):
        super().__init__()
        self.owners = list(owners)


class EmailTaken(AlreadyRegistered):
    field = "email"


class NationalIdTaken(AlreadyRegistered):
    field = "national_id"


class MobileTaken(AlreadyRegistered):
    field = "phone_mobile"


class LastAdmin(AccountError):
    field = "role"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _hash_method() -> str:
    """Werkzeug's scrypt (memory-hard) at its default cost; the test suite lowers the cost."""
    if not has_app_context():
        return "scrypt"
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_hash_method())


@functools.cache
def _dummy_hash(method: str) -> str:
    """Checked against when the log-in name is unknown, so a log-in takes as long either way."""
    return generate_password_hash("not-a-real-password", method=method)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def email_taken(email: str, except_user_id: int | None = None) -> bool:
    query = select(User.id).where(User.email == normalize_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query) is not None


# Other domains that know a person's mobile number or national ID before the person has a
# member profile (coordination's imported rosters) add a query here, so that a log-in name
# belongs to one account wherever it is kept: (kind, value) -> select of user ids, where kind
# is "mobile" (value: stored digits) or "national-id" (value: the keyed hash).
LOGIN_NAME_SOURCES: list = []


def _owners_of(kind: str, value: str, except_user_id: int | None = None):
    """A select of the ids of the accounts a mobile number or national-ID hash belongs to."""
    column = MemberProfile.national_id_hash if kind == "national-id" else MemberProfile.phone_mobile
    queries = [select(MemberProfile.user_id.label("user_id")).where(column == value)]
    queries += [source(kind, value) for source in LOGIN_NAME_SOURCES]
    ids = select(User.id).where(or_(*(User.id.in_(query) for query in queries)))
    if except_user_id is not None:
        ids = ids.where(User.id != except_user_id)
    return ids


def national_id_taken(national_id: str, except_user_id: int | None = None) -> bool:
    owners = _owners_of("national-id", national_id_hash(national_id), except_user_id)
    return db.session.scalar(owners.limit(1)) is not None


def mobile_taken(mobile: str | None, except_user_id: int | None = None) -> bool:
    """Whether another account gives this mobile number: it is a log-in name too."""
    if not mobile:
        return False
    return db.session.scalar(_owners_of("mobile", mobile, except_user_id).limit(1)) is not None


def registered_owners(email: str, national_id: str, mobile: str | None = None) -> list[User]:
    """The accounts that already use this e-mail, national ID or mobile number."""
    same_email = User.email == normalize_email(email) if email else false()
    by_mobile = User.id.in_(_owners_of("mobile", mobile)) if mobile else false()
    by_id = User.id.in_(_owners_of("national-id", national_id_hash(national_id)))
    query = select(User).where(or_(same_email, by_id, by_mobile))
    return list(db.session.scalars(query.order_by(User.id)))


def login_key(identifier: str) -> str:
    """One name per account for whatever was typed to log in, as the lock counts failures.

    A national ID becomes its keyed hash, so the clear value never reaches the lock's
    storage; a mobile number its stored digits; anything else a lower-case e-mail.
    """
    typed = (identifier or "").strip()
    if "@" not in typed:
        if is_valid_national_id(typed):
            return "national-id:" + national_id_hash(typed)
        try:
            return "mobile:" + normalize_phone(typed, mobile=True)
        except PhoneRefused:
            pass
    return "email:" + normalize_email(typed)


def login_name_owners(identifier: str):
    """A select of the ids of the accounts whose mobile number or national ID (compared by
    its keyed hash) ``identifier`` is, or None when it is neither: staff find people by
    what they log in with."""
    kind, _, value = login_key(identifier).partition(":")
    return None if kind == "email" else _owners_of(kind, value)


def find_user_for_login(identifier: str) -> User | None:
    """The account an e-mail, a mobile number or a national ID logs in to, if one does.

    A national ID is compared by its keyed hash, never in clear. A mobile number that
    more than one account gives (kept from before numbers were checked) logs in nobody.
    """
    kind, _, value = login_key(identifier).partition(":")
    if kind == "email":
        return find_user_by_email(value)
    users = db.session.scalars(select(User).where(User.id.in_(_owners_of(kind, value))).limit(2))
    users = users.all()
    return users[0] if len(users) == 1 else None


def _commit_or_raise() -> None:
    """Commit; a unique constraint lost to a concurrent request becomes a user error."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        text = str(error.orig).lower()
        if "national_id" in text:
            raise NationalIdTaken() from error
        if "email" in text:
            raise EmailTaken() from error
        raise


def create_user(email: str, password: str, display_name: str, role: str = Role.LEARNER) -> User:
    """Create an account without a profile (CLI, demo data, staff accounts)."""
    if role not in set(Role):
        raise ValueError(f"unknown role {role!r}")
    if email_taken(email):
        raise EmailTaken()
    user = User(
        email=normalize_email(email),
        password_hash=hash_password(password),
        display_name=display_name.strip(),
        role=role,
    )
    db.session.add(user)
    _commit_or_raise()
    return user


def _apply_profile(user: User, data: dict):
    """Write the profile's fields; returns it and the name change held for staff, if any."""
    profile = user.profile
    new = profile is None
    if new:
        profile = MemberProfile(user=user)
        db.session.add(profile)  # SQLAlchemy 2 does not cascade a new object along a backref
    for field in PROFILE_FIELDS:
        if field in names.NAME_FIELDS:
            continue
        value = data.get(field)
        setattr(profile, field, value.strip() or None if isinstance(value, str) else value)
    held = names.apply_name(user, profile, data, new=new)
    if data.get("national_id"):
        profile.national_id_encrypted = encrypt_national_id(data["national_id"])
        profile.national_id_hash = national_id_hash(data["national_id"])
    user.display_name = f"{profile.first_name_th} {profile.last_name_th}"
    if any(getattr(profile, field) for field in OPTIONAL_CONTACT_FIELDS) and (
        new or not has_consent(user, OPTIONAL_CONTACT)
    ):
        _add_consent(user, OPTIONAL_CONTACT)
    return profile, held


def _audit_name_change(user: User, held) -> None:
    # The change's number goes into the audit log, never the names themselves.
    if held is not None:
        record_audit(user, "name_change.requested", user, f"name change #{held.id}")


def _add_consent(user: User, purpose: str) -> None:
    version = current_app.config["PRIVACY_NOTICE_VERSION"]
    db.session.add(Consent(user=user, notice_version=version, purpose=purpose))


def has_consent(user: User, purpose: str) -> bool:
    """Whether the person gave consent for ``purpose`` and has not withdrawn it."""
    return (
        db.session.scalar(
            select(Consent.id).where(
                Consent.user_id == user.id,
                Consent.purpose == purpose,
                Consent.withdrawn_at.is_(None),
            )
        )
        is not None
    )


def withdraw_consent(user: User, purpose: str = OPTIONAL_CONTACT) -> bool:
    """Withdraw consent (recorded with its time) and clear what rested on it; audited."""
    consents = db.session.scalars(
        select(Consent).where(
            Consent.user_id == user.id, Consent.purpose == purpose, Consent.withdrawn_at.is_(None)
        )
    ).all()
    if not consents:
        return False
    now = utcnow()
    for consent in consents:
        consent.withdrawn_at = now
    if purpose == OPTIONAL_CONTACT and user.profile is not None:
        for field in OPTIONAL_CONTACT_FIELDS:
            setattr(user.profile, field, None)
    record_audit(user, "consent.withdrawn", user, purpose, commit=False)
    db.session.commit()
    return True


def register_member(email: str | None, password: str, profile: dict) -> User:
    """Sign up: account, member profile and consent to the current privacy notice, together.

    Without an e-mail the account gets a placeholder address and logs in by mobile
    number or national ID.
    """
    owners = registered_owners(email, profile["national_id"], profile.get("phone_mobile"))
    if owners:
        raise AlreadyRegistered(owners)
    user = User(
        email=normalize_email(email) if email else placeholder_email(),
        password_hash=hash_password(password),
        role=Role.LEARNER,
    )
    db.session.add(user)
    _add_consent(user, NOTICE)
    _, held = _apply_profile(user, profile)
    _commit_or_raise()
    _audit_name_change(user, held)
    return user


def update_profile(user: User, data: dict) -> MemberProfile:
    if data.get("national_id") and national_id_taken(data["national_id"], except_user_id=user.id):
        raise NationalIdTaken()
    if mobile_taken(data.get("phone_mobile"), except_user_id=user.id):
        raise MobileTaken()
    profile, held = _apply_profile(user, data)
    _commit_or_raise()
    _audit_name_change(user, held)
    return profile


def authenticate(identifier: str, password: str) -> User | None:
    """The account of an e-mail, mobile number or national ID, when the password is its own."""
    user = find_user_for_login(identifier)
    if user is None:
        check_password_hash(_dummy_hash(_hash_method()), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password or "")


def set_password(user: User, password: str) -> None:
    """A new password ends every session that began with the old one."""
    user.password_hash = hash_password(password)
    end_sessions(user, commit=False)
    db.session.commit()


def end_sessions(user: User, *, commit: bool = True) -> None:
    """End every session of ``user`` on every device: old cookies no longer log in."""
    db.session.flush()
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    if commit:
        db.session.commit()
    db.session.refresh(user)


def set_active(actor: User | None, user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account; deactivation ends its sessions at once."""
    user.active = active
    if not active:
        end_sessions(user, commit=False)
    record_audit(actor, "user.activated" if active else "user.deactivated", user, commit=False)
    db.session.commit()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    # The token carries a piece of the current hash, so it stops working once used.
    return _reset_serializer().dumps({"id": user.id, "h": user.password_hash[-12:]})


def user_from_reset_token(token: str) -> User | None:
    """The user a reset token was made for, or None when it is forged, expired or used."""
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or user.password_hash[-12:] != data.get("h") or not user.active:
        return None
    return user


def issue_reset_link(actor: User, user: User) -> str:
    """A one-time reset link staff hand over to a member who has no e-mail (audited).

    It works once (the token carries a piece of the current password hash) and for
    PASSWORD_RESET_MAX_AGE, like the link the e-mail carries.
    """
    record_audit(actor, "password.reset_link_issued", user)
    return public_link("accounts.reset_password", token=make_reset_token(user))


def change_role(actor: User, user: User, role: str) -> None:
    """Give a user another role; LearnHub always keeps at least one administrator.

    Two admins demoting each other at the same moment must not leave none, so the
    check runs after the change, inside its transaction: PostgreSQL makes the second
    request wait on the admins' rows (FOR UPDATE) and SQLite admits one writer at a
    time, so the second one counts what the first committed.
    """
    if role not in set(Role):
        raise ValueError(f"unknown role {role!r}")
    db.session.execute(select(User.id).where(User.role == Role.ADMIN).with_for_update())
    previous = db.session.scalar(select(User.role).where(User.id == user.id))
    # A new role ends the user's sessions: they log in again and get a new one.
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(role=role, session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    admins = db.session.scalar(select(func.count()).where(User.role == Role.ADMIN))
    if admins < 1:
        db.session.rollback()
        raise LastAdmin()
    record_audit(actor, "user.role_changed", user, f"{previous} -> {role}", commit=False)
    db.session.commit()
    db.session.refresh(user)


def national_id_for(viewer: User, profile: MemberProfile) -> str:
    """The ID in full for its owner, masked for everyone else."""
    digits = decrypt_national_id(profile.national_id_encrypted)
    if viewer is not None and viewer.id == profile.user_id:
        return format_national_id(digits)
    return mask_national_id(digits)


def record_audit(
    actor: User | None,
    action: str,
    subject: User | None = None,
    detail: str | None = None,
    *,
    commit: bool = True,
    network_id: int | None = None,
    cohort_id: int | None = None,
) -> None:
    """Write who did what to whose data; views of personal data by staff must call this.

    ``network_id`` and ``cohort_id`` name the network and cohort the entry is about
    (set by the coordination domain, whose coordinators see the entries about theirs).
    """
    ip = request.remote_addr if has_request_context() else None
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            action=action,
            subject_user_id=subject.id if subject else None,
            # Search terms and the like may hold a national ID: never store one here.
            detail=redact_national_ids(detail or "")[:500] or None,
            ip_address=ip,
            network_id=network_id,
            cohort_id=cohort_id,
        )
    )
    if commit:
        db.session.commit()

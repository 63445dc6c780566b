"""A member's rights under the PDPA (B.E. 2562): a copy of all their data, and erasure.

Every domain holds part of a person's data, and accounts must not import the
domains built on it (DESIGN.md), so each domain registers here one function that
returns its part for a user (``register_export``) and, where it keeps personal
data of its own, one that erases it (``register_eraser``). Coordination and
recognitions add theirs the same way as they land.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import delete, select

from learnhub.accounts import services
from learnhub.accounts.models import (
    CONFIRMED,
    DECLINED,
    DONE,
    PENDING,
    WITHDRAWN,
    AuditEvent,
    Consent,
    ErasureRequest,
    NameChange,
    Role,
    User,
    utcnow,
)
from learnhub.extensions import db

EXPORT_FORMAT = "learnhub-personal-data/1"


@dataclass
class ExportPart:
    """One domain's share of a person's data: JSON-ready data and files for the ZIP."""

    data: object
    files: dict[str, bytes] = field(default_factory=dict)


exporters: dict[str, Callable[[User], ExportPart]] = {}
erasers: dict[str, Callable[[User], None]] = {}


def register_export(name: str, function: Callable[[User], ExportPart]) -> None:
    """``name`` becomes the key of the domain's part in the exported JSON."""
    exporters[name] = function


def register_eraser(name: str, function: Callable[[User], None]) -> None:
    """``function`` removes or anonymises the domain's personal data of a user (no commit)."""
    erasers[name] = function


class ErasureRefused(Exception):
    """The request cannot be carried out as asked; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def iso(moment: dt.date | dt.datetime | None) -> str | None:
    """A stored time as ISO 8601 (times are UTC, marked so)."""
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=dt.UTC).isoformat()
    return moment.isoformat()


# ---------------------------------------------------------------- export


def export_data(user: User) -> tuple[dict, dict[str, bytes]]:
    """Everything LearnHub holds about ``user``, from every registered domain."""
    document: dict = {"format": EXPORT_FORMAT, "exported_at": iso(utcnow()), "user_id": user.id}
    files: dict[str, bytes] = {}
    for name, function in exporters.items():
        part = function(user)
        document[name] = part.data
        files.update(part.files)
    return document, files


def export_zip(user: User) -> bytes:
    """The member's data as one ZIP: ``learnhub-data.json`` and their documents. Audited."""
    document, files = export_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
        archive.writestr("learnhub-data.json", text)
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    services.record_audit(user, "data.exported", user, f"{len(files)} files")
    return buffer.getvalue()


def _account_part(user: User) -> ExportPart:
    return ExportPart(
        {
            "email": user.email,
            "role": user.role,
            "locale": user.locale,
            "active": user.active,
            "created_at": iso(user.created_at),
            "last_login_at": iso(user.last_login_at),
        }
    )


def _profile_part(user: User) -> ExportPart:
    profile = user.profile
    if profile is None:
        return ExportPart(None)
    data = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    data["birth_date"] = iso(profile.birth_date)
    data["name_printed_on_certificates"] = profile.full_name_th
    # Theirs, so in full: the right of access covers it (PDPA section 30).
    data["national_id"] = services.national_id_for(user, profile)
    data["updated_at"] = iso(profile.updated_at)
    return ExportPart(data)


def _consents_part(user: User) -> ExportPart:
    consents = db.session.scalars(
        select(Consent).where(Consent.user_id == user.id).order_by(Consent.accepted_at)
    )
    return ExportPart(
        [
            {
                "purpose": c.purpose,
                "notice_version": c.notice_version,
                "accepted_at": iso(c.accepted_at),
                "withdrawn_at": iso(c.withdrawn_at),
            }
            for c in consents
        ]
    )


def _name_changes_part(user: User) -> ExportPart:
    changes = db.session.scalars(
        select(NameChange).where(NameChange.user_id == user.id).order_by(NameChange.requested_at)
    )
    return ExportPart(
        [
            {
                "old_name": c.old_name,
                "new_name": c.new_name,
                "status": c.status,
                "requested_at": iso(c.requested_at),
                "decided_at": iso(c.decided_at),
            }
            for c in changes
        ]
    )


def _actor_label(event: AuditEvent, user: User, roles: dict[int, str]) -> str:
    if event.actor_id is None:
        return "system"
    if event.actor_id == user.id:
        return "you"
    return roles.get(event.actor_id, "staff")


def _audit_part(user: User) -> ExportPart:
    """Who did what with the member's data; staff are named by role, not by name."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_user_id == user.id)
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )
    actor_ids = {e.actor_id for e in events if e.actor_id}
    roles = dict(db.session.execute(select(User.id, User.role).where(User.id.in_(actor_ids))).all())
    return ExportPart(
        [
            {
                "occurred_at": iso(e.occurred_at),
                "action": e.action,
                "by": _actor_label(e, user, roles),
                "detail": e.detail,
            }
            for e in events
        ]
    )


def _erasure_part(user: User) -> ExportPart:
    requests = db.session.scalars(select(ErasureRequest).where(ErasureRequest.user_id == user.id))
    return ExportPart([{"status": r.status, "requested_at": iso(r.requested_at)} for r in requests])


register_export("account", _account_part)
register_export("profile", _profile_part)
register_export("consents", _consents_part)
register_export("name_changes", _name_changes_part)
register_export("erasure_requests", _erasure_part)
register_export("audit_events", _audit_part)


# ---------------------------------------------------------------- erasure


def pending_erasure(user: User) -> ErasureRequest | None:
    return db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.user_id == user.id, ErasureRequest.status == PENDING
        )
    )


def request_erasure(user: User, password: str) -> ErasureRequest:
    """The member asks for erasure, confirming with their password; audited."""
    if not services.check_password(user, password):
        raise ErasureRefused("password")
    existing = pending_erasure(user)
    if existing is not None:
        return existing
    request = ErasureRequest(user=user)
    db.session.add(request)
    services.record_audit(user, "erasure.requested", user, commit=False)
    db.session.commit()
    return request


def cancel_erasure(user: User) -> bool:
    request = pending_erasure(user)
    if request is None:
        return False
    db.session.delete(request)
    services.record_audit(user, "erasure.cancelled", user, commit=False)
    db.session.commit()
    return True


def pending_erasures() -> list[ErasureRequest]:
    return list(
        db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.status == PENDING)
            .order_by(ErasureRequest.requested_at, ErasureRequest.id)
        )
    )


def carry_out_erasure(actor: User, request: ErasureRequest) -> None:
    """Erase a member's personal data for good; the audit log keeps that it happened, and who.

    The account row stays (certificates and learning records point at it) but holds
    nothing that identifies anyone: no profile, no national ID ciphertext or hash, an
    e-mail that is no address, a password no one can type, and it can never log in.
    """
    if request.status != PENDING:
        raise ErasureRefused("done")
    user = request.user
    if user.id == actor.id:
        raise ErasureRefused("self")
    if user.role == Role.ADMIN:
        raise ErasureRefused("admin")
    for function in erasers.values():
        function(user)
    if user.profile is not None:
        db.session.delete(user.profile)
    db.session.execute(delete(NameChange).where(NameChange.user_id == user.id))
    now = utcnow()
    for consent in db.session.scalars(
        select(Consent).where(Consent.user_id == user.id, Consent.withdrawn_at.is_(None))
    ):
        consent.withdrawn_at = now
    user.email = f"erased-{user.id}-{secrets.token_hex(8)}.invalid"
    # Not a hash Werkzeug can match, whatever is typed: no password opens this account.
    user.password_hash = f"!erased:{secrets.token_hex(16)}"
    user.display_name = ""
    user.locale = None
    user.last_login_at = None
    user.active = False  # the user loader refuses inactive accounts: every session ends
    user.erased_at = now
    request.status, request.done_at, request.done_by_id = DONE, now, actor.id
    detail = f"erasure request #{request.id}"
    services.record_audit(actor, "account.erased", user, detail, commit=False)
    db.session.commit()


# ---------------------------------------------------------------- retention


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    years = current_app.config["AUDIT_RETENTION_YEARS"]
    return (now or utcnow()) - dt.timedelta(days=round(365.25 * years))


def purge_expired(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what the privacy notice says is kept no longer: old audit entries and
    decided name changes past the retention period. Returns the counts deleted."""
    cutoff = retention_cutoff(now)
    audit = db.session.execute(delete(AuditEvent).where(AuditEvent.occurred_at < cutoff))
    changes = db.session.execute(
        delete(NameChange).where(
            NameChange.status.in_((CONFIRMED, DECLINED, WITHDRAWN)),
            NameChange.decided_at < cutoff,
        )
    )
    db.session.commit()
    return {"audit_events": audit.rowcount, "name_changes": changes.rowcount}

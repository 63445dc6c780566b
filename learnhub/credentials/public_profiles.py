"""A member's public profile page: their recognitions, completed courses and certificates,
shown to anyone with the link, only while the member consents.

Off by default. Turning it on records the consent (who, when, what is shown) as a
``PublicProfile`` row with a fresh unguessable token, and the audit log says so; turning
it off dates the row and the link answers 404 from then on. Turning it on again issues a
new token, so a link shared before stays dead. The page shows the member's name and what
they chose, never a national ID or contact details.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.accounts import services as accounts
from learnhub.accounts.models import User, utcnow
from learnhub.accounts.pdpa import ExportPart, iso
from learnhub.credentials import recognitions, services
from learnhub.credentials.models import PUBLIC_PARTS, VALID, PublicProfile
from learnhub.extensions import db


class PublicProfileRefused(Exception):
    """Nothing to show was chosen, or the member's data was erased."""


def live_profile(user: User) -> PublicProfile | None:
    """The member's public profile while they consent to it, else None."""
    return db.session.scalar(
        select(PublicProfile).where(
            PublicProfile.user_id == user.id, PublicProfile.withdrawn_at.is_(None)
        )
    )


def turn_on(user: User, shows: list[str]) -> PublicProfile:
    """Consent to a public profile showing ``shows``; a new token every time.

    Changing what is shown is a new consent too (the old one is withdrawn), so each row
    records exactly what the member agreed to show.
    """
    chosen = [part for part in PUBLIC_PARTS if part in set(shows)]
    if not chosen or user.erased_at is not None:
        raise PublicProfileRefused()
    _withdraw(user)
    profile = PublicProfile(user_id=user.id, token=secrets.token_urlsafe(24), shows=chosen)
    db.session.add(profile)
    accounts.record_audit(user, "public_profile.consented", user, ",".join(chosen), commit=False)
    try:
        db.session.commit()
    except IntegrityError:  # the same member turned it on twice at once: one stays live
        db.session.rollback()
        return live_profile(user)
    return profile


def _withdraw(user: User) -> bool:
    live = live_profile(user)
    if live is None:
        return False
    live.withdrawn_at = utcnow()
    db.session.flush()
    return True


def turn_off(user: User) -> bool:
    """Withdraw the consent: the link stops working at once. Audited."""
    if not _withdraw(user):
        return False
    accounts.record_audit(user, "public_profile.withdrawn", user, commit=False)
    db.session.commit()
    return True


def find(token: str) -> PublicProfile | None:
    """The live public profile behind a shared link, or None (withdrawn, erased, unknown)."""
    if not token or len(token) > 64:
        return None
    profile = db.session.scalar(
        select(PublicProfile).where(
            PublicProfile.token == token, PublicProfile.withdrawn_at.is_(None)
        )
    )
    if profile is None or profile.user.erased_at is not None or not profile.user.active:
        return None
    return profile


def page_data(profile: PublicProfile) -> dict:
    """What the public page shows: the name and the parts the member chose, nothing else."""
    user, shows = profile.user, profile.shows
    data = {"name": user.name, "recognitions": [], "courses": [], "certificates": []}
    if "recognitions" in shows:
        data["recognitions"] = recognitions.of_member(user)
    if "courses" in shows:
        data["courses"] = [row for row in services.transcript(user) if row.completed_at]
    if "certificates" in shows:
        data["certificates"] = [c for c in services.certificates_of(user) if c.status == VALID]
    return data


def export_public_profiles(user: User) -> ExportPart:
    """Every consent to a public profile: when, what it showed, when withdrawn, its link."""
    rows = db.session.scalars(
        select(PublicProfile).where(PublicProfile.user_id == user.id).order_by(PublicProfile.id)
    )
    return ExportPart(
        [
            {
                "shows": list(p.shows),
                "consented_at": iso(p.consented_at),
                "withdrawn_at": iso(p.withdrawn_at),
                "token": p.token,
            }
            for p in rows
        ]
    )


def erase_public_profiles(user: User) -> None:
    """An erased member has no public profile: the live one is withdrawn, every token goes
    (a link shared before can never find the account again)."""
    now = utcnow()
    for profile in db.session.scalars(
        select(PublicProfile).where(PublicProfile.user_id == user.id)
    ):
        profile.withdrawn_at = profile.withdrawn_at or now
        profile.token = f"erased-{secrets.token_hex(16)}"

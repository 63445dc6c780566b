"""Transcripts for HR: every course with its hours, verifiable like a certificate.

A transcript PDF carries a verification code and a QR code of its own. It is rendered
once for a given content and stored with its SHA-256, so the verify page can tell a
genuine file from an altered one; when the holder's record changes (another course
completed), the next download is a new transcript with a new code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import current_app
from sqlalchemy import select

from learnhub.accounts.models import LOCAL_BODY_LABELS, User
from learnhub.credentials import recognitions, services
from learnhub.credentials.models import Transcript
from learnhub.credentials.render import qr_svg, render_transcript
from learnhub.credentials.storage import storage
from learnhub.extensions import db
from learnhub.thai import buddhist_year, to_bangkok


def position_of(user: User) -> str | None:
    """The member's position and level as the profile gives them."""
    profile = user.profile
    if profile is None:
        return None
    parts = [profile.position, profile.position_level]
    return " ".join(p for p in parts if p) or None


def agency_of(user: User) -> str | None:
    """Where the member works: department and ministry, or the local body and its area."""
    profile = user.profile
    if profile is None:
        return None
    if profile.sector == "local":
        body = LOCAL_BODY_LABELS.get(profile.local_body_type or "")
        parts = [str(body) if body else None, profile.local_area]
    else:
        parts = [profile.department, profile.ministry]
    return " ".join(p for p in parts if p) or None


def transcript_rows(user: User) -> list[dict]:
    """The learner's courses as a transcript prints them (plain data, JSON-ready)."""
    return [
        {
            "course_title": row.course_title,
            "version": row.version,
            "hours": row.hours,
            "enrolled_on": to_bangkok(row.enrolled_at).date().isoformat(),
            "completed_on": to_bangkok(row.completed_at).date().isoformat()
            if row.completed_at
            else None,
            "best_score": None if row.best_score is None else round(row.best_score),
            "certificates": [
                {"serial": c.serial, "revoked": c.status == "revoked"} for c in row.certificates
            ],
        }
        for row in services.transcript(user)
    ]


def total_hours(rows: list[dict]) -> float:
    """Study hours of the completed courses: what HR counts towards training."""
    return sum(row["hours"] for row in rows if row["completed_on"])


def _content(user: User, rows: list[dict]) -> dict:
    content = {
        "holder_name": user.name,
        "position": position_of(user),
        "agency": agency_of(user),
        "rows": rows,
    }
    honours = recognitions.transcript_rows(user)
    if honours:  # only then: an unchanged record keeps its transcript's hash and code
        content["recognitions"] = honours
    return content


def current_transcript(user: User) -> Transcript:
    """The transcript of the learner's record as it stands, issued now if it changed."""
    rows = transcript_rows(user)
    content = _content(user, rows)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    latest = db.session.scalar(
        select(Transcript)
        .where(Transcript.user_id == user.id)
        .order_by(Transcript.issued_at.desc(), Transcript.id.desc())
        .limit(1)
    )
    if latest is not None and latest.content_sha256 == digest:
        return latest
    code = services.new_code()
    issued_at = services.utcnow()
    url = services.verify_url(code)
    pdf = render_transcript({
        **content,
        "rows": [_printable(row) for row in rows],
        "recognitions": [{**r, "awarded_on": dt.date.fromisoformat(r["awarded_on"])}
                         for r in content.get("recognitions", [])],
        "total_hours": total_hours(rows),
        "issuer": current_app.config["ISSUER_NAME"],
        "printed_on": to_bangkok(issued_at).date(),
        "code": code,
        "verify_url": url,
        "qr_svg": qr_svg(url),
    })  # fmt: skip
    key = f"transcripts/{buddhist_year(to_bangkok(issued_at).date())}/{code}.pdf"
    storage().save(key, pdf)
    transcript = Transcript(
        code=code, user_id=user.id, issued_at=issued_at, holder_name=content["holder_name"],
        position=content["position"], agency=content["agency"], total_hours=total_hours(rows),
        rows=rows, content_sha256=digest, pdf_key=key,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(), pdf_size=len(pdf),
    )  # fmt: skip
    db.session.add(transcript)
    db.session.commit()
    return transcript


def _printable(row: dict) -> dict:
    """A stored row with real dates, for the template's Buddhist-era filter."""
    return {
        **row,
        "enrolled_on": dt.date.fromisoformat(row["enrolled_on"]),
        "completed_on": dt.date.fromisoformat(row["completed_on"]) if row["completed_on"] else None,
    }


def pdf_bytes(transcript: Transcript) -> bytes:
    return storage().load(transcript.pdf_key)


def find_by_code(text: str) -> Transcript | None:
    code = services.normalize_code(text)
    if code is None:
        return None
    return db.session.scalar(select(Transcript).where(Transcript.code == code))


def find_by_pdf(data: bytes) -> Transcript | None:
    digest = hashlib.sha256(data).hexdigest()
    return db.session.scalar(select(Transcript).where(Transcript.pdf_sha256 == digest))


def public_record(transcript: Transcript) -> dict:
    """What anyone may know about a transcript: the holder's name, the courses completed
    with their hours and dates, and when it was issued. Never scores or contacts."""
    return {
        "holder_name": transcript.holder_name,
        "issued_on": to_bangkok(transcript.issued_at).date().isoformat(),
        "total_hours": transcript.total_hours,
        "courses": [
            {
                "course_title": row["course_title"],
                "hours": row["hours"],
                "completed_on": row["completed_on"],
            }
            for row in transcript.rows
            if row["completed_on"]
        ],
    }

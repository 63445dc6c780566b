"""``flask certificates issue|export|revoke``, for scripts and support staff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learnhub.accounts.services import find_user_by_email
from learnhub.catalog.models import Course
from learnhub.credentials import recognitions, services
from learnhub.credentials.models import REVOCATION_CATEGORIES, Signatory
from learnhub.extensions import db


@click.group("certificates", help="Issue, export and revoke certificates.")
def certificates_cli() -> None:
    pass


def _certificate(code: str):
    certificate = services.find_by_code(code)
    if certificate is None:
        raise click.ClickException(f"no certificate has the code {code}")
    return certificate


REFUSALS = {
    "unlisted": "certificates are issued by hand only for listed courses",
    "reason": "give a reason",
    "training_date": "the date of the training cannot be in the future",
    "training_place": "give the place of the training",
    "exists": "{email} already holds a valid certificate for this course",
}


def _training_date(value: str) -> dt.date:
    """YYYY-MM-DD, in the Christian or the Buddhist era (a year after 2400 is พ.ศ.)."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD, e.g. 2569-03-12") from None
    return day.replace(year=day.year - 543) if day.year > 2400 else day


@certificates_cli.command("issue")
@click.option("--email", required=True)
@click.option("--course", "slug", required=True)
@click.option("--training-date", required=True, help="YYYY-MM-DD (พ.ศ. or ค.ศ.).")
@click.option("--place", required=True, help="Where the on-site training took place.")
@click.option("--reason", required=True, help="Why it is issued by hand.")
@with_appcontext
def issue_command(email: str, slug: str, training_date: str, place: str, reason: str) -> None:
    """Issue a certificate by hand for on-site training; the code is the last line printed."""
    day = _training_date(training_date)
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account uses {email}")
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or course.current_version is None:
        raise click.ClickException(f"no course {slug}")
    try:
        certificate = services.issue_manually(None, user, course, reason, day, place)
    except services.CertificateRefused as refused:
        message = REFUSALS.get(refused.reason, refused.reason).format(email=email)
        raise click.ClickException(message) from None
    click.echo(f"issued {certificate.serial} to {certificate.holder_name}")
    click.echo(certificate.code)


@certificates_cli.command("export")
@click.argument("code")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(code: str, output: Path) -> None:
    """Write the stored PDF of a certificate, byte for byte."""
    certificate = _certificate(code)
    output.write_bytes(services.pdf_bytes(certificate))
    click.echo(f"wrote {certificate.serial} to {output} (sha256 {certificate.pdf_sha256})")


@certificates_cli.command("revoke")
@click.argument("code")
@click.option(
    "--category",
    required=True,
    type=click.Choice(list(REVOCATION_CATEGORIES)),
    help="The reason the public sees on the verify page and in the API.",
)
@click.option("--reason", required=True, help="Your own words; kept internal, never published.")
@with_appcontext
def revoke_command(code: str, category: str, reason: str) -> None:
    """Revoke a certificate with a public category and an internal reason; its record stays."""
    certificate = _certificate(code)
    try:
        services.revoke(certificate, None, reason, category)
    except services.CertificateRefused as refused:
        raise click.ClickException(
            "already revoked" if refused.reason == "revoked" else "give a reason"
        ) from None
    click.echo(f"revoked {certificate.serial}")


@certificates_cli.command("signatory")
@click.option("--name", required=True, help='As printed, e.g. "นายสมชาย ใจดี".')
@click.option("--position", required=True)
@click.option("--signature", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A PNG or SVG of the signature.")  # fmt: skip
@with_appcontext
def signatory_command(name: str, position: str, signature: Path | None) -> None:
    """Set who signs new certificates; certificates already issued keep their signatory."""
    kinds = {
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
    }
    kind = kinds.get(signature.suffix.lower()) if signature else None
    if signature and kind is None:
        raise click.ClickException("the signature must be a PNG, JPEG or SVG file")
    for old in db.session.scalars(select(Signatory).where(Signatory.active.is_(True))):
        old.active = False
    db.session.add(Signatory(name=name, position=position, active=True,
                             signature=signature.read_bytes() if signature else None,
                             signature_type=kind))  # fmt: skip
    db.session.commit()
    click.echo(f"new certificates are signed by {name}, {position}")


@certificates_cli.command("resume-jobs")
@with_appcontext
def resume_jobs_command() -> None:
    """Queue again the bulk jobs left unfinished (Redis lost its queue, or a worker died)."""
    from learnhub.credentials import jobs

    try:
        ids = jobs.resume_unfinished_jobs()
    except jobs.JobQueueUnavailable as error:
        raise click.ClickException(f"the job queue cannot be reached: {error}") from None
    jobs.wait_for_jobs()  # without Redis they run here, so wait for them
    click.echo(f"{len(ids)} unfinished job(s) queued again" if ids else "no unfinished job")


@certificates_cli.command("add-recognition-kind")
@click.option("--key", required=True, help="A short English key, e.g. anti_graft_volunteer.")
@click.option("--name-th", required=True)
@click.option("--name-en", required=True)
@click.option("--legal-basis", default="", help="The law or measure it rests on, as printed.")
@click.option("--no-certificate", is_flag=True, help="This kind carries no เกียรติบัตร.")
@with_appcontext
def add_recognition_kind(key, name_th, name_en, legal_basis, no_certificate) -> None:
    """Add a kind of recognition (เชิดชูเกียรติ) to the six the migration seeded."""
    try:
        recognitions.add_kind(key, name_th, name_en, legal_basis, not no_certificate)
    except recognitions.RecognitionRefused as refused:
        if refused.reason == "key_taken":
            raise click.ClickException(f"a kind with the key {key!r} exists") from None
        message = "lower-case letters, digits and _ (2 to 40)"
        raise click.BadParameter(message, param_hint="--key") from None
    click.echo(f"added {key}: {name_th}")

"""``flask questions import-gift|export-gift``: question banks as GIFT files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learnhub.assessment import banks, gift
from learnhub.assessment.models import QuestionBank
from learnhub.extensions import db


@click.group("questions", help="Import and export question banks in Moodle GIFT.")
def questions_cli() -> None:
    pass


@questions_cli.command("import-gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", "slug", required=True, help="The bank to create or replace.")
@with_appcontext
def import_command(file: Path, slug: str) -> None:
    """Import FILE into a bank; a syntax error imports nothing and names its line."""
    try:
        result = banks.import_gift(slug, file.read_text(encoding="utf-8"))
    except gift.GiftError as error:
        db.session.rollback()
        raise click.ClickException(f"{file}:{error.line}: {error.message}") from None
    db.session.commit()
    if result.unchanged:
        click.echo(f"{slug}: unchanged ({result.imported} questions)")
        return
    click.echo(f"{slug}: imported {result.imported} questions")
    for question in result.ungraded:
        click.echo(
            f"  line {question.line}: {question.qtype} '{question.title or question.text[:40]}' "
            "is kept but not graded automatically"
        )


@questions_cli.command("export-gift")
@click.option("--bank", "slug", required=True)
@with_appcontext
def export_command(slug: str) -> None:
    """Write a bank as GIFT to standard output."""
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))
    if bank is None:
        raise click.ClickException(f"no bank named {slug}")
    click.echo(banks.export_gift(bank), nl=False)

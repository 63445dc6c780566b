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
@click.option(
    "--partial", is_flag=True, help="Import every valid question and list each refused one."
)
@click.option("--dry-run", is_flag=True, help="Only show what would be imported and refused.")
@with_appcontext
def import_command(file: Path, slug: str, partial: bool, dry_run: bool) -> None:
    """Import FILE into a bank; a refused question imports nothing unless --partial."""
    try:
        source = banks.read_gift(file)
    except gift.GiftEncodingError as error:
        raise click.ClickException(str(error)) from None
    if dry_run:
        preview = banks.preview_gift(source)
        click.echo(f"{slug}: would import {preview.imported} questions, "
                   f"refuse {len(preview.refused)} (nothing changed)")  # fmt: skip
        _report(file, preview)
        return
    try:
        result = banks.import_gift(slug, source, partial=partial)
    except gift.GiftError:
        db.session.rollback()
        preview = banks.preview_gift(source)
        for error in preview.refused:
            click.echo(f"{file}:{error.line}: {error.message}", err=True)
        hint = "" if partial else "; --partial --dry-run shows what a partial import keeps"
        raise click.ClickException(
            f"{file}: {len(preview.refused)} questions refused, nothing imported{hint}"
        ) from None
    db.session.commit()
    if result.unchanged:
        click.echo(f"{slug}: unchanged ({result.imported} questions)")
    else:
        refused = f", refused {len(result.refused)}" if result.refused else ""
        click.echo(f"{slug}: imported {result.imported} questions{refused}")
    _report(file, result)


def _report(file: Path, result: banks.BankImport) -> None:
    for error in result.refused:
        click.echo(f"  {file}:{error.line}: refused: {error.message}")
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

"""``flask storage move --to database|local``: copy every stored file, checking each hash.

Files are copied, never removed from where they were: once the site runs on the new
storage (set LEARNHUB_STORAGE) and its files are checked, the old ones may be deleted
by hand. Running the move again copies only what is not there yet.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learnhub.credentials.storage import DATABASE, LOCAL, Storage, storage_of
from learnhub.extensions import db


@dataclass
class MoveReport:
    copied: int = 0
    already_there: int = 0
    unrecorded: int = 0  # copied, but no certificate or evidence names them (left by a crash)
    problems: list[str] = field(default_factory=list)


def recorded_hashes() -> dict[str, str]:
    """Every stored file the site knows of, by key: the SHA-256 recorded when it was written."""
    from learnhub.credentials.models import (
        Certificate,
        Recognition,
        RecognitionEvidence,
        Transcript,
    )

    pairs = [
        (Certificate.pdf_key, Certificate.pdf_sha256),
        (Transcript.pdf_key, Transcript.pdf_sha256),
        (Recognition.pdf_key, Recognition.pdf_sha256),
        (RecognitionEvidence.storage_key, RecognitionEvidence.sha256),
    ]
    hashes: dict[str, str] = {}
    for key, digest in pairs:
        for row in db.session.execute(select(key, digest).where(key.is_not(None))):
            hashes[row[0]] = row[1]
    return hashes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load(store: Storage, key: str) -> bytes | None:
    try:
        return store.load(key)
    except OSError:  # FileNotFoundError from either storage
        return None


def move_files(source: Storage, target: Storage) -> MoveReport:
    """Copy every file of ``source`` (and every recorded one) into ``target``, checked.

    A file whose bytes do not match the SHA-256 on record is reported and not copied; a
    file already in the target with the same bytes is counted, not written again; each
    written file is read back from the target and its hash compared.
    """
    report = MoveReport()
    expected = recorded_hashes()
    keys = sorted(set(source.keys()) | set(expected))
    db.session.rollback()  # each file below in a transaction of its own
    for key in keys:
        data = _load(source, key)
        in_target = _load(target, key)
        if data is None:
            if in_target is not None and _sha256(in_target) == expected.get(key):
                report.already_there += 1
            else:
                report.problems.append(f"{key}: missing from the {source.kind} storage")
            continue
        digest = _sha256(data)
        if key in expected and digest != expected[key]:
            report.problems.append(
                f"{key}: corrupted, its bytes do not match the SHA-256 on record; not copied"
            )
            continue
        if in_target is not None:
            if _sha256(in_target) == digest:
                report.already_there += 1
            else:
                report.problems.append(
                    f"{key}: the {target.kind} storage holds different bytes; left as they are"
                )
            continue
        target.save(key, data)
        db.session.commit()
        read_back = _load(target, key)
        if read_back is None or _sha256(read_back) != digest:
            report.problems.append(f"{key}: read back from the {target.kind} storage, it differs")
            continue
        report.copied += 1
        if key not in expected:
            report.unrecorded += 1
    return report


@click.group("storage", help="Where certificate PDFs and evidence files are stored.")
def storage_cli() -> None:
    pass


@storage_cli.command("move")
@click.option("--to", "to", type=click.Choice([DATABASE, LOCAL]), required=True,
              help="The storage to copy every file into (from the other one).")  # fmt: skip
@with_appcontext
def move(to: str) -> None:
    """Copy every stored file into the other storage and check every SHA-256."""
    source = storage_of(LOCAL if to == DATABASE else DATABASE)
    target = storage_of(to)
    report = move_files(source, target)
    for problem in report.problems:
        click.echo(f"PROBLEM {problem}", err=True)
    click.echo(
        f"copied={report.copied} already_there={report.already_there} "
        f"unrecorded={report.unrecorded} problems={len(report.problems)}"
    )
    if report.problems:
        raise SystemExit(1)
    click.echo(f"Every file checked. Set LEARNHUB_STORAGE={to} and restart the site.")

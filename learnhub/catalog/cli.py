"""``flask courses check|import [PATH]``: course files as code."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from learnhub.catalog.importer import import_path
from learnhub.catalog.loader import CourseFilesInvalid, find_course_folders, load_courses

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "courses"


@click.group("courses", help="Check and import courses from their files.")
def courses_cli() -> None:
    pass


def _path_argument(function):
    return click.argument(
        "path", required=False, type=click.Path(path_type=Path), default=DEFAULT_PATH
    )(function)


@courses_cli.command("check")
@_path_argument
def check_command(path: Path) -> None:
    """Validate course files; print each problem as file:line: message, warnings too."""
    try:
        specs = load_courses(path)
    except CourseFilesInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1) from None
    if not specs and not find_course_folders(path):
        click.echo(f"no course folders found in {path}", err=True)
        raise SystemExit(1)
    for spec in specs:
        for warning in spec.warnings:
            click.echo(f"warning: {warning}", err=True)
        lessons = sum(len(m.lessons) for m in spec.modules)
        click.echo(f"ok {spec.slug} {spec.version}: {len(spec.modules)} modules, {lessons} lessons")


@courses_cli.command("import")
@_path_argument
@with_appcontext
def import_command(path: Path) -> None:
    """Import course files in one transaction; a broken file changes nothing."""
    try:
        results = import_path(path)
    except CourseFilesInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo("nothing was imported", err=True)
        raise SystemExit(1) from None
    for result in results:
        click.echo(str(result))

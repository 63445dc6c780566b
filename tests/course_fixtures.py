"""Course folders for tests: copies of courses/example, changed as each test needs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from learnhub.catalog.importer import import_path

EXAMPLE = Path(__file__).resolve().parents[1] / "courses" / "example"


class CourseFolder:
    """A writable copy of the example course."""

    def __init__(self, root: Path, slug: str):
        self.root = root
        self.path = root / slug
        shutil.copytree(EXAMPLE, self.path)
        self.edit("course.yaml", "slug: example", f"slug: {slug}")

    def edit(self, name: str, old: str, new: str) -> None:
        file = self.path / name
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def strip_quizzes(self) -> None:
        """Drop the module quiz, pre-test and post-test, which stand last in course.yaml."""
        file = self.path / "course.yaml"
        text = file.read_text(encoding="utf-8")
        file.write_text(text[: text.index("    quiz:\n")], encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        file = self.path / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")


@pytest.fixture
def course_folder(tmp_path):
    """Make course folders under one root; the first argument is the slug."""

    def make(slug: str = "example", listed: bool = True, quizzes: bool = False) -> CourseFolder:
        folder = CourseFolder(tmp_path / "courses", slug)
        if listed:
            folder.edit("course.yaml", "\nlisted: false", "\nlisted: true")
        if not quizzes:
            folder.strip_quizzes()
        return folder

    return make


@pytest.fixture
def imported_course(app, course_folder):
    """Import a listed copy of the example course and return its folder."""

    def make(slug: str = "example", listed: bool = True, quizzes: bool = False) -> CourseFolder:
        folder = course_folder(slug, listed, quizzes)
        import_path(folder.path)
        return folder

    return make

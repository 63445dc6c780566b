"""Read and validate a course folder (course.yaml, Markdown lessons, question banks).

Nothing here touches the database: ``load_course`` returns a CourseSpec or
raises CourseFilesInvalid with every problem found, each as ``file:line: message``
so an author can jump straight to it. The importer stores a valid spec.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from learnhub.catalog.markdown import image_paths

COURSE_FILE = "course.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AUDIENCES = ("civil_servant", "community_leader", "citizen")
GRADING_METHODS = ("highest", "last", "first", "average")
# When a quiz's results may show the correct answers (see assessment.review).
CORRECT_ANSWERS_POLICIES = (
    "always", "after_pass", "after_pass_or_last_attempt", "after_posttest_passed", "never",
)  # fmt: skip
# What a quiz's results show when the course does not say, by quiz kind: a pre-test gives
# away nothing of the post-test drawn from its bank, a module quiz shows its key once passed.
REVIEW_DEFAULTS = {
    "pretest": {"correctness": False, "correct_answers": "after_posttest_passed"},
    "module": {"correctness": True, "correct_answers": "after_pass"},
    "posttest": {"correctness": True, "correct_answers": "after_pass_or_last_attempt"},
}
# A quiz that shares the post-test's bank may reveal answers only after the post-test is passed.
SAFE_BEFORE_POSTTEST = ("after_posttest_passed", "never")
DEFAULT_READING_SHARE = 0.5
# Study reading of Thai prose, for lessons that do not state their minutes.
CHARACTERS_PER_MINUTE = 500
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class QuestionText:
    """What a learner reads of one question: for checks of names and give-aways."""

    line: int
    stem: str  # the question as asked, before any answer
    keys: list[str]  # the right answers as written
    visible: str  # everything a learner may read: stem, choices, feedback


@dataclass(frozen=True)
class BankReport:
    """What `courses check` needs to know of a question-bank file."""

    problems: list[tuple[int, str]]  # (line, problem)
    counts: dict[str, int]  # graded questions per category; the key "" counts the whole bank
    tags: list[tuple[int, list[str]]] = field(default_factory=list)  # per graded question
    questions: list[QuestionText] = field(default_factory=list)  # per graded question


# The assessment engine registers an inspector for question-bank files here, so
# `courses check` reports GIFT errors and short banks without the catalog importing it.
BankInspector = Callable[[Path], BankReport]
bank_inspectors: list[BankInspector] = []


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CourseFilesInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class LessonSpec:
    key: str
    path: str
    title: str
    minutes: int | None
    objectives: list[str]
    sources: list[str]
    body: str
    body_line: int = 1  # the line of the lesson file where the body starts

    @property
    def estimated_minutes(self) -> float:
        """The minutes the lesson states, or an estimate from the length of its text."""
        if self.minutes:
            return float(self.minutes)
        return max(1.0, len(self.body.strip()) / CHARACTERS_PER_MINUTE)


@dataclass
class ModuleSpec:
    key: str
    title_th: str
    title_en: str
    lessons: list[LessonSpec]
    quiz: dict | None


@dataclass
class CourseSpec:
    folder: Path
    slug: str
    version: str
    version_line: int
    title_th: str
    title_en: str
    summary_th: str
    summary_en: str
    audience: list[str]
    study_hours: float
    listed: bool
    open_enrolment: bool
    certificate_template: str
    pretest: dict | None
    posttest: dict | None
    modules: list[ModuleSpec]
    content_hash: str
    assets: dict[str, bytes] = field(default_factory=dict)
    sequential: bool = False
    reading_share: float = DEFAULT_READING_SHARE
    last_checked: dt.date | None = None  # when the content was last checked against its sources
    # Problems that do not stop an import but that an author should fix.
    warnings: list[Problem] = field(default_factory=list)

    def min_reading_seconds(self, lesson: LessonSpec) -> int:
        return round(self.reading_share * lesson.estimated_minutes * 60)

    @property
    def require_pretest(self) -> bool:
        return bool(self.pretest and self.pretest.get("required"))

    @property
    def pass_mark(self) -> int | None:
        return self.posttest.get("pass_mark") if self.posttest else None


# ---------------------------------------------------------------- YAML with line numbers


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key."""

    line = 1

    def __init__(self):
        super().__init__()
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    line = 1

    def __init__(self):
        super().__init__()
        self.lines: list[int] = []


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream, first_line: int = 1):
        super().__init__(stream)
        self.first_line = first_line
        self.duplicates: list[tuple[int, str]] = []


def _construct_mapping(loader: _LineLoader, node):
    mapping = LineDict()
    mapping.line = node.start_mark.line + loader.first_line
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + loader.first_line
        if key in mapping:
            loader.duplicates.append((line, f"duplicate key '{key}'"))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node):
    items = LineList()
    items.line = node.start_mark.line + loader.first_line
    for child in node.value:
        items.append(loader.construct_object(child, deep=True))
        items.lines.append(child.start_mark.line + loader.first_line)
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, first_line: int = 1) -> tuple[object, list[tuple[int, str]]]:
    """Parse YAML keeping line numbers; returns (data, [(line, problem)])."""
    loader = _LineLoader(text, first_line)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        return None, [(line, f"YAML syntax error: {error.problem or error}")]
    finally:
        loader.dispose()
    return data, list(loader.duplicates)


# ---------------------------------------------------------------- validation


class _Checker:
    """Collects problems for one file while reading typed values out of a mapping."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def keys(self, mapping: LineDict, allowed: set[str], required: set[str], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(mapping.line_of(key), f"unknown key '{key}' in {where}")
        for key in sorted(required - set(mapping)):
            self.add(mapping.line, f"missing required key '{key}' in {where}")

    def mapping(self, parent: LineDict, key: str) -> LineDict | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.add(parent.line_of(key), f"'{key}' must be a mapping")
            return None
        value.line = parent.line_of(key)  # report missing keys where the block is named
        return value

    def text(self, parent: LineDict, key: str, *, max_len: int = 300):
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(parent.line_of(key), f"'{key}' must be non-empty text")
            return None
        if len(value) > max_len:
            self.add(parent.line_of(key), f"'{key}' is longer than {max_len} characters")
        return value.strip()

    def number(self, parent: LineDict, key: str, *, low: float, high: float, integer=True):
        value = parent.get(key)
        if value is None:
            return None
        kind = int if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            what = "a whole number" if integer else "a number"
            self.add(parent.line_of(key), f"'{key}' must be {what} from {low:g} to {high:g}")
            return None
        return value

    def flag(self, parent: LineDict, key: str, default: bool) -> bool:
        value = parent.get(key, default)
        if not isinstance(value, bool):
            self.add(parent.line_of(key), f"'{key}' must be true or false")
            return default
        return value

    def choice(self, parent: LineDict, key: str, choices: tuple[str, ...], default: str):
        value = parent.get(key, default)
        if value not in choices:
            self.add(parent.line_of(key), f"'{key}' must be one of: {', '.join(choices)}")
            return default
        return value

    def bilingual(self, parent: LineDict, key: str, max_len: int = 300) -> tuple[str, str] | None:
        value = self.mapping(parent, key)
        if value is None:
            if key not in parent:
                self.add(parent.line, f"missing required key '{key}'")
            return None
        self.keys(value, {"th", "en"}, {"th", "en"}, f"'{key}'")
        th = self.text(value, "th", max_len=max_len)
        en = self.text(value, "en", max_len=max_len)
        return (th, en) if th and en else None


QUIZ_KEYS = {
    "bank", "category", "questions", "time_limit_minutes", "attempts", "delay_minutes",
    "grading", "shuffle_questions", "shuffle_choices", "review", "pass_mark", "required",
}  # fmt: skip
REVIEW_KEYS = {"score", "correctness", "feedback", "correct_answers"}


def _quiz(check: _Checker, folder: Path, parent: LineDict, key: str, kind: str) -> dict | None:
    """Validate quiz settings; kind is 'pretest', 'posttest' or 'module'."""
    settings = check.mapping(parent, key)
    if settings is None:
        return None
    allowed = set(QUIZ_KEYS)
    if kind != "pretest":
        allowed.discard("required")
    if kind == "pretest":
        allowed.discard("pass_mark")  # a pre-test measures, it is not passed or failed
    required = {"bank", "questions"} | ({"pass_mark"} if kind == "posttest" else set())
    check.keys(settings, allowed, required, f"'{key}'")
    bank = check.text(settings, "bank")
    if bank and _outside(folder, folder / bank):
        check.add(
            settings.line_of("bank"), f"question bank '{bank}' points outside the course folder"
        )
    elif bank and not (folder / bank).is_file():
        check.add(settings.line_of("bank"), f"question bank '{bank}' does not exist")
    elif bank:
        for inspect in bank_inspectors:
            report = inspect(folder / bank)
            problems, counts = report.problems, report.counts
            for line, message in problems:
                check.problems.append(Problem(_relative(folder / bank, folder), line, message))
            category = settings.get("category") or ""
            wanted = settings.get("questions")
            available = counts.get(category, 0)
            if not problems and isinstance(wanted, int) and wanted > available:
                where = f"category '{category}'" if category else "the bank"
                check.add(
                    settings.line_of("questions"),
                    f"'questions' asks for {wanted} but {where} has {available} graded questions",
                )
    result = {
        "bank": bank,
        "category": check.text(settings, "category"),
        "questions": check.number(settings, "questions", low=1, high=200),
        "time_limit_minutes": check.number(settings, "time_limit_minutes", low=1, high=600),
        "attempts": check.number(settings, "attempts", low=1, high=100),
        "delay_minutes": check.number(settings, "delay_minutes", low=0, high=60 * 24 * 30) or 0,
        "grading": check.choice(settings, "grading", GRADING_METHODS, "highest"),
        "shuffle_questions": check.flag(settings, "shuffle_questions", True),
        "shuffle_choices": check.flag(settings, "shuffle_choices", True),
        "pass_mark": check.number(settings, "pass_mark", low=0, high=100),
        "review": _review(check, settings, kind),
    }
    if kind == "pretest":
        result["required"] = check.flag(settings, "required", False)
    return result


def _review(check: _Checker, settings: LineDict, kind: str) -> dict:
    defaults = REVIEW_DEFAULTS[kind]
    review = settings.get("review")
    if review is None:
        review = LineDict()
    elif not isinstance(review, LineDict):
        check.add(settings.line_of("review"), "'review' must be a mapping")
        review = LineDict()
    review.line = settings.line_of("review")
    check.keys(review, REVIEW_KEYS, set(), "'review'")
    answers = check.choice(
        review, "correct_answers", CORRECT_ANSWERS_POLICIES, defaults["correct_answers"]
    )
    if kind == "pretest" and answers in ("after_pass", "after_pass_or_last_attempt"):
        check.add(review.line_of("correct_answers"), "a pre-test has no pass mark: use "
                  "after_posttest_passed or never for its 'correct_answers'")  # fmt: skip
    return {
        "score": check.flag(review, "score", True),
        "correctness": check.flag(review, "correctness", defaults["correctness"]),
        "feedback": check.flag(review, "feedback", True),
        "correct_answers": answers,
        # The settings the author wrote, so that a shared bank's defaults can be made safe
        # while an unsafe setting written on purpose is reported.
        "_explicit": {key: review.line_of(key) for key in review},
    }


def _protect_posttest(check: _Checker, posttest: dict | None, quizzes: list[dict]) -> None:
    """A quiz drawing from the post-test's bank never teaches the post-test's answers.

    The pre-test and post-test share their bank so that their scores compare; a pre-test
    (or a module quiz on that bank) that showed its key would hand out the post-test.
    """
    for quiz in quizzes:
        review = quiz["review"]
        explicit = review.pop("_explicit")
        if posttest is None or quiz is posttest or quiz["bank"] != posttest["bank"]:
            continue
        if review["correctness"]:
            if "correctness" in explicit:
                check.add(explicit["correctness"], "'correctness: true' would mark which "
                          "post-test questions were answered right: a quiz that shares the "
                          "post-test's bank cannot show it")  # fmt: skip
            review["correctness"] = False
        if review["correct_answers"] not in SAFE_BEFORE_POSTTEST:
            if "correct_answers" in explicit:
                check.add(explicit["correct_answers"], f"'correct_answers: "
                          f"{review['correct_answers']}' would show the post-test's answers "
                          "before the post-test: a quiz that shares the post-test's bank can "
                          f"show them only {' or '.join(SAFE_BEFORE_POSTTEST)}")  # fmt: skip
            review["correct_answers"] = "after_posttest_passed"


def _outside(folder: Path, path: Path) -> bool:
    """Whether ``path``, once symbolic links are followed, lies outside the course folder.

    A course is imported as a unit and versioned by its files' hash, so a link to a file
    elsewhere on the machine would publish that file and change the course behind its hash.
    """
    return not path.resolve().is_relative_to(folder.resolve())


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder.parent))
    except ValueError:
        return str(path)


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
LESSON_KEYS = {"title", "objectives", "sources", "minutes"}


def _lesson(folder: Path, relative: str, check: _Checker, line: int) -> LessonSpec | None:
    path = folder / relative
    if not relative.endswith(".md"):
        check.add(line, f"lesson '{relative}' must be a Markdown (.md) file")
        return None
    if _outside(folder, path):
        check.add(line, f"lesson '{relative}' points outside the course folder")
        return None
    if not path.is_file():
        check.add(line, f"lesson '{relative}' does not exist")
        return None
    lesson_check = _Checker(_relative(path, folder))
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        lesson_check.add(1, "a lesson must start with front matter between '---' lines")
        check.problems.extend(lesson_check.problems)
        return None
    meta, duplicates = parse_yaml(match.group(1), first_line=2)
    for dup_line, message in duplicates:
        lesson_check.add(dup_line, message)
    if not isinstance(meta, LineDict):
        lesson_check.add(1, "the front matter must be a mapping (title, objectives, sources)")
        check.problems.extend(lesson_check.problems)
        return None
    lesson_check.keys(meta, LESSON_KEYS, {"title", "objectives", "sources"}, "front matter")
    title = lesson_check.text(meta, "title")
    objectives = _text_list(lesson_check, meta, "objectives")
    sources = _text_list(lesson_check, meta, "sources")
    minutes = lesson_check.number(meta, "minutes", low=1, high=600)
    body = text[match.end() :]
    body_first_line = text[: match.end()].count("\n") + 1
    if not body.strip():
        lesson_check.add(body_first_line, "the lesson has no content after its front matter")
    for image_line, src in image_paths(body):
        image = path.parent / src
        line_no = body_first_line + image_line - 1
        if _outside(folder, image):
            lesson_check.add(line_no, f"image '{src}' points outside the course folder")
        elif not image.is_file():
            lesson_check.add(line_no, f"image '{src}' does not exist")
        elif mimetypes.guess_type(image.name)[0] not in IMAGE_TYPES:
            lesson_check.add(line_no, f"image '{src}' is not a PNG, JPEG, GIF, WebP or SVG file")
        elif image.stat().st_size > MAX_IMAGE_BYTES:
            lesson_check.add(line_no, f"image '{src}' is larger than 2 MB")
    for number, text_line in enumerate(text.splitlines(), start=1):
        if problem := hidden_name(text_line):
            lesson_check.add(number, problem)
    check.problems.extend(lesson_check.problems)
    if lesson_check.problems:
        return None
    return LessonSpec(
        key=Path(relative).stem,
        path=relative,
        title=title,
        minutes=minutes,
        objectives=objectives,
        sources=sources,
        body=body,
        body_line=body_first_line,
    )


def _text_list(check: _Checker, parent: LineDict, key: str) -> list[str]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, LineList) or not value:
        check.add(parent.line_of(key), f"'{key}' must be a list with at least one item")
        return []
    items = []
    for item, line in zip(value, value.lines, strict=True):
        if isinstance(item, LineDict):
            check.add(line, f"an item of '{key}' reads as 'key: value'; put it in quotes")
        elif not isinstance(item, str) or not item.strip():
            check.add(line, f"every item of '{key}' must be non-empty text")
        else:
            items.append(item.strip())
    return items


COURSE_KEYS = {
    "slug", "version", "title", "summary", "audience", "study_hours", "listed",
    "open_enrolment", "certificate_template", "pretest", "posttest", "modules",
    "sequential", "reading_share", "last_checked",
}  # fmt: skip
MODULE_KEYS = {"key", "title", "lessons", "quiz"}


def load_course(folder: Path) -> CourseSpec:
    """Read one course folder; raise CourseFilesInvalid listing every problem."""
    folder = Path(folder)
    course_file = folder / COURSE_FILE
    check = _Checker(_relative(course_file, folder))
    if not course_file.is_file():
        raise CourseFilesInvalid([Problem(check.path, 1, "course.yaml is missing")])
    data, duplicates = parse_yaml(course_file.read_text(encoding="utf-8"))
    for line, message in duplicates:
        check.add(line, message)
    if not isinstance(data, LineDict):
        if not check.problems:
            check.add(1, "course.yaml must be a mapping")
        raise CourseFilesInvalid(check.problems)

    required = {"slug", "version", "title", "summary", "audience", "study_hours", "modules"}
    check.keys(data, COURSE_KEYS, required, "course.yaml")
    slug = check.text(data, "slug", max_len=80)
    if slug and not SLUG.match(slug):
        check.add(data.line_of("slug"), "slug must be lower-case letters, digits and dashes")
    version = check.text(data, "version", max_len=40)
    titles = check.bilingual(data, "title")
    summaries = check.bilingual(data, "summary", max_len=2000)
    for key in ("title", "summary"):
        texts = data.get(key) if isinstance(data.get(key), LineDict) else {}
        for language, value in texts.items():
            if isinstance(value, str) and (problem := hidden_name(value)):
                check.add(texts.line_of(language), problem)
    last_checked = _date(check, data, "last_checked")
    audience = data.get("audience")
    if audience is not None:
        if not isinstance(audience, LineList) or not audience:
            check.add(data.line_of("audience"), "'audience' must be a non-empty list")
            audience = []
        for item, line in zip(audience, getattr(audience, "lines", []), strict=False):
            if item not in AUDIENCES:
                check.add(line, f"unknown audience '{item}' (use: {', '.join(AUDIENCES)})")
    hours = check.number(data, "study_hours", low=0.5, high=500, integer=False)
    pretest = _quiz(check, folder, data, "pretest", "pretest")
    posttest = _quiz(check, folder, data, "posttest", "posttest")
    if pretest and posttest and pretest["bank"] != posttest["bank"]:
        check.add(
            data["pretest"].line_of("bank"),
            "the pre-test and post-test must draw from the same bank so their scores compare",
        )

    modules: list[ModuleSpec] = []
    seen_modules: set[str] = set()
    seen_lessons: dict[str, int] = {}
    raw_modules = data.get("modules")
    if raw_modules is not None and (not isinstance(raw_modules, LineList) or not raw_modules):
        check.add(data.line_of("modules"), "'modules' must be a non-empty list")
        raw_modules = []
    for raw, line in zip(raw_modules or [], getattr(raw_modules, "lines", []), strict=False):
        if not isinstance(raw, LineDict):
            check.add(line, "each module must be a mapping with key, title and lessons")
            continue
        check.keys(raw, MODULE_KEYS, {"key", "title", "lessons"}, "a module")
        key = check.text(raw, "key", max_len=80)
        if key and not SLUG.match(key):
            check.add(raw.line_of("key"), "a module key must be lower-case letters, digits, dashes")
        elif key in seen_modules:
            check.add(raw.line_of("key"), f"module key '{key}' is used twice")
        seen_modules.add(key)
        module_titles = check.bilingual(raw, "title")
        lessons: list[LessonSpec] = []
        raw_lessons = raw.get("lessons")
        if raw_lessons is not None and (not isinstance(raw_lessons, LineList) or not raw_lessons):
            check.add(raw.line_of("lessons"), "'lessons' must be a non-empty list of files")
            raw_lessons = []
        for item, item_line in zip(
            raw_lessons or [], getattr(raw_lessons, "lines", []), strict=False
        ):
            if not isinstance(item, str):
                check.add(item_line, "a lesson must be given as the path of its Markdown file")
                continue
            stem = Path(item).stem
            if stem in seen_lessons:
                check.add(item_line, f"lesson '{item}' is listed twice (first on line "
                                     f"{seen_lessons[stem]})")  # fmt: skip
                continue
            seen_lessons[stem] = item_line
            lesson = _lesson(folder, item, check, item_line)
            if lesson:
                lessons.append(lesson)
        quiz = _quiz(check, folder, raw, "quiz", "module")
        if key and module_titles:
            modules.append(ModuleSpec(key, *module_titles, lessons, quiz))

    listed = check.flag(data, "listed", True)
    open_enrolment = check.flag(data, "open_enrolment", True)
    sequential = check.flag(data, "sequential", False)
    reading_share = check.number(data, "reading_share", low=0, high=1, integer=False)
    template = check.text(data, "certificate_template", max_len=80) or "standard"
    quizzes = [q for q in (pretest, posttest, *(m.quiz for m in modules)) if q]
    _protect_posttest(check, posttest, quizzes)
    check.problems.extend(_bank_text_problems(folder, quizzes))
    if check.problems:
        raise CourseFilesInvalid(check.problems)
    assets = _assets(folder, modules)
    raw_posttest = data.get("posttest")
    posttest_line = raw_posttest.line_of("questions") if isinstance(raw_posttest, LineDict) else 1
    warnings = _bank_warnings(folder, pretest, posttest, modules, (check.path, posttest_line))
    for lesson in (lesson for module in modules for lesson in module.lessons):
        warnings += _law_warnings(folder, lesson)
        warnings += _hedge_warnings(folder, lesson)
    return CourseSpec(
        folder=folder,
        slug=slug,
        version=version,
        version_line=data.line_of("version"),
        title_th=titles[0],
        title_en=titles[1],
        summary_th=summaries[0],
        summary_en=summaries[1],
        audience=list(audience),
        study_hours=float(hours),
        listed=listed,
        open_enrolment=open_enrolment,
        certificate_template=template,
        pretest=pretest,
        posttest=posttest,
        modules=modules,
        content_hash=content_hash(folder),
        assets=assets,
        sequential=sequential,
        reading_share=DEFAULT_READING_SHARE if reading_share is None else float(reading_share),
        last_checked=last_checked,
        warnings=warnings,
    )


def _date(check: _Checker, parent: LineDict, key: str) -> dt.date | None:
    """A calendar date written YYYY-MM-DD (YAML reads it as a date), not in the future."""
    value = parent.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        check.add(parent.line_of(key), f"'{key}' must be a date written YYYY-MM-DD")
        return None
    if value > dt.date.today():
        check.add(parent.line_of(key), f"'{key}' is in the future")
        return None
    return value


# ---------------------------------------------------------------- what learners read

# Learners never see a working file's name or hear a source called a "seed": they see the
# document cited by its own title (the seeds' SOURCES.md says how to cite each one).
FILE_NAME = re.compile(
    r"(?<![\w/])[\w-]+\.(?:txt|pdf|docx?|pptx?|xlsx?|csv|json|ya?ml|gift|md)\b", re.IGNORECASE
)
SEED_WORD = re.compile(r"\bseeds?\b", re.IGNORECASE)
LINK_TARGET = re.compile(r"\]\([^)]*\)")  # where an image or link points is not read


def hidden_name(text: str) -> str | None:
    """Why this learner-visible text may not be shown, or None."""
    text = LINK_TARGET.sub("]", text)
    if match := FILE_NAME.search(text):
        return f"'{match.group(0)}' is a file name: cite the document by its title instead"
    if SEED_WORD.search(text):
        return "learners never read the word 'seed': cite the document by its title instead"
    return None


# A [!LAW] callout quotes the law word for word, with its name and section; a summary is
# a [!NOTE] that says "สาระสำคัญ" (courses/README.md).
LAW_CALLOUT = re.compile(r"^>\s*\[!LAW\]\s*(.*)$")
SUMMARY_MARK = re.compile(r"สาระสำคัญ|สรุป|ย่อความ|summary|paraphrase", re.IGNORECASE)
SECTION_MARK = re.compile(r"มาตรา|ข้อ\s*\d|หมวด|section", re.IGNORECASE)


def _law_warnings(folder: Path, lesson: LessonSpec) -> list[Problem]:
    path = _relative(folder / lesson.path, folder)
    lines = lesson.body.splitlines()
    warnings = []
    for index, text in enumerate(lines):
        match = LAW_CALLOUT.match(text)
        if not match:
            continue
        header = match.group(1)
        quoted = []
        for following in lines[index + 1 :]:
            if not following.startswith(">"):
                break
            quoted.append(following)
        line = lesson.body_line + index
        if SUMMARY_MARK.search(" ".join([header, *quoted])):
            warnings.append(Problem(path, line,
                "a [!LAW] callout quotes the law word for word; write a summary as "
                "'> [!NOTE] สาระสำคัญ ...' instead"))  # fmt: skip
        elif not SECTION_MARK.search(header):
            warnings.append(Problem(path, line,
                "the [!LAW] callout names no section: give the law's full name and "
                "its section ('มาตรา ...')"))  # fmt: skip
    return warnings


# A course teaches the law as it stands: a line asking the learner to go and verify a section
# or its wording means the author has not, and a quiz key may rest on it (issue 14).
VERIFY_HEDGE = re.compile(r"โปรดตรวจ(?:สอบ)?|ตรวจ(?:สอบ)?เลขมาตรา")
HEDGE_ADVICE = (
    "asks the learner to verify the law ('{}'): check the section and its wording against the "
    "law and teach it, quoted in a [!LAW] callout or given as a labelled summary ('สาระสำคัญ')"
)


def _hedge_warnings(folder: Path, lesson: LessonSpec) -> list[Problem]:
    path = _relative(folder / lesson.path, folder)
    return [
        Problem(path, lesson.body_line + index, "the lesson " + HEDGE_ADVICE.format(match.group(0)))
        for index, text in enumerate(lesson.body.splitlines())
        if (match := VERIFY_HEDGE.search(text))
    ]


# Choices a Thai learner can read: the Thai term, with English in brackets at most.
LATIN = re.compile(r"[A-Za-z]")
THAI = re.compile(r"[\u0E00-\u0E7F]")
ANSWER_LINE = re.compile(r"^\s*[=~](?:%-?[\d.]+%)?(.*)$")
UNESCAPED = re.compile(r"(?<!\\)([{}#])")


def latin_only_choices(text: str) -> list[tuple[int, str]]:
    """(line, choice) of each answer choice of a GIFT bank written only in Latin letters.

    A simple rule that can tell: an answer on its own line inside a question's braces
    (`=`, `~`, either side of a matching `->`), up to its feedback, holding Latin letters
    and no Thai. The accepted answers of a short-answer question (only `=` answers, no
    `->`) are not choices a learner reads, and answers written on the question's own line
    are not read.
    """
    found: list[tuple[int, str]] = []
    block: list[tuple[int, str, str]] | None = None  # (line, mark, text) of each answer
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("//"):
            continue
        if block is not None and (answer := ANSWER_LINE.match(line)):
            mark = line.lstrip()[0]
            block.append((number, mark, re.split(r"(?<!\\)#", answer.group(1), maxsplit=1)[0]))
        for brace in UNESCAPED.findall(line):
            if brace == "{":
                block = []
            elif brace == "}" and block is not None:
                shown = any(mark == "~" or "->" in choice for _, mark, choice in block)
                found += [
                    (at, side)
                    for at, _, choice in (block if shown else [])
                    for side in (part.strip() for part in choice.split("->"))
                    if LATIN.search(side) and not THAI.search(side)
                ]
                block = None
    return found


def _bank_reports(folder: Path, quizzes: list[dict]) -> dict[str, BankReport]:
    banks = sorted({q["bank"] for q in quizzes if q.get("bank") and (folder / q["bank"]).is_file()})
    return {bank: inspect(folder / bank) for bank in banks for inspect in bank_inspectors[-1:]}


def _bank_text_problems(folder: Path, quizzes: list[dict]) -> list[Problem]:
    problems = []
    for bank, report in _bank_reports(folder, quizzes).items():
        for question in report.questions:
            if problem := hidden_name(question.visible):
                problems.append(Problem(_relative(folder / bank, folder), question.line, problem))
    return problems


def _giveaways(report: BankReport) -> list[tuple[int, int]]:
    """(line of a question, line of the question whose answer its wording gives away).

    A simple rule that can tell: a right answer of at least a short phrase, written word
    for word in the stem of one or two other questions, answers its question for the
    learner who draws both. A key that three or more stems use is a term of the course
    (its subject's name), not a fact given away.
    """
    stems = [(q, " ".join(q.stem.split())) for q in report.questions]
    found = []
    for question in report.questions:
        for key in (" ".join(k.split()) for k in question.keys):
            if len(key) < 12:
                continue
            holders = [other for other, stem in stems if other is not question and key in stem]
            if len(holders) <= 2:
                found += [(other.line, question.line) for other in holders]
    return found


def _later_attempts_warning(pretest: dict, posttest: dict, available: int) -> str | None:
    """How many questions seen before a learner's later post-test attempts must repeat.

    A new attempt draws questions never seen first, so the pre-test and ``attempts``
    post-tests show pre + attempts × post questions, and whatever passes the bank's size
    repeats one the learner has seen (and whose answer a review may have shown).
    """
    pre, post, attempts = pretest["questions"], posttest["questions"], posttest.get("attempts")
    if not post:
        return None
    if attempts is None:  # unlimited: from which attempt on every one repeats
        first = max(2, (available - pre) // post + 1)
        return (
            f"the post-test's attempts are unlimited: from attempt {first} on, {pre} + "
            f"{first} × {post} questions drawn from {available} repeat questions the learner "
            "has seen before; set 'attempts' or add questions to the bank"
        )
    shown = pre + attempts * post
    later = shown - max(pre + post, available)
    if attempts < 2 or later <= 0:
        return None
    return (
        f"a learner who uses all {attempts} post-test attempts is shown {pre} + {attempts} × "
        f"{post} = {shown} questions from {available}: their later post-test attempts repeat "
        f"at least {later} questions seen before (in the pre-test or an earlier attempt); add "
        "questions to the bank, or draw or allow fewer"
    )


def _bank_warnings(
    folder: Path,
    pretest: dict | None,
    posttest: dict | None,
    modules: list[ModuleSpec],
    posttest_at: tuple[str, int],
) -> list[Problem]:
    """What a course can be imported with but should not be taught with."""
    warnings: list[Problem] = []
    if pretest and posttest and bank_inspectors:
        counts = bank_inspectors[-1](folder / posttest["bank"]).counts
        same_category = pretest.get("category") == posttest.get("category")
        available = counts.get(posttest.get("category") or "", 0)
        wanted = pretest["questions"] + posttest["questions"]
        if same_category and wanted > available:
            warnings.append(Problem(*posttest_at,
                f"the pre-test and post-test draw {pretest['questions']} + "
                f"{posttest['questions']} questions from {available}: every post-test repeats "
                f"at least {wanted - available} questions of the learner's pre-test; add "
                "questions to the bank or draw fewer"))  # fmt: skip
        if same_category:
            later = _later_attempts_warning(pretest, posttest, available)
            if later:
                warnings.append(Problem(*posttest_at, later))
    lesson_keys = {lesson.key for module in modules for lesson in module.lessons}
    banks = {q["bank"] for q in (pretest, posttest, *(m.quiz for m in modules)) if q}
    for bank in sorted(banks):
        for inspect in bank_inspectors[-1:]:
            for line, tags in inspect(folder / bank).tags:
                if not lesson_keys.intersection(tags):
                    warnings.append(Problem(_relative(folder / bank, folder), line,
                        "the question names no lesson of this course: add a comment line "
                        "'// [tag:<lesson file name>]' so that results point to the lesson "
                        "that teaches it"))  # fmt: skip
        for inspect in bank_inspectors[-1:]:
            for question in inspect(folder / bank).questions:
                if match := VERIFY_HEDGE.search(question.visible):
                    warnings.append(Problem(_relative(folder / bank, folder), question.line,
                        "the question " + HEDGE_ADVICE.format(match.group(0))))  # fmt: skip
        try:
            bank_text = (folder / bank).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):  # the bank's own check names its encoding
            bank_text = ""
        for line, choice in latin_only_choices(bank_text):
            warnings.append(Problem(_relative(folder / bank, folder), line,
                f"the choice '{choice}' is written only in Latin letters: give the Thai term, "
                "with the English in brackets at most"))  # fmt: skip
        for inspect in bank_inspectors[-1:]:
            for line, answered in _giveaways(inspect(folder / bank)):
                warnings.append(Problem(_relative(folder / bank, folder), line,
                    f"this question's wording holds the answer of the question on line "
                    f"{answered}: a test that draws both gives one away"))  # fmt: skip
    return warnings


def _assets(folder: Path, modules: list[ModuleSpec]) -> dict[str, bytes]:
    """The images lessons use, keyed by their path relative to the course folder."""
    assets = {}
    root = Path(os.path.normpath(folder))
    for module in modules:
        for lesson in module.lessons:
            lesson_dir = (root / lesson.path).parent
            for _, src in image_paths(lesson.body):
                # Keyed by the path the lesson names (a link inside the course keeps its name).
                path = Path(os.path.normpath(lesson_dir / src))
                assets[path.relative_to(root).as_posix()] = path.read_bytes()
    return assets


def content_hash(folder: Path) -> str:
    """SHA-256 over every file's relative path and bytes: the identity of a version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _outside(folder, p)):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def find_course_folders(path: Path) -> list[Path]:
    """A course folder itself, or every folder directly below ``path`` holding course.yaml."""
    path = Path(path)
    if (path / COURSE_FILE).is_file():
        return [path]
    return sorted(child for child in path.iterdir() if (child / COURSE_FILE).is_file())


def load_courses(path: Path) -> list[CourseSpec]:
    """Load every course under path; raise CourseFilesInvalid with all problems of all courses."""
    path = Path(path)
    if not path.is_dir():
        raise CourseFilesInvalid([Problem(str(path), 1, "no such folder")])
    specs, problems = [], []
    for folder in find_course_folders(path):
        try:
            specs.append(load_course(folder))
        except CourseFilesInvalid as error:
            problems.extend(error.problems)
    seen: dict[str, Path] = {}
    for spec in specs:
        if spec.slug in seen:
            problems.append(Problem(
                _relative(spec.folder / COURSE_FILE, spec.folder), 1,
                f"duplicate slug '{spec.slug}' (also in {seen[spec.slug]})",
            ))  # fmt: skip
        seen[spec.slug] = spec.folder
    if problems:
        raise CourseFilesInvalid(problems)
    return specs

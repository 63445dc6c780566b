"""Count, over a folder of GIFT files, the questions Moodle would import and those LearnHub imports.

    python scripts/gift-parity-count.py FOLDER [--before OLD_GIFT_PY] [--files]

For every file: the questions Moodle's GIFT importer (qformat_gift, as documented and as its
code reads a file) would import; LearnHub's import today, all or nothing (``gift.parse``) and
partial (``gift.parse_partial``); and, with ``--before``, what an older copy of
``learnhub/assessment/gift.py`` imported (all or nothing; it had no partial mode). Then the
totals and the commonest reasons LearnHub refuses a question today. The files themselves
are not part of the repository (their licences are unknown); gather them into FOLDER,
each named ``owner__repository__path`` (the repository count is read from the names).

The model of Moodle: the file is split at blank lines; ``//`` lines are dropped; a block
that starts ``$CATEGORY:`` is a category (whatever follows it in the block is part of the
name); ``::title::`` is taken off; no ``{`` and no ``}`` is a description; only one of them,
an error; the answer type is decided in Moodle's order (empty: essay, ``#``: numerical,
``~``: multiple choice, ``=`` with ``->``: matching, T/TRUE/F/FALSE: true/false, else short
answer). Moodle refuses: a brace missing; multiple choice with fewer than two answers;
matching with fewer than two answers or one without ``->``; numerical with no answer or a
tolerance that is not a number; and (its import's "match grades: error" default) any
weight that is not one of its grade options. Everything else it imports, some with a notice.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learnhub.assessment import gift  # noqa: E402

_ESCAPED = re.compile(r"\\[\\~=#{}:n]")
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_GRADES = [1, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25,
           0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0]  # fmt: skip
_GRADES += [-g for g in _GRADES if g]


def _weight(answer: str, default: float) -> float:
    if not _WEIGHT.match(answer):
        return default
    return float(answer[1 : answer.index("%", 1)]) / 100


def _is_number(text: str) -> bool:  # PHP's is_numeric, near enough
    return bool(re.fullmatch(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*", text))


def _moodle_question(lines: list[str]) -> bool | None:
    """Whether Moodle imports this block: True, False (refused), None (not a question)."""
    text = "\n".join(" " if line.strip().startswith("//") else line.strip() for line in lines)
    text = _ESCAPED.sub("\ue000", text.strip())
    if not text or text.startswith("$CATEGORY:"):
        return None
    if text.startswith("::"):
        end = text.find("::", 2)
        text = text[2:] if end < 0 else text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        return True  # a description
    if start < 0 or finish < 0 or finish < start:
        return False
    body = text[start + 1 : finish].replace("\n", " ").strip()
    if "####" in body:
        body = body[: body.rfind("####")].strip()
    fractions: list[float] = []
    if not body:
        return True  # essay
    if body.startswith("#"):
        body = body[1:]
        wrong = "~" in body
        body = body.split("~", 1)[0]
        answers = body.split("=")
        if not answers[0].strip():
            answers.pop(0)
        if not answers:
            return False
        for answer in answers:
            answer = answer.strip()
            fractions.append(_weight(answer, 1.0))
            value = _WEIGHT.sub("", answer).split("#", 1)[0].strip()
            if ".." in value[1:]:
                if not all(_is_number(part) for part in value.replace("..", ":").split(":")[:2]):
                    return False
            elif ":" in value[1:] and not _is_number(value.split(":", 1)[1]):
                return False
        if wrong:
            fractions.append(0.0)
    elif "~" in body:
        answers = body.replace("=", "~=").split("~")
        if not answers[0].strip():
            answers.pop(0)
        if len(answers) < 2:
            return False
        for answer in answers:
            answer = answer.strip()
            fractions.append(1.0 if answer.startswith("=") else _weight(answer, 0.0))
    elif "=" in body and "->" in body:
        answers = body.split("=")
        if not answers[0].strip():
            answers.pop(0)
        if len(answers) < 2 or any("->" not in answer for answer in answers):
            return False
    elif body.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        return True
    else:
        answers = body.split("=")
        if not answers[0].strip():
            answers.pop(0)
        fractions = [_weight(answer.strip(), 1.0) for answer in answers]
    return all(any(abs(f - g) < 1e-5 for g in _GRADES) for f in fractions)


def moodle_count(text: str) -> int:
    """The questions Moodle's GIFT import would keep from this text."""
    count, block = 0, []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n"):
        if line.strip():
            block.append(line)
            continue
        if block and _moodle_question(block):
            count += 1
        block = []
    if block and _moodle_question(block):
        count += 1
    return count


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("gift_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gift_before"] = module
    spec.loader.exec_module(module)
    return module


def _reason(message: str) -> str:
    """A refusal's message without the parts that name this question's own text."""
    return re.sub(r"'[^']*'|-?\d+(\.\d+)?%?", "…", message)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("folder", type=Path)
    options.add_argument("--before", type=Path, help="an older learnhub/assessment/gift.py")
    options.add_argument("--files", action="store_true", help="one line for each file")
    args = options.parse_args()
    before = _load(args.before) if args.before else None
    totals: Counter = Counter()
    reasons: Counter = Counter()
    repos = set()
    for path in sorted(p for p in args.folder.iterdir() if p.is_file()):
        data = path.read_bytes()
        repos.add(path.name.split("__")[0] + "/" + path.name.split("__")[1])
        try:
            text = gift.decode(data, path.name)
        except gift.GiftEncodingError as error:
            text, reasons[error.reason] = None, reasons[error.reason] + 1
        row = Counter(files=1, moodle=moodle_count(text or data.decode("utf-8", "replace")))
        if text is not None:
            result = gift.parse_partial(text)
            row["partial"] = len(result.questions)
            row["whole"] = 0 if result.refused else len(result.questions)
            row["refused_files"] = int(bool(result.refused))
            row["refused_questions"] = len(result.refused)
            reasons.update(_reason(error.message) for error in result.refused)
        else:
            row["refused_files"] = 1
        if before is not None:
            try:
                row["before"] = len(before.parse(data.decode("utf-8")))
            except (before.GiftError, UnicodeDecodeError, ValueError):
                row["before_refused_files"] = 1
        if args.files:
            print(f"{path.name}: moodle {row['moodle']}, now {row['whole']}/{row['partial']}, "
                  f"before {row['before']}")  # fmt: skip
        totals.update(row)
    print(f"files {totals['files']} from {len(repos)} repositories")
    print(f"Moodle would import: {totals['moodle']} questions")
    if before is not None:
        print(f"LearnHub before (all or nothing): {totals['before']} questions, "
              f"{totals['before_refused_files']} files refused")  # fmt: skip
    print(f"LearnHub now, all or nothing: {totals['whole']} questions, "
          f"{totals['refused_files']} files refused")  # fmt: skip
    print(f"LearnHub now, partial: {totals['partial']} questions, "
          f"{totals['refused_questions']} questions refused")  # fmt: skip
    for reason, count in reasons.most_common(8):
        print(f"  {count:4} × {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

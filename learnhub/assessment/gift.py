"""Moodle GIFT: parse a question bank into Question objects and write one back.

Follows Moodle's documented syntax (docs.moodle.org/en/GIFT_format): ``::title::``,
``//`` comment lines, ``$CATEGORY:``, ``[html]`` / ``[moodle]`` / ``[plain]`` /
``[markdown]`` formats, ``=`` right and ``~`` wrong answers, ``%weight%``,
``#feedback`` and ``####general feedback``, ``{T}``/``{F}``/``{TRUE}``/``{FALSE}``,
matching ``=a -> b``, numerical ``{#value:tolerance}`` and ``{#min..max}``, short
answer, essay ``{}``, missing-word questions, and the escapes
``\\~ \\= \\# \\{ \\} \\: \\n \\\\``.

A syntax error raises GiftError naming the line; nothing is half-imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from learnhub.assessment.questions import (
    DESCRIPTION,
    ESSAY,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    SHORTANSWER,
    SINGLE,
    TRUEFALSE,
    Choice,
    NumericAnswer,
    Pair,
    Question,
)

FORMATS = ("html", "moodle", "plain", "markdown")
DEFAULT_FORMAT = "moodle"

# Escaped characters become private-use placeholders while the structure is
# parsed, then turn back into the characters themselves.
_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003",
            "\\{": "\ue004", "\\}": "\ue005", "\\:": "\ue006", "\\n": "\ue007"}  # fmt: skip
_RESTORE = str.maketrans({"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#",
                          "\ue004": "{", "\ue005": "}", "\ue006": ":", "\ue007": "\n"})  # fmt: skip
_ESCAPE_RE = re.compile(r"\\[\\~=#{}:n]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\[(" + "|".join(FORMATS) + r")\]")
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"


class GiftError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class _Block:
    line: int
    text: str
    comments: str = ""  # the // lines inside the block, where Moodle writes [id:] and [tag:]


_ID = re.compile(r"\[id:((?:\\.|[^\]\\])+)\]")
_TAG = re.compile(r"\[tag:((?:\\.|[^\]\\])+)\]")


def _unescape(text: str) -> str:
    return text.translate(_RESTORE)


def _clean(text: str) -> str:
    return _unescape(text.strip())


def _blocks(source: str) -> list[_Block]:
    """Split into question blocks at blank lines, dropping // comment lines."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    source = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], source)
    blocks: list[_Block] = []
    current: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate(source.split("\n"), start=1):
        if line.lstrip().startswith("//"):
            comments.append(line)
            continue
        if not line.strip():
            if current:
                blocks.append(_Block(start, "\n".join(current), "\n".join(comments)))
                current = []
            comments = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append(_Block(start, "\n".join(current), "\n".join(comments)))
    return blocks


def _comment_fields(comments: str) -> tuple[str, list[str]]:
    """Moodle's idnumber and tags from a question's comment lines."""
    found = _ID.search(comments)
    idnumber = _unescape(found.group(1)).strip() if found else ""
    tags = [_unescape(t).strip() for t in _TAG.findall(comments)]
    return idnumber, [t for t in dict.fromkeys(tags) if t]


def parse(source: str) -> list[Question]:
    """Parse a GIFT file; raise GiftError at the first syntax error."""
    questions: list[Question] = []
    category = ""
    for block in _blocks(source):
        text = block.text
        if text.lstrip().startswith("$CATEGORY:"):
            first, _, rest = text.lstrip().partition("\n")
            category = _clean(first[len("$CATEGORY:") :])
            if not rest.strip():
                continue
            text = rest
            block = _Block(block.line + 1, rest, block.comments)
        question = _question(block)
        question.category = category
        question.idnumber, question.tags = _comment_fields(block.comments)
        questions.append(question)
    return questions


def _line_at(block: _Block, index: int) -> int:
    return block.line + block.text.count("\n", 0, index)


def _question(block: _Block) -> Question:
    text = block.text.strip()
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError(block.line, "the title is not closed with '::'")
        title = _clean(text[2:end])
        text = text[end + 2 :].lstrip()
    text_format = DEFAULT_FORMAT
    match = _FORMAT.match(text)
    if match:
        text_format = match.group(1)
        text = text[match.end() :]
    open_at = text.find("{")
    close_at = text.find("}")
    if open_at < 0:
        if close_at >= 0:
            raise GiftError(_line_at(block, block.text.find("}")), "'}' without a matching '{'")
        return Question(DESCRIPTION, _clean(text), title, text_format, line=block.line)
    close_at = text.find("}", open_at)
    if close_at < 0:
        raise GiftError(
            _line_at(block, block.text.find("{")), "the answers are not closed with '}'"
        )
    if "{" in text[open_at + 1 : close_at]:
        raise GiftError(_line_at(block, block.text.find("{")), "'{' inside an answer block")
    after = text[close_at + 1 :].strip()
    if "{" in after or "}" in after:
        raise GiftError(block.line, "a question can have only one answer block")
    question = _answers(text[open_at + 1 : close_at], _line_at(block, block.text.find("{")))
    question.title = title
    question.text = _clean(text[:open_at])
    question.text_format = text_format
    question.line = block.line
    if after:
        if question.qtype not in (SINGLE, MULTIPLE, SHORTANSWER, TRUEFALSE):
            raise GiftError(block.line, "only choice and short-answer questions can have a blank")
        question.text_after = _unescape(after)
    return question


def _split_feedback(text: str) -> tuple[str, str]:
    answer, _, feedback = text.partition("#")
    return answer, feedback


def _answers(body: str, line: int) -> Question:
    general = ""
    if "####" in body:
        body, _, general = body.partition("####")
    general = _clean(general)
    stripped = body.strip()
    if not stripped:
        return Question(ESSAY, "", general_feedback=general)
    if stripped.startswith("#"):
        question = _numerical(stripped[1:], line)
    elif stripped.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        question = _truefalse(stripped)
    else:
        question = _choices(stripped, line)
    question.general_feedback = general
    return question


def _truefalse(body: str) -> Question:
    parts = body.split("#")
    correct = parts[0].strip() in ("T", "TRUE")
    # Moodle: the first feedback is for a wrong response, the second for a right one.
    wrong = _clean(parts[1]) if len(parts) > 1 else ""
    right = _clean(parts[2]) if len(parts) > 2 else ""
    return Question(
        TRUEFALSE, "", correct=correct,
        feedback_true=right if correct else wrong,
        feedback_false=wrong if correct else right,
    )  # fmt: skip


def _weight(text: str, default: float, line: int) -> tuple[float, str]:
    text = text.lstrip()
    match = _WEIGHT.match(text)
    if not match:
        return default, text
    value = float(match.group(1))
    if not -100 <= value <= 100:
        raise GiftError(line, f"weight {match.group(1)}% is outside -100% to 100%")
    return value / 100, text[match.end() :]


def _choices(body: str, line: int) -> Question:
    pieces = re.split(r"([=~])", body)
    if pieces[0].strip():
        raise GiftError(line, f"unexpected text '{_clean(pieces[0])}' before the first answer")
    answers = [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces), 2)]
    if any("->" in content for _, content in answers):
        pairs = []
        for marker, content in answers:
            left, arrow, right = content.partition("->")
            if marker != "=" or not arrow:
                raise GiftError(line, "every matching pair must be written '=left -> right'")
            pairs.append(Pair(_clean(left), _clean(right)))
        if len(pairs) < 2:
            raise GiftError(line, "a matching question needs at least two pairs")
        return Question(MATCHING, "", pairs=pairs)
    choices = []
    for marker, content in answers:
        fraction, content = _weight(content, 1.0 if marker == "=" else 0.0, line)
        text, feedback = _split_feedback(content)
        text_format = ""
        match = _FORMAT.match(text.strip())
        if match:
            text_format, text = match.group(1), text.strip()[match.end() :]
        if not text.strip():
            raise GiftError(line, "an answer is empty")
        choices.append(Choice(_clean(text), fraction, _clean(feedback), text_format))
    markers = {marker for marker, _ in answers}
    if "~" not in markers:
        if not any(c.fraction > 0 for c in choices):
            raise GiftError(line, "a short-answer question needs at least one right answer")
        return Question(SHORTANSWER, "", choices=choices)
    if "=" in markers:
        right = [c for c, (marker, _) in zip(choices, answers, strict=True) if marker == "="]
        if len(right) != 1:
            raise GiftError(line, "a multiple-choice question has exactly one '=' answer; "
                                  "use ~%weight% answers for several right ones")  # fmt: skip
        return Question(SINGLE, "", choices=choices)
    positive = sum(c.fraction for c in choices if c.fraction > 0)
    if abs(positive - 1.0) > 0.005:
        raise GiftError(
            line, f"the weights of the right answers add up to {positive * 100:g}%, not 100%"
        )
    return Question(MULTIPLE, "", choices=choices)


def _number(text: str, line: int) -> float:
    text = _unescape(text).strip()
    if not re.fullmatch(_NUMBER, text):
        raise GiftError(line, f"'{text}' is not a number")
    return float(text)


def _numeric_answer(text: str, fraction: float, line: int) -> NumericAnswer:
    value_text, feedback = _split_feedback(text)
    value_text = value_text.replace("\ue006", ":").strip()
    if ".." in value_text:
        low, _, high = value_text.partition("..")
        minimum, maximum = _number(low, line), _number(high, line)
        if minimum > maximum:
            raise GiftError(line, "a range must be written min..max")
        return NumericAnswer(minimum=minimum, maximum=maximum, fraction=fraction,
                             feedback=_clean(feedback))  # fmt: skip
    value, _, tolerance = value_text.partition(":")
    return NumericAnswer(
        value=_number(value, line),
        tolerance=abs(_number(tolerance, line)) if tolerance.strip() else 0.0,
        fraction=fraction,
        feedback=_clean(feedback),
    )


def _numerical(body: str, line: int) -> Question:
    body = body.strip()
    if not body:
        raise GiftError(line, "a numerical question needs a value")
    if body.startswith("="):
        pieces = re.split(r"(=)", body)
        numbers = []
        for content in pieces[2::2]:
            fraction, content = _weight(content, 1.0, line)
            numbers.append(_numeric_answer(content, fraction, line))
    else:
        numbers = [_numeric_answer(body, 1.0, line)]
    if not any(n.fraction > 0 for n in numbers):
        raise GiftError(line, "a numerical question needs at least one right answer")
    return Question(NUMERICAL, "", numbers=numbers)


# ---------------------------------------------------------------- export


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _fmt_number(value: float) -> str:
    return f"{value:.15g}"


def _weighted(fraction: float, default: float) -> str:
    if abs(fraction - default) < 1e-9:
        return ""
    return f"%{_fmt_number(round(fraction * 100, 5))}%"


def _feedback(text: str) -> str:
    return f"#{_escape(text)}" if text else ""


def _answer_block(question: Question) -> str:
    if question.qtype == ESSAY:
        body = ""
    elif question.qtype == TRUEFALSE:
        right = question.feedback_true if question.correct else question.feedback_false
        wrong = question.feedback_false if question.correct else question.feedback_true
        body = "TRUE" if question.correct else "FALSE"
        if wrong or right:
            body += f"#{_escape(wrong)}"
        if right:
            body += f"#{_escape(right)}"
    elif question.qtype == MATCHING:
        body = " ".join(f"={_escape(p.left)} -> {_escape(p.right)}" for p in question.pairs)
    elif question.qtype == NUMERICAL:
        parts = []
        for n in question.numbers:
            value = (
                f"{_fmt_number(n.minimum)}..{_fmt_number(n.maximum)}"
                if n.minimum is not None
                else f"{_fmt_number(n.value)}:{_fmt_number(n.tolerance)}"
            )
            parts.append(f"={_weighted(n.fraction, 1.0)}{value}{_feedback(n.feedback)}")
        body = "#" + " ".join(parts)
    else:
        parts = []
        for choice in question.choices:
            if question.qtype == SINGLE:
                marker = "=" if choice.fraction == 1.0 else "~"
                weight = "" if marker == "=" else _weighted(choice.fraction, 0.0)
            elif question.qtype == MULTIPLE:
                marker, weight = "~", _weighted(choice.fraction, 0.0)
            else:  # short answer
                marker, weight = "=", _weighted(choice.fraction, 1.0)
            fmt = f"[{choice.text_format}]" if choice.text_format else ""
            parts.append(f"{marker}{weight}{fmt}{_escape(choice.text)}{_feedback(choice.feedback)}")
        body = " ".join(parts)
    if question.general_feedback:
        body += f" ####{_escape(question.general_feedback)}"
    return "{" + body + "}"


def export(questions: list[Question]) -> str:
    """Write questions as GIFT that Moodle and this parser read back identically."""
    lines: list[str] = []
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            lines.append(f"$CATEGORY: {_escape(category)}\n")
        marks = ([f"[id:{question.idnumber}]"] if question.idnumber else []) + [
            f"[tag:{tag}]" for tag in question.tags
        ]
        comment = f"// {' '.join(marks)}\n" if marks else ""
        title = comment + (f"::{_escape(question.title)}::" if question.title else "")
        fmt = f"[{question.text_format}]" if question.text_format != DEFAULT_FORMAT else ""
        if question.qtype == DESCRIPTION:
            lines.append(f"{title}{fmt}{_escape(question.text)}\n")
            continue
        block = _answer_block(question)
        if question.text_after is not None:
            lines.append(
                f"{title}{fmt}{_escape(question.text)} {block} {_escape(question.text_after)}\n"
            )
        else:
            lines.append(f"{title}{fmt}{_escape(question.text)} {block}\n")
    return "\n".join(lines)

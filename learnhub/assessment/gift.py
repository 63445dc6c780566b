"""Moodle GIFT: parse a question bank into Question objects and write one back.

Reads a file the way Moodle's importer (qformat_gift) does, documented at
docs.moodle.org/en/GIFT_format: questions are separated by blank lines, ``//``
lines are comments (where Moodle writes ``[id:...]`` and ``[tag:...]``),
``$CATEGORY:``, ``::title::``, ``[html]`` / ``[moodle]`` / ``[plain]`` /
``[markdown]`` before any text, ``=`` right and ``~`` wrong answers (``~=`` is a
right one), ``%weight%``, ``#feedback``, ``####general feedback`` (the last
``####``), true/false ``{T}`` ``{TRUE}`` ``{F}`` ``{FALSE}``, matching
``=a -> b``, numerical ``{#value:tolerance}``, ``{#min..max}`` and the catch-all
``~#feedback``, short answers (``*`` is a wildcard), essays ``{}``, text after
the answers (a blank in the text), and the escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``.

Where LearnHub is stricter than Moodle (README: "GIFT: where LearnHub differs
from Moodle") the question is refused with a GiftError naming its line.
``parse`` refuses the whole file at the first one; ``parse_partial`` keeps the
valid questions and lists the refused ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learnhub.assessment.grading import is_full_credit, is_no_credit
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
# Moodle's weight: digits, an optional fraction, optionally negative.
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_FORMAT = re.compile(r"^\[(" + "|".join(FORMATS) + r")\]")
# What PHP's is_numeric accepts, which is what Moodle checks: ".5", "+5", "5.", "1e3".
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ID = re.compile(r"\[id:((?:\\.|[^\]\\])+)\]")
_TAG = re.compile(r"\[tag:((?:\\.|[^\]\\])+)\]")


class GiftError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


class GiftEncodingError(ValueError):
    """A file in an encoding LearnHub does not read; the message names the file."""

    def __init__(self, name: str):
        self.reason = (
            "the file is not UTF-8, UTF-16 or Thai (Windows-874/TIS-620) text; "
            "save it as UTF-8 and import it again"
        )
        super().__init__(f"{name}: {self.reason}")


@dataclass
class ParseResult:
    questions: list[Question] = field(default_factory=list)
    refused: list[GiftError] = field(default_factory=list)


@dataclass
class _Block:
    line: int
    text: str  # its lines trimmed, as Moodle trims them, with escapes as placeholders
    comments: str = ""  # its // lines, where Moodle writes [id:] and [tag:]


# ---------------------------------------------------------------- encodings

_THAI = re.compile("[\u0e01-\u0e5b]+")
# Vowel and tone marks written above or below a consonant: never first in a word.
_THAI_MARK = re.compile("(^|[^\u0e01-\u0e5b])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _looks_thai(text: str) -> bool:
    """Whether text decoded as Windows-874 is Thai and not Latin-1 or another code page.

    Latin-1 letters land on Thai code points too ("é" on a tone mark), but alone
    between Latin letters; real Thai runs in words, every mark after a letter.
    """
    foreign = sum(1 for char in text if ord(char) > 127)
    in_words = sum(len(run) for run in _THAI.findall(text) if len(run) > 1)
    return bool(foreign) and in_words >= 0.9 * foreign and not _THAI_MARK.search(text)


def _utf16_without_bom(data: bytes, name: str) -> str:
    """UTF-16 saved without its BOM: the NULs of its ASCII characters all on one side.

    Any other text with NULs in it is not a GIFT file: refused rather than imported as
    garbage.
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 == 0 and min(even, odd) == 0:
        try:
            text = data.decode("utf-16-le" if odd else "utf-16-be")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" not in text:
            return text
    raise GiftEncodingError(name)


def decode(data: bytes, name: str) -> str:
    """A GIFT file's text: UTF-8 (with or without BOM), UTF-16, or Windows-874/TIS-620."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        if b"\x00" in data:
            return _utf16_without_bom(data, name)
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")  # TIS-620 is Windows-874 without its extra punctuation
    except UnicodeDecodeError:
        text = ""
    if text and _looks_thai(text):
        return text
    raise GiftEncodingError(name)


# ---------------------------------------------------------------- parsing


def _unescape(text: str) -> str:
    return text.translate(_RESTORE)


def _clean(text: str) -> str:
    return _unescape(text).strip()


def _with_format(text: str) -> tuple[str, str]:
    """A part's text and the format written before it ("" when none was)."""
    text = text.strip()
    match = _FORMAT.match(text)
    if match:
        return _clean(text[match.end() :]), match.group(1)
    return _clean(text), ""


def _blocks(source: str) -> list[_Block]:
    """Split into question blocks at blank lines, // lines kept apart (as Moodle does)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks: list[_Block] = []
    current: list[str] = []
    comments: list[str] = []
    start = 0

    def close() -> None:
        if current:
            text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], "\n".join(current))
            blocks.append(_Block(start, text, "\n".join(comments)))

    for number, raw in enumerate(source.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("//"):
            comments.append(line)
            if current:  # keeps the lines of what follows counted right
                current.append("")
        elif line:
            if not current:
                start = number
            current.append(line)
        else:
            close()
            current, comments = [], []
    close()
    return blocks


def _comment_fields(comments: str) -> tuple[str, list[str]]:
    """Moodle's idnumber and tags from a question's comment lines (``\\]`` is a ``]``)."""
    found = _ID.search(comments)
    idnumber = found.group(1).replace("\\]", "]").strip() if found else ""
    tags = [t.replace("\\]", "]").strip() for t in _TAG.findall(comments)]
    return idnumber, [t for t in dict.fromkeys(tags) if t]


def parse_partial(source: str) -> ParseResult:
    """Parse a GIFT file, keeping every valid question and each refused one's GiftError."""
    result = ParseResult()
    category = ""
    for block in _blocks(source):
        if block.text.startswith("$CATEGORY:"):
            first, _, rest = block.text.partition("\n")
            category = _clean(first[len("$CATEGORY:") :])
            if not rest.strip():
                continue
            block = _Block(block.line + 1, rest, block.comments)
        try:
            question = _question(block)
        except GiftError as error:
            result.refused.append(error)
            continue
        question.category = category
        question.idnumber, question.tags = _comment_fields(block.comments)
        result.questions.append(question)
    return result


def parse(source: str) -> list[Question]:
    """Parse a GIFT file; raise GiftError at the first question LearnHub refuses."""
    result = parse_partial(source)
    if result.refused:
        raise result.refused[0]
    return result.questions


def _line_at(block: _Block, index: int) -> int:
    return block.line + block.text.count("\n", 0, max(index, 0))


def _question(block: _Block) -> Question:
    text = block.text
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            title = _clean(text[2:end])
            text = text[end + 2 :].strip()
        else:  # Moodle reads an unclosed title as the start of the question text
            text = text[2:].strip()
    offset = len(block.text) - len(text)  # where text starts in the block, for line numbers
    open_at, close_at = text.find("{"), text.find("}")
    if open_at < 0 and close_at < 0:
        body, text_format = _with_format(text)
        return Question(DESCRIPTION, body, title, text_format or DEFAULT_FORMAT, line=block.line)
    if close_at < 0:
        raise GiftError(_line_at(block, offset + open_at), "the answers are not closed with '}'")
    if open_at < 0 or close_at < open_at:
        raise GiftError(_line_at(block, offset + close_at), "'}' without a matching '{' before it")
    line = _line_at(block, offset + open_at)
    if "{" in text[open_at + 1 : close_at]:
        raise GiftError(line, "'{' inside an answer block (write \\{ for the character)")
    after = text[close_at + 1 :].strip()
    if "{" in after or "}" in after:
        raise GiftError(line, "a question can have only one answer block")
    question = _answers(text[open_at + 1 : close_at], line)
    question.title = title
    question.text, text_format = _with_format(text[:open_at])
    question.text_format = text_format or DEFAULT_FORMAT
    question.line = block.line
    if after and question.qtype != DESCRIPTION:
        question.text_after = _unescape(after)
    return question


def _answers(body: str, line: int) -> Question:
    body = body.strip()
    general, general_format = "", ""
    cut = body.rfind("####")  # Moodle takes the general feedback after the last ####
    if cut >= 0:
        general, general_format = _with_format(body[cut + 4 :])
        body = body[:cut].strip()
    # The order Moodle decides the type in: the first rule that fits wins.
    if not body:
        question = Question(ESSAY, "")
    elif body.startswith("#"):
        question = _numerical(body[1:], line)
    elif "~" in body:
        question = _choices(body, line)
    elif "=" in body and "->" in body:
        question = _matching(body, line)
    elif body.split("#", 1)[0].strip() in _TRUE_FALSE:
        question = _truefalse(body)
    else:
        question = _short_answer(body, line)
    question.general_feedback = general
    question.general_feedback_format = general_format
    return question


def _split(body: str, marker: str) -> list[str]:
    """Moodle's explode: the pieces between markers, the first one dropped when blank."""
    pieces = body.split(marker)
    if not pieces[0].strip():
        pieces.pop(0)
    return [piece.strip() for piece in pieces]


def _truefalse(body: str) -> Question:
    # Moodle: the first feedback is for a wrong response, the second for a right one.
    answer, *feedback = body.split("#", 2)
    correct = _TRUE_FALSE[answer.strip()]
    wrong, wrong_format = _with_format(feedback[0]) if feedback else ("", "")
    right, right_format = _with_format(feedback[1]) if len(feedback) > 1 else ("", "")
    return Question(
        TRUEFALSE, "", correct=correct,
        feedback_true=right if correct else wrong,
        feedback_false=wrong if correct else right,
        feedback_true_format=right_format if correct else wrong_format,
        feedback_false_format=wrong_format if correct else right_format,
    )  # fmt: skip


def _weight(text: str, default: float, line: int) -> tuple[float, str]:
    match = _WEIGHT.match(text)
    if not match:
        return default, text
    value = float(match.group(1))
    if not -100 <= value <= 100:
        raise GiftError(line, f"weight {match.group(1)}% is outside -100% to 100%")
    return value / 100, text[match.end() :]


def _answer(piece: str, fraction: float) -> Choice | None:
    """One answer and its feedback; None for a blank one Moodle ignores."""
    text, _, feedback = piece.partition("#")
    text, text_format = _with_format(text)
    feedback, feedback_format = _with_format(feedback)
    if not text and fraction == 0 and not feedback:
        return None
    return Choice(text, fraction, feedback, text_format, feedback_format)


def _choices(body: str, line: int) -> Question:
    single = "=" in body  # Moodle: an '=' answer makes it one-answer multiple choice
    choices = []
    for piece in _split(body.replace("=", "~="), "~"):
        if piece.startswith("="):
            if _WEIGHT.match(piece[1:].lstrip()):
                raise GiftError(line, "an '=' answer is always 100%; "
                                      "write a partly right one as ~%50%answer")  # fmt: skip
            fraction, piece = 1.0, piece[1:]
        else:
            fraction, piece = _weight(piece, 0.0, line)
        choice = _answer(piece, fraction)
        if choice is None:
            continue
        if not choice.text:
            raise GiftError(line, "an answer is empty")
        choices.append(choice)
    if len(choices) < 2:
        raise GiftError(line, "a multiple-choice question needs at least two answers")
    if single:
        return Question(SINGLE, "", choices=choices)
    positive = sum(c.fraction for c in choices if c.fraction > 0)
    if not (is_full_credit(positive) and is_no_credit(positive - 1.0)):
        raise GiftError(
            line, f"the weights of the right answers add up to {positive * 100:g}%, not 100%"
        )
    return Question(MULTIPLE, "", choices=choices)


def _matching(body: str, line: int) -> Question:
    pairs = []
    for piece in _split(body, "="):
        left, arrow, right = piece.partition("->")
        if not arrow:
            raise GiftError(line, "every matching pair must be written '=left -> right'")
        left, left_format = _with_format(left)
        if not right.strip():
            raise GiftError(line, "a matching pair needs an answer after '->'")
        # nothing on the left: an extra answer to choose from, as Moodle exports one
        pairs.append(Pair(left, _clean(right), left_format))
    if sum(1 for pair in pairs if pair.left) < 2:
        raise GiftError(line, "a matching question needs at least two pairs")
    return Question(MATCHING, "", pairs=pairs)


def _short_answer(body: str, line: int) -> Question:
    choices = []
    for piece in _split(body, "="):
        fraction, piece = _weight(piece, 1.0, line)
        choice = _answer(piece, fraction)
        if choice is None:
            continue
        if not choice.text:
            raise GiftError(line, "an answer is empty")
        choices.append(choice)
    if not any(is_full_credit(c.fraction) for c in choices):
        raise GiftError(line, "a short-answer question needs an answer worth 100%")
    return Question(SHORTANSWER, "", choices=choices)


def _number(text: str, line: int) -> float:
    if not _NUMBER.fullmatch(text.strip()):
        raise GiftError(line, f"'{text.strip()}' is not a number")
    return float(text)


def _numeric_answer(piece: str, fraction: float, line: int) -> NumericAnswer:
    value, _, feedback = piece.partition("#")
    value = _with_format(value)[0]  # "[plain]5" is the number 5
    feedback, feedback_format = _with_format(feedback)
    answer = NumericAnswer(fraction=fraction, feedback=feedback, feedback_format=feedback_format)
    if value == "*":
        answer.value = None  # Moodle's "any other answer"
    elif value.find("..") > 0:
        low, _, high = value.partition("..")
        answer.minimum, answer.maximum = _number(low, line), _number(high, line)
        if answer.minimum > answer.maximum:
            raise GiftError(line, "a range must be written min..max")
    elif value.find(":") > 0:
        number, _, tolerance = value.partition(":")
        answer.value, answer.tolerance = _number(number, line), abs(_number(tolerance, line))
    else:
        answer.value = _number(value, line)
    return answer


def _numerical(body: str, line: int) -> Question:
    # Moodle: everything from the first '~' is the feedback for any other number.
    body, tilde, other = body.partition("~")
    pieces = _split(body, "=")
    if not pieces:
        raise GiftError(line, "a numerical question needs a value")
    numbers = []
    for piece in pieces:
        fraction, piece = _weight(piece, 1.0, line)
        numbers.append(_numeric_answer(piece, fraction, line))
    if tilde:
        feedback, feedback_format = _with_format(other.partition("#")[2])
        numbers.append(NumericAnswer(value=None, fraction=0.0, feedback=feedback,
                                     feedback_format=feedback_format))  # fmt: skip
    if not any(is_full_credit(n.fraction) and not n.catch_all for n in numbers):
        raise GiftError(line, "a numerical question needs a number worth 100%")
    return Question(NUMERICAL, "", numbers=numbers)


# ---------------------------------------------------------------- export


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _part(text: str, text_format: str = "") -> str:
    return (f"[{text_format}]" if text_format else "") + _escape(text)


def _fmt_number(value: float) -> str:
    return f"{value:.15g}"


def _weighted(fraction: float, default: float) -> str:
    if abs(fraction - default) < 1e-9:
        return ""
    return f"%{_fmt_number(round(fraction * 100, 5))}%"


def _feedback(text: str, text_format: str = "") -> str:
    return f"#{_part(text, text_format)}" if text or text_format else ""


def _numbers_block(question: Question) -> str:
    parts = []
    last = len(question.numbers) - 1
    for index, n in enumerate(question.numbers):
        if n.catch_all and index == last and is_no_credit(n.fraction):
            parts.append(f"~#{_part(n.feedback, n.feedback_format)}")  # as Moodle writes it
            continue
        if n.catch_all:
            value = "*"
        elif n.minimum is not None:
            value = f"{_fmt_number(n.minimum)}..{_fmt_number(n.maximum)}"
        else:
            value = f"{_fmt_number(n.value)}:{_fmt_number(n.tolerance)}"
        parts.append(
            f"={_weighted(n.fraction, 1.0)}{value}{_feedback(n.feedback, n.feedback_format)}"
        )
    return "#" + " ".join(parts)


def _choices_block(question: Question) -> str:
    parts = []
    # One-answer multiple choice needs a '~' somewhere or Moodle reads a short answer:
    # when every answer is right, the second and later are written ~%100%.
    all_right = all(is_full_credit(c.fraction) for c in question.choices)
    for index, choice in enumerate(question.choices):
        if question.qtype == SINGLE:
            if is_full_credit(choice.fraction) and not (all_right and index > 0):
                marker, weight = "=", ""
            else:
                marker, weight = "~", _weighted(choice.fraction, 0.0)
        elif question.qtype == MULTIPLE:
            marker, weight = "~", _weighted(choice.fraction, 0.0)
        elif len(question.choices) == 1 and "->" in choice.text:
            # "=a -> b" would read back as matching: one answer needs no "="
            marker, weight = "", _weighted(choice.fraction, 1.0)
        else:  # short answer
            marker, weight = "=", _weighted(choice.fraction, 1.0)
        parts.append(
            f"{marker}{weight}{_part(choice.text, choice.text_format)}"
            f"{_feedback(choice.feedback, choice.feedback_format)}"
        )
    return " ".join(parts)


def _answer_block(question: Question) -> str:
    if question.qtype == ESSAY:
        body = ""
    elif question.qtype == TRUEFALSE:
        if question.correct:
            right, wrong = (question.feedback_true, question.feedback_true_format), (
                question.feedback_false, question.feedback_false_format)  # fmt: skip
        else:
            right, wrong = (question.feedback_false, question.feedback_false_format), (
                question.feedback_true, question.feedback_true_format)  # fmt: skip
        body = "TRUE" if question.correct else "FALSE"
        if any(wrong) or any(right):
            body += f"#{_part(*wrong)}"
        if any(right):
            body += f"#{_part(*right)}"
    elif question.qtype == MATCHING:
        body = " ".join(
            f"={_part(p.left, p.left_format)} -> {_escape(p.right)}" for p in question.pairs
        )
    elif question.qtype == NUMERICAL:
        body = _numbers_block(question)
    else:
        body = _choices_block(question)
    if question.general_feedback or question.general_feedback_format:
        body += f" ####{_part(question.general_feedback, question.general_feedback_format)}"
    return "{" + body + "}"


def _comment(question: Question) -> str:
    """Moodle's ``// [id:...] [tag:...]`` line, ``]`` written ``\\]`` as Moodle does."""
    marks = [f"[id:{_bracket(question.idnumber)}]"] if question.idnumber else []
    marks += [f"[tag:{_bracket(tag)}]" for tag in question.tags]
    return f"// {' '.join(marks)}\n" if marks else ""


def _bracket(text: str) -> str:
    return text.replace("]", "\\]")


def export(questions: list[Question]) -> str:
    """Write questions as GIFT that Moodle and this parser read back identically."""
    lines: list[str] = []
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            # Moodle reads the category line as it stands, escapes and all, so none are written.
            lines.append(f"$CATEGORY: {category.replace(chr(10), ' ')}\n")
        title = _comment(question) + (f"::{_escape(question.title)}::" if question.title else "")
        # "[moodle]" is written when the text itself starts like a format ("[html]x")
        written = question.text_format != DEFAULT_FORMAT or _FORMAT.match(question.text)
        fmt = f"[{question.text_format}]" if written else ""
        text = f"{title}{fmt}{_escape(question.text)}"
        if question.qtype == DESCRIPTION:
            lines.append(f"{text}\n")
        elif question.text_after is not None:
            lines.append(f"{text} {_answer_block(question)} {_escape(question.text_after)}\n")
        else:
            lines.append(f"{text} {_answer_block(question)}\n")
    return "\n".join(lines)

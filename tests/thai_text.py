"""What counts as English on a Thai page, shared by the browser checks and the page crawl.

Proper names and codes are allowed (a short list); what course authors wrote (lessons,
questions, choices, feedback) is checked by `flask courses check` and the content tests,
so these checks are about the interface around it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Proper names and codes: the product, file kinds (PDF, CSV, ZIP, XLSX), code kinds, the
# LINE app, the CPI index, the PDPA (as Thai people call the Personal Data Protection Act).
ALLOWED_ENGLISH = {
    "LearnHub", "PDF", "QR", "SHA", "LH", "code", "LINE", "CPI", "PDPA", "CSV", "ZIP", "xlsx",
    "XLSX",
}  # fmt: skip
NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+"  # addresses
    r"|\b[0-9A-Z]{4}(-[0-9A-Z]{4}){3}\b"  # verification codes
    r"|\b[0-9a-f]{16,}\b"  # hashes
    r"|x-xxxx-xxxxx-\d\d-\d"  # masked national IDs (Thai letters count as word characters)
    r"|\bx{2,3}-xxx-\d{4}\b"  # masked phone numbers
    r"|\bLEARNHUB_[A-Z_]+(=\w+)?"  # settings an admin is told to set, with their value
)
COURSE_CONTENT_CLASSES = ("question-text", "lesson-body", "feedback", "course-content")
COURSE_CONTENT = ", ".join(f".{name}" for name in COURSE_CONTENT_CLASSES)
# Attributes a screen reader or a hovering pointer shows.
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", NOT_WORDS.sub(" ", text))) - ALLOWED_ENGLISH


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


class _InterfaceText(HTMLParser):
    """The interface text of a page: visible text and spoken attributes, without scripts,
    styles, parts marked as another language, and course content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[bool] = []  # one entry per open element: inside a skipped part?

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skip = bool(self.skipping and self.skipping[-1]) or (
            tag in ("script", "style", "title")
            or attributes.get("lang") not in (None, "th")
            or bool(classes & set(COURSE_CONTENT_CLASSES))
            or (tag == "input" and attributes.get("type") == "hidden")
        )
        if not skip:
            self.parts += [
                attributes[name] or "" for name in SPOKEN_ATTRIBUTES if name in attributes
            ]
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.parts.append(attributes.get("value") or "")
        if tag not in _VOID:
            self.skipping.append(skip)

    def handle_endtag(self, tag):
        if tag not in _VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]):
            self.parts.append(data)


def interface_text(html: str) -> str:
    parser = _InterfaceText()
    parser.feed(html)
    return " ".join(parser.parts)

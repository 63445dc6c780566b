"""Lesson Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Lessons support CommonMark, tables, images from the course folder and callouts
written as GitHub-style alerts, for example a law citation::

    > [!LAW] มาตรา 55 พ.ร.บ. มาตรการของฝ่ายบริหารในการป้องกันและปราบปรามการทุจริต พ.ศ. 2551
    > ...

Raw HTML in a lesson is never passed through, and nh3 removes anything unsafe
that Markdown itself could produce (a ``javascript:`` link, say).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

CALLOUTS = {"LAW": "law", "NOTE": "note", "SUMMARY": "summary", "EXAMPLE": "example", "TIP": "tip"}
_CALLOUT_MARK = re.compile(r"^\[!(" + "|".join(CALLOUTS) + r")\][ \t]*\n?")

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "blockquote": {"class"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}


def _callouts(state) -> None:
    """Turn a blockquote that starts with [!LAW] (or another marker) into a styled callout."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open" or index + 2 >= len(tokens):
            continue
        inline = tokens[index + 2]
        if inline.type != "inline":
            continue
        match = _CALLOUT_MARK.match(inline.content)
        if not match:
            continue
        token.attrSet("class", f"callout callout-{CALLOUTS[match.group(1)]}")
        inline.content = inline.content[match.end() :]
        if inline.children:
            first = inline.children[0]
            first.content = _CALLOUT_MARK.sub("", first.content, count=1)
            # a line break right after the marker would leave an empty first line
            if (
                not first.content
                and len(inline.children) > 1
                and inline.children[1].type
                in (
                    "softbreak",
                    "hardbreak",
                )
            ):
                del inline.children[:2]
            else:
                _title_line(inline.children)


def _title_line(children: list) -> None:
    """Text on the marker's own line is the callout's title: bold, on a line of its own."""
    position = next((i for i, child in enumerate(children) if child.type == "softbreak"), None)
    if position is None:
        return  # a one-line callout has no separate title
    children[position] = Token("hardbreak", "br", 0)
    children.insert(position, Token("strong_close", "strong", -1))
    children.insert(0, Token("strong_open", "strong", 1))


def _demote_headings(state) -> None:
    """The page's <h1> is the lesson title, so a lesson's own # heading becomes <h2>."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag < "h6":
            token.tag = f"h{int(token.tag[1]) + 1}"


def make_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.core.ruler.push("callouts", _callouts)
    md.core.ruler.push("demote_headings", _demote_headings)
    return md


_renderer = make_renderer()


def render_lesson(text: str, asset_url: Callable[[str], str] | None = None) -> str:
    """Render lesson Markdown to sanitised HTML.

    ``asset_url`` maps a relative image path (as written in the lesson) to the
    URL that serves it; links to other sites open with rel="noopener noreferrer".
    """
    env: dict = {}
    tokens = _renderer.parse(text, env)
    if asset_url is not None:
        for token in tokens:
            for child in token.children or []:
                if child.type == "image":
                    src = child.attrGet("src") or ""
                    if is_local_path(src):
                        child.attrSet("src", asset_url(src))
    html = _renderer.renderer.render(tokens, _renderer.options, env)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )


def is_local_path(src: str) -> bool:
    """True for a path inside the course folder (no scheme, not absolute, no '..')."""
    return (
        bool(src)
        and "://" not in src
        and not src.startswith(("/", "data:", "mailto:"))
        and (".." not in src.split("/"))
    )


def image_paths(text: str) -> list[tuple[int, str]]:
    """The (line, path) of every local image a lesson uses, for checking they exist."""
    found = []
    for token in _renderer.parse(text):
        for child in token.children or []:
            if child.type == "image" and is_local_path(child.attrGet("src") or ""):
                line = token.map[0] + 1 if token.map else 1
                found.append((line, child.attrGet("src")))
    return found

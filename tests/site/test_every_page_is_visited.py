"""Every page of the site is visited by some test: the route table, read from the app's
URL map, against the paths and endpoints the tests outside tests/security/ ask for (the
matrix and the fuzz tests there touch every route without looking at what it shows).

A page route (GET, answering HTML or a file) that no browser journey and no integration
test names fails this test, unless it stands in EXEMPT below with the reason it cannot be.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# Routes no test need visit, each with its reason.
EXEMPT = {
    "static": "Flask's static files, fetched by every page the browser tests load",
    # Known gaps this test found (issue 18): no test opens them yet. Remove each line
    # once a test does.
}

_URL_FOR = re.compile(r"""url_for\(\s*["']([\w.]+)["']""")


def _strings(tree: ast.AST):
    """Every string a test module writes, an f-string's fields as X."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield "".join(
                part.value if isinstance(part, ast.Constant) else "X" for part in node.values
            )


def _mentions() -> tuple[set[str], set[str]]:
    """The paths (an f-string's fields as X) and url_for endpoints the tests name."""
    paths: set[str] = set()
    endpoints: set[str] = set()
    for source in TESTS.rglob("*.py"):
        if "security" in source.relative_to(TESTS).parts or source == Path(__file__):
            continue
        text = source.read_text(encoding="utf-8")
        for string in _strings(ast.parse(text)):
            if "/" in string:
                paths.add(string.split("?")[0].split("#")[0] if string.startswith("/") else string)
        endpoints.update(_URL_FOR.findall(text))
    return paths, endpoints


def _converter(match: re.Match) -> str:
    """A rule's <converter:name> as a pattern: a path spans segments, any() lists its words."""
    converter = match[1] or "default"
    if converter.startswith("path"):
        return ".+"
    if converter.startswith("any("):
        return "(" + "|".join(w.strip() for w in converter[4:-1].split(",")) + ")"
    return "[^/]+"


def _pattern(rule: str) -> re.Pattern:
    """A rule's path as a pattern that the paths tests ask for must match."""
    parts = re.split(r"(<[^>]+>)", rule)
    pattern = "".join(
        _converter(re.match(r"<(?:([^:>]+(?:\([^)]*\))?):)?[^>]+>", part))
        if part.startswith("<")
        else re.escape(part)
        for part in parts
    )
    return re.compile(pattern + "/?")


def _example(rule: str) -> str:
    """A rule's path with each of its parts filled, as a test's regular expression sees it."""
    return "http://127.0.0.1:5000" + re.sub(r"<[^>]+>", "1", rule)


def _regexes(paths: set[str]) -> list[re.Pattern]:
    """The literals that are regular expressions of links a test reads off a page; those that
    also match a path that is no route (any URL at all) name nothing."""
    found = []
    for path in paths:
        if "\\" in path or "(" in path:
            link = re.search(r"\((?:/|http).*\)", path)  # href="(/the/link)": the link
            try:
                regex = re.compile(link[0] if link else path)
            except re.error:
                continue
            if not regex.search(_NO_ROUTE):
                found.append(regex)
    return found


_NO_ROUTE = "http://127.0.0.1:5000/no/such/page/1"


def test_every_page_route_is_visited_by_a_journey_or_an_integration_test(app):
    paths, endpoints = _mentions()
    regexes = _regexes(paths)
    unvisited = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in EXEMPT:
            continue
        pattern = _pattern(rule.rule)
        if rule.endpoint in endpoints or any(pattern.fullmatch(path) for path in paths):
            continue
        if any(regex.search(_example(rule.rule)) for regex in regexes):
            continue
        unvisited.append(f"GET {rule.rule} ({rule.endpoint})")
    assert not unvisited, "pages no test visits:\n" + "\n".join(sorted(unvisited))


def test_the_exemptions_are_real_routes(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(EXEMPT) <= endpoints, f"exempt but gone: {set(EXEMPT) - endpoints}"

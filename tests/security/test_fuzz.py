"""Hostile input into every route, as every person: a 4xx at worst, never a 500.

Each payload goes into each variable of each route's path (the others keep the world's
real objects) and into the query parameters pages read (q, next, page, lang...); a
state-changing route gets it in its form too, with the session's own CSRF token so the
view itself is reached.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from learnhub.extensions import limiter
from tests.conftest import csrf_token
from tests.security.conftest import ACTORS
from tests.security.test_authorization_matrix import (
    ROWS,
    STATE_CHANGING,
    VARIABLE,
)

PAYLOADS = [
    "2147483648",  # one past PostgreSQL's INTEGER
    "9223372036854775808",  # one past SQLite's (and PostgreSQL's BIGINT)
    "1" + "0" * 40,
    "-1",
    "a\x00b",
    "a\r\nLocation: https://evil.example",
    "x" * 10_240,
    "ทดสอบ ภาษาไทย ๑๒๓",
    "../../../../etc/passwd",
    "%00%ff%zz%",
    "/\\evil.example",
    "",
]
QUERY_PARAMETERS = ("q", "next", "page", "per_page", "lang", "audience")
ENDS_SESSION = {row.route for row in ROWS if row.ends_session}


def requests_for(route: str, ids: dict[str, str]):
    """(path, query, payload) for each payload in each path variable and in the query."""
    rule = route.split(" ", 1)[1]
    variables = VARIABLE.findall(rule)
    real = VARIABLE.sub(lambda match: quote(ids[match[1]], safe="/"), rule)
    for payload in PAYLOADS:
        for variable in variables:
            filled = VARIABLE.sub(
                lambda match, v=variable, p=payload: quote(
                    p if match[1] == v else ids[match[1]], safe=""
                ),
                rule,
            )
            yield filled, {}, payload
        yield real, dict.fromkeys(QUERY_PARAMETERS, payload), payload


def fuzz_cells():
    return [
        pytest.param(route, actor, id=f"{route} as {actor}") for route in ROUTES for actor in ACTORS
    ]


ROUTES = sorted({row.route for row in ROWS})  # every route: the matrix fails on one missing


@pytest.mark.parametrize(("route", "actor"), fuzz_cells())
def test_no_input_makes_a_route_fail_with_a_server_error(world, route, actor):
    method = route.split(" ", 1)[0]
    failures, tokens = [], {}
    for path, query, payload in requests_for(route, world.ids):
        client = world.client(actor)
        limiter.reset()
        data = None
        if method in STATE_CHANGING:
            if client not in tokens:
                tokens[client] = csrf_token(client.get("/account/reset").get_data(as_text=True))
            data = {"csrf_token": tokens[client], **dict.fromkeys(QUERY_PARAMETERS, payload)}
        url = f"{path}?{urlencode(query)}" if query else path
        try:
            response = client.open(url, method=method, data=data)
        except Exception as error:  # TESTING propagates what would be a 500
            failures.append(f"{url[:120]!r}: {type(error).__name__}: {str(error)[:160]}")
            continue
        if response.status_code >= 500:
            failures.append(f"{url[:120]!r}: {response.status_code}")
        if route in ENDS_SESSION:
            world.forget(actor)
    assert not failures, f"{route} as {actor}, payloads ending in a server error:\n" + "\n".join(
        failures
    )

"""Hostile input into every route, as every person: a 4xx at worst, never a 500.

Each payload goes into each variable of each route's path (the others keep the world's
real objects) and into the query parameters pages read (q, next, page, lang...); a
state-changing route gets it in its form too, with the session's own CSRF token so the
view itself is reached.
"""

from __future__ import annotations

import re
from urllib.parse import quote

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
# Sent as they are, not percent-encoded: broken escapes, encoded dots, half a Thai letter.
RAW = ["%ff%fe%zz%", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%E0%B8", "%C0%AE%C0%AE/"]
QUERY_PARAMETERS = ("q", "next", "page", "per_page", "lang", "audience")
FORM_FIELDS = (  # what the forms read, besides the query parameters
    "email", "password", "password_confirm", "current_password", "national_id",
    "first_name_th", "last_name_th", "phone_mobile", "birth_date", "title", "role",
    "reason", "course", "training_date", "training_place", "c-code", "slots", "q1",
)  # fmt: skip
ENDS_SESSION = {row.route for row in ROWS if row.ends_session}


def encoded(payload: str) -> str:
    return payload if payload in RAW else quote(payload, safe="")


# An <int:...> variable's converter answers 404 to anything but digits before any view
# runs, so only numbers are worth sending there (the others still go into every other
# variable and the query).
_INT_VARIABLE = re.compile(r"<int:(\w+)>")


def _fits(variable: str, payload: str, int_variables: set[str]) -> bool:
    return variable not in int_variables or payload.isdigit()


def requests_for(route: str, ids: dict[str, str]):
    """(url, payload) for each payload in each path variable, then in the query."""
    rule = route.split(" ", 1)[1]
    variables = VARIABLE.findall(rule)
    int_variables = set(_INT_VARIABLE.findall(rule))
    real = VARIABLE.sub(lambda match: quote(ids[match[1]], safe="/"), rule)
    for payload in PAYLOADS + RAW:
        for variable in (v for v in variables if _fits(v, payload, int_variables)):
            filled = VARIABLE.sub(
                lambda match, v=variable, p=payload: (
                    encoded(p) if match[1] == v else quote(ids[match[1]], safe="")
                ),
                rule,
            )
            yield filled, payload
        yield (
            real + "?" + "&".join(f"{name}={encoded(payload)}" for name in QUERY_PARAMETERS),
            payload,
        )


# Whose session sends the payloads: a visitor, the owner of the objects, a coordinator and
# an admin take different paths through a view. Learner B and the other network's
# coordinator are left out: a fuzzed id names no object, so they take the owner's and the
# coordinator's path, and on A's real objects they stop at the same 404 the authorization
# matrix already checks (a third of the requests, for no path not walked already).
FUZZ_ACTORS = ("anonymous", "learner_a", "coordinator", "admin")
assert set(FUZZ_ACTORS) <= set(ACTORS)


def fuzz_cells():
    return [
        pytest.param(route, actor, id=f"{route} as {actor}")
        for route in ROUTES
        for actor in FUZZ_ACTORS
    ]


ROUTES = sorted({row.route for row in ROWS})  # every route: the matrix fails on one missing


@pytest.mark.parametrize(("route", "actor"), fuzz_cells())
def test_no_input_makes_a_route_fail_with_a_server_error(world, route, actor):
    method = route.split(" ", 1)[0]
    failures, tokens = [], {}
    for url, payload in requests_for(route, world.ids):
        client = world.client(actor)
        limiter.reset()
        data = None
        if method in STATE_CHANGING:
            if client not in tokens:
                tokens[client] = csrf_token(client.get("/account/reset").get_data(as_text=True))
            fields = dict.fromkeys(QUERY_PARAMETERS + FORM_FIELDS, payload)
            data = {**fields, "csrf_token": tokens[client]}
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

"""What LearnHub does when its database is slow, frozen or gone.

Three guards: every wait on PostgreSQL has a limit (connect, statement, and a
client-side answer timeout that also holds when the server is frozen and its
kernel still acknowledges our packets, which no TCP setting notices); an
outage is recognised so pages can answer 503 instead of 500; and a database
error never writes its parameters or the server's DETAIL line (which repeats
the failing row, password hash included) into the log.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
import traceback

from sqlalchemy import event
from sqlalchemy import exc as sa_exc

# A request may lower the answer timeout for what it runs (the health check does).
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "learnhub_db_deadline", default=None
)


def engine_options(config: dict) -> dict:
    """SQLALCHEMY_ENGINE_OPTIONS with the timeouts for the configured database."""
    options = {
        "pool_pre_ping": True,  # a connection that died in an outage is replaced, not reused
        # Statement text is logged, never its values (personal data, password hashes).
        "hide_parameters": True,
        **config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql"):
        options.setdefault("pool_timeout", config["DB_POOL_TIMEOUT"])
        connect_args = options.setdefault("connect_args", {})
        connect_args.setdefault("connect_timeout", max(1, round(config["DB_CONNECT_TIMEOUT"])))
        statement_ms = int(config["DB_STATEMENT_TIMEOUT"] * 1000)
        connect_args.setdefault("options", f"-c statement_timeout={statement_ms}")
    return options


@contextlib.contextmanager
def answer_deadline(seconds: float):
    """Give up on the database after ``seconds`` for what runs inside (nested: the shorter wins)."""
    limit = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(limit if outer is None else min(outer, limit))
    try:
        yield
    finally:
        _deadline.reset(token)


def install(app, engine) -> None:
    """Make every PostgreSQL connection of ``engine`` give up after the answer timeout."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return
    connection_class = _deadline_connection_class()
    answer_timeout = app.config["DB_ANSWER_TIMEOUT"]

    @event.listens_for(engine, "do_connect")
    def connect(dialect, connection_record, cargs, cparams):
        connection = connection_class.connect(*cargs, **cparams)
        connection.answer_timeout = answer_timeout
        return connection


def _deadline_connection_class():
    import psycopg
    from psycopg import errors

    class DeadlineConnection(psycopg.Connection):
        """A psycopg connection whose every wait for the server has a limit.

        The server's statement_timeout cancels slow queries, but a frozen server
        (SIGSTOP, a stalled VM) cancels nothing: its kernel keeps acknowledging
        our packets, so only the client can decide to stop waiting. The
        connection is closed then, so SQLAlchemy sees a disconnect, invalidates
        its pool and the next request connects afresh.
        """

        answer_timeout: float = 25.0

        def wait(self, gen, interval=0.1, timeout=None):
            limit = self.answer_timeout if timeout is None else timeout
            deadline = _deadline.get()
            if deadline is not None:
                limit = min(limit, max(0.05, deadline - time.monotonic()))
            try:
                return super().wait(gen, interval=interval, timeout=limit)
            except errors._WaitTimeout:
                self.pgconn.finish()
                raise psycopg.OperationalError(
                    f"the database did not answer within {limit:.1f} s"
                ) from None

    return DeadlineConnection


def is_outage(error: BaseException) -> bool:
    """True when the database cannot serve now (down, frozen, too slow, pool exhausted)."""
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free
        return True
    if isinstance(error, sa_exc.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, (sa_exc.OperationalError, sa_exc.InterfaceError)
        )
    return False


def describe(error: BaseException) -> str:
    """One line about a database error that holds no values: class, SQLSTATE, statement."""
    if not isinstance(error, sa_exc.StatementError):
        return f"{type(error).__name__} (no details logged)"
    orig = error.orig
    parts = [type(error).__name__]
    if orig is not None:
        code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
        parts.append(f"{type(orig).__name__}{f' {code}' if code else ''}")
        primary = getattr(getattr(orig, "diag", None), "message_primary", None)
        if primary is None and type(orig).__module__.startswith(("sqlite3", "psycopg")):
            primary = str(orig).split("\n", 1)[0]
        # Primary messages can quote a value ("invalid input syntax ... 'abc'"); keep
        # only text before the first quote, the server's own words.
        if primary:
            parts.append(primary.split('"', 1)[0].split("'", 1)[0].strip())
    statement = " ".join((error.statement or "").split())[:300]
    if statement:
        parts.append(f"statement: {statement}")
    return " | ".join(parts)


def _database_error_in(exc_info) -> BaseException | None:
    error = exc_info[1] if exc_info and exc_info is not True else None
    while error is not None:
        if isinstance(error, sa_exc.SQLAlchemyError):
            return error
        error = error.__cause__ or error.__context__
    return None


class ScrubDatabaseErrors(logging.Filter):
    """Rewrite a logged database exception to its frames and describe(): no values.

    Flask logs an unhandled exception with ``str(error)``, which for a DBAPI error
    repeats the server's message and DETAIL ("Failing row contains (..., pbkdf2:...)");
    this filter removes both whoever logs it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = _database_error_in(record.exc_info)
        if error is None:
            return True
        frames = "".join(traceback.format_tb(error.__traceback__))
        record.msg = f"{record.getMessage()}\n{frames}{describe(error)}"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def scrub_logger(logger: logging.Logger) -> None:
    if not any(isinstance(f, ScrubDatabaseErrors) for f in logger.filters):
        logger.addFilter(ScrubDatabaseErrors())

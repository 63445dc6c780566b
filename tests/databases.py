"""PostgreSQL databases the tests and benchmarks make for themselves."""

from __future__ import annotations

from sqlalchemy import create_engine, make_url, text


def create_database_if_missing(url: str) -> None:
    """Create the URL's PostgreSQL database unless the server already has it."""
    base = make_url(url)
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        known = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": base.database}
        ).scalar()
        if not known:
            connection.execute(text(f'CREATE DATABASE "{base.database}"'))
    server.dispose()

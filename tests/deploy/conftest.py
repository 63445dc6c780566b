"""Deployment tests start gunicorn (and an RQ worker) as other processes on the suite's
database. They run on PostgreSQL, the database several hosts share in production: on SQLite
the worker's database file would be opened by several processes beside the test process, and
in a full run the tests that followed in the same worker then read a damaged file
(``SQLITE_IOERR_SHORT_READ`` in the backup and error-logging tests)."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if (os.environ.get("LEARNHUB_DATABASE_URL") or "").startswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="several processes on one database: PostgreSQL only")
    for item in items:
        if "tests/deploy/" in str(item.fspath):
            item.add_marker(skip)

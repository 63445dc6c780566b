"""Fixtures the PDPA tests share with the certificate tests: a graduate and their certificate."""

from tests.credentials.conftest import certificate, graduate  # noqa: F401  (fixtures)

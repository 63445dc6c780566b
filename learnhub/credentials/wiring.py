"""Plug certificates into the catalog: a certificate the moment a course is complete."""

from __future__ import annotations

from learnhub.catalog import services as catalog
from learnhub.credentials import services


def connect() -> None:
    if services.issue_on_completion not in catalog.completion_listeners:
        catalog.completion_listeners.append(services.issue_on_completion)

"""Plug the assessment engine into the catalog's hooks (imports stay one way)."""

from __future__ import annotations

from learnhub.assessment import banks, services
from learnhub.catalog import importer, loader
from learnhub.catalog import services as catalog


def _add_once(hooks: list, function) -> None:
    if function not in hooks:
        hooks.append(function)


def connect() -> None:
    """Quiz outcomes feed completion; course import creates banks and quizzes; check reads GIFT."""
    _add_once(catalog.outcome_provider, services.outcomes)
    _add_once(importer.version_listeners, banks.create_quizzes)
    _add_once(loader.bank_inspectors, banks.inspect_bank)

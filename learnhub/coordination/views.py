"""The coordinator's workspace: networks, cohorts, members, imports and reports."""

from __future__ import annotations

from flask import Blueprint

from learnhub.coordination import models  # noqa: F401  (the tables, for the app and Alembic)

bp = Blueprint("coordination", __name__, url_prefix="/coordination")

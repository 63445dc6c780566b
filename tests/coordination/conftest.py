"""Fixtures of the coordination tests (a small world of networks, cohorts and members)."""

from tests.coordination.world import onsite_world, world  # noqa: F401

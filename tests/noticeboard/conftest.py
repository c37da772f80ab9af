"""Fixtures for the noticeboard pages."""

from tests.world import world  # noqa: F401

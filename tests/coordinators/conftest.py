"""Fixtures for the coordinators pages."""

from tests.world import world  # noqa: F401

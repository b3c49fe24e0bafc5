"""Fixtures of the alerts tests."""

from tests.alerts.receiver import receiver

__all__ = ["receiver"]

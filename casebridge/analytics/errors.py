"""Errors of the analytics package."""

from __future__ import annotations


class AnalyticsError(Exception):
    """Base of the analytics errors."""


class PeriodError(AnalyticsError, ValueError):
    """A period label that cannot be read (the message says which forms are accepted)."""


class ConfigurationError(AnalyticsError, ValueError):
    """Weights, thresholds or rules that make no sense (negative, all zero ...)."""

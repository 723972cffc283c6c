"""Errors of the dialogue package."""

from __future__ import annotations


class DialogError(Exception):
    """Base of the dialogue package's errors."""


class WordingError(DialogError):
    """The wording table is missing, malformed, or lacks a sentence the engine needs."""

"""Errors raised by :mod:`nlu` (``parse`` itself never raises for str input)."""

from __future__ import annotations


class NluError(Exception):
    """Base class of every NLU error."""


class TrainingDataError(NluError):
    """Training data (Rasa YAML or an evaluation CSV) is missing or malformed."""


class ModelError(NluError):
    """A saved model cannot be loaded or does not match this code version."""


class KnowledgeError(NluError):
    """A knowledge-base entry is invalid (missing source unit, bad dates, unknown id)."""


class RasaError(NluError):
    """The Rasa server could not be reached or answered something unexpected."""

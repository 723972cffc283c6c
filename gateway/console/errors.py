"""Errors of the agent console."""

from __future__ import annotations


class ConsoleError(Exception):
    """Base of the console's errors."""


class NotFound(ConsoleError):
    """No such conversation, turn or agent."""


class Forbidden(ConsoleError):
    """The agent may not do that (not the holder, not a supervisor)."""


class Conflict(ConsoleError):
    """The conversation is not in a state that allows it (already claimed ...)."""


class InvalidInput(ConsoleError):
    """A request value is malformed; nothing was changed."""


class Unavailable(ConsoleError):
    """A provider the console relies on (Twilio's REST API) failed; nothing was changed."""


class OrderExists(Conflict):
    """The conversation has a work order already: a second one needs the agent's explicit
    choice (``again``), so a click on a still-filled form does not dispatch it twice."""

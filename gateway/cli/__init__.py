"""The ``hotline`` command: every subcommand, registered explicitly.

Each module of this package adds its subcommands with ``register(subparsers)``; a new one
is added to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from config.settings import ConfigError
from gateway.cli import cases, channels, console, demo, nlu, report, serve

# In the order ``hotline --help`` lists them.
COMMAND_MODULES = (serve, cases, channels, console, demo, nlu, report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every room's subcommands."""
    parser = argparse.ArgumentParser(
        prog="hotline", description="菏泽12345热线网关 / hotline gateway"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


#: The exit status of a command whose reader went away (128 + SIGPIPE, as the shell
#: reports a program the signal ended).
BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hotline`` console script.

    Output to a reader that has gone (``hotline units keys | head -1``) ends the command
    quietly with status 141, for every command and ``--help``: the Python way of SIGPIPE
    (docs.python.org, "Note on SIGPIPE"), without a traceback, and without restoring the
    signal's default action, which would also end ``hotline serve`` on a client's
    closed socket."""
    try:
        status = _run(argv)
        sys.stdout.flush()  # a write left in the buffer fails here, not at exit
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE
    return status


def _run(argv: Sequence[str] | None) -> int:
    """Parse ``argv`` and run its command: its status (2 for a configuration error; the
    parser's for ``--help`` and bad arguments)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or bad arguments (said on stderr)
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    try:
        result = args.func(args)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return int(result or 0)


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of
    what is still buffered cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (a captured stream): nothing to do
        pass


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``hotline`` command: every subcommand, registered explicitly.

Each module of this package adds its subcommands with ``register(subparsers)``; a new one
is added to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``hotline`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())

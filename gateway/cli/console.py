"""``hotline agent ...``: manage the agent console's accounts from the shell.

hotline agent add zhang --name 张敏 [--role supervisor]   (password from stdin or
                                                          HOTLINE_AGENT_PASSWORD)
hotline agent list
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``agent`` subcommands to the ``hotline`` parser."""
    p = subparsers.add_parser("agent", help="agent console accounts (坐席账号)")
    sub = p.add_subparsers(dest="agent_command", required=True)
    add = sub.add_parser("add", help="add an agent or supervisor")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name, e.g. 张敏")
    add.add_argument("--role", choices=("agent", "supervisor"), default="agent")
    add.set_defaults(func=_add)
    ls = sub.add_parser("list", help="list agents with presence and load")
    ls.set_defaults(func=_list)


async def _console() -> tuple[Any, Any]:
    from casebridge.db import create_engine_for, session_factory
    from config.settings import load_settings
    from gateway.console.service import ConsoleService
    from gateway.db import migrate
    from gateway.kv.store import open_store

    settings = load_settings()
    await asyncio.to_thread(migrate, settings.effective_database_url)
    engine = create_engine_for(settings.effective_database_url)
    return ConsoleService(session_factory(engine), open_store(settings.redis_url)), engine


def _password() -> str:
    from_env = os.environ.get("HOTLINE_AGENT_PASSWORD")
    if from_env:
        return from_env
    if sys.stdin.isatty():
        first = getpass.getpass("密码 / password: ")
        if first != getpass.getpass("再次输入 / again: "):
            raise SystemExit("两次输入的密码不一致 / the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def _add(args: argparse.Namespace) -> int:
    from gateway.console.errors import ConsoleError

    password = _password()

    async def run() -> int:
        console, engine = await _console()
        try:
            made = await console.create_agent(args.username, args.name, args.role, password)
        except ConsoleError as exc:
            print(f"未添加 / not added: {exc}", file=sys.stderr)
            return 2
        finally:
            await console.store.aclose()
            await engine.dispose()
        print(f"已添加 / added: {made.username} ({made.role})")
        return 0

    return asyncio.run(run())


def _list(args: argparse.Namespace) -> int:
    async def run() -> int:
        console, engine = await _console()
        try:
            for a in await console.load():
                state = "在线" if a.online else "离线"
                print(f"{a.username}\t{a.display_name}\t{a.role}\t{state}\t处理中 {a.holding}")
        finally:
            await console.store.aclose()
            await engine.dispose()
        return 0

    return asyncio.run(run())

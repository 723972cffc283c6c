"""``hotline units ...``: the handling units, their demo API keys, key rotation.

Demo keys are derived from HOTLINE_SECRET_KEY and each unit's code, so after
``make run`` they can be printed here; the database stores only their hashes.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from config.settings import load_settings


def register(subparsers: Any) -> None:
    """Add the ``units`` subcommand."""
    p = subparsers.add_parser("units", help="handling units: list, demo API keys, rotation")
    sub = p.add_subparsers(dest="units_command", required=True)

    k = sub.add_parser("keys", help="print the demo API keys (units, centre, Open311)")
    k.add_argument("--code", action="append", default=None, help="only this unit (repeatable)")
    k.add_argument("--county", default=None, help="only units of this county/district")
    k.set_defaults(func=_keys)

    r = sub.add_parser("rotate", help="replace a unit's key with a random one (shown once)")
    r.add_argument("code")
    r.set_defaults(func=_rotate)

    ls = sub.add_parser("list", help="list the units of the catalogue")
    ls.add_argument("--county", default=None)
    ls.set_defaults(func=_list)


def _catalogue() -> Any:
    from casebridge.catalogue import load_catalogue

    return load_catalogue(load_settings().centre_config_dir)


def _select(cat: Any, codes: list[str] | None, county: str | None) -> list[Any]:
    units = cat.handling_units()
    if county:
        canon = cat.normalize_county(county)
        if canon is None:
            raise SystemExit(f"unknown county/district: {county}")
        units = [u for u in units if u.county == canon]
    if codes:
        for c in codes:
            cat.unit(c)  # NotFound for a typo
        units = [u for u in units if u.code in codes]
    return list(units)


def _keys(args: argparse.Namespace) -> int:
    from casebridge.errors import NotFound
    from casebridge.keys import demo_centre_key, demo_unit_key

    settings = load_settings()
    secret = settings.secret_key.get_secret_value()
    try:
        units = _select(_catalogue(), args.code, args.county)
    except NotFound as exc:
        print(str(exc))
        return 1
    if not args.code and not args.county:
        print(f"centre\t{demo_centre_key(secret)}\t热线工作机构（X-Centre-Key）")
        print(f"open311\t{demo_centre_key(secret, 'open311')}\tOpen311 api_key")
    for u in units:
        print(f"{u.code}\t{demo_unit_key(secret, u.code)}\t{u.name}")
    print("# keys derive from HOTLINE_SECRET_KEY; a rotated unit key replaces its demo key")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    from casebridge.db import create_engine_for, migrate, session_factory
    from casebridge.errors import NotFound
    from casebridge.service import CaseService

    settings = load_settings()
    url = settings.effective_database_url

    async def main() -> str:
        await asyncio.to_thread(migrate, url)
        engine = create_engine_for(url)
        try:
            cases = CaseService(
                session_factory(engine),
                _catalogue(),
                secret_key=settings.secret_key.get_secret_value(),
            )
            await cases.prepare()
            return await cases.rotate_unit_key(args.code)
        finally:
            await engine.dispose()

    try:
        key = asyncio.run(main())
    except NotFound as exc:
        print(str(exc))
        return 1
    print(f"{args.code}\t{key}\t(new key: shown once, store it now)")
    return 0


def _list(args: argparse.Namespace) -> int:
    for u in _select(_catalogue(), None, args.county):
        print(f"{u.code}\t{u.kind}\t{u.county or '市级'}\t{u.name}")
    return 0

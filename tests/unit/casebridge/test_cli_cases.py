"""``hotline units keys|list``: demo keys derive from the secret key; typos are refused."""

from __future__ import annotations

import argparse

import pytest

from casebridge.keys import demo_centre_key, demo_unit_key
from gateway.cli import cases as cli_cases


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli_cases.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_keys(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOTLINE_SECRET_KEY", "cli-secret")
    assert run(["units", "keys"]) == 0
    out = capsys.readouterr().out
    assert f"centre\t{demo_centre_key('cli-secret')}" in out
    assert f"CX-ZJ\t{demo_unit_key('cli-secret', 'CX-ZJ')}\t曹县住房和城乡建设局" in out
    assert run(["units", "keys", "--code", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().out
    assert run(["units", "keys", "--county", "曹县"]) == 0
    out = capsys.readouterr().out
    assert "centre\t" not in out
    assert all(line.startswith(("CX-", "#")) for line in out.splitlines())


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["units", "list", "--county", "高新区"]) == 0
    assert "GXQ-GOV" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run(["units", "list", "--county", "火星县"])

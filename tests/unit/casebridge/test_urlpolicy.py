"""The outbound URL policy: public https only, unless the allow-list names the host."""

from __future__ import annotations

import asyncio
import socket

import pytest

from casebridge.webhooks.urlpolicy import UrlPolicy, UrlRefused

STRICT = UrlPolicy()


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.216.34/hook",  # plain http
        "https://127.0.0.1/hook",  # loopback
        "https://127.1.2.3:8443/hook",
        "https://localhost/hook",
        "https://api.localhost/hook",
        "https://10.0.0.5/hook",  # private
        "https://172.16.9.1/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
        "https://100.64.0.1/hook",  # shared address space
        "https://0.0.0.0/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fc00::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped loopback
        "https://224.0.0.1/hook",  # multicast
        "https://user:pw@example.com/hook",  # credentials
        "ftp://example.com/hook",
        "https:///nohost",
        "https://example.com:99999/hook",
        "https://" + "a" * 600 + ".com/",
    ],
)
def test_inside_or_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(UrlRefused):
        STRICT.check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.216.34/hook",
        "https://hooks.unit.example/x?y=1",
        "https://[2606:4700::1111]/",
    ],
)
def test_public_https_passes(url: str) -> None:
    target = STRICT.check_url(url)
    assert target.scheme == "https"
    assert not target.allowed


def test_allow_list_names_hosts_and_networks() -> None:
    policy = UrlPolicy.from_setting(" 127.0.0.1, LocalHost ,10.1.0.0/16,[::1]")
    for url in (
        "http://127.0.0.1:9000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://[::1]:8080/",
    ):
        assert policy.check_url(url).allowed, url
    with pytest.raises(UrlRefused):
        policy.check_url("http://10.2.0.1/hook")  # outside the listed network
    with pytest.raises(UrlRefused):
        policy.check_url("https://127.0.0.2/hook")  # only the listed address


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A resolver the test fills in: host -> addresses."""
    answers: dict[str, list[str]] = {}

    async def fake(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        fam = {True: socket.AF_INET6, False: socket.AF_INET}
        return [(fam[":" in a], socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", lambda self, *a, **k: fake(*a, **k))
    return answers


async def test_resolution_is_checked_and_pinned(dns: dict[str, list[str]]) -> None:
    target = STRICT.check_url("https://hooks.unit.example/x")
    dns["hooks.unit.example"] = ["93.184.216.34"]
    assert (await STRICT.resolve(target)).address == "93.184.216.34"
    # DNS rebinding: the same name now answers an inside address (or one of several)
    dns["hooks.unit.example"] = ["93.184.216.34", "127.0.0.1"]
    with pytest.raises(UrlRefused, match="内部或保留地址"):
        await STRICT.resolve(target)
    dns["hooks.unit.example"] = ["::ffff:10.0.0.1"]
    with pytest.raises(UrlRefused):
        await STRICT.resolve(target)


async def test_registration_check_accepts_unresolvable_names(dns: dict[str, list[str]]) -> None:
    """A name that does not resolve yet is accepted (it is checked at every send); one
    that resolves inside is refused at once."""
    assert (await STRICT.check_now("https://later.unit.example/x")).address is None
    dns["inside.unit.example"] = ["192.168.0.10"]
    with pytest.raises(UrlRefused):
        await STRICT.check_now("https://inside.unit.example/x")

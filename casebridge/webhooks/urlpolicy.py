"""Where the gateway may send a request of its own: public https addresses only.

A unit's webhook endpoint (and any URL the gateway fetches on someone's word, such as a
provider's media link) must not reach inside: loopback, private (RFC 1918, RFC 4193),
link-local (169.254/16 and fe80::/10, where cloud metadata lives), shared, reserved and
multicast addresses are refused, and so is plain http. An allow-list
(``HOTLINE_WEBHOOK_ALLOW_HOSTS``: host names, addresses or CIDR networks, comma
separated) lifts both rules for the hosts it names: tests and local deployments set it.

Checked twice: :meth:`UrlPolicy.check_url` when the URL is given (the address if it is
one, the name's addresses if it resolves now), and :meth:`UrlPolicy.resolve` just before
connecting, whose checked address the caller connects to (DNS rebinding: a name that
was public at registration may answer 127.0.0.1 later). Standard library only, so any
room can use it; the gateway hands it to whoever fetches.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from casebridge.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class UrlRefused(InvalidInput):
    """The URL is not one the gateway may send to (HTTP 422 where a caller gave it)."""


class Unresolvable(UrlRefused):
    """The host name has no address now."""


@dataclass(frozen=True)
class Target:
    """A checked URL: its parts and, once resolved, the address to connect to."""

    url: str
    scheme: str
    host: str  # lower case, without brackets
    port: int
    allowed: bool  # named by the allow-list: no further checks
    address: str | None = None  # the checked address (None: connect by name)


def is_public(addr: IPAddress) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 one is judged as IPv4)."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


def _address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


@dataclass(frozen=True)
class UrlPolicy:
    """Public https only, except the hosts and networks of the allow-list."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()
    max_length: int = 512

    @classmethod
    def from_setting(cls, value: str | Iterable[str] | None) -> UrlPolicy:
        """From ``"127.0.0.1, localhost, 10.0.0.0/8"`` (or a list of such items)."""
        items = value.split(",") if isinstance(value, str) else list(value or ())
        hosts: set[str] = set()
        nets: list[IPNetwork] = []
        for raw in items:
            item = raw.strip().lower().strip("[]")
            if not item:
                continue
            try:
                nets.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.rstrip("."))
        return cls(frozenset(hosts), tuple(nets))

    def _allowed(self, host: str, addr: IPAddress | None = None) -> bool:
        if host in self.hosts:
            return True
        addr = addr or _address(host)
        return addr is not None and any(addr in net for net in self.networks)

    def check_url(self, url: str) -> Target:
        """The URL's parts if it may be used; :class:`UrlRefused` (saying why) if not.

        Refused: anything but http(s), credentials in the URL, no host, a bad port,
        plain http or a non-public address for a host not on the allow-list.
        """
        if len(url) > self.max_length:
            raise UrlRefused(f"url 过长（最长 {self.max_length} 字符）")
        try:
            parts: SplitResult = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise UrlRefused("url 格式无效") from None
        scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
        if scheme not in ("https", "http") or not host:
            raise UrlRefused("url 须为 https 地址")
        if port == 0:  # not a port one can connect to (and not the scheme's default)
            raise UrlRefused("url 端口无效")
        if parts.username is not None or parts.password is not None:
            raise UrlRefused("url 不能包含用户名或密码")
        target = Target(
            url=url.strip(),
            scheme=scheme,
            host=host,
            port=port or (443 if scheme == "https" else 80),
            allowed=self._allowed(host),
        )
        if target.allowed:
            return target
        if scheme != "https":
            raise UrlRefused("url 须为 https 地址（本地地址须列入 HOTLINE_WEBHOOK_ALLOW_HOSTS）")
        addr = _address(host)
        if addr is not None and not is_public(addr):
            raise UrlRefused(f"不能使用内部或保留地址：{host}")
        if host == "localhost" or host.endswith(".localhost"):
            raise UrlRefused(f"不能使用内部或保留地址：{host}")
        return target

    def check_addresses(self, target: Target, addresses: Iterable[str]) -> str:
        """The first address to connect to, when every one of them is allowed."""
        found = list(dict.fromkeys(addresses))
        if not found:
            raise Unresolvable(f"无法解析主机：{target.host}")
        for a in found:
            addr = ipaddress.ip_address(a.split("%", 1)[0])
            if not (is_public(addr) or self._allowed(target.host, addr)):
                raise UrlRefused(f"{target.host} 解析到内部或保留地址 {a}")
        return found[0]

    async def resolve(self, target: Target) -> Target:
        """Resolve the host now and check every address it has (at connection time).

        An allow-listed host is connected to by name; otherwise the returned target
        carries the checked address, to which the caller connects (naming the host for
        TLS), so a second lookup cannot answer differently. :class:`UrlRefused` when a
        name does not resolve or any of its addresses is not public.
        """
        if target.allowed:
            return target
        if _address(target.host) is not None:
            return Target(**{**target.__dict__, "address": target.host})
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except OSError:
            raise Unresolvable(f"无法解析主机：{target.host}") from None
        address = self.check_addresses(target, (str(info[4][0]) for info in infos))
        return Target(**{**target.__dict__, "address": address})

    async def check_now(self, url: str) -> Target:
        """:meth:`check_url`, then refuse a name that resolves to an inside address now
        (a name that does not resolve yet is accepted: it is resolved at every send)."""
        target = self.check_url(url)
        try:
            return await self.resolve(target)
        except Unresolvable:
            return target

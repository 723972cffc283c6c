"""Fetching a provider's media by URL without becoming a proxy to inside addresses.

A URL that arrives in a webhook (WeChat ``PicUrl``, Twilio ``MediaUrlN`` and
``RecordingUrl``) is fetched only when it is either

* under the provider API base URL the operator configured (``HOTLINE_*_API_BASE_URL``,
  which is also where test doubles live), fetched with the adapter's own client; or
* on one of the provider's media hosts (class data on the adapter, e.g.
  ``mmbiz.qpic.cn``), and then only through the gateway's outbound URL policy
  (:class:`UrlGate`, backed by ``casebridge.webhooks.urlpolicy.UrlPolicy``): https,
  resolved at fetch time, every address public (or on ``HOTLINE_WEBHOOK_ALLOW_HOSTS``),
  the connection pinned to the checked address (DNS rebinding).

Redirects are followed by hand, at most :data:`MAX_REDIRECTS`, each hop through the
gate; credentials go to the first origin only. Anything else is refused
(:class:`channels.errors.MediaRefused`, not retryable): nothing fetched, nothing kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from channels import outbound
from channels.errors import MediaRefused

MAX_REDIRECTS = 3


@dataclass(frozen=True)
class Pinned:
    """Where to connect for a checked URL: the URL with the checked address, the
    ``Host`` header and TLS name to keep (empty when connecting by name)."""

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    extensions: Mapping[str, Any] = field(default_factory=dict)


class UrlGate(Protocol):
    """The gateway's outbound URL policy, as the adapters see it."""

    async def pin(self, url: str) -> Pinned:
        """The checked connection for ``url``; ``MediaRefused`` if refused."""
        ...


def on_hosts(url: str, hosts: frozenset[str]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` or a subdomain of one."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    return bool(host) and any(host == h or host.endswith("." + h) for h in hosts)


def under_base(url: str, base: str) -> bool:
    """Whether ``url`` lies under the configured API base URL (same origin and path)."""
    try:
        u, b = urlsplit(url), urlsplit(base)
        same = (u.scheme, u.hostname, u.port) == (b.scheme, b.hostname, b.port)
    except ValueError:
        return False
    prefix = b.path if b.path.endswith("/") else b.path + "/"
    return same and not u.username and (u.path + "/").startswith(prefix)


def _https(url: str, hosts: frozenset[str]) -> str:
    """The provider's media hosts serve https too (WeChat hands out http links)."""
    if url.lower().startswith("http://") and on_hosts(url, hosts):
        return "https://" + url[len("http://") :]
    return url


async def fetch_url(
    client: httpx.AsyncClient,
    url: str,
    what: str,
    max_bytes: int,
    *,
    base: str,
    hosts: frozenset[str],
    gate: UrlGate | None,
    auth: tuple[str, str] | None = None,
) -> tuple[bytes, str]:
    """The bytes and content type behind a provider media URL (see the module notes)."""
    if under_base(url, base):
        return await _follow(client, url, what, max_bytes, gate, auth=auth, trusted=True)
    if not on_hosts(url, hosts):
        raise MediaRefused(f"{what}: not one of the provider's media hosts")
    url = _https(url, hosts)
    return await _follow(client, url, what, max_bytes, gate, auth=auth, trusted=False)


async def fetch_given(
    client: httpx.AsyncClient,
    url: str,
    what: str,
    max_bytes: int,
    *,
    hosts: frozenset[str],
    gate: UrlGate | None,
) -> tuple[bytes, str]:
    """A URL the provider's API answered with (a WeChat video's download link): any host,
    but only through the gate (public https; http upgraded on the provider's hosts)."""
    url = _https(url, hosts)
    return await _follow(client, url, what, max_bytes, gate, auth=None, trusted=False)


async def _follow(
    client: httpx.AsyncClient,
    url: str,
    what: str,
    max_bytes: int,
    gate: UrlGate | None,
    *,
    auth: tuple[str, str] | None,
    trusted: bool,
) -> tuple[bytes, str]:
    origin = urlsplit(url)[:2]
    for _hop in range(MAX_REDIRECTS + 1):
        kwargs: outbound.RequestOptions = {}
        if auth is not None and urlsplit(url)[:2] == origin:
            kwargs["auth"] = auth
        target = url
        if not trusted:
            if gate is None:
                raise MediaRefused(f"{what}: no outbound URL policy bound")
            pinned = await gate.pin(url)
            target = pinned.url
            kwargs["headers"] = dict(pinned.headers)
            kwargs["extensions"] = dict(pinned.extensions)
        location, result = await outbound.fetch_or_redirect(
            client, target, what, max_bytes, **kwargs
        )
        if result is not None:
            return result
        url = urljoin(url, location)
        trusted = False  # a redirect leaves the configured base: through the gate
    raise MediaRefused(f"{what}: too many redirects")

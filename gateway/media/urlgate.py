"""The adapters' outbound URL gate, backed by the one URL policy of the gateway.

``casebridge.webhooks.urlpolicy.UrlPolicy`` decides where the gateway may send a request
of its own (public https unless ``HOTLINE_WEBHOOK_ALLOW_HOSTS`` names the host); units'
webhook deliveries and provider media fetches both go through it. Here the policy is
offered to the channel adapters as ``channels.fetch.UrlGate``: the URL is checked, its
host resolved now and every address checked, and the connection pinned to the checked
address (the host name kept for ``Host`` and TLS), so a name cannot answer differently
between the check and the connection (DNS rebinding).
"""

from __future__ import annotations

import httpx

from casebridge.webhooks.urlpolicy import UrlPolicy, UrlRefused
from channels.errors import MediaRefused
from channels.fetch import Pinned


class PolicyGate:
    """``channels.fetch.UrlGate`` over :class:`UrlPolicy`."""

    def __init__(self, policy: UrlPolicy) -> None:
        self.policy = policy

    async def pin(self, url: str) -> Pinned:
        try:
            target = await self.policy.resolve(self.policy.check_url(url))
        except UrlRefused as exc:
            raise MediaRefused(f"media URL refused: {exc}") from exc
        if target.address is None:
            return Pinned(url=target.url)
        pinned = httpx.URL(target.url).copy_with(host=target.address)
        default = 443 if target.scheme == "https" else 80
        host = target.host if target.port == default else f"{target.host}:{target.port}"
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        return Pinned(url=str(pinned), headers={"host": host}, extensions=extensions)

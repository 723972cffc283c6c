"""WeChat's push quota per citizen message: a new message opens a new window and quota,
in one write to the adapter's shared state (one Redis round trip, issue 16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from channels.errors import SendError, VerificationError
from channels.state import LocalState
from channels.wechat import WeChatAdapter, WeChatSettings
from tests.contract.cases import APP_ID, TOKEN, wechat_plain_request, wechat_xml
from tests.contract.conftest import FakeProvider
from tests.contract.replies import wechat_reply


async def test_local_quota_per_citizen_message(provider: FakeProvider) -> None:
    settings = WeChatSettings(
        token=TOKEN,
        app_id=APP_ID,
        app_secret="s",
        api_base_url=provider.base_url + "/cgi-bin/",
        push_quota=3,
    )
    adapter = WeChatAdapter(settings)
    first = wechat_plain_request(wechat_xml("text", "<Content>x</Content>", "17").encode())
    await adapter.note_inbound(adapter.parse(first))
    for _ in range(3):
        await adapter.send(wechat_reply("进展"))
    with pytest.raises(SendError) as info:
        await adapter.send(wechat_reply("第四条"))
    assert not info.value.retryable
    assert len(provider.calls("/message/custom/send")) == 3
    # the citizen writes again: a new window and quota
    again = wechat_plain_request(wechat_xml("text", "<Content>y</Content>", "18").encode())
    await adapter.note_inbound(adapter.parse(again))
    await adapter.send(wechat_reply("收到"))
    assert len(provider.calls("/message/custom/send")) == 4
    await adapter.aclose()


class _WriteLog(LocalState):
    """The adapter's shared state, recording each write (each one Redis round trip)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    async def set(self, value: str, ttl: float, *parts: str) -> None:
        self.writes.append("set:" + parts[0])
        await super().set(value, ttl, *parts)

    async def delete(self, *parts: str) -> None:
        self.writes.append("delete:" + parts[0])
        await super().delete(*parts)

    async def set_if_absent(self, value: str, ttl: float, *parts: str) -> bool:
        self.writes.append("set_if_absent:" + parts[0])
        return await super().set_if_absent(value, ttl, *parts)

    async def set_once_then(
        self,
        value: str,
        ttl: float,
        parts: tuple[str, ...],
        then: Sequence[tuple[str, float, tuple[str, ...]]] = (),
    ) -> str | None:
        self.writes.append("set_once_then:" + "+".join([parts[0], *(p[0] for _, _, p in then)]))
        saved, self.writes = self.writes, []  # the composed writes inside are the same trip
        try:
            return await super().set_once_then(value, ttl, parts, then)
        finally:
            self.writes = saved


async def test_a_message_opens_a_new_quota_in_one_write_even_at_the_same_instant(
    provider: FakeProvider,
) -> None:
    settings = WeChatSettings(
        token=TOKEN,
        app_id=APP_ID,
        app_secret="s",
        api_base_url=provider.base_url + "/cgi-bin/",
        push_quota=1,
    )
    adapter = WeChatAdapter(settings, clock=lambda: 1_700_000_000.0)  # time stands still
    state = _WriteLog()
    adapter.bind(state=state)
    request = wechat_plain_request(wechat_xml("text", "<Content>x</Content>", "19").encode())
    await adapter.note_inbound(adapter.parse(request))
    assert state.writes == ["set:seen"]  # one round trip on Redis (was a set and a delete)
    await adapter.send(wechat_reply("进展"))
    with pytest.raises(SendError):
        await adapter.send(wechat_reply("第二条"))  # the quota of one is used
    await adapter.note_inbound(adapter.parse(request))  # the citizen writes again
    await adapter.send(wechat_reply("收到"))  # a new quota, though the clock did not move
    assert len(provider.calls("/message/custom/send")) == 2
    await adapter.aclose()


@pytest.mark.parametrize("openid", ["oCitizen1", "oCitizen2"])
async def test_the_replay_check_and_the_window_are_one_write(
    provider: FakeProvider, openid: str
) -> None:
    """The route's ``arrive``: the replay memory and the citizen's new window in one
    write; a forged body under a used (timestamp, nonce) is refused and opens no window;
    the provider's retry (same body) renews the window."""
    settings = WeChatSettings(
        token=TOKEN, app_id=APP_ID, app_secret="s", api_base_url=provider.base_url + "/cgi-bin/"
    )
    adapter = WeChatAdapter(settings)
    state = _WriteLog()
    adapter.bind(state=state)
    xml = wechat_xml("text", "<Content>x</Content>", "31", sender=openid)
    request = wechat_plain_request(xml.encode(), nonce="n-31")
    adapter.verify(request)
    await adapter.arrive(request, adapter.read(request))
    assert state.writes == ["set_once_then:replay+seen"]
    opened = await state.get("seen", openid)
    assert opened is not None
    await adapter.arrive(request, adapter.read(request))  # the provider's retry
    renewed = await state.get("seen", openid)
    assert renewed is not None
    assert renewed != opened
    forged_xml = wechat_xml("text", "<Content>y</Content>", "32", sender="oOther")
    forged = replace(request, body=forged_xml.encode())
    adapter.verify(forged)
    with pytest.raises(VerificationError):
        await adapter.arrive(forged, adapter.read(forged))
    assert await state.get("seen", "oOther") is None
    assert await state.get("seen", openid) == renewed
    assert state.writes == ["set_once_then:replay+seen"] * 3
    await adapter.aclose()

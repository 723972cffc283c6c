"""WeChat's push quota per citizen message: a new message opens a new window and quota,
in one write to the adapter's shared state (one Redis round trip, issue 16)."""

from __future__ import annotations

import pytest

from channels.errors import SendError
from channels.messages import OutboundMessage
from channels.state import LocalState
from channels.wechat import WeChatAdapter, WeChatSettings
from tests.contract.cases import APP_ID, TOKEN, wechat_plain_request, wechat_xml
from tests.contract.conftest import FakeProvider


def _reply(text: str) -> OutboundMessage:
    return OutboundMessage.model_validate(
        {"channel": "wechat", "recipient": "oCitizen1", "text": text}
    )


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
        await adapter.send(_reply("进展"))
    with pytest.raises(SendError) as info:
        await adapter.send(_reply("第四条"))
    assert not info.value.retryable
    assert len(provider.calls("/message/custom/send")) == 3
    # the citizen writes again: a new window and quota
    again = wechat_plain_request(wechat_xml("text", "<Content>y</Content>", "18").encode())
    await adapter.note_inbound(adapter.parse(again))
    await adapter.send(_reply("收到"))
    assert len(provider.calls("/message/custom/send")) == 4
    await adapter.aclose()


class _CountingState(LocalState):
    """The adapter's shared state, counting writes (each one Redis round trip)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    async def set(self, value: str, ttl: float, *parts: str) -> None:
        self.writes.append("set:" + parts[0])
        await super().set(value, ttl, *parts)

    async def delete(self, *parts: str) -> None:
        self.writes.append("delete:" + parts[0])
        await super().delete(*parts)


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
    state = _CountingState()
    adapter.bind(state=state)
    request = wechat_plain_request(wechat_xml("text", "<Content>x</Content>", "19").encode())
    await adapter.note_inbound(adapter.parse(request))
    assert state.writes == ["set:seen"]  # one round trip on Redis (was a set and a delete)
    await adapter.send(_reply("进展"))
    with pytest.raises(SendError):
        await adapter.send(_reply("第二条"))  # the quota of one is used
    await adapter.note_inbound(adapter.parse(request))  # the citizen writes again
    await adapter.send(_reply("收到"))  # a new quota, though the clock did not move
    assert len(provider.calls("/message/custom/send")) == 2
    await adapter.aclose()

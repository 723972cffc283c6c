"""The ``adapter`` fixture of the contract test files, one per channel: the channel's
adapter built by :mod:`tests.contract.cases` against the fake provider, closed after the
test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import pytest

from channels.base import ChannelAdapter
from tests.contract.conftest import FakeProvider

A = TypeVar("A", bound=ChannelAdapter)


def adapter_fixture(
    kind: type[A], build: Callable[[str], ChannelAdapter]
) -> Callable[[FakeProvider], AsyncIterator[A]]:
    """A fixture named ``adapter``: ``build(provider.base_url)``, checked to be a ``kind``,
    closed (``aclose``) after the test. Bind it at module level: ``adapter =
    adapter_fixture(SmsAdapter, sms_build)``."""

    async def adapter(provider: FakeProvider) -> AsyncIterator[A]:
        built = build(provider.base_url)
        assert isinstance(built, kind)
        yield built
        await built.aclose()

    return pytest.fixture(adapter)

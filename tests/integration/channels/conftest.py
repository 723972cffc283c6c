"""The contract suite's fake provider server, for the channel integration tests."""

from tests.contract.conftest import provider

__all__ = ["provider"]

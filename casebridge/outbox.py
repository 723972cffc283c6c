"""Where webhook delivery used to live; the code is in :mod:`casebridge.webhooks.delivery`."""

from casebridge.webhooks.delivery import USER_AGENT, DeliveryWorker, backoff

__all__ = ["USER_AGENT", "DeliveryWorker", "backoff"]

"""Find channel adapters: every subpackage of ``channels`` that exports ``ADAPTER``.

Adding a channel is adding one folder ``channels/<name>/`` whose ``__init__`` sets
``ADAPTER = <the adapter class>``; the gateway mounts it at ``/webhooks/<name>``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

import channels
from channels.base import ChannelAdapter


def adapter_classes() -> dict[str, type[ChannelAdapter]]:
    """Every adapter class shipped in ``channels/``, by channel name."""
    found: dict[str, type[ChannelAdapter]] = {}
    for info in pkgutil.iter_modules(channels.__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"channels.{info.name}")
        cls = getattr(module, "ADAPTER", None)
        if isinstance(cls, type) and issubclass(cls, ChannelAdapter):
            found[cls.name] = cls
    return found


def load_enabled(
    overrides: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[str, ChannelAdapter]:
    """Instantiate every adapter whose secrets are set.

    ``overrides`` maps a channel name to settings values that take precedence over the
    environment (tests use it to configure a channel without touching ``os.environ``);
    each channel's settings class validates them (``pydantic.ValidationError`` if wrong).
    """
    overrides = overrides or {}
    enabled: dict[str, ChannelAdapter] = {}
    for name, cls in sorted(adapter_classes().items()):
        # validated here by the settings class, whatever the caller passed
        values: dict[str, Any] = dict(overrides.get(name, {}))
        settings = cls.settings_class(**values)
        if settings.is_enabled():
            enabled[name] = cls.from_settings(settings)
    return enabled

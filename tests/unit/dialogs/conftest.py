"""Fixtures for the dialogue flow tests (helpers live in dialog_helpers.py)."""

from __future__ import annotations

from tests.unit.dialogs.dialog_helpers import chat, ctx, since_ctx, sms_ctx, wording

__all__ = ["chat", "ctx", "since_ctx", "sms_ctx", "wording"]

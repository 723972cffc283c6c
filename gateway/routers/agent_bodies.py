"""The request bodies of the agent console's API (``/api/agent/…``, :mod:`gateway.routers.agent`)
and its ``?key=`` query.

Every text field is a :data:`casebridge.inputs.SafeStr` with its own length limit, so a
body outside them is a 422 problem before any route runs (docs/security.md).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from casebridge.inputs import DbId, SafeStr

#: A conversation key as a query parameter (``?key=…``).
KeyQuery = Annotated[SafeStr, Query(min_length=1, max_length=255)]


class LoginBody(BaseModel):
    username: SafeStr = Field(min_length=1, max_length=64)
    password: SafeStr = Field(min_length=1, max_length=256)


class KeyBody(BaseModel):
    key: SafeStr = Field(min_length=1, max_length=255)


class ReplyBody(KeyBody):
    text: SafeStr = Field(min_length=1, max_length=2000)


class TransferBody(KeyBody):
    to: SafeStr = Field(min_length=1, max_length=64)


class RevealBody(KeyBody):
    turn_id: DbId


class OrderBody(KeyBody):
    token: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: SafeStr = Field(min_length=1, max_length=4000)
    order_type: Literal["appeal", "staff_complaint"] = "appeal"
    county: SafeStr | None = Field(default=None, max_length=64)
    township: SafeStr | None = Field(default=None, max_length=64)
    address: SafeStr | None = Field(default=None, max_length=300)
    since: SafeStr | None = Field(default=None, max_length=100)
    contact_name: SafeStr | None = Field(default=None, max_length=64)
    contact_phone: SafeStr | None = Field(default=None, max_length=20)
    # empty contact fields stand for the dialogue's recorded contact, else the caller's
    # (texter's) own number; false: only the fields given (then 422 without a phone
    # unless anonymous)
    use_session_contact: bool = True
    anonymous: bool = False
    again: bool = False  # another order in a conversation that has one (409 OrderExists)


class NewAgentBody(BaseModel):
    username: SafeStr = Field(min_length=2, max_length=64)
    display_name: SafeStr = Field(min_length=1, max_length=64)
    role: Literal["agent", "supervisor"] = "agent"
    password: SafeStr = Field(min_length=8, max_length=256)


class ImageBody(KeyBody):
    text: SafeStr = Field(default="", max_length=2000)
    filename: SafeStr | None = Field(default=None, max_length=120)
    mime: SafeStr | None = Field(default=None, max_length=64)
    data: str = Field(min_length=4)  # base64 of the picture


class EmergencyBody(BaseModel):
    id: str = Field(min_length=3, max_length=32, pattern=r"^EM[0-9A-F]+$")

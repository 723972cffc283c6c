"""Console types and pure helpers: settings, views, titles, JSON shapes."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from gateway.console.models import ConsoleConversation
from nlu.pii import fold, mask_text

log = logging.getLogger("hotline.console")


@functools.lru_cache(maxsize=4096)
def masked(text: str) -> str:
    """``nlu.pii.mask_text(text)``, remembered: a live turn's NLU summary and actions
    repeat the same strings (intents, categories, the bot's wording) turn after turn, and
    masking is a dozen regular-expression passes per string (issue 16: the largest share
    of the console's write-behind CPU). Same result as ``mask_text``, which is pure."""
    return mask_text(text)


@functools.lru_cache(maxsize=4096)
def folded(text: str) -> str:
    """``nlu.pii.fold(text)``, remembered (beside :func:`masked`, on the same texts)."""
    return fold(text)


Direction = Literal["in", "out", "agent", "system"]
Role = Literal["agent", "supervisor"]
#: Every reason a dialogue hands a conversation to a person with (``dialogs`` ``handoff``)
#: and the console's own; an agent never reads the code.
REASON_LABELS = {
    "citizen_request": "诉求人要求人工服务",
    "address_unresolved": "事发地点无法确定",
    "abuse": "违反条例第十一条的行为",
    "order_failed": "工单提交失败",
    "hotline_service": "对热线服务的意见",
    "progress_without_number": "查询进度但没有工单编号",
    "progress_without_phone": "查询进度但无法核验电话",
    "knowledge_unfound": "咨询问题知识库未能解答",
    "withdraw_request": "诉求人申请撤回已派转的工单",
    "matter_unclear": "多次询问仍未说明诉求内容",
    "emergency": "紧急求助：诉求人无法自行拨打急救电话，请立即协助",
    "result_unsatisfied": "诉求人对工单处理结果不满意，请跟进回访",
    "urge_earlier_by_phone": "诉求人催办此前反映的事项，请按其提供的电话查找原工单",
}
#: A reason without a label (a new one) still reads as Chinese.
OTHER_REASON = "需要人工处理"
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_ATTACHMENT_FIELDS = ("kind", "mime", "size", "blob_key", "filename", "duration_seconds")
# a real hash of nothing useful, so a wrong username costs as much as a wrong password
_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


class ConsoleSettings(BaseSettings):
    """Console limits from ``HOTLINE_CONSOLE_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_CONSOLE_", extra="ignore")

    session_ttl_seconds: float = Field(default=1800, ge=10)  # idle sign-ins end
    # presence: refreshed by every request and the page's event stream (every 15 s); a
    # closed page or a lost network lets it lapse and the agent's chats go back to the queue
    presence_ttl_seconds: float = Field(default=90, ge=5)
    unclaimed_alert_seconds: float = Field(default=120, ge=1)  # queue wait that alerts
    sweep_interval_seconds: float = Field(default=5, gt=0)
    # the write-behind queue of turn records: bounded (callers wait when full), group
    # commits of up to ``write_batch`` turns, at most ``write_interval_seconds`` apart
    write_queue_capacity: int = Field(default=10_000, ge=1)
    write_batch: int = Field(default=500, ge=1)
    write_interval_seconds: float = Field(default=0.05, ge=0)


@dataclass(frozen=True)
class AgentView:
    """A signed-in console user."""

    username: str
    display_name: str
    role: str

    @property
    def supervisor(self) -> bool:
        """Supervisors see the whole queue, every agent's load, and may force hand-backs."""
        return self.role == "supervisor"


@dataclass(frozen=True)
class QueueItem:
    """A conversation waiting for (or held by) an agent."""

    key: str
    channel: str
    status: str
    reason: str | None
    summary: str | None
    queued_at: datetime | None
    waiting_seconds: float
    position: int  # 1 = next; 0 when held
    reason_label: str
    held_by: str | None
    alerted: bool
    work_order: str | None
    title: str = ""  # what an agent reads: channel, a short citizen tag, the matter
    held_by_name: str | None = None  # the holder's display name (张敏), trial4 F13
    left: bool = False  # a web-chat citizen whose page is closed (trial4 F35)


@dataclass(frozen=True)
class TurnView:
    """A turn as the console shows it: personal data masked."""

    id: int
    at: datetime
    direction: str
    author: str | None
    text: str
    masked: bool  # True when masking changed the text (the agent may open it, logged)
    attachments: list[dict[str, Any]]
    nlu: dict[str, Any] | None
    actions: list[dict[str, Any]] | None


@dataclass(frozen=True)
class AgentLoad:
    """A supervisor's view of one agent."""

    username: str
    display_name: str
    role: str
    online: bool
    holding: int


@dataclass
class SweepResult:
    """What one sweep did."""

    requeued: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


def _insert_ignore(dialect: str, values: dict[str, Any] | list[dict[str, Any]]) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` for conversation rows (both backends); a list
    is one multi-row statement."""
    rows = values if isinstance(values, list) else [values]
    if dialect == "postgresql":
        return (
            postgresql.insert(ConsoleConversation)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    return (
        sqlite.insert(ConsoleConversation)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
    )


def _mask_json(value: Any) -> Any:
    """Every string in a JSON value masked (``nlu.pii.mask_text``): a turn's recorded
    actions and NLU summary carry the bot's own texts (the read-back names the citizen),
    which reach the agent's browser like the turn's text, masked."""
    if isinstance(value, str):
        return masked(value)
    if isinstance(value, list):
        return [_mask_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_json(v) for k, v in value.items()}
    return value


def _mask_attachment(att: dict[str, Any]) -> dict[str, Any]:
    out = {k: att.get(k) for k in _ATTACHMENT_FIELDS if att.get(k) is not None}
    for k in ("transcript", "ocr_text"):
        if att.get(k):
            out[k] = mask_text(str(att[k]))
    return out


_MARKER_TTL = 30 * 24 * 3600.0  # refreshed on every message; longer than any hold


CHANNEL_LABELS = {
    "wechat": "微信用户",
    "sms": "短信用户",
    "voice": "来电",
    "weibo": "微博用户",
    "telegram": "Telegram用户",
    "web": "网页访客",
}


def conversation_title(channel: str, sender: str, matter: str = "") -> str:
    """``网页访客…9ee1 · 路灯坏了一个多星期`` (the sender's id shortened, digits masked)."""
    who = CHANNEL_LABELS.get(channel, channel)
    tag = sender[-4:] if len(sender) > 4 else sender
    title = f"{who}…{tag}"
    matter = " ".join(mask_text(matter).split())
    if matter:
        title += " · " + (matter[:18] + "…" if len(matter) > 18 else matter)
    return title


def reason_label(reason: str | None) -> str:
    """The Chinese label of a hand-off reason (``abuse:repeat`` -> the abuse label)."""
    if not reason:
        return ""
    return REASON_LABELS.get(reason.split(":", 1)[0], OTHER_REASON)


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:500] or None


def _jsonable(view: TurnView | QueueItem) -> dict[str, Any]:
    data = dict(view.__dict__)
    for k, v in data.items():
        if isinstance(v, datetime):
            data[k] = v.isoformat()
    return data


def turn_json(view: TurnView) -> dict[str, Any]:
    """A turn for the JSON API."""
    return _jsonable(view)


def queue_json(items: Sequence[QueueItem]) -> list[dict[str, Any]]:
    """Queue items for the JSON API."""
    return [_jsonable(i) for i in items]

"""Effectful actions of the dialogue, run at the edge.

The pure engine emits actions (:mod:`dialogs.model`); :class:`ActionRunner` runs them
against the rooms (case store, knowledge base, agent console) and returns the event that
carries each result back into the engine.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from casebridge.intake import AppealDraft, DraftAttachment, IntakePort
from channels.messages import OutboundMessage
from dialogs import model as dm
from gateway import metrics
from gateway.kv import KEYS
from gateway.pipeline.emergency import report_for
from gateway.ports import ConsolePort, EmergencyPort, KnowledgePort, RepeatPort
from nlu.pii import mask_text

log = logging.getLogger("hotline.pipeline")

_DRAFT_FIELDS = {f.name for f in dataclasses.fields(AppealDraft)}


@dataclass(frozen=True)
class Conversation:
    """Who is behind a conversation key."""

    channel: str
    account: str
    sender: str

    @property
    def key(self) -> str:
        """The session key (``channel:account:sender``)."""
        return KEYS.conversation(self.channel, self.account, self.sender)


class ActionRunner:
    """Runs the dialogue's effectful actions against the rooms."""

    def __init__(
        self,
        *,
        cases: IntakePort,
        knowledge: KnowledgePort | None,
        console: ConsolePort | None,
        repeats: RepeatPort | None,
        emergencies: EmergencyPort | None = None,
    ) -> None:
        self.cases = cases
        self.knowledge = knowledge
        self.console = console
        self.repeats = repeats
        self.emergencies = emergencies

    async def execute(
        self,
        conv: Conversation,
        action: Any,
        message_key: str,
        replies: list[OutboundMessage],
        origin: Any = None,
    ) -> Any:
        """Run one action; returns the event its result feeds back into the dialogue, if any.

        A failing action becomes :class:`~dialogs.model.ActionFailed` (its reason masked),
        never an exception: the dialogue apologizes or escalates.
        """
        out = {"channel": conv.channel, "account": conv.account, "recipient": conv.sender}
        try:
            match action:
                case dm.Reply(text=text, quick_replies=qr):
                    replies.append(OutboundMessage(text=text, quick_replies=qr, **out))
                case dm.Transfer(service=service, text=text):
                    replies.append(OutboundMessage(text=text, transfer_to=service, **out))
                    if self.emergencies is not None:  # 第十三条(一): to the dispatch desk too
                        report = report_for(conv.key, action, origin, message_key)
                        await self.emergencies.hand_over(report)
                case dm.OpenWorkOrder(draft=draft):
                    receipt = await self.cases.open_work_order(
                        draft_for(draft, conv, f"{message_key}:order")
                    )
                    metrics.WORK_ORDERS.labels(conv.channel).inc()
                    if self.repeats is not None and receipt.created:
                        self.repeats.remember(
                            receipt.number,
                            str(draft.get("text", "")),
                            conv.key,
                            category=draft.get("category_level1"),
                            county=draft.get("county"),
                        )
                    return dm.OrderOpened(
                        number=receipt.number,
                        unit_name=receipt.unit_name,
                        deadline=receipt.deadline,
                    )
                case dm.LookupOrder(number=number, phone_last4=last4):
                    view = await self.cases.progress(
                        number, last4, channel=conv.channel, sender=conv.sender
                    )
                    if view is None:
                        return dm.OrderFound(found=False, number=number)
                    return dm.OrderFound(
                        found=True,
                        number=view.number,
                        state=view.state,
                        state_label=view.state_label,
                        unit_name=view.unit_name,
                        deadline=view.deadline,
                        result=view.result,
                        can_evaluate=view.can_evaluate,
                    )
                case dm.SearchKnowledge(query=query):
                    hits = self.knowledge.search(query, k=3) if self.knowledge else []
                    return dm.KnowledgeFound(answers=tuple(dataclasses.asdict(h) for h in hits))
                case dm.RecordEvaluation(number=number, satisfaction=sat, reason=reason):
                    await self.cases.record_evaluation(
                        number, sat, reason, conv.channel, conv.sender
                    )
                case dm.Handoff(reason=reason, summary=summary):
                    if self.console is None:
                        return dm.ActionFailed(action="handoff", reason="no agent console")
                    position = await self.console.enqueue(
                        conv.key, conv.channel, conv.account, conv.sender, reason, summary
                    )
                    return dm.HandoffQueued(position=position)
                case dm.RecordDisposition() | dm.FlagAbuse():
                    log.info(
                        "conversation outcome",
                        extra={"conversation": conv.key, "action": action.model_dump(mode="json")},
                    )
                case _:
                    log.warning("unknown action ignored", extra={"action": repr(action)})
        except Exception as exc:
            log.exception("action failed", extra={"action": type(action).__name__})
            return dm.ActionFailed(action=type(action).__name__, reason=mask_text(str(exc))[:200])
        return None


def draft_for(draft: dict[str, Any], conv: Conversation, key: str) -> AppealDraft:
    fields = {k: v for k, v in draft.items() if k in _DRAFT_FIELDS}
    atts = tuple(
        DraftAttachment(**{k: v for k, v in a.items() if k in DraftAttachment.__dataclass_fields__})
        for a in fields.pop("attachments", ()) or ()
        if isinstance(a, dict)
    )
    fields.update(
        idempotency_key=key,
        channel=conv.channel,
        sender=conv.sender,
        conversation_id=conv.key,
        attachments=atts,
    )
    return AppealDraft(**fields)

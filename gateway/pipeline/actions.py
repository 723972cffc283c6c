"""Effectful actions of the dialogue, run at the edge.

The pure engine emits actions (:mod:`dialogs.model`); :class:`ActionRunner` runs them
against the rooms (case store, knowledge base, agent console) and returns the event that
carries each result back into the engine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import assert_never

from casebridge.intake import AppealDraft, IntakePort
from channels.messages import Attachment, AttachmentKind, OutboundMessage
from dialogs import model as dm
from gateway import metrics
from gateway.kv import KEYS, Store
from gateway.kv.limits import PROGRESS_FAILURES
from gateway.pipeline.admission import Gate
from gateway.pipeline.emergency import report_for
from gateway.ports import (
    ConsolePort,
    EmergencyPort,
    KnowledgePort,
    PicturePort,
    RepeatPort,
)
from nlu.pii import mask_text
from nlu.types import Category

# The category of a whole text (the pipeline's NLU, the citizen's identification left out).
Classify = Callable[[str], Awaitable[Category | None]]
SUPPLEMENT = "（补充）"  # dialogs.intake joins the pieces of a matter told in several messages


async def whole_matter(draft: dm.WorkOrderDraft, classify: Classify | None) -> dm.WorkOrderDraft:
    """The draft with the category of its whole matter when the matter was told in pieces.

    The dialogue keeps the category of the first piece that had one (「俺在高新区一个服装厂
    干活」 → 城乡建设); the pieces that follow (「老板欠俺们三个月的工资」) often say what the
    matter is. The place is left out of what is read (the answer to "where?" is often one of
    the pieces). A matter told in one message keeps the dialogue's category; so does a
    staff complaint (第九条: its unit is the office complained about) and a draft whose
    whole text gets no category. Supplements told at the read-back are not read
    (``lead_text``): a second matter there never re-routes the first (trial12 P11).
    """
    # a supplement told at the read-back (「还有 那个KTV门口的车把消防通道都堵了」) may be a
    # second matter: the unit follows the matter as read back first (trial12 P11)
    lead = draft.lead_text if draft.lead_text and draft.category_level1 else draft.text
    if classify is None or draft.order_type != "appeal" or SUPPLEMENT not in lead:
        return draft
    places = (draft.address, draft.village, draft.township, draft.county)
    category = await classify(without_places(lead, places))
    if category is None:
        return draft
    return dataclasses.replace(
        draft,
        category_level1=category.level1,
        category_level2=category.level2,
        unit_type=category.unit_type,
    )


def without_places(text: str, places: tuple[str | None, ...]) -> str:
    """The matter as it is classified: the pieces' joins (``（补充）``) as commas and the
    place's words (``places``: address, village, township, county, as told) blanked, for
    where it is never decides what it is (人民路 is no traffic matter). The one reading of
    the bot's orders (:func:`whole_matter`) and the console's (trial11 N02)."""
    text = text.replace(SUPPLEMENT, "，")
    for said in places:
        if said:
            text = text.replace(said, " ")
    return text


log = logging.getLogger("hotline.pipeline")


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
        pictures: PicturePort | None = None,
        store: Store | None = None,
        gate: Gate | None = None,
        classify: Classify | None = None,
    ) -> None:
        self.cases = cases
        self.classify = classify
        self.store = store
        # the pipeline's admission gate: left while an order waits for the database
        self.gate = gate
        self.knowledge = knowledge
        self.console = console
        self.repeats = repeats
        self.emergencies = emergencies
        self.pictures = pictures

    async def execute(
        self,
        conv: Conversation,
        action: dm.Action,
        message_key: str,
        replies: list[OutboundMessage],
        origin: dm.Event | None = None,
    ) -> dm.Event | None:
        """Run one action; returns the event its result feeds back into the dialogue, if any.

        ``origin`` is the event the action answers (the citizen's message, for the
        emergency record's who/what/where).

        A failing action becomes :class:`~dialogs.model.ActionFailed` (its reason masked),
        never an exception: the dialogue apologizes or escalates.
        """
        try:
            return await self._run(conv, action, message_key, replies, origin)
        except Exception as exc:
            log.exception("action failed", extra={"action": action.type})
            return dm.ActionFailed(action=action.type, reason=mask_text(str(exc))[:200])

    async def _run(
        self,
        conv: Conversation,
        action: dm.Action,
        message_key: str,
        replies: list[OutboundMessage],
        origin: dm.Event | None,
    ) -> dm.Event | None:
        out = {"channel": conv.channel, "account": conv.account, "recipient": conv.sender}
        match action:
            case dm.Reply(text=text, quick_replies=qr, attachments=pictures):
                atts = tuple(outgoing_attachment(p) for p in pictures)
                replies.append(
                    OutboundMessage(text=text, quick_replies=qr, attachments=atts, **out)
                )
                return None
            case dm.Transfer(service=service, text=text):
                replies.append(OutboundMessage(text=text, transfer_to=service, **out))
                if self.emergencies is not None:  # 第十三条(一): to the dispatch desk too
                    report = report_for(conv.key, action, origin, message_key)
                    await self.emergencies.hand_over(report)
                return None
            case dm.NoteEmergency():
                # what the citizen adds after the numbers (cannot call, the place, a phone):
                # the conversation's record of the service gets it (trial12 P05)
                if self.emergencies is not None:
                    await self.emergencies.amend(report_for(conv.key, action, origin, message_key))
                return None
            case dm.OpenWorkOrder(draft=told):
                draft = await whole_matter(told, self.classify)
                # An order may wait for the database (its queue, a stopped server): its
                # gate slot goes to other citizens meanwhile, so replies that need no
                # order keep flowing (issue 16).
                async with self.gate.outside() if self.gate else contextlib.nullcontext():
                    receipt = await self.cases.open_work_order(
                        appeal_draft(draft, conv, f"{message_key}:order")
                    )
                metrics.WORK_ORDERS.labels(conv.channel).inc()
                if self.repeats is not None and receipt.created:
                    self.repeats.remember(
                        receipt.number,
                        draft.text,
                        conv.key,
                        category=draft.category_level1,
                        county=draft.county,
                        phone=draft.contact_phone,
                        place=draft.address,
                    )
                return dm.OrderOpened(
                    number=receipt.number, unit_name=receipt.unit_name, deadline=receipt.deadline
                )
            case dm.FindOrders():
                # the citizen's own orders, by the channel identity of this conversation
                mine = self.repeats.theirs(conv.key) if self.repeats is not None else []
                return dm.OrdersFound(orders=tuple(mine))
            case dm.LookupOrder(number=number, phone_last4=last4, own=own):
                if own:  # listed to its own channel identity: that is the proof
                    theirs, last4 = (
                        self.repeats.owns(conv.key, number)
                        if self.repeats is not None
                        else (False, None)
                    )
                    if not theirs:
                        return dm.OrderFound(found=False, number=number)
                # the phone tail is guessable: misses count against the same budget as
                # POST /api/progress (per number), checked and counted in one step
                subjects = ("chat:" + conv.key, "no:" + number.strip().upper())
                if self.store is not None and not await PROGRESS_FAILURES.acquire(
                    self.store, subjects
                ):
                    return dm.ActionFailed(action=action.type, reason="too many misses")
                view = await self.cases.progress(
                    number, last4, channel=conv.channel, sender=conv.sender
                )
                if view is None:
                    return dm.OrderFound(found=False, number=number)
                if self.store is not None:
                    await PROGRESS_FAILURES.release(self.store, subjects)
                return dm.OrderFound(
                    found=True,
                    number=view.number,
                    state=view.state,
                    state_label=view.state_label,
                    unit_name=view.unit_name,
                    deadline=view.deadline,
                    # anyone with the number and the phone's last four reads it, as with
                    # POST /api/progress: the unit's result masked the same way (trial5 F16)
                    result=mask_text(view.result, public=True) if view.result else view.result,
                    can_evaluate=view.can_evaluate,
                )
            case dm.SearchKnowledge(query=query):
                hits = tuple(self.knowledge.search(query, k=3) if self.knowledge else [])
                if self.pictures is not None:
                    hits = await self.pictures.resolve(hits)
                return dm.KnowledgeFound(answers=hits)
            case dm.RecordEvaluation(number=number, satisfaction=sat, reason=reason):
                await self.cases.record_evaluation(number, sat, reason, conv.channel, conv.sender)
                return None
            case dm.RecordUrging(number=number, text=text):
                await self.cases.record_urging(number, text, conv.channel, conv.sender)
                return None
            case dm.Handoff(reason=reason, summary=summary):
                if self.console is None:
                    return dm.ActionFailed(action="handoff", reason="no agent console")
                position = await self.console.enqueue(
                    conv.key, conv.channel, conv.account, conv.sender, reason, summary
                )
                return dm.HandoffQueued(position=position)
            case dm.TellAgent(text=text):
                if self.console is not None:
                    await self.console.record_turn(
                        conv.key,
                        conv.channel,
                        conv.account,
                        conv.sender,
                        "system",
                        text,
                        [],
                        None,
                        None,
                    )
                return None
            case dm.RecordDisposition() | dm.FlagAbuse():
                log.info(
                    "conversation outcome",
                    extra={"conversation": conv.key, "action": action.model_dump(mode="json")},
                )
                return None
            case _:
                assert_never(action)


def outgoing_attachment(picture: dm.ReplyAttachment) -> Attachment:
    """A reply's picture as the channels send it: the stored bytes (WeChat temporary
    media, Telegram ``sendPhoto``) and the public link (MMS ``MediaUrl``, the web chat,
    and the text link where a channel cannot show pictures)."""
    name = picture.blob_key.rsplit("/", 1)[-1] if picture.blob_key else None
    return Attachment(
        kind=AttachmentKind.IMAGE,
        mime=picture.mime,
        blob_key=picture.blob_key,
        source_url=picture.url,
        filename=name,
    )


def appeal_draft(draft: dm.WorkOrderDraft, conv: Conversation, key: str) -> AppealDraft:
    """The one mapping from the dialogue's typed draft to the case store's
    :class:`~casebridge.intake.AppealDraft` (``key``: the idempotency key)."""
    return AppealDraft.of(
        draft,
        idempotency_key=key,
        channel=conv.channel,
        sender=conv.sender,
        conversation_id=conv.key,
        extra={"question": draft.question} if draft.question else {},
    )

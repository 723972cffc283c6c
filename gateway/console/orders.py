"""Work orders from the console: the prefilled form and the idempotent submit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from casebridge.catalogue import COUNTIES
from casebridge.inputs import phone_number
from casebridge.intake import AppealDraft, IntakePort, OrderReceipt
from casebridge.privacy import mask_name, phone_last4
from channels.voice.callers import withheld
from dialogs.state import CategoryGuess, IntakeSlots
from gateway.console.core import ConsoleCore
from gateway.console.errors import Forbidden, InvalidInput, OrderExists
from gateway.console.models import ConsoleAudit, ConsoleConversation, ConsoleTurn
from gateway.console.views import (
    _TOKEN,
    AgentView,
    _opt,
    conversation_title,
)
from gateway.pipeline.actions import Classify, without_places
from nlu.pii import mask_text
from nlu.types import Category

#: Channels whose sender is the citizen's own telephone number, vouched for by the
#: provider (``InboundMessage.contact_phone``): the order's contact unless another is given.
PHONE_CHANNELS = frozenset({"voice", "sms"})


#: A mainland mobile with or without the country code (+86, 0086, 86), separators removed.
_MOBILE = re.compile(r"(?:\+?86|0086)?(1[3-9][0-9]{9})")
NO_CONTACT = (
    "请填写诉求人的联系电话，以便承办单位联系并反馈办理结果；"
    "诉求人不愿留下联系方式的，请勾选“匿名”。"
)


def order_phone(text: str) -> str:
    """The contact phone as an order keeps it, in the form the bot's orders have
    (:func:`dialogs.spoken.clean_phone`): a mainland mobile as its eleven digits
    (``+8613853005501``, ``138 5300 5501`` → ``13853005501``), any other number as the
    one phone reading of every surface (:func:`casebridge.inputs.phone_number`:
    ``0530-5551234``). :class:`ValueError` when ``text`` is no phone number."""
    folded = phone_number(text)
    mobile = _MOBILE.fullmatch(re.sub(r"[\s()（）-]", "", folded))
    return mobile.group(1) if mobile else folded


def channel_phone(channel: str, sender: str) -> str | None:
    """The caller's (texter's) number on a phone channel; None for a withheld caller ID
    (``anonymous-<CallSid>``) and on every other channel."""
    if channel not in PHONE_CHANNELS or withheld(sender):
        return None
    return sender if re.fullmatch(r"\+?[0-9-]{5,20}", sender) else None


@dataclass(frozen=True)
class Counties:
    """The counties, districts and zones of Heze an order may name (the form's 县区 list).

    ``aliases`` maps every accepted spelling (``经开区``, ``曹县``) to its canonical name;
    the router builds it from the dispatch catalogue, so the list is the one orders are
    dispatched by. Anything else (``北京市``) is refused: it would go to the city office.
    """

    names: tuple[str, ...] = COUNTIES
    aliases: Mapping[str, str] = field(default_factory=lambda: {c: c for c in COUNTIES})

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, str]) -> Counties:
        """The list in the catalogue's order of canonical names (counties first)."""
        names = tuple(dict.fromkeys(aliases.values()))
        return cls(names, dict(aliases))

    def canonical(self, value: str) -> str | None:
        """The canonical name of ``value`` (``山东省菏泽市`` prefixes allowed), or None."""
        v = value.strip().removeprefix("山东省").removeprefix("菏泽市").strip()
        return self.aliases.get(v)


HEZE_COUNTIES = Counties()


class OrdersMixin(ConsoleCore):
    """Prefill and open work orders."""

    # ------------------------------------------------------------- work orders
    async def prefill(
        self,
        conversation_key: str,
        counties: Counties = HEZE_COUNTIES,
        heard: Mapping[str, str | None] | None = None,
    ) -> dict[str, Any]:
        """Work-order fields taken from the conversation and the bot's session (masked).

        ``heard``: what live assist drafted from a call (``text``, ``county``,
        ``township``, ``address``, ``since``, ``contact_name``; the agent heard it, so in
        clear as the draft's phone is), for each field the dialogue recorded nothing in
        (trial11 N07: the call's county, the matter without greeting and contact)."""
        told = {k: v for k, v in (heard or {}).items() if v}
        conv = await self.conversation(conversation_key)
        facts = await self.dialogue_facts(conversation_key) or IntakeSlots()
        async with self.sessions() as s:
            texts = (
                await s.scalars(
                    select(ConsoleTurn.text)
                    .where(
                        ConsoleTurn.conversation_key == conversation_key,
                        ConsoleTurn.direction == "in",
                        ConsoleTurn.text != "",
                    )
                    .order_by(ConsoleTurn.id.desc())
                    .limit(20)
                )
            ).all()
        phone = facts.contact_phone or channel_phone(conv.channel, conv.sender)
        # short turns are answers to the bot ("确认", "匿名", "转人工"), not the appeal
        text = facts.matter or "\n".join(t for t in reversed(texts) if len(t.strip()) >= 6)
        place = facts.place
        return {
            "text": told["text"] if not facts.matter and "text" in told else mask_text(text),
            "order_type": facts.order_type,
            "county": place.county or told.get("county"),
            "counties": list(counties.names),
            "township": place.township or told.get("township"),
            "address": place.address() or told.get("address"),
            "since": facts.since or told.get("since"),
            # masked like the turns; the order takes the recorded name (see open_order)
            "contact_name": mask_name(facts.name) if facts.name else told.get("contact_name"),
            "has_contact_phone": phone is not None,
            # which number an empty phone field stands for (masked): the recorded one, or
            # the caller's own on a call or a text message
            "contact_phone_hint": f"尾号{phone_last4(phone)}" if phone_last4(phone) else None,
            "anonymous": facts.anonymous,
            "channel": conv.channel,
            # the conversation's order, the console's or the bot's: the form warns
            "work_order": conv.work_order or await self.last_bot_order(conversation_key),
            "title": conversation_title(conv.channel, conv.sender, facts.matter),
        }

    async def _token_used(self, conversation_key: str, token: str) -> bool:
        """Whether this form token filed an order here already (a repeated click)."""
        async with self.sessions() as s:
            details = (
                await s.scalars(
                    select(ConsoleAudit.detail).where(
                        ConsoleAudit.conversation_key == conversation_key,
                        ConsoleAudit.action == "open_order",
                    )
                )
            ).all()
        return any((d or {}).get("token") == token for d in details)

    async def open_order(
        self,
        cases: IntakePort,
        conversation_key: str,
        agent: AgentView,
        fields: dict[str, Any],
        counties: Counties = HEZE_COUNTIES,
        classify: Classify | None = None,
    ) -> OrderReceipt:
        """Write the work order from the console (idempotent on the form's token).

        ``fields`` are :class:`gateway.routers.agent_bodies.OrderBody`'s. The category is
        read from the order's text like every other order's (``classify``: the pipeline's
        :meth:`~gateway.pipeline.reading.MessageReading.category_of`, the place's words
        left out: :func:`~gateway.pipeline.actions.without_places`), so the order goes to
        the competent unit (trial11 N02); the dialogue's category only when the text gives
        none, and for a staff complaint (第九条: its unit is the office complained about).
        Empty contact fields stand for the dialogue's recorded contact, else the caller's
        (texter's) own number (``use_session_contact``, default true; false: only what the
        form says). Raises :class:`InvalidInput` (422) for an order with no phone that is
        not 匿名 (:data:`NO_CONTACT`), an unreadable phone, a county outside Heze, an
        empty text; :class:`Forbidden` when the agent does not hold the conversation;
        :class:`OrderExists` for a second order without ``again``."""
        conv = await self.conversation(conversation_key)
        if conv.held_by != agent.username:
            # supervisors too: the holder's form is open, and an order filed behind their
            # back would be filed twice (trial4 F22); a supervisor takes the chat over first
            raise Forbidden(
                f"该会话由{conv.held_by}处理中，只有接入会话的坐席可以登记工单"
                "（值班长如需登记，请先将会话转交给自己）"
                if conv.held_by
                else "请先接入该会话再登记工单"
            )
        token = str(fields.get("token", ""))
        text = str(fields.get("text", "")).strip()
        order_type = str(fields.get("order_type") or "appeal")
        if not _TOKEN.match(token):
            raise InvalidInput("表单已过期，请刷新页面后重新提交")
        if not text or len(text) > 4000:
            raise InvalidInput("请填写诉求内容（不超过4000字）")
        if order_type not in ("appeal", "staff_complaint"):
            raise InvalidInput("诉求类型须为一般诉求或工作人员投诉举报")
        existing = conv.work_order or await self.last_bot_order(conversation_key)
        # a repeated click (the same token) gets the order it filed, whatever the form says
        repeat = bool(existing) and await self._token_used(conversation_key, token)
        if existing and not fields.get("again") and not repeat:
            raise OrderExists(
                f"本会话已登记工单{existing}。如诉求人另有事项需要登记，请确认后再提交。"
            )
        county = _opt(fields.get("county"))
        if county is not None:
            canonical = counties.canonical(str(county))
            if canonical is None:
                raise InvalidInput(
                    f"“{county}”不是菏泽市所辖县区，请从列表中选择："
                    + "、".join(counties.names)
                    + "。不属于本市的诉求请告知诉求人向当地12345热线反映。"
                )
            county = canonical
        facts = await self.dialogue_facts(conversation_key) or IntakeSlots()
        anonymous = bool(fields.get("anonymous"))
        # empty contact fields: the dialogue's recorded contact, else the caller's number
        # (docs/channels.md, docs/assist.md); ``use_session_contact: false`` opts out
        session = fields.get("use_session_contact", True) is not False and not anonymous
        phone = _opt(fields.get("contact_phone"))
        if phone is None and session:
            phone = facts.contact_phone or channel_phone(conv.channel, conv.sender)
        try:  # the one phone reading of every surface, mobiles in the bot's form
            phone = order_phone(str(phone)) if phone is not None else None
        except ValueError:
            raise InvalidInput(
                "联系电话应为手机号码或带区号的固定电话（可带 +、空格或 -）"
            ) from None
        if phone is None and not anonymous and not repeat:
            raise InvalidInput(NO_CONTACT)
        if "*" in text:
            # a masked excerpt: replace it with the recorded clear text of the citizen
            text = facts.matter or text
        name = _opt(fields.get("contact_name"))
        if name is not None and "*" in name and facts.name and name == mask_name(facts.name):
            name = facts.name  # the prefilled masked name stands for the recorded one
        if name is None and session:
            name = facts.name
        cat: CategoryGuess | Category | None = facts.category
        if classify is not None and order_type == "appeal":
            places = (_opt(fields.get("address")), _opt(fields.get("township")), county)
            cat = await classify(without_places(text, places)) or cat
        draft = AppealDraft(
            idempotency_key=f"console:{conversation_key}:{token}",
            channel=conv.channel,
            sender=conv.sender,
            text=text,
            order_type=order_type,
            county=county,
            township=_opt(fields.get("township")),
            address=_opt(fields.get("address")),
            since=_opt(fields.get("since")),
            contact_name=None if anonymous else name,
            contact_phone=None if anonymous else (str(phone) if phone else None),
            anonymous=anonymous,
            conversation_id=conversation_key,
            category_level1=cat.level1 if cat else None,
            category_level2=cat.level2 if cat else None,
            unit_type=cat.unit_type if cat else None,
            extra={"agent": agent.username, "source": "console"},
        )
        receipt = await cases.open_work_order(draft)
        now = self.clock()
        async with self.sessions() as s, s.begin():
            await s.execute(
                update(ConsoleConversation)
                .where(ConsoleConversation.key == conversation_key)
                .values(work_order=receipt.number, updated_at=now)
            )
            self._audit(
                s,
                now,
                agent.username,
                "open_order",
                conversation_key,
                {"number": receipt.number, "created": receipt.created, "token": token},
            )
            self._system_turn(
                s, now, conversation_key, f"{agent.display_name} 登记工单 {receipt.number}"
            )
        self.hub.publish({"type": "queue", "key": conversation_key}, everyone=True)
        return receipt

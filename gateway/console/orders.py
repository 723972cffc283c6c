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
from channels.voice.adapter import withheld
from dialogs.state import IntakeSlots
from gateway.console.core import ConsoleCore
from gateway.console.errors import Forbidden, InvalidInput, OrderExists
from gateway.console.models import ConsoleAudit, ConsoleConversation, ConsoleTurn
from gateway.console.views import (
    _TOKEN,
    AgentView,
    _opt,
    conversation_title,
)
from nlu.pii import mask_text

#: Channels whose sender is the citizen's own telephone number, vouched for by the
#: provider (``InboundMessage.contact_phone``): the order's contact unless another is given.
PHONE_CHANNELS = frozenset({"voice", "sms"})


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
        self, conversation_key: str, counties: Counties = HEZE_COUNTIES
    ) -> dict[str, Any]:
        """Work-order fields taken from the conversation and the bot's session (masked)."""
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
        return {
            "text": mask_text(text),
            "order_type": facts.order_type,
            "county": facts.place.county,
            "counties": list(counties.names),
            "township": facts.place.township,
            "address": facts.place.address(),
            "since": facts.since,
            # masked like the turns; the order takes the recorded name (see open_order)
            "contact_name": mask_name(facts.name),
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
    ) -> OrderReceipt:
        """Write the work order from the console (idempotent on the form's token)."""
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
        if (
            existing
            and not fields.get("again")
            and not await self._token_used(conversation_key, token)
        ):
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
        phone = _opt(fields.get("contact_phone"))
        if phone is None and fields.get("use_session_contact") and not anonymous:
            phone = facts.contact_phone or channel_phone(conv.channel, conv.sender)
        try:  # the one phone reading of every surface (casebridge.inputs)
            phone = phone_number(str(phone)) if phone is not None else None
        except ValueError:
            raise InvalidInput(
                "联系电话应为手机号码或带区号的固定电话（可带 +、空格或 -）"
            ) from None
        if "*" in text:
            # a masked excerpt: replace it with the recorded clear text of the citizen
            text = facts.matter or text
        name = _opt(fields.get("contact_name"))
        if name is not None and "*" in name and facts.name and name == mask_name(facts.name):
            name = facts.name  # the prefilled masked name stands for the recorded one
        cat = facts.category
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

"""第十三条(二): the one legal channel that fits what the citizen said.

The NLU finds that a matter belongs to a legal channel (``TriageOutcome.LEGAL_CHANNEL``);
the answer names the channel that fits it rather than a list of every one: the 纪检监察
机关 (12388) for an official's corruption, the court that has the case, the labour
arbitration commission for a labour dispute, 依申请公开 for government information, the
复议机关 for a review, the 信访 office for a petition. Each channel's words are the wording
table's ``referral_<channel>`` list, its answer the ``legal_channel_<channel>`` text; what
fits none gets the general ``legal_channel`` answer. A (四), (五) or (六) matter of a known
kind (``Triage.kind``) is answered with its own reason, which states the rule and, for
(五), the consequence (``secret_privacy_kind``, ``unlawful_kind``, ``unacceptable_kind``);
so is a (二) kind outside the six channels (国家赔偿, a relative's criminal case:
``legal_channel_kind``). Without a kind the general answer states the rule's reason
(原因：…).
"""

from __future__ import annotations

import re

from dialogs.context import DialogContext
from dialogs.spoken import plain
from nlu.types import Triage, TriageOutcome

__all__ = ["CHANNELS", "answer_of", "legal_channel", "referral_key"]

# 第十三条 (二), (四)-(六): the answer's wording key and the disposition recorded
_ANSWERS = {
    TriageOutcome.LEGAL_CHANNEL: ("legal_channel", "referred"),
    TriageOutcome.SECRET_PRIVACY: ("secret_privacy", "explained"),
    TriageOutcome.UNLAWFUL: ("unlawful", "persuaded"),
    TriageOutcome.UNACCEPTABLE: ("unacceptable", "rejected"),
}

# read in this order: a corrupt official taken to court is still for the 纪检监察机关,
# a case already at the court is the court's (an arbitration award being enforced, too)
CHANNELS: tuple[str, ...] = (
    "corruption",
    "court",
    "arbitration",
    "disclosure",
    "review",
    "petition",
)


def legal_channel(text: str, triage: Triage, ctx: DialogContext) -> str | None:
    """The one channel that fits: the NLU's kind when it names one (``Triage.kind``:
    ``disclosure`` for land-compensation documents asked of a county ...), else the
    citizen's words (or the NLU's matched phrase)."""
    if triage.kind in CHANNELS:
        return triage.kind
    said = plain(f"{text} {triage.matched or ''}")
    words = ctx.wording.words
    if any(w in said for w in words("referral_official")) and any(
        w in said for w in words("referral_taking")
    ):
        return "corruption"  # "副镇长收人家的钱": an official taking money, in any words
    for channel in CHANNELS:
        if any(word in said for word in ctx.wording.words(f"referral_{channel}")):
            return channel
    return None


def referral_key(text: str, triage: Triage, ctx: DialogContext) -> str:
    """The wording key of the answer: the fitting channel's, else the general one."""
    channel = legal_channel(text, triage, ctx)
    key = f"legal_channel_{channel}"
    return key if channel is not None and key in ctx.wording.texts else "legal_channel"


# the citizen's own records looked up ("我社保交了几年 在哪能查", "俺的公积金余额去哪查"):
# a public service asked how (第十二条, answered online), not government information to
# apply for under 依申请公开
_OWN_RECORDS = re.compile(
    r"(?:我|俺|咱)(?:们|家)?(?:的|自己的?)?[\u4e00-\u9fff]{0,3}?"
    r"(?:社保|医保|养老保险|公积金|个税|缴费|档案|学籍|不动产|征信|工龄)"
)
_LOOK = re.compile(r"查|看|打印|开具|调取")


def answer_of(text: str, triage: Triage, ctx: DialogContext) -> tuple[str, str] | None:
    """The wording key and the disposition of a 第十三条 (二), (四)-(六) answer; None
    when none applies (how to look up one's own records is a question to answer)."""
    if triage.outcome not in _ANSWERS:
        return None
    p = plain(text)
    if (
        triage.outcome == TriageOutcome.LEGAL_CHANNEL
        and legal_channel(text, triage, ctx) in (None, "disclosure")
        and _OWN_RECORDS.search(p) is not None
        and _LOOK.search(p) is not None
    ):
        return None
    key, disposition = _ANSWERS[triage.outcome]
    if triage.outcome == TriageOutcome.LEGAL_CHANNEL:
        key = referral_key(text, triage, ctx)
        if triage.kind not in (None, *CHANNELS) and "legal_channel_kind" in ctx.wording.texts:
            key = "legal_channel_kind"  # 国家赔偿, a criminal case: the kind's own channel
    elif triage.kind is not None and f"{key}_kind" in ctx.wording.texts:
        key = f"{key}_kind"  # (四)-(六) of a known kind: its reason states the rule
    return key, disposition

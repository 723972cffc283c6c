"""A place word alone, a thing alone, another matter announced: how an intake takes
them (trial17; the words: :mod:`dialogs.fragments`).

* 「门口」 before any matter is the place, and the matter is asked for;
* 「路灯」 to "where?" after 「门口」 joins the matter, the place word is the place;
* 「还有一个事」 at the read-back: the matter read back is filed first, the other one is
  taken down after it as an order of its own (never added to the first).
"""

from __future__ import annotations

from dialogs.common import Actions, mask
from dialogs.context import DialogContext
from dialogs.fragments import place_piece, thing_piece
from dialogs.intake_questions import next_question, read_back
from dialogs.model import Reply
from dialogs.reading import Reading, content_len
from dialogs.spoken import plain
from dialogs.state import DialogState, IntakeFlow, IntakeSlots, Place
from nlu.regate import gated

__all__ = [
    "ask_what_there",
    "place_alone",
    "second_matter",
    "second_matter_due",
    "thing_for_where",
    "with_place_word",
]


def place_alone(r: Reading) -> str | None:
    """The place word a message holds alone ("门口", "俺家楼下") with no matter, no other
    fact: where the matter is, to keep as the place; else None."""
    said = plain(r.core or r.text)
    if r.phone is not None or r.name is not None or r.since is not None or r.order_number:
        return None
    if r.place is not None and (r.place.county or r.place.township or r.place.village):
        return None
    return said if place_piece(said) else None


def ask_what_there(s: DialogState, acts: Actions, word: str, ctx: DialogContext) -> Actions:
    """``acts`` with "what happened?" asked as of the place word just noted ("门口")."""
    flow = s.flow
    if not isinstance(flow, IntakeFlow) or flow.step != "what" or not acts:
        return acts
    if not isinstance(acts[-1], Reply):
        return acts
    return [*acts[:-1], Reply(text=ctx.say("ask_what_there", place=word))]


def with_place_word(place: Place, word: str) -> Place:
    """``place`` with ``word`` as its spot when it has none yet."""
    if place.detail:
        return place
    return place.model_copy(update={"detail": word})


def thing_for_where(flow: IntakeFlow, r: Reading) -> bool:
    """At "where?", a thing alone ("路灯", "有个坑") while the matter is only a place word
    ("门口"): it joins the matter (the place word is the place), never the place."""
    sl = flow.slots
    if flow.step != "where" or not sl.matter or "\n" in sl.matter:
        return False
    if r.phone is not None or r.name is not None or r.fix:
        return False
    place = r.place
    if place is not None and (place.county or place.township or place.village):
        return False
    return place_piece(plain(sl.matter)) and thing_piece(plain(r.core or r.text))


# ------------------------------------------------------------------- a second matter
# "还有一个事", "还有个事儿", "另外还有件事", "再说个事", "俺还想反映个别的事": another matter
# announced (what it is may follow: "还有一个事 俺家门口下水道也堵了")
_ANOTHER = (
    r"(?:(?:对了|哦|那个|另外|再就是)[，,\s]*)*(?:[我俺咱]们?)?(?:还|另外|再|又)(?:有|想|要)?"
    r"(?:说|反映|讲|提|报)?(?:一个|个|一件|件|一点|点)(?:别的|其他的?|新的|另外的)?"
    r"(?:事儿?|事情|问题|情况)(?:要说|要反映|想说|想反映)?(?:啊|呀|哈|呢|嘞)?|"
    r"(?:[我俺咱]们?)?(?:还)?(?:有|要说|想说|要反映|想反映)(?:另外|另)(?:一个|个|一件|件)"
    r"(?:事儿?|事情|问题)(?:啊|呀|哈|呢)?"
)
_ANOTHER_ALONE = gated(r"^(?:" + _ANOTHER + r")$")
_ANOTHER_LEAD = gated(r"^(?:" + _ANOTHER + r")[，,。.：:；;！!\s]+(?=\S)")


def second_matter(
    s: DialogState, flow: IntakeFlow, r: Reading, ctx: DialogContext
) -> Actions | None:
    """ "还有一个事" at the read-back: the other matter comes after this one, as an order of
    its own (what is told of it kept for then); the read-back again. None when ``r``
    announces no other matter."""
    if flow.step not in ("confirm", "amend"):
        return None
    lead = _ANOTHER_LEAD.match(r.text.strip())
    waiting = s.memory.second
    plain_matter = r.matter and r.yes is None and not (r.fix or r.fixes or r.has_facts or r.cancel)
    if waiting is not None and not waiting.matter and plain_matter:
        # what the other matter is, told before this one is confirmed: kept for it
        waiting.matter, waiting.category = r.matter, r.category
        return [Reply(text=ctx.say("second_matter_kept")), *read_back(s, flow, ctx)[-1:]]
    if _ANOTHER_ALONE.match(r.plain) is not None:
        s.memory.second = IntakeSlots()
    elif lead is not None and content_len(told := r.text.strip()[lead.end() :]) >= 4:
        s.memory.second = IntakeSlots(matter=told, category=r.category)
    else:
        return None
    return [Reply(text=ctx.say("second_matter_later")), *read_back(s, flow, ctx)[-1:]]


def second_matter_due(s: DialogState, ctx: DialogContext) -> Actions:
    """After the receipt: the other matter announced at the read-back taken down (a new
    intake); nothing when none was announced."""
    second = s.memory.second
    if second is None:
        return []
    s.memory.second = None
    s.memory.offered = []
    flow = IntakeFlow(slots=second)
    s.flow = flow
    if not second.matter:
        return [Reply(text=ctx.say("second_matter_ask"))]
    told = ctx.say("second_matter_go_on", matter=mask(second.matter))
    return [Reply(text=told), *next_question(s, flow, ctx)]

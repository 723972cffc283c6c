"""A place word alone, a thing alone, another matter announced: how an intake takes
them (trial17; the words: :mod:`dialogs.fragments`).

* 「门口」 before any matter is the place, and the matter is asked for;
* 「路灯」 to "where?" after 「门口」 joins the matter, the place word is the place;
* 「还有一个事」 at the read-back: the matter read back is filed first, the other one is
  taken down after it as an order of its own (never added to the first).
"""

from __future__ import annotations

from dialogs.common import Actions
from dialogs.context import DialogContext
from dialogs.fragments import place_piece, thing_piece
from dialogs.intake_questions import read_back
from dialogs.model import Reply
from dialogs.reading import Reading
from dialogs.spoken import plain
from dialogs.state import DialogState, IntakeFlow, Place
from nlu.regate import gated

__all__ = [
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
# announced, nothing of it told yet
_ANOTHER = gated(
    r"^(?:对了|哦|那个|另外|再就是)*(?:[我俺咱]们?)?(?:还|另外|再|又)(?:有|想|要)?(?:说|反映|讲|提|报)?"
    r"(?:一个|个|一件|件|一点|点)(?:别的|其他的?|新的|另外的)?(?:事儿?|事情|问题|情况)"
    r"(?:要说|要反映|想说|想反映)?(?:啊|呀|哈|呢|嘞)?$|"
    r"^(?:[我俺咱]们?)?(?:还)?(?:有|要说|想说|要反映|想反映)(?:另外|另)(?:一个|个|一件|件)(?:事儿?|事情|问题)"
    r"(?:啊|呀|哈|呢)?$"
)


def second_matter(
    s: DialogState, flow: IntakeFlow, r: Reading, ctx: DialogContext
) -> Actions | None:
    """ "还有一个事" at the read-back: the other matter comes after this one, as an order of
    its own; the read-back again. None when ``r`` announces no other matter."""
    if flow.step not in ("confirm", "amend") or _ANOTHER.match(r.plain) is None:
        return None
    s.memory.second_matter = True
    return [Reply(text=ctx.say("second_matter_later")), *read_back(s, flow, ctx)[-1:]]


def second_matter_due(s: DialogState, ctx: DialogContext) -> Actions:
    """After the receipt: the other matter announced at the read-back, asked for (a new
    intake); nothing when none was announced."""
    if not s.memory.second_matter:
        return []
    s.memory.second_matter = False
    s.flow = IntakeFlow()
    s.memory.offered = []
    return [Reply(text=ctx.say("second_matter_ask"))]

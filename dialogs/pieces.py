"""A matter told over several messages, and what is said again or corrected about it.

Citizens write as they speak: "那个" / "俺们楼上" / "天天往楼下扔垃圾…" is one matter in
three messages; "不是路灯 是红绿灯" corrects the matter said before; "名字写错了 是李伟红"
corrects the name at the read-back; the same words sent again within a minute are a
re-send, not a new message (trial5 F17). These rules are pure functions of the state
and the message (issue 12: every slot can be given in any message and corrected at any
point; 第十一条: only a malicious repetition is warned).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dialogs.common import Actions
from dialogs.context import DialogContext
from dialogs.model import Reply
from dialogs.reading import Reading, content_len, only, plain
from dialogs.state import DialogState, IntakeFlow, Place
from nlu.types import NluResult

__all__ = [
    "SAID_AGAIN_SECONDS",
    "completes_subject",
    "join_pieces",
    "keep_piece",
    "keep_subject",
    "matter_fix",
    "name_fix",
    "piece_of_matter",
    "quick_resend",
    "said_again_reply",
]

#: the same words again within this many seconds are a re-send (trial5 F17)
SAID_AGAIN_SECONDS = 60
#: a fragment said alone is kept this long for the description that completes it
_PIECE_SECONDS = 180
_MAX_PIECES = 3
_PIECE_CHARS = 30


# ------------------------------------------------------------ the same words again (F17)
def quick_resend(s: DialogState, r: Reading, at: datetime, ctx: DialogContext) -> bool:
    """True when the description ``r`` repeats the citizen's previous message within a
    minute: a re-send (impatience, a bad network), answered as such and never counted as
    the 第十一条 repetition. Answers and requests that repeat legitimately ("好", "1234",
    "确认", "刚才说了", "查询进度") are read as usual, and a flood is still a flood (the
    caller counts the time)."""
    if not r.matter or r.progress or r.said_before or r.order_number is not None:
        return False
    if r.has_facts or r.cancel or r.yes is not None:
        return False  # an answer to the question asked (a place again) is read as one
    norm = plain(r.text)[:200]
    history = s.memory.history
    if not history or norm != history[-1] or not s.memory.times:
        return False
    if len(norm) < max(ctx.thresholds.repeat_min_chars, 3) or norm.isdigit():
        return False
    if only(norm, ctx.wording.words("yes")) or only(norm, ctx.wording.words("no")):
        return False
    return at - s.memory.times[-1] <= timedelta(seconds=SAID_AGAIN_SECONDS)


# ------------------------------------------------------------------ a matter in pieces
# a fragment that names who or where but says nothing happened ("俺们楼上", "俺家对门",
# "小区后头那块空地", "那个路灯"): the description follows in the next message
_FRAGMENT = re.compile(
    r"^(?:那个|这个|就是|是)?(?:俺|我|咱)?(?:们|家)?(?:的)?[\u4e00-\u9fff]{0,8}?"
    r"(?:楼上|楼下|对门|隔壁|邻居|对面|后头|前头|后边|前边|旁边|门口|村口|路口|空地|那块|这块|"
    r"小区|院里|村里|庄上|家里|那家|这家|那个|这个|路灯|下水道|井盖|那边|这边|东头|西头)$"
)


def _fragment(text: str) -> bool:
    p = plain(text)
    return 2 <= content_len(p) <= 10 and _FRAGMENT.match(p) is not None


def keep_piece(s: DialogState, r: Reading, at: datetime) -> bool:
    """Keep a fragment said while nothing is under way ("俺们楼上" after "那个"), for the
    description that completes it; True when kept."""
    if not r.core or r.small_talk or r.has_facts or not _fragment(r.core):
        return False
    fresh = s.memory.pieces_at is not None and at - s.memory.pieces_at <= timedelta(
        seconds=_PIECE_SECONDS
    )
    kept = s.memory.pieces if fresh else []
    s.memory.pieces = [*kept, r.core.strip()[:_PIECE_CHARS]][-_MAX_PIECES:]
    s.memory.pieces_at = at
    return True


def keep_subject(s: DialogState, r: Reading, at: datetime) -> None:
    """Keep a thing named alone with a place word in it ("俺村那条路", "小区门口那个井盖"),
    told before what happened to it: the intake starts with it as the place, and the
    description that follows is joined to it (fresh7: "俺村那条路" / "坑坑洼洼的…")."""
    said = plain(r.core or r.text)
    place = r.place
    if r.matter or r.phone is not None or r.name is not None or place is None:
        return
    if place.county or place.township or place.village or r.since is not None:
        return
    if not 2 <= content_len(said) <= 12 or _PREDICATE.search(said) or _ASPECT.search(said):
        return
    s.memory.pieces, s.memory.pieces_at = [said[:_PIECE_CHARS]], at


def join_pieces(s: DialogState, r: Reading, at: datetime) -> str:
    """The matter of ``r`` with the fragments said just before it in front of it (the
    fragments are used once)."""
    pieces, when = s.memory.pieces, s.memory.pieces_at
    s.memory.pieces, s.memory.pieces_at = [], None
    if not pieces or when is None or at - when > timedelta(seconds=_PIECE_SECONDS):
        return r.matter
    head = " ".join(p for p in pieces if p not in r.matter)
    return f"{head} {r.matter}".strip() if head else r.matter


def piece_of_matter(flow: IntakeFlow, r: Reading, nlu: NluResult | None) -> bool:
    """True when an answer to "where?" is the rest of a matter told in pieces: the matter
    so far is a fragment ("俺们楼上"), and the answer describes what happens ("天天往楼下
    扔垃圾…") rather than naming a county, township or a findable spot."""
    sl = flow.slots
    if flow.step != "where" or not sl.matter or not _fragment(sl.matter):
        return False
    place = r.place
    if place is None or place.county or place.township or place.village:
        return False
    described = nlu is not None and (
        nlu.has_matter
        or (nlu.intent.name in ("appeal", "complain") and nlu.intent.confidence >= 0.5)
    )
    detail = place.detail or ""
    return described and content_len(detail) >= 6 and not _named_spot(detail)


# what a predicate says of a thing: broken, gone, stopped, leaking, noisy … ("三天没来了",
# "坏了一个月了", "一直不亮"); a subject alone ("俺们村的自来水") says none of it
_PREDICATE = re.compile(
    r"没|不|坏|停|漏|堵|断|冒|臭|吵|响|塌|裂|掉|丢|偷|占|扔|烧|淹|积|乱|脏|黑|亮|涨|拖|欠|"
    r"有人|被|让|给|把|太|老是|天天|一直|总是|经常|堆满|爆了|歪了|倒了"
)


# an aspect particle says something happened ("老板跑了"): a whole matter, not a subject
_ASPECT = re.compile(r"[了着过]")


# a matter that only says where it is about ("村里的事", "俺们小区的事儿"): what the
# citizen tells next is the matter itself
_PLACEHOLDER = re.compile(
    r"^(?:俺|我|咱)?(?:们|家)?(?:这边?|那边?|这儿|村里|村上|村|小区里?|楼里|家里|"
    r"街上|路上|胡同里?|院里)?的?(?:一个|个|一件|件|点)?(?:事儿?|事情|问题|情况)$"
)


def placeholder(matter: str) -> bool:
    """``matter`` only says where it is about ("村里的事"): no matter yet (trial13 Q03)."""
    return _PLACEHOLDER.match(matter) is not None


def completes_subject(flow: IntakeFlow, r: Reading) -> bool:
    """True when the message says what happened to the matter told so far, which names a
    thing and says nothing of it ("俺们村的自来水" / "三天没来了"; trial8 F05): the rest
    of the matter, joined to it, never a place (a since-phrase is no place detail)."""
    sl = flow.slots
    if flow.step not in ("what", "where", "since") or not sl.matter or "\n" in sl.matter:
        return False
    if r.dont_know or r.yes is not None or r.said_before or r.thanks or r.fix:
        # "不知道" to "since when?" answers it, "说错了 是北城街道…" corrects: nothing of the thing
        return False
    told = plain(sl.matter)
    if placeholder(told):
        return False  # "村里的事" names no thing: what is told next is the matter
    if not 2 <= content_len(told) <= 12 or _PREDICATE.search(told) or _ASPECT.search(told):
        return False
    said = plain(r.core or r.text)
    if not 2 <= content_len(said) <= 20 or _PREDICATE.search(said) is None:
        return False
    place = r.place
    named = place is not None and bool(
        place.county or place.township or place.village or _named_spot(place.detail or "")
    )
    return not named and r.phone is None and r.name is None and not r.anonymous


_SPOT_END = re.compile(r"(?:小区|花园|家园|苑|路|街|大道|巷|胡同|号楼|单元|村|庄|社区|广场|市场)$")


def _named_spot(detail: str) -> bool:
    return _SPOT_END.search(plain(detail)) is not None


# ------------------------------------------------------------------------ corrections
_NAME = r"([\u4e00-\u9fff]{2,4})"
# "名字写错了 是李伟红", "不对 名字是李玉红", "姓名错了 应该是李卫宏", "名字改成…"
_NAME_FIX = re.compile(
    r"(?:名字|姓名|称呼)(?:写|打|记|弄|搞)?(?:错了|不对|有误)?[了啊呀]?[，,。\s]*"
    r"(?:应该是|应该叫|是|叫|改成|改为|改一下[，,\s]*是?)" + _NAME + r"(?=$|[\s，,。.、]|电话|手机)"
)
# "不是李卫红 是李维红": the name said before, then the right one
_OLD_NEW = re.compile(r"不是" + _NAME + r"[，,。\s]*(?:而)?是" + _NAME + r"(?=$|[\s，,。.、])")


def name_fix(text: str, current: str | None) -> str | None:
    """The corrected name in ``text`` ("名字写错了 是李伟红 伟大的伟" -> 李伟红), or
    None when ``text`` corrects no name."""
    m = _NAME_FIX.search(text)
    if m is not None:
        return m.group(1)
    m = _OLD_NEW.search(text)
    if m is not None and current and m.group(1) == current:
        return m.group(2)
    return None


# "不是路灯 是红绿灯 不亮了", "说错了 不是下水道 是自来水管子漏水"
_MATTER_FIX = re.compile(
    r"不是([\u4e00-\u9fff]{1,8}?)[，,。\s]+(?:而)?(?:是|应该是)[，,\s]*(.+)$|"
    r"不是([\u4e00-\u9fff]{1,8}?)(?:而)?是([\u4e00-\u9fff]+)$"
)


def matter_fix(matter: str, text: str, place: Place) -> str | None:
    """The matter with what ``text`` corrects in it ("不是路灯 是红绿灯 不亮了" on
    "十字路口的路灯坏了" -> "十字路口的红绿灯坏了，不亮了"), or None when ``text``
    corrects nothing of the matter (a place or a name corrected, no correction)."""
    m = _MATTER_FIX.search(text.strip())
    if m is None or not matter:
        return None
    old = (m.group(1) or m.group(3) or "").strip()
    new = (m.group(2) or m.group(4) or "").strip(" ，,。")
    if len(old) < 2 or not new or old not in matter:
        return None
    if old in (place.address() or ""):
        return None  # the place named wrongly: a place correction
    parts = re.split(r"[\s，,。]+", new, maxsplit=1)
    head, tail = parts[0], (parts[1] if len(parts) > 1 else "")
    at = matter.index(old)
    if _MEASURED.search(matter[:at]) is not None or _A_ONE.match(head):
        # "那家烧烤摊" corrected by "是个KTV": 「那家KTV」, never 「那家个KTV」 (trial12 P10)
        head = _MEASURE_HEAD.sub("", head, count=1) or head
    end = re.search(r"[\s，,。]|$", matter[at:])
    stop = at + (end.start() if end is not None else len(matter) - at)
    if not tail and content_len(head) > len(old) + 2:
        # a whole description in its place ("是自来水管子漏水"): the old clause replaced
        return f"{matter[:at]}{head}{matter[stop:]}".strip()
    rest = matter[at + len(old) : stop]
    if tail.endswith(head) and content_len(tail) > content_len(head) and _NOUNISH.search(tail):
        # "不是路灯 是红绿灯 小区门口路口的红绿灯": the thing named more fully, in its place
        # (the words the matter already says before it not twice: 「俺们小区门口…」)
        before = matter[:at]
        base = before.removesuffix("的")
        k = max((n for n in range(2, len(tail)) if base.endswith(tail[:n])), default=0)
        before = f"{base}{tail[k:]}" if k else f"{before}{tail}"
        return f"{before}{matter[at + len(old) :]}".strip()
    if tail and rest and _restates(rest, tail):
        # "不是烧烤摊 是个KTV 天天唱到后半夜" on "…烧烤摊天天闹到半夜": what it does told
        # anew, the old words of it replaced, never both (trial12 P10)
        return f"{matter[:at]}{head}{tail}{matter[stop:]}".strip()
    fixed = matter.replace(old, head, 1)
    return f"{fixed}，{tail}" if tail else fixed


# a determiner and measure word before the corrected thing ("那家", "这个", "一辆")
_MEASURED = re.compile(r"(?:[那这哪一两几]|每)(?:个|家|辆|条|座|栋|只|位|间|处|台|根|块)$")
_A_ONE = re.compile(r"^(?:一)?个")
_MEASURE_HEAD = re.compile(r"^(?:[那这一])?(?:个|家|辆|条|座|栋|只|位|间|处|台|根|块)(?=.)")
# a thing named with where it is ("小区门口路口的红绿灯"), no predicate of its own
_NOUNISH = re.compile(r"的")
# how often or how long something goes on, opening a restated predicate
_OFTEN = re.compile(r"^(?:天天|每天|整天|成天|一天到晚|经常|老是|总是|一到|晚上|半夜|夜里|白天)")


def _restates(rest: str, tail: str) -> bool:
    """``tail`` tells again what the old clause's ``rest`` told ("天天唱到后半夜" for
    "天天闹到半夜"): both open alike, or both with how often it happens."""
    return rest[:2] == tail[:2] or (
        _OFTEN.match(rest) is not None and _OFTEN.match(tail) is not None
    )


def said_again_reply(ctx: DialogContext) -> Actions:
    """ "Received, no need to send it again" (the open question follows from the caller)."""
    return [Reply(text=ctx.say("said_again"))]

"""One generic simulated citizen: it knows its facts and answers what the bot asks.

The citizen recognises *what* is asked from the meaning of the bot's words (a place, a
time, a contact, a read-back to confirm, a rating ...) with broad word lists, never from
one fixed sentence, and answers from its facts in its own wording (the scenario's). A
scenario never scripts the dialogue turn by turn: only what the citizen opens with, what
it knows, and what it wants changed when it hears the read-back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Asked = Literal[
    "heard",
    "confirm",
    "amend",
    "solved",
    "rating",
    "rating_reason",
    "order_number",
    "choose",
    "last4",
    "contact",
    "since",
    "place",
    "what",
    "question",
    "resume",
    "nothing",
]

# Meaning cues: several ways each question is put, not the wording table's sentences.
_CUES: tuple[tuple[Asked, re.Pattern[str]], ...] = (
    ("heard", re.compile(r"您说的是|你说的是|是不是说|您是说")),
    (
        "confirm",
        re.compile(r"核对|核实一下|确认一下|信息无误|是否正确|以下信息|诉求内容[:：]|请确认"),
    ),
    ("amend", re.compile(r"(?:修改|补充|更正)的内容|需要修改|要改什么|哪里不对|哪项有误")),
    ("rating_reason", re.compile(r"不满意的原因|原因是什么|为什么不满意")),
    ("rating", re.compile(r"评价|满意")),
    ("solved", re.compile(r"解决.{0,6}[吗么]|是否解决|有帮助吗|帮到您了吗")),
    ("last4", re.compile(r"后四位|尾号|后4位")),
    ("choose", re.compile(r"哪一件|哪件|哪一个工单|哪一条|回复序号|选择序号")),
    ("order_number", re.compile(r"工单(?:编号|号)|受理号|单号")),
    ("contact", re.compile(r"联系(?:电话|方式)|手机号|电话号码|姓名|怎么称呼|留.{0,4}电话|匿名")),
    ("since", re.compile(r"什么时候|何时|多久|多长时间|哪天开始|持续了|从.{0,4}开始")),
    ("place", re.compile(r"哪里|哪儿|什么地方|地点|位置|地址|县区|在哪")),
    ("resume", re.compile(r"还没有提交|尚未提交|未提交")),
    (
        "question",
        re.compile(r"咨询哪方面|想咨询什么|想问什么|咨询的问题|要咨询"),
    ),
    (
        "what",
        re.compile(
            r"什么问题|具体说说|描述|经过|什么事|有什么可以帮您|遇到了什么|说明.{0,6}(?:问题|情况)"
            r"|请说|反映什么|什么情况"
        ),
    ),
)


# The read-back and "not yet submitted" are recognised anywhere in the bot's words (the
# summary is a statement, its request follows it); every other cue counts only inside a
# sentence that asks the citizen something, so a statement that merely mentions a place
# ("建议您到所在县区政务服务中心咨询") or a time is no question about it.
_ANYWHERE: frozenset[Asked] = frozenset({"heard", "confirm", "resume"})
_SENTENCE = re.compile(r"[^。！!；;\n？?]*(?:[？?]+|[。！!；;\n]|$)")
_ASKING = re.compile(
    r"[？?]$|请(?!稍|放心|注意|保持|耐心|谅解|知悉|拨打|立即|前往|到)|"
    r"麻烦(?:您|你)?(?:说|告诉|提供|补充|留)|方便的话|方便留|可以吗|是否|吗[。！!]?$"
)


def asking_part(bot_text: str) -> str:
    """The sentences of ``bot_text`` that ask the citizen something (joined by newlines)."""
    parts = (m.group(0).strip() for m in _SENTENCE.finditer(bot_text))
    return "\n".join(p for p in parts if p and _ASKING.search(p))


def asked(bot_text: str) -> Asked:
    """What the bot's last words ask for (the first cue that matches wins)."""
    asking = asking_part(bot_text)
    for name, cue in _CUES:
        if cue.search(bot_text if name in _ANYWHERE else asking):
            return name
    return "nothing"


@dataclass
class Facts:
    """What the citizen knows and how it says it."""

    matter: str = ""  # its description when asked "what happened?"
    place: str | None = None  # its answer to "where?"
    county: str | None = None  # when asked again for the district
    location: dict[str, Any] | None = None  # answers "where?" with a shared location
    since: str | None = None  # its answer to "since when?" (None: "不知道")
    contact: str | None = None  # its answer to "leave a contact?" (None: refuses)
    phone: str | None = None  # its phone (for the last four digits)
    refuse: str = "匿名"  # how it refuses to leave a contact
    corrections: list[str] = field(default_factory=list)  # said at read-backs, one each
    confirm: str = "确认"  # how it says yes to the read-back
    solved: bool = False  # whether an online answer solves its question
    order_number: str | None = None
    rating: str = "满意"
    rating_reason: str = "还是没有解决"
    question: str | None = None  # its question when asked "what do you want to ask?"
    which: str | None = None  # which of its orders it means, when the bot lists several
    pick: str | None = None  # or: a word of that matter; it answers with its number listed


Message = str | dict[str, Any]


@dataclass
class Citizen:
    """Answers by meaning; says its opening messages first."""

    facts: Facts
    opening: Sequence[Message]
    said_matter: bool = False
    _pending: list[Message] = field(default_factory=list)
    _corrections: list[str] = field(default_factory=list)
    _asked_where: int = 0

    def __post_init__(self) -> None:
        self._pending = list(self.opening)
        self._corrections = list(self.facts.corrections)

    @property
    def has_more(self) -> bool:
        """The citizen still has something it wants to say (its opening not all said)."""
        return bool(self._pending)

    def next(self, bot_text: str) -> Message | None:
        """The citizen's next message after the bot said ``bot_text`` (None: done)."""
        if self._pending:
            return self._pending.pop(0)
        f = self.facts
        match asked(bot_text):
            case "heard":
                return "对"
            case "confirm":
                if self._corrections:
                    return self._corrections.pop(0)
                return f.confirm
            case "amend":
                if self._corrections:
                    return self._corrections.pop(0)
                return f.confirm
            case "solved":
                return "解决了，谢谢" if f.solved else "没有解决"
            case "rating_reason":
                return f.rating_reason
            case "rating":
                return f.rating
            case "last4":
                return (f.phone or "")[-4:] or "不记得了"
            case "order_number":
                return f.order_number or "我不知道单号"
            case "choose":
                return _listed_number(bot_text, f.pick) or f.which or "最近那个"
            case "contact":
                return f.contact if f.contact is not None else f.refuse
            case "since":
                return f.since if f.since is not None else "不太清楚"
            case "place":
                self._asked_where += 1
                if f.location is not None and self._asked_where == 1:
                    return {"location": f.location}
                if self._asked_where > 1 and f.county:
                    return f.county
                return f.place or "不知道具体地址"
            case "question":
                return f.question or f.matter
            case "what":
                if self.said_matter and not f.matter:
                    return None
                self.said_matter = True
                return f.matter or None
            case "resume" | "nothing":
                return None
        return None


def _listed_number(bot_text: str, word: str | None) -> str | None:
    """The number of the line of the bot's list that holds ``word`` ("2" for "2. …井盖…")."""
    if not word:
        return None
    for line in bot_text.splitlines():
        m = re.match(r"\s*([0-9]+)\s*[.、．:：]", line)
        if m is not None and word in line:
            return m.group(1)
    return None

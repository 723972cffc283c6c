"""After a knowledge-base answer, the citizen goes on as with an appeal (trial14 T01).

「俺孩子学校又让交啥资料费 一人二百 这中不中啊」 gets the policy and "solved?"; then
「没解决 俺要反映这个事」, or the place (「成武县 文亭街道 实验小学」), or more of it
(「上个月起就没了」): the question the answer was about IS the matter, routed by it (and
by the answer's source); what the message adds is its place, time, contact or （补充）.
A message about another thing (a new object, 「还有个事」) is read afresh; another
question is answered online as before (:func:`dialogs.lookups.knowledge_turn`).
"""

from __future__ import annotations

import re
from dataclasses import replace as amended

from dialogs.reading import Reading
from nlu.subjects import new_objects, subjects

# "没解决", "还是没解决", "解决不了", "没给解决": the answer did not settle it
NOT_SOLVED = re.compile(r"(?:还是|也|都)?(?:没|没有|没能|没给|不能|不给)(?:解决|办成)|解决不了")
# the words that only say so, at the head of the message (the rest is the citizen's own)
_HEAD = re.compile(
    r"^(?:(?:还是|也|都)?(?:没|没有|没能|没给|不能|不给)(?:解决|办成)|解决不了|没用|不行|不中)"
    r"(?:啊|呀|哇|呢|了)?[，,。.！!；;、\s]*"
)
# "俺要反映这个事", "我想投诉一下", "给俺登记上": a wish to file it, nothing of the matter
_REPORT = re.compile(
    r"^(?:那|那就|那你|那恁)?(?:我|俺|咱)?(?:还是)?(?:要|想|得|就)?(?:给俺|给我|帮俺|帮我)?"
    r"(?:反映|投诉|举报|登记|报上去|报一下)(?:一下|下)?(?:上)?"
    r"(?:这个事|这事|这个事儿|这事儿|这个问题|这个情况|这情况|吧|啊)?[，,。.！!；;、\s]*"
)
# a follow-up that is more of the matter, not an account of its own
_MORE_LIMIT = 40


def rest_of(text: str) -> str:
    """What the message says beyond "not solved" and "I want to report it"."""
    rest = text.strip()
    for _ in range(3):
        cut = _REPORT.sub("", _HEAD.sub("", rest)).strip()
        if cut == rest:
            break
        rest = cut
    return rest


def wants_filing(r: Reading) -> bool:
    """ "没解决", "俺要反映这个事": the citizen turns the answered question into an appeal."""
    p = r.plain
    if NOT_SOLVED.search(p) is not None:
        return True
    return bool(p) and _REPORT.match(p) is not None and len(rest_of(p)) < len(p)


def goes_on(r: Reading, question: str) -> bool:
    """The message adds to the question just answered (a place, a time, a contact, a few
    words more of it) rather than telling another matter: no object the question did not
    name, no turn to another matter."""
    if r.turned or r.cancel or r.progress:
        return False
    if new_objects(subjects(r.text), subjects(question)):
        return False  # 「俺们小区路灯也坏了」 after a school-fee answer: another matter
    facts = r.place is not None or r.phone is not None or r.since is not None
    facts = facts or r.anonymous or r.name is not None
    if facts:
        return True
    return bool(r.matter) and len(r.matter) <= _MORE_LIMIT and not r.question


def adding(r: Reading) -> Reading:
    """The message as the intake reads it: its own category never decides the appeal's
    (the question's does)."""
    return amended(r, category=None)

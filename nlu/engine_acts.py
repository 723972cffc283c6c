"""The engine's reading of a short text's intent and dialogue act, on top of the intent
head: a progress question with an order number, a refusal of contact, a cancel, an
opener, a question about handling time, a long message as a matter, a question or a
matter by meaning (``nlu.questions``, ``nlu.suggestions``).

``read_intent`` takes the intent head's ranking (``LinearModel.rank``); ``read_act`` the
intent found. Both are pure functions of their arguments.
"""

from __future__ import annotations

import re

import numpy as np

from nlu import acts
from nlu.knowledge_handling import only_handling_time
from nlu.linear import LinearModel
from nlu.suggestions import question_or_matter
from nlu.types import Entity, Intent

_PROGRESS_RE = re.compile(r"进度|进展|办得怎么样|处理到哪|有结果了吗|有没有回复|办结了吗|工单")
_ACT_OF_INTENT = {
    "greet": "small_talk",
    "affirm": "affirm",
    "deny": "deny",
    "cancel": "cancel",
    "thank": "thank",
    "ask_progress": "progress",
    "ask_human": "human",
    "complain_staff": "complain_staff",
    "rate": "rate",
    "out_of_scope": "other",
    "appeal": "appeal",
    "ask_info": "consult",
}


def read_intent(
    model: LinearModel,
    text: str,
    margins: np.ndarray,
    entities: tuple[Entity, ...],
    long: bool,
) -> Intent:
    """The intent of ``text`` (its first ``ACT_CHARS``) from the intent head's ``margins``
    and the rules above; ``long``: the whole message is longer than a short answer."""
    ranked = model.rank(margins, "intent", 4)
    scores = dict(ranked)
    name, conf = ranked[0]
    if any(e.type == "order_no" for e in entities) and _PROGRESS_RE.search(text):
        return Intent("ask_progress", max(conf, 0.9))
    if acts.declined(text) and len(acts.strip_punct(text)) <= acts.SHORT:
        # "电话就算了", "不想说": a refusal of contact, never a cancel
        return Intent("deny", max(scores.get("deny", 0.0), 0.8))
    if acts.is_cancel(text):
        return Intent("cancel", max(conf, 0.9))
    if acts.is_opener(text):
        if acts.strong_consult_signal(text):
            return Intent("ask_info", max(scores.get("ask_info", 0.0), 0.8))
        return Intent("greet", max(conf, 0.9))
    if only_handling_time(text):
        # "一般得多少天能有结果": how long the handling takes, a question to the hotline
        return Intent("ask_info", round(max(scores.get("ask_info", 0.0), 0.6), 4))
    # a long message is a matter to handle, whatever small-talk words it contains
    if long and name in ("greet", "thank", "affirm", "deny", "out_of_scope"):
        second = next((n for n, _ in ranked if n in ("appeal", "ask_info")), "appeal")
        name, conf = second, max(0.5, scores.get(second, 0.5))
    # a question to answer or a matter to file, read by meaning (nlu/questions.py;
    # a suggestion is a matter: nlu/suggestions.py)
    kind = question_or_matter(text) if name in ("appeal", "ask_info") else None
    if kind is not None:
        name = "ask_info" if kind == "question" else "appeal"
        conf = max(scores.get(name, 0.0), 0.6)
    elif name == "appeal" and acts.consult_signal(text):  # "请问 社保卡补办"
        name, conf = "ask_info", max(scores.get("ask_info", 0.0), 0.6)
    return Intent(name, round(conf, 4))


def read_act(text: str, intent: Intent, emergency: bool) -> tuple[str, bool]:
    """(dialogue act, has a matter) of ``text`` read as ``intent``; ``emergency``: an
    emergency finding was made (it is a matter whatever the intent)."""
    act = _ACT_OF_INTENT.get(intent.name, "other")
    bare = acts.strip_punct(text)
    opener = acts.is_opener(text)
    has_matter = (
        (emergency or intent.name in ("appeal", "ask_info", "complain_staff"))
        and not opener
        and len(bare) >= 4
    )
    if opener:
        act = "consult" if acts.strong_consult_signal(text) else "small_talk"
    return act, has_matter

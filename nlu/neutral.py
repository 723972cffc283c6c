"""The classifier's input without the people in it: personal names, phone and ID numbers
taken out before any feature is computed, in training and parse alike (trial10 N10).

A name carries no matter, yet its characters are features: 「张秀兰家的狗天天在楼道里拉屎」
went to 应急管理局 and 「邻居家的狗天天在楼道里拉屎」 to 公安局. With the name gone the
two are read as one matter. Names are found by THE masking rules (:mod:`nlu.pii_names`:
after a lead, kinship or role word, before a title, beside a phone; :mod:`nlu.pii_context`:
read from the words around them) and removed whole, surname included, so a text with a
name inserted reads as the text without it (「邻居张秀兰家的狗」 -> 「邻居家的狗」).
"""

from __future__ import annotations

from nlu.entities import SURNAMES
from nlu.pii_context import PHRASE_OPENERS, context_names
from nlu.pii_names import COMPOUND_SURNAMES, names, staff_names
from nlu.pii_numbers import ID_CARD_RE, LANDLINE_RE, MOBILE_RE
from nlu.pii_words import ordinary_word

#: What people put between a name's characters (王.秀.英): removed with the name.
_SEPARATORS = frozenset(" \u3000.·•・_-")
_NUMBER_RES = (ID_CARD_RE, MOBILE_RE, LANDLINE_RE)


def _masked(text: str) -> str:
    """``text`` with every name the masking rules find masked (``*`` per given-name
    character, the surname kept; the length unchanged)."""
    return context_names(staff_names(names(text)))


def _name_spans(text: str) -> set[int]:
    """The positions of the names in ``text``: the masked given names, the separators
    inside them and the surname before each. A name with no common surname (俺叫人骗到),
    one whose surname far more often opens a phrase (业主向市政反映, 医生连看都不看) or that
    the dictionary reads as a word (业主成功自治, 请求严查) stays: the matter is in such
    words."""
    masked = _masked(text)
    if len(masked) != len(text) or masked == text:
        return set()
    hidden = [i for i, (a, b) in enumerate(zip(text, masked, strict=True)) if b == "*" != a]
    drop: set[int] = set()
    last = -2  # the position of the last given-name character of the current name
    for i in hidden:
        j = i - 1
        while j >= 0 and text[j] in _SEPARATORS:
            j -= 1
        if j >= 0 and j == last:  # the next character of a spaced name (王.秀.英)
            if last in drop:
                drop.update(range(j + 1, i + 1))
            last = i
            continue
        last = i
        compound = j >= 1 and text[j - 1 : j + 1] in COMPOUND_SURNAMES
        surname = compound or (j >= 0 and text[j] in SURNAMES and text[j] not in PHRASE_OPENERS)
        if not surname or ordinary_word(text[j] + text[i]):
            continue  # 俺叫人骗到…: no surname; 业主向市政反映: 向 opens a phrase
        drop.update(range(j - 1 if compound else j, i + 1))
    return drop


def without_people(text: str) -> str:
    """``text`` without personal names, phone and ID numbers (the classifier's input).

    ``str`` -> ``str``, never longer; never raises (on any error the text is returned as
    given). Source: trial10 N10, a person's name must not change the category or unit.
    """
    try:
        drop = _name_spans(text)
        out = "".join(ch for i, ch in enumerate(text) if i not in drop) if drop else text
        for pattern in _NUMBER_RES:
            if pattern.search(out) is not None:
                out = pattern.sub("", out)
        return out
    except Exception:  # the classifier reads the text as given rather than fail
        return text

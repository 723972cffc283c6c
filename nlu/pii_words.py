"""What a dictionary says about a run of characters that opens with a surname: an
ordinary word (黄瓜, 房价, 关注, 解释), a place (孙老家镇, 马岭岗镇, 何楼街道, 黄河) or a
public figure (孔子, 鲁迅, 诸葛亮, 马克思), none of them personal data (trial10 N04:
over-masking of non-names in public text, 「马克思说」).

The dictionaries are jieba's own (word, frequency, part of speech: ``nr`` a person,
``ns`` a place) and the Heze user dictionary (``config/nlu/userdict.txt``: townships,
villages, street offices), read once on first use (about 0.7 s).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

#: An ordinary word opening the run must be this frequent in jieba's dictionary (rarer
#: entries are often names segmented as words).
WORD_FREQ = 20
#: A person in jieba's dictionary this frequent is a public figure (孔子 1103, 雷锋 232),
#: not a neighbour; rarer ones (王老五 31, 海涛 32) are anyone's names.
FIGURE_FREQ = 200
_LONGEST = 6


#: A two-character word this frequent (or a verb: 改线) and not tagged a person, place or
#: proper noun is an ordinary word after a surname (当地, 领导, 交叉), no given name
#: (文华, 建华, 小花 are).
GIVEN_WORD_FREQ = 100
#: Parts of speech of a single character that no given name is made of: prepositions,
#: conjunctions, particles, pronouns, numerals, measure words, directions, adverbs.
_FUNCTION_TAGS = ("p", "c", "u", "r", "m", "q", "f", "d", "y", "e", "o")


#: A single character tagged a verb this often is a deed after a noun (路堵了, 没钱修),
#: seldom a one-character given name.
VERB_FREQ = 1000
_Tables = tuple[
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
]


@functools.cache
def _tables() -> _Tables:
    """(ordinary words, places, public figures of two to six characters; names of two to
    four characters that are no public figure; common two-character words that are no
    name, place or proper noun; single characters of a function part of speech; single
    characters that are common verbs)."""
    import jieba

    from nlu.tokenize import user_dict_path

    words: set[str] = set()
    places: set[str] = set()
    figures: set[str] = set()
    people: set[str] = set()
    common: set[str] = set()
    function: set[str] = set()
    verbs: set[str] = set()
    sources = [Path(os.path.dirname(jieba.__file__)) / "dict.txt", user_dict_path()]
    for path in sources:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) != 3 or len(parts[0]) > _LONGEST:
                continue
            word, freq, tag = parts[0], int(parts[1]) if parts[1].isdigit() else 0, parts[2]
            if len(word) == 1:
                if tag.startswith(_FUNCTION_TAGS):
                    function.add(word)
                elif tag == "v" and freq >= VERB_FREQ:
                    verbs.add(word)
                continue
            frequent = freq >= GIVEN_WORD_FREQ or tag.startswith("v")
            if len(word) == 2 and frequent and not tag.startswith(_PROPER):
                common.add(word)
            if tag.startswith("ns"):
                places.add(word)
            elif tag.startswith("nr"):
                if freq >= FIGURE_FREQ:
                    figures.add(word)
                elif len(word) <= 4:
                    people.add(word)
            elif freq >= WORD_FREQ:
                words.add(word)
    return (
        frozenset(words),
        frozenset(places),
        frozenset(figures),
        frozenset(people),
        frozenset(common),
        frozenset(function),
        frozenset(verbs),
    )


#: Tags of proper nouns: a person, a place, another proper noun.
_PROPER = ("nr", "ns", "nz")


def person_word(word: str) -> bool:
    """``word`` is a person's name in jieba's dictionary, no public figure (赵红梅, 李建国)."""
    return word in _tables()[3]


def common_word(word: str) -> bool:
    """``word`` (two characters) is a common word or a verb, not a name or place (当地,
    领导, 改线)."""
    return word in _tables()[4]


def function_char(char: str) -> bool:
    """``char`` is a preposition, conjunction, particle, pronoun, numeral, measure word,
    direction or adverb in jieba's dictionary (向, 和, 的, 这, 个, 上, 很)."""
    return char in _tables()[5]


def verb_char(char: str) -> bool:
    """``char`` is a common verb in jieba's dictionary (堵, 修, 办, 转)."""
    return char in _tables()[6]


def ordinary_word(word: str) -> bool:
    """``word`` (two characters: a surname and the next one) is a common word that is
    neither a person nor a place in jieba's dictionary (黄瓜, 关注, 成功, 夏天)."""
    return word in _tables()[0]


def place_at(text: str, at: int) -> bool:
    """A place of the dictionaries, three to six characters, starts at ``at`` in
    ``text`` (孙老家镇, 何楼街道, 王浩屯镇)."""
    places = _tables()[1]
    return any(text[at : at + n] in places for n in range(_LONGEST, 2, -1))


def place_word(word: str) -> bool:
    """``word`` (two to six characters) is a place of the dictionaries (成武, 黄河, 高新区)."""
    return word in _tables()[1]


def public_figure(name: str) -> bool:
    """``name`` is a person well known enough to be in jieba's dictionary often
    (孔子, 曹操, 诸葛亮, 马克思): a public figure, no personal data."""
    return name in _tables()[2]


#: What ends a Heze village's or township's name in the gazetteer (裕洲村, 孙老家镇).
_PLACE_WORDS = ("村", "镇", "乡", "社区", "街道")


def heze_place(name: str) -> bool:
    """``name`` with a place word after it is a village or township of the Heze gazetteer
    (``config/nlu/gazetteer.yml``: 徐海 for 徐海村, 孙老家 for 孙老家镇): a village is
    often told without its 村 (徐海家家户户都停水)."""
    from nlu.address_gazetteer import default_gazetteer  # loaded once, shared with address

    gaz = default_gazetteer()
    return any(name + w in gaz.villages or name + w in gaz.townships for w in _PLACE_WORDS)

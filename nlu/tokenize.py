"""Word segmentation with jieba's dictionary plus the Heze user dictionary (places, units,
terms).

:func:`segment` gives exactly what ``jieba.Tokenizer.lcut(text, HMM=False)`` gives with the
same dictionary (same words, same order, whitespace included), in about half of jieba's
instructions for chat-length text (issue 16; ``bench/nlu_same.py`` checks the identity over
the dev appeals and the training texts). jieba's own algorithm is kept: the text is split into
runs of Han characters, letters and digits (``jieba.re_han_default``) and the rest; in a run,
every dictionary word starting at each character is a candidate, and the route of highest
total log-probability (ties to the longer word) is taken, right to left; single letters and
digits are joined. What changes is the work per character: one table lookup per candidate
prefix instead of two, the log-probabilities ``log(freq) - log(total)`` computed once per
dictionary instead of once per candidate, and no generator of tuples per position.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from pathlib import Path

import jieba

from nlu.resources import CONFIG_DIR

_lock = threading.Lock()
_tokenizers: dict[Path, jieba.Tokenizer] = {}
_segmenters: dict[Path, Segmenter] = {}
_default: list[Segmenter] = []  # the shipped dictionary's segmenter, once loaded

jieba.setLogLevel(logging.WARNING)

#: jieba's own patterns (``jieba.re_han_default``, ``re_skip_default``): the same runs.
_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default
#: What ``jieba.re_eng`` matches: single ones of these are joined into one token.
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ABSENT = object()  # not a prefix of any dictionary word
#: Runs remembered (a run repeats across messages: menus, 确认, greetings, set phrases).
_RUN_CACHE = 4096
_RUN_CHARS = 24


def user_dict_path() -> Path:
    """The Heze user dictionary shipped in ``config/nlu/userdict.txt``."""
    return CONFIG_DIR / "userdict.txt"


def get_tokenizer(user_dict: Path | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer with the user dictionary loaded (one per dictionary, cached)."""
    path = (user_dict or user_dict_path()).resolve()
    with _lock:
        tok = _tokenizers.get(path)
        if tok is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            if path.exists():
                with path.open("rb") as handle:  # jieba leaves a path it opens unclosed
                    tok.load_userdict(handle)
            _tokenizers[path] = tok
        return tok


class Segmenter:
    """jieba's dictionary segmentation without HMM (``lcut(text, HMM=False)``), faster.

    Built from a loaded ``jieba.Tokenizer`` (its ``FREQ`` prefix table and ``total``); a
    word added to that tokenizer afterwards (``add_word``) rebuilds the table on the next
    call. Thread-safe: the table is read-only once built; the run cache is a plain dict.
    """

    def __init__(self, tokenizer: jieba.Tokenizer, cache_runs: int = _RUN_CACHE) -> None:
        self.tokenizer = tokenizer
        self.cache_runs = cache_runs  # runs of up to _RUN_CHARS remembered; 0: none
        self._total: float = -1.0
        self._table: dict[str, float | None] = {}
        self._miss = 0.0
        self._runs: dict[str, tuple[str, ...]] = {}
        self._build()

    def _build(self) -> None:
        """word -> ``log(freq) - log(total)``, prefix only -> None (jieba's ``calc``
        computes the same expression per candidate, so the floats are identical)."""
        tok = self.tokenizer
        total = tok.total
        logtotal = math.log(total)
        logs: dict[float, float] = {}  # shared floats: most frequencies repeat
        table: dict[str, float | None] = {}
        for word, freq in tok.FREQ.items():
            if freq:
                value = logs.get(freq)
                if value is None:
                    value = logs[freq] = math.log(freq) - logtotal
                table[word] = value
            else:
                table[word] = None
        self._table = table
        self._miss = math.log(1) - logtotal  # a character that is no word: freq 1
        self._runs = {}
        self._total = total

    def segment(self, text: str) -> list[str]:
        """The words of ``text`` exactly as ``lcut(text, HMM=False)`` gives them."""
        if self.tokenizer.total != self._total:
            self._build()
        out: list[str] = []
        runs = self._runs
        for i, block in enumerate(_HAN.split(text)):
            if not block:
                continue
            if i % 2:  # a captured run of the pattern (re.split alternates)
                words = runs.get(block)
                if words is None:
                    words = self._route(block)
                    if len(block) <= _RUN_CHARS and self.cache_runs:
                        if len(runs) >= self.cache_runs:
                            runs.clear()
                        runs[block] = words
                out.extend(words)
            else:
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)  # one token per character
        return out

    def _route(self, s: str) -> tuple[str, ...]:
        """jieba's ``get_DAG`` + ``calc`` + ``__cut_DAG_NO_HMM`` over one run, in one pass."""
        n = len(s)
        get = self._table.get
        absent = _ABSENT
        miss = self._miss
        score = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        for k in range(n - 1, -1, -1):  # right to left, as jieba's calc
            end = 0
            best = 0.0
            j = k + 1
            value = get(s[k], absent)
            while value is not absent:  # s[k:j] is a prefix of a dictionary word
                if value is not None:  # and a word: log(freq) - log(total)
                    total = value + score[j]  # type: ignore[operator]
                    if not end or total >= best:  # a tie goes to the longer word (max of tuples)
                        best = total
                        end = j
                if j >= n:
                    break
                j += 1
                value = get(s[k:j], absent)
            if end:
                score[k] = best
                ends[k] = end
            else:  # no word starts here: the character alone, at frequency 1
                score[k] = miss + score[k + 1]
                ends[k] = k + 1
        words: list[str] = []
        buf = ""
        x = 0
        while x < n:
            y = ends[x]
            word = s[x:y]
            if y - x == 1 and word in _ENG:
                buf += word
            else:
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(word)
            x = y
        if buf:
            words.append(buf)
        return tuple(words)


def get_segmenter(user_dict: Path | None = None) -> Segmenter:
    """The :class:`Segmenter` of :func:`get_tokenizer`'s tokenizer (one per dictionary)."""
    path = (user_dict or user_dict_path()).resolve()
    tok = get_tokenizer(path)
    with _lock:
        seg = _segmenters.get(path)
        if seg is None or seg.tokenizer is not tok:
            seg = _segmenters[path] = Segmenter(tok)
        return seg


def segment(text: str, user_dict: Path | None = None) -> list[str]:
    """``text`` cut into dictionary words, whitespace tokens included, exactly as
    ``get_tokenizer(user_dict).lcut(text, HMM=False)``."""
    if user_dict is None:  # the hot path: no path resolution per call
        if not _default:
            _default.append(get_segmenter())
        return _default[0].segment(text)
    return get_segmenter(user_dict).segment(text)


def tokens(text: str, user_dict: Path | None = None) -> list[str]:
    """Segment normalized ``text`` into words, dropping whitespace tokens.

    Dictionary words only (no HMM guessing of unknown words): as accurate for the
    classifiers on the dev file and about twice as fast (bench/nlu.md).
    """
    if not text:
        return []
    return [w for w in segment(text, user_dict) if w.strip()]


def differences(texts: Sequence[str], user_dict: Path | None = None) -> list[str]:
    """The texts of ``texts`` that :func:`segment` cuts otherwise than jieba does (none
    is the contract; ``bench/nlu_same.py`` and the unit tests check it)."""
    tok = get_tokenizer(user_dict)
    return [t for t in texts if segment(t, user_dict) != tok.lcut(t, HMM=False)]

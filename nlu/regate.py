"""Regular expressions gated by the characters every match must contain (issue 16).

Many rule patterns of the NLU and the dialogues are long alternations whose branches
start with a group, a class or a lookbehind, so ``re`` finds no literal prefix or first
character set for them and tries a full match at every position of every message
(``sre_search`` was a fifth of the instructions of a WeChat message). Most messages
contain none of such a pattern's words.

:func:`required_chars` reads a pattern's parse tree and returns a set of characters
of which **every match contains at least one** (for a sequence, the smallest such set
among its parts; for alternatives, the union of theirs; a repeat counts only when it
must occur at least once; zero-width assertions, any-character, negated classes and back
references give none). :func:`gated` compiles a pattern with that set as a one-class
prefilter: a text holding none of the characters cannot match, so the pattern is not run
at all; otherwise the pattern runs as compiled, on the same arguments. Results are
identical to the plain pattern's by construction (``tests/unit/nlu/test_regate.py``
checks this over every pattern it is applied to).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Union, cast, overload

# the parser, compiler and opcodes of the standard ``re`` (private modules, Python 3.11+;
# the gate is an optimisation: any error reading a pattern means no gate, never a change)
_parser: ModuleType = importlib.import_module("re._parser")
_compiler: ModuleType = importlib.import_module("re._compiler")
_c: ModuleType = importlib.import_module("re._constants")

#: What :func:`gated` returns: a gated pattern, or the compiled pattern itself.
Matcher = Union["Gated", re.Pattern[str]]

#: Classes wider than this many characters give no requirement (``[\u4e00-\u9fff]``).
MAX_CLASS = 512

_Chars = frozenset[str]


def _cased(ch: str) -> bool:
    return ch.lower() != ch or ch.upper() != ch


def _literal(code: int, ignore_case: bool) -> _Chars | None:
    ch = chr(code)
    if ignore_case and _cased(ch):
        return None  # case folding has non-ASCII equivalents (K / U+212A): no gate
    return frozenset(ch)


def _in(items: list[tuple[object, object]], ignore_case: bool) -> _Chars | None:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL and isinstance(av, int):
            out.add(chr(av))
        elif op is _c.RANGE and isinstance(av, tuple):
            lo, hi = av
            if hi - lo + 1 > MAX_CLASS:
                return None
            out.update(chr(i) for i in range(lo, hi + 1))
        else:  # NEGATE, CATEGORY (\d, \s, \w), anything else: no requirement
            return None
        if len(out) > MAX_CLASS:
            return None
    if ignore_case and any(_cased(ch) for ch in out):
        return None
    return frozenset(out)


def _item(op: object, av: object, flags: int) -> _Chars | None:
    ignore_case = bool(flags & re.IGNORECASE)
    if op is _c.LITERAL and isinstance(av, int):
        return _literal(av, ignore_case)
    if op is _c.IN and isinstance(av, list):
        return _in(av, ignore_case)
    if op is _c.SUBPATTERN and isinstance(av, tuple):
        _group, add, remove, sub = av
        return _sequence(sub, (flags | add) & ~remove)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av, flags)
    if op is _c.BRANCH and isinstance(av, tuple):
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(alternative, flags)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and isinstance(av, tuple):
        low, _high, sub = av
        return _sequence(sub, flags) if low >= 1 else None
    return None  # AT, ASSERT, ASSERT_NOT, ANY, NOT_LITERAL, GROUPREF, ...


def _sequence(sub: object, flags: int) -> _Chars | None:
    best: _Chars | None = None
    for op, av in cast(Iterable[tuple[object, object]], sub):
        found = _item(op, av, flags)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def required_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` holds at least one, or None when
    the pattern can match without any of a known set (empty matches, ``.``, ``[^…]``)."""
    if not isinstance(pattern.pattern, str):
        return None
    flags = pattern.flags
    if flags & re.VERBOSE:
        return None  # parse() of verbose text would need the same flag: kept simple
    try:
        found = _sequence(_parser.parse(pattern.pattern, flags), flags)
    except (re.error, AttributeError, TypeError, ValueError):  # pragma: no cover
        return None  # a tree this reader does not know: no gate
    return found or None


class Gated:
    """A compiled pattern behind a one-class prefilter; the methods the rules use, with
    the results of ``re.Pattern``'s own."""

    __slots__ = ("_gate", "_p", "chars", "flags", "groupindex", "groups", "pattern")

    def __init__(self, compiled: re.Pattern[str], chars: frozenset[str]) -> None:
        self._p = compiled
        self.chars = chars
        self._gate = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex

    def __repr__(self) -> str:
        return f"gated({self._p!r})"

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._gate.search(string, pos, endpos) is None:
            return None
        return self._p.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._gate.search(string, pos, endpos) is None:
            return None
        return self._p.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if self._gate.search(string, pos, endpos) is None:
            return None
        return self._p.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if self._gate.search(string, pos, endpos) is None:
            return iter(())
        return self._p.finditer(string, pos, endpos)

    def findall(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> list[str | tuple[str, ...]]:
        if self._gate.search(string, pos, endpos) is None:
            return []
        return self._p.findall(string, pos, endpos)

    @overload
    def sub(self, repl: str, string: str, count: int = 0) -> str: ...
    @overload
    def sub(self, repl: Callable[[re.Match[str]], str], string: str, count: int = 0) -> str: ...
    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        if self._gate.search(string) is None:
            return string
        return self._p.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        if self._gate.search(string) is None:
            return string, 0
        return self._p.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | object]:
        if self._gate.search(string) is None:
            return [string]
        return self._p.split(string, maxsplit)


def _scans_itself(compiled: re.Pattern[str]) -> bool:
    """True when ``re`` already skips to candidate positions (a literal prefix or a first
    character set of its own): a gate would only add a scan."""
    try:
        tree = _parser.parse(compiled.pattern, compiled.flags)
        prefix = _compiler._get_literal_prefix(tree, compiled.flags)[0]
        return bool(prefix) or bool(_compiler._get_charset_prefix(tree, compiled.flags))
    except (AttributeError, TypeError, ValueError, re.error):  # pragma: no cover
        return True


def gated(pattern: str, flags: int = 0) -> Matcher:
    """``re.compile(pattern, flags)``, behind the prefilter of :func:`required_chars`
    when the pattern has one and ``re`` has no prefix scan of its own (else the compiled
    pattern itself)."""
    compiled = re.compile(pattern, flags)
    if _scans_itself(compiled):
        return compiled
    chars = required_chars(compiled)
    return Gated(compiled, chars) if chars else compiled

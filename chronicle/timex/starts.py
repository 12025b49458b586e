"""Where a rule's match may start: the first characters any match can begin with.

Running 42 rule patterns over a text costs the regex engine an attempt at
every word start for every rule, and almost all of them fail in the first
few characters. So, once, each pattern's parse tree is read for the strings
of up to ``WIDTH`` ASCII characters a match can begin with ("sept", "Sept",
"the b", "1", …), and the tagger only tries a rule where the text begins
with one of them (``Starts.positions``). Each rule still decides at those
positions with its own pattern, so what it finds is exactly what
``finditer`` would (``matches``).

The reading is conservative: a construct it does not know, a character
class too wide to list, or a non-ASCII character in the text means "may
start here". A pattern it cannot read at all (another Python's parser) has
no table and is run over the whole text as before.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

WIDTH = 5  # characters looked at: "the b" tells "the beginning of" from "the" alone
_WIDE = 24  # a class matching more ASCII characters than this ends the reading
_STRINGS = 256  # at most this many strings per sequence of classes (else it is cut short)
_SEQUENCES = 4000  # at most this many sequences per construct (else they are cut short)
_SEEN = 100_000  # keys ``positions`` remembers (then it starts again)
_ASCII = tuple(chr(c) for c in range(128))

try:  # the regex parser: ``re._parser`` from Python 3.11, ``sre_parse`` before
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _parser = importlib.import_module("sre_parse")

_Atom = frozenset[str]  # the ASCII characters one position may hold
# A sequence: the classes of the first characters, and whether the match may go
# on with anything at all after them (``closed``) or its next items still count.
_Seq = tuple[tuple[_Atom, ...], bool]
_OPEN: _Seq = ((), False)  # nothing read yet
_ANY: _Seq = ((), True)  # anything may follow


class _Unknown(Exception):
    """A construct the reading does not know."""


def _name(op: object) -> str:
    return str(getattr(op, "name", op))


@functools.cache
def _atom(source: str, flags: int) -> _Seq:
    """One character matching the class ``source``: its ASCII characters, or anything."""
    pattern = re.compile(source, flags & (re.IGNORECASE | re.ASCII))
    atom = frozenset(c.lower() for c in _ASCII if pattern.fullmatch(c))
    return _ANY if len(atom) > _WIDE else ((atom,), False)


def _char(code: int) -> str:
    return f"\\U{code:08x}"


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _class(items: Iterable[tuple[Any, Any]]) -> str:
    """The source of a parsed character class, to compile it on its own."""
    parts = []
    negate = ""
    for op, av in items:
        kind = _name(op)
        if kind == "NEGATE":
            negate = "^"
        elif kind == "LITERAL":
            parts.append(_char(av))
        elif kind == "RANGE":
            parts.append(_char(av[0]) + "-" + _char(av[1]))
        elif kind == "CATEGORY" and _name(av) in _CATEGORIES:
            parts.append(_CATEGORIES[_name(av)])
        else:
            raise _Unknown(kind)
    return "[" + negate + "".join(parts) + "]"


def _cut(seqs: set[_Seq]) -> set[_Seq]:
    """Fewer sequences, each a prefix of one before (so still a necessary condition)."""
    while len(seqs) > _SEQUENCES:
        longest = max(len(atoms) for atoms, _ in seqs)
        seqs = {
            (atoms[: longest - 1], True) if len(atoms) >= longest else (atoms, closed)
            for atoms, closed in seqs
        }
    return seqs


def _concat(heads: set[_Seq], tails: set[_Seq]) -> set[_Seq]:
    out: set[_Seq] = set()
    for atoms, closed in heads:
        if closed:
            out.add((atoms, True))
            continue
        for more, more_closed in tails:
            joined = atoms + more
            out.add((joined[:WIDTH], True) if len(joined) >= WIDTH else (joined, more_closed))
    return _cut(out)


def _sequence(items: Iterable[tuple[Any, Any]], flags: int) -> set[_Seq]:
    seqs = {_OPEN}
    for op, av in items:
        if all(closed for _, closed in seqs):
            break
        seqs = _concat(seqs, _item(op, av, flags))
    return seqs


def _repeat(body: set[_Seq], low: int, high: int) -> set[_Seq]:
    """``body`` repeated ``low`` to ``high`` times."""
    out: set[_Seq] = set()
    seqs = {_OPEN}
    for count in itertools.count():
        if count >= low:
            out |= seqs
        if count >= high:
            return out
        more = _concat(seqs, body)
        if more == seqs:  # every further repetition gives the same
            return out | seqs
        if count > 4 * WIDTH:  # pragma: no cover - cannot happen without cutting
            return {_ANY}
        seqs = more
    raise AssertionError  # pragma: no cover


def _item(op: Any, av: Any, flags: int) -> set[_Seq]:
    kind = _name(op)
    if kind in ("AT", "ASSERT", "ASSERT_NOT"):
        return {_OPEN}  # takes no character
    if kind == "LITERAL":
        return {_atom(_class([(op, av)]), flags)}
    if kind == "NOT_LITERAL":
        return {_atom("[^" + _char(av) + "]", flags)}
    if kind == "IN":
        return {_atom(_class(av), flags)}
    if kind == "ANY":
        return {_ANY}
    if kind == "SUBPATTERN":
        _group, add, remove, body = av
        return _sequence(body, (flags | add) & ~remove)
    if kind == "ATOMIC_GROUP":
        return _sequence(av, flags)
    if kind == "BRANCH":
        out: set[_Seq] = set()
        for branch in av[1]:
            out |= _sequence(branch, flags)
        return _cut(out)
    if kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = av
        return _repeat(_sequence(body, flags), int(low), int(high))
    return {_ANY}  # a back-reference or the like: anything may follow


def _strings(atoms: Sequence[_Atom]) -> list[str]:
    return ["".join(chars) for chars in itertools.product(*(sorted(a) for a in atoms))]


# How every rule pattern begins (``context._rule``): its matches start at word starts.
WORD_START = r"(?<![\w])(?=[\w'])"


def first_strings(pattern: re.Pattern[str]) -> list[tuple[_Atom, ...]] | None:
    """The classes of the first characters of the matches of ``pattern``
    (each sequence a necessary condition for the ones it covers), or
    ``None`` when a match may start with anything or not at a word start.

    >>> [["".join(sorted(a)) for a in atoms] for atoms in first_strings(re.compile(WORD_START + "No(?:w|t)"))]
    [['n', 'o', 'tw']]
    >>> first_strings(re.compile(WORD_START + "a|b")) is None  # "b" may be in a word
    True
    """
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        head = _parser.parse(WORD_START).data
        if repr(tree.data[: len(head)]) != repr(head):
            return None
        seqs = _sequence(tree.data, int(tree.state.flags))
    except (_Unknown, AttributeError, TypeError, ValueError, re.error):
        return None
    out = []
    for atoms, _ in seqs:
        # No ASCII character fits (a typographic quote): what follows never counts.
        empty = next((i for i, atom in enumerate(atoms) if not atom), len(atoms))
        atoms = atoms[: empty + 1]
        # Too many strings: a shorter prefix is a weaker test, still a true one.
        while atoms and math.prod(len(atom) or 1 for atom in atoms) > _STRINGS:
            atoms = atoms[:-1]
        if not atoms:
            return None
        out.append(atoms)
    return out


class Starts:
    """The word starts of a text where each of some patterns may match.

    >>> patterns = [re.compile(WORD_START + p, re.I) for p in (r"now\\b", r"\\d+\\s+days")]
    >>> text = "Now, 3 days later, it is 3 now."
    >>> starts = Starts(patterns)
    >>> starts.positions(text)
    [[0, 27], [5, 25]]
    >>> [[m.group() for m in matches(p, text, at)] for p, at in zip(patterns, starts.positions(text))]
    [['Now', 'now'], ['3 days']]
    """

    _WORD_START = re.compile(r"(?<![\w])[\w']")

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        # by length, the strings a match may start with -> the patterns (indexes)
        self.tables: list[dict[str, list[int]]] = [{} for _ in range(WIDTH + 1)]
        # by length j, the first j characters of a longer sequence -> the patterns:
        # where the text's (j + 1)-th character is not ASCII, these may match
        self.longer: list[dict[str, list[int]]] = [{} for _ in range(WIDTH + 1)]
        self.everywhere: set[int] = set()  # patterns that may start with anything
        for index, pattern in enumerate(patterns):
            found = first_strings(pattern)
            if found is None:
                self.everywhere.add(index)
                continue
            for s in {s for atoms in found for s in _strings(atoms)}:
                self.tables[len(s)].setdefault(s, []).append(index)
            heads = {atoms[:j] for atoms in found for j in range(len(atoms))}
            for s in {s for atoms in heads for s in _strings(atoms)}:
                self.longer[len(s)].setdefault(s, []).append(index)
        self.count = len(patterns)
        self._seen: dict[str, tuple[int, ...]] = {}  # ``_lookup`` of the keys met so far

    def positions(self, text: str) -> list[list[int]]:
        """For each pattern (but those in ``everywhere``), the word starts of
        ``text`` where it may match, in order."""
        out: list[list[int]] = [[] for _ in range(self.count)]
        seen = self._seen
        for m in self._WORD_START.finditer(text):
            p = m.start()
            key = text[p : p + WIDTH]
            found = seen.get(key)
            if found is None:
                if len(seen) >= _SEEN:
                    seen.clear()
                found = seen[key] = self._lookup(key)
            for index in found:
                out[index].append(p)
        return out

    def _lookup(self, key: str) -> tuple[int, ...]:
        """The patterns that may match where the text begins with ``key`` (or
        ends with it: then it is shorter than ``WIDTH``)."""
        ascii_end = next((i for i, c in enumerate(key) if not c.isascii()), len(key))
        low = key[:ascii_end].lower()
        found: set[int] = set()
        for n in range(1, ascii_end + 1):
            found.update(self.tables[n].get(low[:n], ()))
        if ascii_end < len(key):  # a character not ASCII: it may be any class's
            found.update(self.longer[ascii_end].get(low, ()))
        return tuple(sorted(found))


def matches(pattern: re.Pattern[str], text: str, at: Iterable[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` when every match starts at one of ``at``
    (ascending): the first match at or after the end of the last one."""
    found: list[re.Match[str]] = []
    end = 0
    for p in at:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is None:
            continue
        if m.end() == p:  # an empty match: ``finditer`` steps over those its own way
            return list(pattern.finditer(text))
        found.append(m)
        end = m.end()
    return found

"""Score the temporal tagger against TimeML gold files (TempEval-3 Task A rules).

``python -m chronicle.evaluate timeml DIR [DIR ...] [-v]`` reads every ``.tml``
file under the folders. The gold timexes are the TIMEX3 elements inside
``<TEXT>`` (the DCT is not one of them); the DCT comes from ``<DCT><TIMEX3
value=...>``; the tagger sees the TEXT content with tags removed and entities
unescaped. A relaxed match overlaps a gold extent by at least one character
(one-to-one, largest overlap first); a strict match has the identical extent;
value and type accuracy are counted over relaxed matches; value F1 = value
accuracy x relaxed F1. Counts are summed over all files before any ratio is
taken.

It does not score TLINKs or events, and it does not read the TempEval-3
``<TimeML>`` variants without a ``<TEXT>`` element.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.models import Timex
from chronicle.timex import tag


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    """One TimeML file: the plain text the tagger sees, its DCT and the gold timexes."""

    name: str
    text: str
    dct: dt.date | None
    gold: tuple[GoldTimex, ...]


@dataclass
class Counts:
    """Summed counts; every figure the report prints derives from these."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0
    documents: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.system += other.system
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.value_ok += other.value_ok
        self.type_ok += other.type_ok
        self.documents += other.documents
        self.seconds += other.seconds
        self.problems.extend(other.problems)


@dataclass(frozen=True)
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    type_f1: float
    value_accuracy: float
    value_f1: float
    docs_per_second: float


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(c: Counts) -> Scores:
    sp, sr = _ratio(c.strict, c.system), _ratio(c.strict, c.gold)
    rp, rr = _ratio(c.relaxed, c.system), _ratio(c.relaxed, c.gold)
    rf = _f1(rp, rr)
    type_acc, value_acc = _ratio(c.type_ok, c.relaxed), _ratio(c.value_ok, c.relaxed)
    return Scores(
        sp, sr, _f1(sp, sr), rp, rr, rf, type_acc, type_acc * rf, value_acc, value_acc * rf,
        _ratio(c.documents, c.seconds),
    )  # fmt: skip


# --------------------------------------------------------------------------
# Reading TimeML
# --------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)\s*=\s*"([^"]*)"')


def read_timeml(path: Path) -> Document:
    """Parse one .tml file with a regex walk (the files are flat, well-formed XML)."""
    raw = path.read_text(encoding="utf-8")
    dct: dt.date | None = None
    dct_block = re.search(r"<DCT>(.*?)</DCT>", raw, re.S)
    if dct_block:
        attrs = dict(_ATTR.findall(dct_block.group(1)))
        value = attrs.get("value", "")
        if re.fullmatch(r"\d{4}-\d\d-\d\d.*", value):
            dct = dt.date.fromisoformat(value[:10])
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    content = body.group(1) if body else ""
    parts: list[str] = []
    length = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(content):
        chunk = html.unescape(content[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(parts)[start:length]
            gold.append(
                GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", ""))
            )
            open_timex = None
    parts.append(html.unescape(content[pos:]))
    return Document(path.name, "".join(parts), dct, tuple(gold))


def iter_documents(folders: Iterable[Path]) -> list[Document]:
    docs: list[Document] = []
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("*.tml"))
        docs.extend(read_timeml(f) for f in files)
    return docs


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - 40) : start].replace("\n", " ")
    right = text[end : end + 40].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


def match(gold: Sequence[GoldTimex], system: Sequence[Timex]) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one relaxed alignment: overlapping pairs, largest overlap first."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap >= 1:
                pairs.append((overlap, gi, si))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[GoldTimex, Timex]] = []
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gold[gi], system[si]))
    return out


def score_document(doc: Document, system: Sequence[Timex], verbose: bool = False) -> Counts:
    c = Counts(gold=len(doc.gold), system=len(system), documents=1)
    pairs = match(doc.gold, system)
    c.relaxed = len(pairs)
    matched_g = {id(g) for g, _ in pairs}
    matched_s = {id(s) for _, s in pairs}
    for g, s in pairs:
        c.strict += (g.start, g.end) == (s.start, s.end)
        c.value_ok += g.value == s.value
        c.type_ok += g.type == s.type
        if verbose and g.value != s.value:
            c.problems.append(
                f"VALUE {doc.name}: gold {g.type} {g.value} sys {s.type} {s.value} "
                f"{_context(doc.text, s.start, s.end)} [gold {g.text!r}]"
            )
        elif verbose and (g.start, g.end) != (s.start, s.end):
            c.problems.append(
                f"EXTENT {doc.name}: gold {g.text!r} sys {s.text!r} "
                f"{_context(doc.text, g.start, g.end)}"
            )
    if verbose:
        for g in doc.gold:
            if id(g) not in matched_g:
                c.problems.append(
                    f"MISS {doc.name}: {g.type} {g.value} {_context(doc.text, g.start, g.end)}"
                )
        for s in system:
            if id(s) not in matched_s:
                c.problems.append(
                    f"SPURIOUS {doc.name}: {s.type} {s.value} {_context(doc.text, s.start, s.end)}"
                )
    return c


def evaluate(docs: Sequence[Document], verbose: bool = False) -> Counts:
    total = Counts()
    for doc in docs:
        t0 = time.perf_counter()
        system = tag(doc.text, doc.dct)
        elapsed = time.perf_counter() - t0
        c = score_document(doc, system, verbose)
        c.seconds = elapsed
        total.add(c)
    return total


def format_report(label: str, c: Counts) -> str:
    s = scores(c)
    pct = 100.0
    return "\n".join(
        [
            f"{label}: {c.documents} documents, {c.gold} gold timexes, {c.system} system timexes",
            f"  strict   P {s.strict_p * pct:5.1f}  R {s.strict_r * pct:5.1f}"
            f"  F1 {s.strict_f1 * pct:5.1f}",
            f"  relaxed  P {s.relaxed_p * pct:5.1f}  R {s.relaxed_r * pct:5.1f}"
            f"  F1 {s.relaxed_f1 * pct:5.1f}",
            f"  type     accuracy {s.type_accuracy * pct:5.1f}  F1 {s.type_f1 * pct:5.1f}",
            f"  value    accuracy {s.value_accuracy * pct:5.1f}  F1 {s.value_f1 * pct:5.1f}",
            f"  speed    {s.docs_per_second:,.0f} documents/second (tagging only)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chronicle.evaluate", description="Score the temporal tagger."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    timeml = sub.add_parser("timeml", help="score on TimeML .tml files (TempEval-3 rules)")
    timeml.add_argument("folders", nargs="+", type=Path)
    timeml.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    missing = [f for f in args.folders if not f.exists()]
    if missing:
        print(f"no such folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    total = Counts()
    for folder in args.folders:
        c = evaluate(iter_documents([folder]), args.verbose)
        if args.verbose:
            print("\n".join(c.problems))
        if len(args.folders) > 1:
            print(format_report(str(folder), c))
        total.add(c)
    print(format_report("all" if len(args.folders) > 1 else str(args.folders[0]), total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

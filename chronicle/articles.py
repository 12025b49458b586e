"""Read news articles in the wire format of the seeds, with optional YAML front matter.

The wire format (machine-translated agency copy)::

    Headline
    <blank>
    Headline                      (repeated: dropped)
    <blank>
    MOSCOW, December 24. Lead sentence ...     (the dateline opens the body)
    See also                      (then a photo credit and a related headline: set aside)
    © Name/Agency                 (photo credit: set aside, never an actor)
    SPECIAL project               (promo: it and the two lines after it set aside)
    Subheading                    (kept as a heading, not read for events)
    See also related news:        (a list of headlines: set aside as related links)

This module finds the parts and the article date (the DCT). It does not find
dates inside the body, actors or events: those are ``timex``, ``actors`` and
``events``.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from chronicle import frontmatter
from chronicle.cache import FileIndex, digest, files_in
from chronicle.errors import InputError, Problem
from chronicle.models import Article, DateBasis, Dateline, Paragraph, RelatedLink, Remember
from chronicle.text import slugify, split_sentences

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# "MOSCOW, December 24." / "NIZHNY TAGIL, November 25." / "Paris, 3 March -"
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’-]{{1,40}}?),\s+"
    rf"(?:(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_RE}))"
    r"\s*(?:\([^)]{1,30}\))?\s*[.–—-]\s*",
    re.IGNORECASE,
)
CREDIT = re.compile(
    r"^©|^(?:Photo(?:graph)?s?|Pictures?|Images?|Credit|Video)\s*(?:by\s*)?:"
    r"|^[A-Z][\w.'’ -]{1,60}(?:/[\w.'’ -]{1,60}){1,3}$"
)
# "By Jane Doe" or "By Jane Doe, Staff Writer": the reporter, not an actor of the story
BYLINE = re.compile(
    r"^By\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|and)){0,4}(?:,\s*[\w ]{1,40})?$"
)
SEE_ALSO = re.compile(r"^see also\s*:?$", re.IGNORECASE)
SEE_ALSO_LIST = re.compile(r"^see also related news\s*:?$", re.IGNORECASE)
PROMO = re.compile(r"^special project$", re.IGNORECASE)
FRONT_MATTER_KEYS = {"title", "date", "place", "source_url", "publisher", "language"}
INPUT_SUFFIXES = (".txt", ".md")
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True)
class Draft:
    """An article read from disk, before its date (the DCT) is settled."""

    id: str
    source: str
    title: str
    body: str
    paragraphs: tuple[Paragraph, ...]
    dateline: Dateline | None
    place: str | None
    related: tuple[RelatedLink, ...]
    removed: tuple[tuple[int, str, str], ...]
    headings: tuple[int, ...] = ()  # indexes of paragraphs that are subheadings
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    first_body_line: int = 1
    # A hash of the file's name and bytes (set by ``read_article``), which the
    # draft is a pure function of: it keys the article's facts in the cache.
    digest: str = field(default="", compare=False)
    # The year its text gives the dateline (``infer_year``), for a draft with a
    # dateline and no front-matter date: found as it is parsed, so it is kept
    # with the draft, and a rebuild neither tags every such article again nor
    # imports the tagger to date the articles.
    text_year: int | None = None


def read_article(
    path: Path, source: str, memo: Remember | None = None, files: Digests | None = None
) -> tuple[Draft | None, list[Problem]]:
    """Read one file. Returns ``(None, warnings)`` when it cannot be used.

    Raises ``InputError`` for broken front matter: that is the editor's data
    and must be fixed, not skipped. With a ``memo``, a file whose bytes (and
    name) the last build read is not parsed again: its draft is remembered.
    With ``files`` (``cache.FileIndex``), the bytes are known by their digest,
    so a remembered file is not even read.
    """
    if files is None:
        raw = path.read_bytes()
        content = digest(raw)
    else:
        content = files.digest(path)
    key = _draft_key(source, content)

    def parse() -> tuple[Draft | None, list[Problem]]:
        return _parsed(raw if files is None else files.read(path), source, key)

    if memo is None:
        return parse()

    found: tuple[Draft | None, list[Problem]] = memo.get(key, parse)
    return found


def read_articles(
    paths: Sequence[Path],
    sources: Sequence[str],
    memo: Remember,
    files: Digests,
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Draft | None, list[Problem]]]:
    """``read_article`` of each path, in order; the files the memo lacks are
    parsed over ``jobs`` forked processes when there are enough of them (a
    cold build at 10,000 articles parsed for five seconds in one process).
    ``progress(n)`` is called after each article. As ``read_article``, the
    first broken file (in order) raises ``InputError``."""
    global _reading
    keys = [
        _draft_key(source, files.digest(path)) for path, source in zip(paths, sources, strict=True)
    ]
    missing = [n for n, key in enumerate(keys) if key not in memo]
    workers = min(jobs, len(missing) // MIN_PARSED_PER_WORKER)
    parsed: dict[int, tuple[Draft | None, list[Problem]]] = {}
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(64, len(missing) // (workers * 8)))
        todo = [(paths[n], sources[n], keys[n]) for n in missing]
        # The workers parse the bytes ``files`` digested (inherited, not read
        # again), so each draft is of the bytes its key names.
        _reading = files
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                made = pool.map(_parse_file, todo, chunksize=chunk)
                parsed = dict(zip(missing, made, strict=True))
        finally:
            _reading = None
        for n in missing:
            files.read(paths[n])  # let go of the bytes kept for this process to parse

    def parse(n: int) -> tuple[Draft | None, list[Problem]]:
        if n in parsed:
            return parsed[n]
        return _parsed(files.read(paths[n]), sources[n], keys[n])

    for number, key in enumerate(keys):
        yield memo.get(key, partial(parse, number))
        if progress:
            progress(number + 1)


# Fewer files to parse than this per worker are parsed in the build's process.
MIN_PARSED_PER_WORKER = 200


_reading: Digests | None = None  # what the workers of ``read_articles`` read


def _parse_file(item: tuple[Path, str, str]) -> tuple[Draft | None, list[Problem]]:
    assert _reading is not None
    path, source, key = item
    return _parsed(_reading.read(path), source, key)


def _draft_key(source: str, content: str) -> str:
    """What keys a draft in the memo: the file's name and the digest of its bytes."""
    return hashlib.blake2b(f"{source}\0{content}".encode(), digest_size=20).hexdigest()


def _parsed(raw: bytes, source: str, key: str) -> tuple[Draft | None, list[Problem]]:
    draft, problems = _decode(raw, source)
    return (None if draft is None else replace(draft, digest=key)), problems


class Digests(Protocol):
    """What ``read_article`` needs of ``cache.FileIndex``."""

    def digest(self, path: Path) -> str: ...

    def read(self, path: Path) -> bytes: ...


def _decode(raw: bytes, source: str) -> tuple[Draft | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(source, line, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ]
    return parse_article(text, source)


def parse_article(text: str, source: str) -> tuple[Draft | None, list[Problem]]:
    """Split a wire-format text into headline, dateline, body and set-aside parts.

    >>> draft, _ = parse_article("Title\\n\\nTitle\\n\\nMOSCOW, May 3. It rained.\\n\\n"
    ...     "See also\\n\\n© A. B/TASS\\n\\nOther story\\n", "seeds/x.txt")
    >>> draft.title, draft.place, draft.body, [r.title for r in draft.related]
    ('Title', 'Moscow', 'MOSCOW, May 3. It rained.', ['Other story'])
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front: dict[str, Any] = {}
    offset_lines = 0
    if text.startswith("---\n"):
        front, text, offset_lines = _front_matter(text, source)
    lines = [
        (number + offset_lines + 1, line.strip()) for number, line in enumerate(text.split("\n"))
    ]
    content = [(n, line) for n, line in lines if line]
    if not content:
        return None, [
            Problem(source, None, "is empty; add a headline and a body, or remove the file")
        ]

    title_line, title = content[0]
    rest = [(n, line) for n, line in content[1:] if line != title]
    blocks, related, removed = _classify(rest)
    problems: list[Problem] = []
    body_blocks = [(n, kind, line) for n, kind, line in blocks]
    if not any(kind == "body" for _, kind, _ in body_blocks):
        return None, [Problem(source, title_line, "has a headline but no body text")]

    paragraphs: list[Paragraph] = []
    headings: list[int] = []
    position = 0
    for _, kind, line in body_blocks:
        if paragraphs:
            position += 2
        if kind == "heading":
            headings.append(len(paragraphs))
        paragraphs.append(Paragraph(position, line))
        position += len(line)
    body = "\n\n".join(p.text for p in paragraphs)

    first_body = next(i for i, (_, kind, _) in enumerate(body_blocks) if kind == "body")
    dateline = _dateline(paragraphs[first_body])
    first_line = body_blocks[first_body][0]
    place = (
        str(front["place"])
        if front.get("place")
        else (_title_case(dateline.place) if dateline else None)
    )
    if dateline is None and "date" not in front:
        problems.append(
            Problem(
                source,
                first_line,
                "has no dateline ('PLACE, Month Day.' opening the first paragraph) and no "
                "front matter 'date:'; add one of them",
            )
        )
    draft = Draft(
        id=slugify(Path(source).stem, 12) or "article",
        source=source,
        title=str(front.get("title") or title),
        body=body,
        paragraphs=tuple(paragraphs),
        dateline=dateline,
        place=place,
        related=tuple(related),
        removed=tuple(removed),
        headings=tuple(headings),
        front_matter=front,
        first_body_line=first_line,
    )
    if dateline is not None and "date" not in front:
        from chronicle import timex  # the tagger: imported only for an article that needs it

        draft = replace(draft, text_year=infer_year(draft, timex))
    return draft, problems


def _front_matter(text: str, source: str) -> tuple[dict[str, Any], str, int]:
    data, rest, consumed = frontmatter.split(text, source)
    problems = []
    for key, value in data.items():
        line = frontmatter.key_line(text, str(key))
        if key not in FRONT_MATTER_KEYS:
            problems.append(
                Problem(
                    source,
                    line,
                    f"unknown front matter key; use one of {', '.join(sorted(FRONT_MATTER_KEYS))}",
                    str(key),
                )
            )
        elif key == "date" and (not isinstance(value, date) or isinstance(value, datetime)):
            problems.append(Problem(source, line, "must be a date written YYYY-MM-DD", "date"))
        elif key != "date" and not isinstance(value, str):
            problems.append(Problem(source, line, "must be text", str(key)))
    if problems:
        raise InputError(problems)
    return data, rest, consumed


def _is_heading_like(line: str) -> bool:
    """Subheadings, related headlines and rubric lines: short and without a final stop."""
    if len(line) > 130:
        return False
    stripped = line.rstrip("”\"»’' ")
    return not stripped.endswith((".", "!", "?", ":", ";", ",", "…", "–", "-"))


def _classify(
    lines: Sequence[tuple[int, str]],
) -> tuple[list[tuple[int, str, str]], list[RelatedLink], list[tuple[int, str, str]]]:
    """Sort lines into body, heading, related link and set-aside (credit, promo)."""
    blocks: list[tuple[int, str, str]] = []
    related: list[RelatedLink] = []
    removed: list[tuple[int, str, str]] = []
    index = 0
    while index < len(lines):
        number, line = lines[index]
        if SEE_ALSO_LIST.match(line):
            removed.append((number, "see-also", line))
            index += 1
            while index < len(lines) and (
                CREDIT.match(lines[index][1]) or _is_heading_like(lines[index][1])
            ):
                n, item = lines[index]
                if CREDIT.match(item):
                    removed.append((n, "credit", item))
                else:
                    related.append(RelatedLink(item, n))
                index += 1
        elif SEE_ALSO.match(line):
            removed.append((number, "see-also", line))
            index += 1
            while index < len(lines) and CREDIT.match(lines[index][1]):
                removed.append((lines[index][0], "credit", lines[index][1]))
                index += 1
            if index < len(lines) and _is_heading_like(lines[index][1]):
                related.append(RelatedLink(lines[index][1], lines[index][0]))
                index += 1
        elif PROMO.match(line):
            removed.append((number, "promo", line))
            for n, item in lines[index + 1 : index + 3]:
                removed.append((n, "promo", item))
            index += 3
        elif BYLINE.match(line) and not blocks:
            removed.append((number, "byline", line))
            index += 1
        elif CREDIT.match(line) and not _looks_like_sentence(line):
            removed.append((number, "credit", line))
            index += 1
        elif _is_heading_like(line):
            # A run of heading-like lines: the last heads what follows, the
            # ones before it are links to dossiers ("Chronicle of events").
            run_end = index
            while (
                run_end + 1 < len(lines)
                and _is_heading_like(lines[run_end + 1][1])
                and not (
                    SEE_ALSO.match(lines[run_end + 1][1])
                    or SEE_ALSO_LIST.match(lines[run_end + 1][1])
                    or PROMO.match(lines[run_end + 1][1])
                    or CREDIT.match(lines[run_end + 1][1])
                )
            ):
                run_end += 1
            at_end = run_end + 1 >= len(lines)
            for n, item in lines[index : run_end + (1 if at_end else 0)]:
                related.append(RelatedLink(item, n))
            if not at_end:
                n, item = lines[run_end]
                blocks.append((n, "heading", item))
            index = run_end + 1
        else:
            blocks.append((number, "body", line))
            index += 1
    # Headings before the first body paragraph (rubrics) are not body either.
    while blocks and blocks[0][1] == "heading":
        n, _, item = blocks.pop(0)
        related.append(RelatedLink(item, n))
    return blocks, related, removed


def _looks_like_sentence(line: str) -> bool:
    return len(line.split()) > 14 or line.rstrip().endswith((".", "!", "?"))


def _dateline(paragraph: Paragraph) -> Dateline | None:
    match = DATELINE.match(paragraph.text)
    if not match:
        return None
    month = MONTHS[(match["month"] or match["month2"]).lower()]
    day = int(match["day"] or match["day2"])
    if not 1 <= day <= 31:
        return None
    return Dateline(
        place=match["place"].strip(),
        month=month,
        day=day,
        start=paragraph.start,
        end=paragraph.start + match.end(),
    )


def _title_case(place: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in place.split())


# --- the article date (DCT) --------------------------------------------------


def date_articles(
    drafts: Sequence[Draft],
    *,
    config_dates: Mapping[str, date],
    default_year: int | None,
) -> tuple[list[Article], list[Problem]]:
    """Settle every article's date, in the order of evidence the contract names.

    Front matter, then a per-file date in ``site.yaml``, then the year
    inferred from the text, then the year the corpus agrees on, then the
    configured default year. Articles that cannot be dated are left out with
    a warning.
    """
    settled: dict[str, tuple[date, DateBasis]] = {}
    yearless: list[Draft] = []
    for draft in drafts:
        if "date" in draft.front_matter:
            settled[draft.id] = (draft.front_matter["date"], "front-matter")
        elif draft.source in config_dates:
            settled[draft.id] = (config_dates[draft.source], "config")
        elif draft.dateline is not None:
            year = draft.text_year
            if year is not None:
                settled[draft.id] = (
                    date(year, draft.dateline.month, draft.dateline.day),
                    "inferred-from-text",
                )
            else:
                yearless.append(draft)

    problems: list[Problem] = []
    known = sorted(d for d, _ in settled.values())
    for draft in yearless:
        assert draft.dateline is not None
        guess = _year_from_corpus(draft.dateline, known)
        if guess is not None:
            settled[draft.id] = (guess, "inferred-from-corpus")
        elif default_year is not None:
            try:
                settled[draft.id] = (
                    date(default_year, draft.dateline.month, draft.dateline.day),
                    "default",
                )
            except ValueError:
                problems.append(
                    Problem(
                        draft.source,
                        draft.first_body_line,
                        f"dateline day does not exist in {default_year}",
                    )
                )
        else:
            problems.append(
                Problem(
                    draft.source,
                    draft.first_body_line,
                    "the dateline has no year and neither the text nor other articles give one; "
                    "set 'default_year' or a per-file date under 'dates' in site.yaml, or 'date:' in front matter",
                )
            )

    articles = []
    for draft in drafts:
        if draft.id not in settled:
            continue
        day, basis = settled[draft.id]
        articles.append(
            Article(
                id=draft.id,
                source=draft.source,
                title=draft.title,
                body=draft.body,
                paragraphs=draft.paragraphs,
                date=day,
                date_basis=basis,
                place=draft.place,
                dateline=draft.dateline,
                related=draft.related,
                headings=draft.headings,
                removed=draft.removed,
                source_url=_opt_str(draft.front_matter.get("source_url")),
                publisher=_opt_str(draft.front_matter.get("publisher")),
                language=str(draft.front_matter.get("language") or "en"),
                digest=draft.digest,
            )
        )
    return articles, problems


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def infer_year(draft: Draft, timex: Any) -> int | None:
    """The earliest year in which the dateline day falls after every explicit
    past date with a year that the article states.

    An article datelined "December 24" that says "(29 December 2014)" is from
    2015 or later. Dates in future-tense sentences ("will meet on 26 November
    2016") say nothing about when the article was written, and are skipped.
    """
    assert draft.dateline is not None
    latest: date | None = None
    for paragraph in draft.paragraphs:
        # Only a paragraph with a four-digit number can state a year: the
        # others need no tagging here (extraction tags every paragraph later).
        if not _YEAR.search(paragraph.text):
            continue
        sentences = split_sentences(paragraph.text)
        for found in timex.tag(paragraph.text, None):
            if found.date is None or found.type != "DATE":
                continue
            sentence = next(
                (t.text for t in sentences if t.start <= found.start < t.end), paragraph.text
            )
            if timex.tense(sentence) == "future":
                continue
            if latest is None or found.date.end > latest:
                latest = found.date.end
    if latest is None:
        return None
    year = latest.year
    while True:
        try:
            candidate = date(year, draft.dateline.month, draft.dateline.day)
        except ValueError:  # 29 February
            year += 1
            continue
        if candidate > latest:
            return year
        year += 1


def _year_from_corpus(dateline: Dateline, known: Sequence[date]) -> date | None:
    """The year that puts the dateline day closest to the dated articles.

    Neighbours "agree" on a year when that placement is nearest to them; this
    also handles the turn of the year (a "December 31" among January articles).
    """
    if not known:
        return None
    years = sorted({d.year + delta for d in known for delta in (-1, 0, 1)})
    best: tuple[float, int, date] | None = None
    for year in years:
        try:
            candidate = date(year, dateline.month, dateline.day)
        except ValueError:
            continue
        spread = statistics.median(abs((candidate - d).days) for d in known)
        key = (spread, year, candidate)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def find_articles(folder: Path, files: FileIndex | None = None) -> list[Path]:
    """The article files of a folder, in a stable order (by relative POSIX path);
    listed by ``files`` (which may have listed it already), if given."""
    return [
        path
        for name, path in sorted(files_in(folder, files))
        if not path.name.startswith(".") and path.suffix.lower() in INPUT_SUFFIXES
    ]

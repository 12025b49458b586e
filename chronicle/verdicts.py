"""Editorial verdicts on claims: ``content/claims/*.md``.

Front matter names the claim either by ``claim`` (its id) or by ``quote``
(a fragment of its words) and ``speaker`` (an actor id), so a verdict
survives rebuilds that change ids; then ``rating`` (an id of the scale in
``site.yaml``), ``reviewer``, ``reviewed`` (a date) and ``evidence`` (a list
of ``{title, url}``). The Markdown body is the explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import markdown

from chronicle import frontmatter
from chronicle.config import Config
from chronicle.errors import InputError, Problem, source_name

VERDICT_KEYS = {"claim", "quote", "speaker", "rating", "reviewer", "reviewed", "evidence"}


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str


@dataclass(frozen=True)
class Verdict:
    source: str
    slug: str
    claim: str | None
    quote: str | None
    speaker: str | None
    rating: str
    reviewer: str
    reviewed: date
    evidence: tuple[Evidence, ...]
    html: str

    def matches(self, claim_id: str, speaker: str | None, words: str) -> bool:
        """By id, or by a fragment of the words and the speaker.

        >>> v = Verdict("x.md", "x", None, "ready  to cooperate", "putin", "false", "r", date(2015, 1, 1), (), "")
        >>> v.matches("any", "putin", "We are ready to cooperate with Washington")
        True
        >>> v.matches("any", "peskov", "We are ready to cooperate with Washington")
        False
        """
        if self.claim is not None:
            return self.claim == claim_id
        assert self.quote is not None
        return speaker == self.speaker and _normal(self.quote) in _normal(words)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def load_verdicts(folder: Path, config: Config) -> list[Verdict]:
    """Read every verdict; editor mistakes raise ``InputError`` naming file, line and key."""
    verdicts = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        source = source_name(path, config.root)
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        try:
            data, body, _ = frontmatter.split(text, source)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        found = _check(data, text, source, config)
        if found:
            problems.extend(found)
            continue
        reviewed = data["reviewed"]
        verdicts.append(
            Verdict(
                source=source,
                slug=path.stem,
                claim=data.get("claim"),
                quote=data.get("quote"),
                speaker=data.get("speaker"),
                rating=data["rating"],
                reviewer=data["reviewer"],
                reviewed=reviewed,
                evidence=tuple(Evidence(e["title"], e["url"]) for e in data.get("evidence") or []),
                html=markdown.markdown(body.strip(), extensions=["extra"], output_format="html"),
            )
        )
    if problems:
        raise InputError(problems)
    return verdicts


def _check(data: dict[str, Any], text: str, source: str, config: Config) -> list[Problem]:
    problems = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(source, frontmatter.key_line(text, key), message, key))

    for key in data:
        if key not in VERDICT_KEYS:
            bad(str(key), f"unknown key; use {', '.join(sorted(VERDICT_KEYS))}")
    if not data.get("claim") and not (data.get("quote") and data.get("speaker")):
        bad(
            "claim",
            "name the claim by 'claim: <id>' or by 'quote: <words>' with 'speaker: <actor id>'",
        )
    if config.rating(str(data.get("rating"))) is None:
        bad(
            "rating",
            f"must be one of the scale in site.yaml: {', '.join(r.id for r in config.ratings)}",
        )
    if not isinstance(data.get("reviewer"), str) or not data["reviewer"].strip():
        bad("reviewer", "is required: who reviewed the claim")
    reviewed = data.get("reviewed")
    if not isinstance(reviewed, date) or isinstance(reviewed, datetime):
        bad("reviewed", "must be the review date, written YYYY-MM-DD")
    evidence = data.get("evidence") or []
    if not isinstance(evidence, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("title"), str)
        and isinstance(e.get("url"), str)
        and e["url"].startswith(("http://", "https://"))
        for e in evidence
    ):
        bad("evidence", "must be a list of {title: ..., url: https://...}")
    return problems


def attach(
    verdicts: Sequence[Verdict], claims: Iterable[tuple[str, str | None, str]]
) -> tuple[dict[str, Verdict], list[Problem]]:
    """Match verdicts to claims ``(id, speaker, words)``: each verdict to exactly one claim."""
    matched: dict[str, Verdict] = {}
    problems = []
    claim_list = list(claims)
    for verdict in verdicts:
        hits = [
            claim_id
            for claim_id, speaker, words in claim_list
            if verdict.matches(claim_id, speaker, words)
        ]
        if len(hits) != 1:
            what = "no claim" if not hits else f"{len(hits)} claims ({', '.join(hits[:3])})"
            problems.append(
                Problem(
                    verdict.source,
                    None,
                    f"matches {what}; name exactly one claim by 'claim: <id>' or a longer quote",
                    "claim" if verdict.claim else "quote",
                )
            )
            continue
        if hits[0] in matched:
            problems.append(
                Problem(
                    verdict.source,
                    None,
                    f"reviews the same claim as {matched[hits[0]].source}; keep one verdict per claim",
                )
            )
            continue
        matched[hits[0]] = verdict
    return matched, problems

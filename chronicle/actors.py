"""The actor registry (``content/actors/*.md``) and finding its actors in text.

A registry entry is YAML front matter (``name``, ``kind``, ``aliases``,
``role``, ``role_aliases``, ``demonyms``, ``wikidata``) and a Markdown
profile. Matching is deliberately literal: whole words, case-sensitive
(a lowercase first letter may also be capitalised, as at a sentence start),
with a possessive ’s; a person's bare surname only once the full name has
appeared in the article. Machine translation mangles names in ways no
fuzzy matcher would guess ("Sands" is Peskov), so the editor lists the
mangled forms as aliases and the engine never guesses: a wrong actor on a
fact-check site is worse than a missing one.

It does not discover new actors; it reports the capitalised names it could
not match, so an editor can grow the registry.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from chronicle import frontmatter
from chronicle.errors import InputError, Problem, source_name
from chronicle.models import Actor, Mention, Sentence
from chronicle.text import slugify

KINDS = ("person", "organization", "country", "place", "other")
ACTOR_KEYS = {"name", "kind", "aliases", "role", "role_aliases", "demonyms", "wikidata"}
PARTICLES = {
    "de",
    "da",
    "del",
    "der",
    "van",
    "von",
    "al",
    "el",
    "bin",
    "ibn",
    "le",
    "la",
    "du",
    "di",
}


@dataclass(frozen=True)
class Registry:
    actors: tuple[Actor, ...]
    demonyms: dict[str, str]  # surface form -> actor id
    digest: str = ""

    def by_id(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.actors}


def load_registry(folder: Path, root: Path) -> tuple[Registry, list[Problem]]:
    """Read every ``*.md`` under ``folder``; raise ``InputError`` for broken entries."""
    actors: list[Actor] = []
    demonyms: dict[str, str] = {}
    problems: list[Problem] = []
    errors: list[Problem] = []
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    for path in files:
        source = source_name(path, root)
        try:
            text = path.read_text(encoding="utf-8")
            data, body, _ = frontmatter.split(text.replace("\r\n", "\n"), source)
            actor = _actor(data, body, path.stem, source, text)
        except InputError as exc:
            errors.extend(exc.problems)
            continue
        actors.append(actor)
        for demonym in data.get("demonyms") or []:
            demonyms[str(demonym)] = actor.id
    if errors:
        raise InputError(errors)
    problems.extend(_duplicate_aliases(actors))
    digest = hashlib.sha256(
        "\n".join(f"{a.id}|{a.name}|{a.kind}|{a.aliases}|{a.role_aliases}" for a in actors).encode()
        + repr(sorted(demonyms.items())).encode()
    ).hexdigest()[:16]
    return Registry(tuple(actors), demonyms, digest), problems


def _actor(data: dict[str, Any], body: str, stem: str, source: str, text: str) -> Actor:
    problems = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(source, frontmatter.key_line(text, key), message, key))

    for key in data:
        if key not in ACTOR_KEYS:
            bad(str(key), f"unknown key; use {', '.join(sorted(ACTOR_KEYS))}")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        bad("name", "is required: the actor's canonical name")
    if data.get("kind") not in KINDS:
        bad("kind", f"must be one of {', '.join(KINDS)}")
    for key in ("aliases", "role_aliases", "demonyms"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            bad(key, "must be a list of names, e.g. [Putin, the Russian leader]")
    wikidata = data.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and re.fullmatch(r"Q\d+", wikidata)):
        bad("wikidata", "must be a Wikidata item id such as Q7747, or null")
    if data.get("role") is not None and not isinstance(data.get("role"), str):
        bad("role", "must be text")
    if problems:
        raise InputError(problems)
    return Actor(
        id=slugify(stem, 12),
        name=data["name"].strip(),
        kind=data["kind"],
        aliases=tuple(dict.fromkeys(a.strip() for a in data.get("aliases") or [])),
        wikidata=wikidata,
        role=data.get("role"),
        role_aliases=tuple(dict.fromkeys(a.strip() for a in data.get("role_aliases") or [])),
        profile_html=markdown.markdown(body.strip(), extensions=["extra"], output_format="html"),
        source=source,
    )


def _duplicate_aliases(actors: Sequence[Actor]) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for actor in actors:
        for form in (actor.name, *actor.aliases, *actor.role_aliases):
            if form in owner and owner[form] != actor.id:
                problems.append(
                    Problem(
                        actor.source,
                        None,
                        f"alias {form!r} is also claimed by {owner[form]}; keep it in one profile",
                        "aliases",
                    )
                )
            owner.setdefault(form, actor.id)
    return problems


# --- matching -----------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    """Compiled forms of a registry: explicit forms match anywhere, surnames
    only after their actor's full name has appeared."""

    pattern: re.Pattern[str] | None
    explicit: dict[str, str]
    surnames: dict[str, str]
    demonym_actors: dict[str, str] = field(default_factory=dict)  # "Russian" -> "russia"

    @classmethod
    def build(cls, registry: Registry) -> Matcher:
        explicit: dict[str, str] = {}
        for actor in registry.actors:
            for form in (actor.name, *actor.aliases, *actor.role_aliases):
                for variant in _case_variants(form):
                    explicit.setdefault(variant, actor.id)
        for form, actor_id in registry.demonyms.items():
            explicit.setdefault(form, actor_id)
        surnames: dict[str, str] = {}
        ambiguous: set[str] = set()
        for actor in registry.actors:
            if actor.kind != "person":
                continue
            for form in (actor.name, *actor.aliases):
                for surname in _surnames(form):
                    if surname in explicit:
                        continue
                    if surnames.get(surname, actor.id) != actor.id:
                        ambiguous.add(surname)
                    surnames[surname] = actor.id
        for surname in ambiguous:
            del surnames[surname]
        forms = sorted({*explicit, *surnames}, key=lambda f: (-len(f), f))
        if not forms:
            return cls(None, explicit, surnames, dict(registry.demonyms))
        return cls(_forms_pattern(forms), explicit, surnames, dict(registry.demonyms))

    def find(self, text: str, *, allow_surnames: bool = True) -> list[Mention]:
        """Actor mentions in ``text``, left to right, longest form first.

        >>> reg = Registry((Actor("putin", "Vladimir Putin", "person", ("Putin",)),
        ...                 Actor("gerasimov", "Valery Gerasimov", "person")), {})
        >>> m = Matcher.build(reg)
        >>> [(x.text, x.actor) for x in m.find("Gerasimov met Valery Gerasimov. Putin’s aide and Gerasimov left.")]
        [('Valery Gerasimov', 'gerasimov'), ('Putin', 'putin'), ('Gerasimov', 'gerasimov')]
        """
        if self.pattern is None:
            return []
        mentions = []
        seen_full: set[str] = set()
        for match in self.pattern.finditer(text):
            form = match.group(1)
            actor = self.explicit.get(form)
            if actor is not None:
                seen_full.add(actor)
            else:
                actor = self.surnames[form]
                if not allow_surnames or actor not in seen_full:
                    continue
            mentions.append(Mention(match.start(1), match.end(1), form, actor))
        return mentions


def _forms_pattern(forms: Sequence[str]) -> re.Pattern[str]:
    """Any of ``forms`` (the first that fits, in their order) as a whole word,
    with a possessive ’s.

    That is ``(?<![\\w-])(form|form|…)``, written with each form's first
    character taken out: ``(?:P(?<![\\w-]P)(?:utin|eskov)|…)``. The forms of one
    branch keep their order, and at any one place only the branch of its
    character can match, so every match is the same; but a pattern that
    begins with literals lets the regex engine skip to the characters that
    begin a form, where the lookbehind made it try every form at every
    character (five times slower over an article).
    """
    if "" in forms:  # an empty form has no first character (nor any use)
        alternation = "|".join(map(re.escape, forms))
        return re.compile(rf"(?<![\w-])({alternation})(?:[’']s)?(?![\w-])")
    branches: dict[str, list[str]] = {}
    for form in forms:
        branches.setdefault(form[0], []).append(form[1:])
    alternation = "|".join(
        f"{re.escape(first)}(?<![\\w-]{re.escape(first)})(?:{'|'.join(map(re.escape, rests))})"
        for first, rests in branches.items()
    )
    return re.compile(rf"({alternation})(?:[’']s)?(?![\w-])")


def _case_variants(form: str) -> Iterable[str]:
    yield form
    if form[:1].islower():
        yield form[0].upper() + form[1:]
    elif form.startswith("The "):
        yield "the " + form[4:]


def _surnames(name: str) -> list[str]:
    """A person's bare surname forms: "Jean-Yves Le Drian" -> ["Le Drian"].

    >>> _surnames("Pierre de Wille"), _surnames("Recep Tayyip Erdogan"), _surnames("Putin")
    (['de Wille'], ['Erdogan'], [])
    """
    words = name.split()
    if len(words) < 2:
        return []
    if len(words) >= 3 and words[-2].lower() in PARTICLES:
        return [" ".join(words[-2:])]
    return [words[-1]]


# --- names the registry does not know ----------------------------------------

# ``(?<![\w-])[A-Z]…`` with the capital taken before the lookbehind: a pattern
# that begins with a character class lets the regex engine skip to the
# capitals, where the lookbehind was tried at every character (twice as slow).
_NAME = re.compile(
    r"[A-Z](?<![\w-][A-Z])[\w’'-]*(?:\s+(?:(?:de|al|el|of|bin|van|von|du|da|la|le)[-\s]+)?[A-Z][\w’'-]*)*"
)
_NOT_NAMES = frozenset(
    """The A An This That These Those It Its In On At As For From With By To Of And But Or If When While
    After Before During Since Until According Our Their His Her He She We They You I Yes No Also However
    Meanwhile Moreover Therefore Although Even Again Only Most Some All Let Regarding Answering Starting
    Assessment Data General Minister President Ministry Head Chief Secretary Agency Card Talk Established
    Earlier Later Yesterday Today Tomorrow Military Russian French Turkish Syrian American Western Islamist
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Board Special Of""".split()
)


def unknown_names(
    text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[tuple[str, str]]:
    """Capitalised names no mention covers, with the sentence they stand in.

    Sentence-initial single words are skipped (a capital there says nothing).
    """
    covered = _Spans((m.start, m.end) for m in mentions)
    found: list[tuple[str, str]] = []
    for sentence in sentences:
        text = sentence.text
        # A name starting at or before ``lead`` has only quotation marks and
        # brackets before it: sentence-initial (one strip per sentence, not
        # a slice and a strip per name).
        lead = len(text) - len(text.lstrip('“"«‘( '))
        for match in _NAME.finditer(text):
            group = match.group()
            words = group.split()
            if len(words) == 1:
                # Most names are one word: the loops below, unrolled. (A word
                # that is in _NOT_NAMES has no quotation mark to strip.)
                word = words[0]
                if word.strip("’'") in _NOT_NAMES:
                    continue
                at = match.start()
                if at <= lead:
                    continue  # sentence-initial single word
                name = word.rstrip("’'").removesuffix("’s").removesuffix("'s")
            else:
                while words and words[0].strip("’'") in _NOT_NAMES:
                    words.pop(0)
                while words and words[-1] in _NOT_NAMES:
                    words.pop()
                if not words:
                    continue
                name = " ".join(words).rstrip("’'").removesuffix("’s").removesuffix("'s")
                at = match.start() + group.find(words[0])
                if len(words) == 1 and at <= lead:
                    continue  # sentence-initial single word
            start = sentence.start + at
            if len(name) < 2 or name.isdigit() or covered.overlap(start, start + len(name)):
                continue
            found.append((name, text))
    return found


class _Spans:
    """Spans, to ask whether one overlaps any of them in a bisection: every
    capitalised word of an article asked each mention in turn before."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.ends: list[int] = []  # the furthest end of the spans up to each one
        for _, end in ordered:
            self.ends.append(max(end, self.ends[-1]) if self.ends else end)

    def overlap(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``s < end and start < e``."""
        before = bisect_left(self.starts, end)  # the spans with s < end
        return before > 0 and self.ends[before - 1] > start


def count_unknown(found: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for name, sentence in found:
        counts[name] += 1
        example.setdefault(name, sentence)
    return [
        {"name": name, "count": count, "example": example[name]}
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

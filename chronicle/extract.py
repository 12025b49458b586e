"""Per-article extraction: one pure function from an article to its facts.

``extract(article, matcher)`` reads nothing but its arguments and keeps no
state, so it can be cached by content hash and run in worker processes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from chronicle import timex as tagger
from chronicle.actors import Matcher, unknown_names
from chronicle.claims import extract_claims
from chronicle.discover import discover
from chronicle.events import choose_date, summarize
from chronicle.models import (
    Actor,
    Article,
    ArticleFacts,
    DateValue,
    EventCandidate,
    Sentence,
    Source,
    Timex,
)
from chronicle.text import content_words, split_sentences


def extract(
    article: Article, matcher: Matcher, actors: Mapping[str, Actor] | None = None
) -> ArticleFacts:
    body = article.body
    dateline_end = article.dateline.end if article.dateline else 0
    timexes: list[Timex] = []
    sentences: list[Sentence] = []
    heading_starts = {article.paragraphs[i].start for i in article.headings}
    for paragraph in article.paragraphs:
        # The dateline is the article date, not a date the text reports: mask
        # it (same length, so offsets hold) before tagging.
        text = paragraph.text
        skip = max(0, min(dateline_end - paragraph.start, len(text)))
        masked = " " * skip + text[skip:]
        for found in tagger.tag(masked, article.date):
            timexes.append(_shift(found, paragraph.start))
        if paragraph.start not in heading_starts:
            sentences.extend(split_sentences(body, paragraph.start + skip, paragraph.end))

    registry_mentions = matcher.find(body)
    discovered, discovered_mentions = discover(body, sentences, registry_mentions, matcher.explicit)
    mentions = sorted([*registry_mentions, *discovered_mentions], key=lambda m: (m.start, -m.end))
    candidates = []
    rel_start: int | None
    rel_end: int | None
    for index, sentence in enumerate(sentences):
        inside = [t for t in timexes if sentence.start <= t.start and t.end <= sentence.end]
        chosen = choose_date(inside, body)
        if chosen is not None:
            assert chosen.date is not None
            date = chosen.date
            rel_start, rel_end = chosen.start - sentence.start, chosen.end - sentence.start
        elif index == 0 and article.dateline is not None and sentence.start >= dateline_end:
            date = DateValue(
                article.date,
                article.date,
                "day",
                None,
                body[article.dateline.start : dateline_end].strip(),
                article.date.isoformat(),
            )
            rel_start = rel_end = None
        else:
            continue
        in_sentence = tuple(
            dict.fromkeys(m.actor for m in mentions if sentence.start <= m.start < sentence.end)
        )
        candidates.append(
            EventCandidate(
                date=date,
                summary=summarize(sentence.text, rel_start, rel_end),
                actors=in_sentence,
                source=Source(article.id, sentence.text, sentence.start, sentence.end),
                words=content_words(sentence.text),
            )
        )
    in_title = matcher.find(article.title, allow_surnames=False)
    known = {**(actors or {}), **{a.id: a for a in discovered}}
    claims = extract_claims(article, mentions, timexes, in_title, known, matcher.demonym_actors)
    return ArticleFacts(
        article=article.id,
        timexes=tuple(timexes),
        mentions=tuple(mentions),
        candidates=tuple(candidates),
        unknown_names=tuple(unknown_names(body, sentences, mentions)),
        discovered=tuple(discovered),
        claims=tuple(claims),
        title_mentions=tuple(in_title),
    )


def _shift(found: Timex, offset: int) -> Timex:
    return replace(found, start=found.start + offset, end=found.end + offset)

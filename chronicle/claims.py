"""Claims: what someone said, with who said it, as the wire text attributes it.

Two kinds of statement become claims:

* quotations, “…” or "…", also when they run over several sentences, with
  the attribution before them (``X said: “…”``, ``X stressed that “…”``),
  after them (``“…”, – said Shoigu``, ``“…,” he said``) or inside them
  (``“…, – said Gerasimov. – …”``);
* reported statements: ``X said that …``, ``X stated …``, ``X accused Y of …``,
  ``according to X, …``, ``X announced …``, ``X promised …``, and the wire's
  ``This was stated by X`` after the statement itself;

plus the headline form ``Putin: …``.

Speakers come from actor mentions (names, aliases, and role aliases such as
"the head of the FSB"). "he said" and a bare role noun ("the Minister",
"French General") resolve only to a recent speaker or person whose registry
role fits, and only when exactly one does. Anything else leaves the speaker
``None``: a wrong speaker is worse than none.

Hand-written rules rather than a parser: the machine-translated wire syntax
("– assured reporters the President’s press Secretary Dmitry Peskov") defeats
dependency parsers trained on edited English, and the rules are few.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chronicle.models import Actor, Article, Claim, DateValue, Mention, Sentence, Timex
from chronicle.text import split_sentences

SPEECH_VERBS = (
    "said says say stated states told tells added adds noted notes stressed stresses recalled "
    "recalls reminded informed assured explained emphasized emphasised asked complained declared "
    "announced continued concluded reported answered replied admitted warned insisted underlined "
    "underscored promised accused urged believes believed claimed claims suggested argued "
    "confirmed denied acknowledged pointed"
).split()
_VERB = "|".join(SPEECH_VERBS)
# Verbs that introduce reported speech without quotation marks. (Every verb is
# lower-case: the lookahead spares the engine the verbs at the end of each word.)
REPORTING = re.compile(
    rf"\b(?=[a-z])(?P<verb>{_VERB})\b(?P<tail>\s+(?:also\s+)?(?:that\b|:|(?=[A-Za-z“\"])))"
)
ACCORDING = re.compile(r"\b(?:[Aa]ccording to|[Ii]n (?:his|her) (?:opinion|view|words))\b")
PRONOUN = re.compile(r"\b(?:he|she|He|She|him|her)\b")
# A quotation may also follow verbs that are not of saying but report words ("ordered … “so that …”").
_QUOTE_VERBS = _VERB + "|ordered|demanded|called|instructed"
# Verbs whose object is the addressee, not the words: the words follow "that" or ":".
STRONG_VERBS = frozenset("said stated announced accused promised declared claimed denied".split())
TELL_VERBS = frozenset("told tells informed assured reminded asked".split())
ROLE_NOUN = re.compile(
    r"\b(?:the\s+)?(?:(?P<demonym>[A-Z][a-z]+)\s+)?(?P<noun>Minister|President|General|Secretary|Chancellor|Ambassador|spokesman|spokeswoman|Director|Prime Minister)\b"
)
SPEAK_IT = re.compile(
    rf"^(?:(?:This|That|It)\s+(?:is|was)\b[^,;“”]*?\b(?:{_VERB}|declared|announced)\b|[^“”]*?\b(?:{_VERB}|declared|announced)\s+(?:it|this)\b)",
    re.IGNORECASE,
)
EVIDENCE_NOT_SHOWN = re.compile(
    r"\b(?:present|presented|provide|provided|show|shown|give|given)\s+(?:the\s+|any\s+|no\s+)?(?:evidence|proof|data|information)\b"
    r"|\b(?:evidence|proof|data|information)\s+(?:was|were|will be|would be)\s+(?:presented|provided|shown|given)\b"
    r"|\bevidence at a later date\b|\bno evidence\b",
    re.IGNORECASE,
)
ORG_NOUN = re.compile(
    r"\b[Tt]he (?P<noun>company|carmaker|automaker|firm|bank|ministry|agency|department|group|council|airline|union|court|organisation|organization|charity|committee|commission|party|university|hospital|board|regulator)\b"
)
# Nouns that must stand in the organisation's name ("the ministry" is a Ministry of …).
ORG_HEAD_NOUNS = frozenset(
    "bank ministry agency department council union court committee commission party university hospital board".split()
)
_SUBJECT_PREFIX = frozenset(
    "the a an state former acting deputy chief senior general vice".split()
    + "chairman chairwoman director spokesman spokeswoman president minister secretary".split()
)
PREPOSITIONS = frozenset(
    "with to of by from for against on in at about into onto over under between among towards toward upon".split()
)
MIN_UNATTRIBUTED_WORDS = 6
RECENT_PARAGRAPHS = 3


@dataclass(frozen=True)
class _Quote:
    start: int  # the opening mark
    end: int  # after the closing mark (or the paragraph end when it never closes)
    parts: tuple[tuple[int, int], ...]  # spans of quoted words, attribution cut out
    inner_attribution: tuple[int, int] | None = None


@dataclass
class _State:
    """What the attribution rules remember while reading an article in order."""

    last_speaker: str | None = None
    last_speaker_paragraph: int = -99
    last_speaker_at: int = -1
    # the last attributed quotation: a quotation right after it continues its speaker
    last_quote: tuple[int, int, str | None] | None = None  # (paragraph, end, speaker)

    def spoke(self, speaker: str, paragraph: int, at: int) -> None:
        self.last_speaker, self.last_speaker_paragraph, self.last_speaker_at = (
            speaker,
            paragraph,
            at,
        )


def extract_claims(
    article: Article,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex],
    title_mentions: Sequence[Mention],
    actors: Mapping[str, Actor],
    demonyms: Mapping[str, str] | None = None,
) -> list[Claim]:
    """Every quotation and reported statement of one article, attributed where the text allows."""
    body = article.body
    headings = set(article.headings)
    dateline_end = article.dateline.end if article.dateline else 0
    # Each body paragraph's quotations, found once: the speaker finder needs all
    # of them (a name inside a quotation is not a new subject), the loop below each.
    paragraphs = [
        (index, max(p.start, dateline_end), p.end)
        for index, p in enumerate(article.paragraphs)
        if index not in headings
    ]
    quotes_of = {index: _quotes(body, start, end) for index, start, end in paragraphs}
    all_quotes = [(q.start, q.end) for found in quotes_of.values() for q in found]
    speakers = _SpeakerFinder(mentions, actors, demonyms or {}, body, all_quotes)
    state = _State()
    claims: list[Claim] = []
    headline = _headline_claim(article, title_mentions, actors)
    if headline is not None:
        claims.append(headline)
    for index, start, end in paragraphs:
        sentences = split_sentences(body, start, end)
        quotes = quotes_of[index]
        covered: list[tuple[int, int]] = []
        # In text order, so that "he said" sees the speaker named just before it.
        for position, sentence in enumerate(sentences):
            for quote in quotes:
                if sentence.start <= quote.start < sentence.end or (
                    position == 0 and quote.start < sentence.start
                ):
                    claim = _quote_claim(article, quote, sentences, speakers, state, index, timexes)
                    if claim is not None:
                        claims.append(claim)
                        covered.append((quote.start, quote.end))
            previous = sentences[position - 1] if position else None
            claim = _reported_claim(
                article, sentence, previous, covered, speakers, state, index, timexes
            )
            if claim is not None:
                claims.append(claim)
    claims.sort(key=lambda c: (c.start if not c.headline else -1, c.end))
    return claims


# --- quotations -----------------------------------------------------------------

_OPEN = "“«„"
_CLOSE = "”»"
_MARK = re.compile(f'[{_OPEN}{_CLOSE}"]')  # every character ``_quotes`` looks at
# "…, – said Gerasimov. – …", "…, – Putin said. – …", "…, said the President. Russian aircraft …"
_SPEECH = rf"(?:{_VERB}|is spoken in|was spoken in)"
_INTERRUPT = re.compile(
    rf"(?:,\s*[–—]?|[–—])\s*(?:{_SPEECH}\b|[^–—“”,.]{{0,60}}?\b{_SPEECH}\b)[^–—“”]*?\.\s*(?:[–—]\s*)?(?=[A-Z“])",
    re.IGNORECASE,
)
_TRAILING = re.compile(rf"[,.]?\s*[–—]\s*(?:{_SPEECH}|informed)\b[^“”]*$", re.IGNORECASE)
_FIRST_ATTRIBUTION = re.compile(
    rf"[,.]?\s*[–—]\s*(?:{_SPEECH}|informed)\b[^–—“”.]*\.", re.IGNORECASE
)


def _quotes(body: str, start: int, end: int) -> list[_Quote]:
    """Top-level quotations in ``body[start:end]`` (one paragraph).

    Nesting counts typographic marks (the wire nests “ inside “); a straight
    double quote opens when none is open and closes otherwise. A quotation
    the translation never closes ends at its first ", – said X." inside it
    (and scanning starts again after that), else at the paragraph's end.
    """
    found = []
    position = start
    while position < end:
        depth = 0
        opened = -1
        straight_open = False
        closed_at = -1
        # Only the marks count: the regex engine skips to each one (a loop
        # over every character was a tenth of the claims' time).
        for mark in _MARK.finditer(body, position, end):
            index = mark.start()
            char = body[index]
            if char in _OPEN or (char == '"' and not straight_open and depth == 0):
                if depth == 0:
                    opened = index
                    straight_open = char == '"'
                depth += 1
            elif (char in _CLOSE or (char == '"' and straight_open)) and depth > 0:
                depth -= 1
                if depth == 0:
                    closed_at = index + 1
                    break
        if opened < 0:
            break
        if closed_at > 0:
            found.append(_make_quote(body, opened, closed_at, closed=True))
            position = closed_at
            continue
        cut = _FIRST_ATTRIBUTION.search(body, opened + 1, end)
        if cut is None:
            found.append(_make_quote(body, opened, end, closed=False))
            break
        found.append(
            _make_quote(
                body, opened, cut.start(), closed=False, attribution=(cut.start(), cut.end())
            )
        )
        position = cut.end()
    return found


def _make_quote(
    body: str, start: int, end: int, *, closed: bool, attribution: tuple[int, int] | None = None
) -> _Quote:
    inner_start, inner_end = start + 1, end - 1 if closed else end
    text = body[inner_start:inner_end]
    inner_attribution = attribution
    if not closed and attribution is None:
        trailing = _TRAILING.search(text)
        if trailing:
            inner_attribution = (inner_start + trailing.start(), inner_end)
            inner_end = inner_start + trailing.start()
            text = body[inner_start:inner_end]
    parts = []
    cursor = inner_start
    for match in _INTERRUPT.finditer(text):
        parts.append((cursor, inner_start + match.start()))
        inner_attribution = inner_attribution or (
            inner_start + match.start(),
            inner_start + match.end(),
        )
        cursor = inner_start + match.end()
    parts.append((cursor, inner_end))
    parts = [(a, b) for a, b in parts if body[a:b].strip()]
    return _Quote(
        start, end if attribution is None else attribution[1], tuple(parts), inner_attribution
    )


def _quote_claim(
    article: Article,
    quote: _Quote,
    sentences: Sequence[Sentence],
    speakers: _SpeakerFinder,
    state: _State,
    paragraph: int,
    timexes: Sequence[Timex],
) -> Claim | None:
    body = article.body
    words = " … ".join(body[a:b].strip(" ,") for a, b in quote.parts).strip()
    if not words:
        return None
    sentence = _sentence_at(sentences, quote.start)
    last = _sentence_at(sentences, max(quote.end - 1, quote.start))
    speaker: str | None = None
    attributed = False
    attribution = ""
    # 1. inside the quotation: "…, – said Gerasimov. – …"
    if quote.inner_attribution is not None:
        a, b = quote.inner_attribution
        attributed, speaker = speakers.after_verb(body, a, b, state, paragraph)
        attribution = body[a:b].strip(" ,.–—")
    # 2. after it: "…”, – said Shoigu." / "…,” he said." / "…” – told reporters X"
    if not attributed:
        tail_end = _tail_end(body, quote.end, last.end if last else quote.end)
        # "Ms. Ruiz said": a title's full stop is not the end of the attribution
        tail = _without_title_stops(body[quote.end : tail_end])
        if re.match(
            rf"^[\s,.:]*[–—-]?\s*(?:(?:he|she|He|She)\s+)?(?:also\s+)?(?:{_VERB}|is spoken in|was spoken in)\b",
            tail,
            re.IGNORECASE,
        ) or re.match(
            rf"^[\s,.]*[–—-]?\s*[^“”,.;:–—]{{0,40}}?\b(?:{_VERB})\b", tail, re.IGNORECASE
        ):
            attributed, speaker = speakers.after_verb(body, quote.end, tail_end, state, paragraph)
            if attributed:
                attribution = body[quote.end : tail_end].strip(" ,.–—")
    # 3. before it: "X said: “…”", "X stressed that this operation is “…”", "According to X, “…”"
    if not attributed and sentence is not None:
        head = body[sentence.start : quote.start]
        according = ACCORDING.search(head)
        verb = _last_reporting_verb(head)
        if according is not None and (verb is None or verb < according.start()):
            attributed, speaker = speakers.according(
                body, sentence.start, according, state, paragraph
            )
            attribution = head.strip()
        elif verb is not None:
            adjacent = (
                re.search(r"\b\w+\s*(?:that\s*|:\s*|,\s*)?$", head[verb:]) is not None
                and len(head[verb:].split()) <= 2
            )
            # A verb further back only claims words of some length: "declared it in
            # interview to news agencies “Interfax”" quotes a name, not a statement.
            if adjacent or len(words.split()) >= 3:
                attributed, speaker = speakers.subject(
                    body, sentence.start, sentence.start + verb, state, paragraph
                )
                attribution = head.strip()
    # 4. right after an attributed quotation, with only its attribution between:
    # '"…," Ms. Ruiz said at the Capitol. "…"' continues the same speaker.
    if not attributed and state.last_quote is not None and state.last_quote[0] == paragraph:
        gap = _without_title_stops(body[state.last_quote[1] : quote.start])
        only_attribution = ". " not in gap.strip() or not gap.strip().split(". ")[-1].strip()
        if (
            len(gap) <= 160
            and only_attribution
            and (not gap.strip(" ,.;–—") or re.search(rf"\b(?:{_VERB})\b", gap))
        ):
            attributed, speaker = True, state.last_quote[2]
            attribution = "continues the quotation before it"
    if not attributed and len(words.split()) < MIN_UNATTRIBUTED_WORDS:
        return None  # a name or a phrase in quotation marks, not a statement
    if speaker is not None:
        state.spoke(speaker, paragraph, quote.end)
    if attributed:
        state.last_quote = (paragraph, quote.end, speaker)
    verb_at = sentence.start if sentence else quote.start
    return _claim(
        article,
        words,
        speaker,
        quote.start,
        quote.end,
        paragraph,
        timexes,
        verb_at,
        "quote",
        attribution,
        sentence,
    )


_TITLE_STOP = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|Sen|Gov|Rep|Gen|Col|Lt|Sgt|Capt|St)\.")


def _without_title_stops(text: str) -> str:
    """ "Ms. Ruiz said" -> "Ms  Ruiz said": a title's full stop ends no sentence
    (same length, so offsets into ``text`` hold)."""
    return _TITLE_STOP.sub(r"\1 ", text)


def _tail_end(body: str, start: int, sentence_end: int) -> int:
    """The attribution after a quotation runs to the sentence end or the next quotation."""
    end = max(sentence_end, start)
    next_quote = min(
        (i for i in (body.find(c, start, end) for c in _OPEN + '"') if i >= 0), default=end
    )
    return min(end, next_quote)


def _last_reporting_verb(head: str) -> int | None:
    """Offset of the last speech verb before a quotation in its sentence, if any.

    "Putin stressed that on the background of sanctions, “Turkey has…”": the
    words are Putin's even with a clause between the verb and the quotation.
    An inverted attribution (", said X") belongs to the words before it.
    """
    verbs = [
        m
        for m in re.finditer(rf"\b(?:{_QUOTE_VERBS})\b", head, re.IGNORECASE)
        if not _inverted(head, m.start())
    ]
    return verbs[-1].start() if verbs else None


def _inverted(text: str, verb: int) -> bool:
    """ "…, said X": a speech verb right after a comma or dash follows its words.

    That is ``re.search(r"[,–—]\\s*$", text[:verb])``, as string methods:
    the search tried the pattern at every comma of the text before the verb.
    (``str.rstrip`` strips what ``\\s`` matches, and ``\\s*`` takes the
    newline before which ``$`` may also match.)
    """
    return text[:verb].rstrip()[-1:] in (",", "–", "—")


# --- reported statements -------------------------------------------------------


# Every match of SPEAK_IT has one of these words. The non-ASCII letters that
# IGNORECASE takes for ASCII ones (İ ı ſ and the Kelvin sign) are the only
# way a match can have one that ``str.lower`` does not show.
_SPEAK_IT_WORDS = (*SPEECH_VERBS, "declared", "announced")
_IGNORECASE_ASCII = "\u0130\u0131\u017f\u212a"


def _may_speak_it(text: str) -> bool:
    """False when SPEAK_IT cannot match ``text``: a test of a few substrings
    that spares most sentences the pattern's slow scan (it tries every verb
    at every position)."""
    if any(char in text for char in _IGNORECASE_ASCII):
        return True
    low = text.lower()
    return any(word in low for word in _SPEAK_IT_WORDS)


_SPEAK_IT_THIS = re.compile(
    rf"(?:This|That|It)\s+(?:is|was)\b[^,;“”]*?\b(?:{_VERB}|declared|announced)\b", re.IGNORECASE
)
_IT_THIS = re.compile(r"\b(?:it|this)\b", re.IGNORECASE)
_VERB_BEFORE = re.compile(rf"\b(?:{_VERB}|declared|announced)\s+$", re.IGNORECASE)


def _speaks_it(text: str) -> bool:
    """Whether ``SPEAK_IT.match(text)``, three times faster.

    Its first branch is ``_SPEAK_IT_THIS``. Its second, ``[^“”]*?\\b(?:verb)\\s+
    (?:it|this)\\b``, tried every verb at every position; here each "it" or
    "this" asks whether a verb and white space end right before it. That verb
    is the word before, so the first "it" that has one has the first verb,
    and the branch matches when no quotation mark stands before that verb.
    """
    if _SPEAK_IT_THIS.match(text):
        return True
    quote = min((at for at in (text.find("“"), text.find("”")) if at >= 0), default=len(text))
    for it in _IT_THIS.finditer(text):
        verb = _VERB_BEFORE.search(text, 0, it.start())
        if verb is not None:
            return verb.start() < quote
    return False


def _reported_claim(
    article: Article,
    sentence: Sentence,
    previous: Sentence | None,
    covered: Sequence[tuple[int, int]],
    speakers: _SpeakerFinder,
    state: _State,
    paragraph: int,
    timexes: Sequence[Timex],
) -> Claim | None:
    body = article.body
    text = sentence.text
    # "This was stated to journalists X" / "X declared it": the statement is the previous sentence.
    # (The cheap tests first: SPEAK_IT is slow, and a paragraph's first
    # sentence, with no previous one, is most of the sentences.)
    if (
        previous is not None
        and not _inside(previous.start, covered)
        and _may_speak_it(text)
        and _speaks_it(text)
    ):
        attributed, speaker = speakers.subject(body, sentence.start, sentence.end, state, paragraph)
        if attributed and speaker is not None:
            state.spoke(speaker, paragraph, sentence.end)
            return _claim(
                article,
                previous.text,
                speaker,
                previous.start,
                previous.end,
                paragraph,
                timexes,
                sentence.start,
                "reported",
                text,
                sentence,
            )
    for match in REPORTING.finditer(text):
        verb_start = sentence.start + match.start()
        if _inverted(text, match.start()):
            # "The cooperation … is growing, said the Russian defense Minister Shoigu."
            words_end = sentence.start + len(text[: match.start()].rstrip(" ,–—"))
            if _inside(words_end - 1, covered) or any(
                b >= words_end - 2 and b <= verb_start for _, b in covered
            ):
                continue  # the words are a quotation, claimed already
            attributed, speaker = speakers.named_in(
                body, verb_start, sentence.end, state, paragraph
            )
            if not attributed or speaker is None:
                continue
            state.spoke(speaker, paragraph, sentence.end)
            return _claim(
                article,
                body[sentence.start : words_end],
                speaker,
                sentence.start,
                words_end,
                paragraph,
                timexes,
                sentence.start,
                "reported",
                text[match.start() :],
                sentence,
            )
        content_start = sentence.start + match.end()
        if (
            match.group("verb").lower() in TELL_VERBS
            and "that" not in match.group("tail")
            and ":" not in match.group("tail")
        ):
            that = re.match(r"[^,.;:]{0,40}?\b(?:that\b|:)", body[content_start : sentence.end])
            if that is None:
                continue
            content_start += that.end()
        content = body[content_start : sentence.end].strip()
        if _inside(content_start, covered) or any(
            verb_start <= a < sentence.end for a, _ in covered
        ):
            continue  # the statement is a quotation, claimed already
        if len(content.split()) < 4 or content[:1] in ",.;":
            continue
        attributed, speaker = speakers.subject(body, sentence.start, verb_start, state, paragraph)
        if not attributed:
            if match.group("verb").lower() not in STRONG_VERBS or not re.search(
                r"[A-Za-z]{3,}", text[: match.start()]
            ):
                continue
            speaker = None  # "the Russian military accused Turkey …": a claim, by no registry actor
        if speaker is not None:
            state.spoke(speaker, paragraph, sentence.end)
        return _claim(
            article,
            content,
            speaker,
            content_start,
            sentence.end,
            paragraph,
            timexes,
            verb_start,
            "reported",
            text[: match.end()].strip(),
            sentence,
        )
    according = ACCORDING.match(text)
    if according:
        stop = text.find(",", according.end())
        if stop > 0 and not any(sentence.start + stop <= a < sentence.end for a, _ in covered):
            attributed, speaker = speakers.according(
                body, sentence.start, according, state, paragraph
            )
            content = text[stop + 1 :].strip()
            if attributed and len(content.split()) >= 4:
                if speaker is not None:
                    state.spoke(speaker, paragraph, sentence.end)
                return _claim(
                    article,
                    content,
                    speaker,
                    sentence.start + stop + 1,
                    sentence.end,
                    paragraph,
                    timexes,
                    sentence.start,
                    "reported",
                    text[:stop],
                    sentence,
                )
    return None


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


# --- speakers ------------------------------------------------------------------


class _SpeakerFinder:
    """Turns the words around a speech verb into a speaker, or into "unknown"."""

    def __init__(
        self,
        mentions: Sequence[Mention],
        actors: Mapping[str, Actor],
        demonyms: Mapping[str, str],
        body: str = "",
        quotes: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.actors = actors
        self.demonyms = demonyms
        self.body = body
        self.quotes = list(quotes)

    def _groups(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Mentions in a window, adjacent mentions of one actor joined ("Russian President Vladimir Putin")."""
        groups: list[tuple[int, int, str]] = []
        for m in self.mentions:
            if m.start < start or m.end > end or self._is_demonym(m):
                continue
            if groups and groups[-1][2] == m.actor and m.start - groups[-1][1] <= 2:
                groups[-1] = (groups[-1][0], m.end, m.actor)
            else:
                groups.append((m.start, m.end, m.actor))
        return groups

    def _is_demonym(self, mention: Mention) -> bool:
        # "Russian" names a country only loosely: never a speaker.
        return self.demonyms.get(mention.text) == mention.actor

    def after_verb(
        self, body: str, start: int, end: int, state: _State, paragraph: int
    ) -> tuple[bool, str | None]:
        """An attribution after a quotation: the speaker follows the verb (or is "he")."""
        window = body[start:end]
        verb = re.search(rf"\b(?:{_VERB}|is spoken in|was spoken in)\b", window, re.IGNORECASE)
        if verb is None:
            return False, None
        before = window[: verb.start()]
        if PRONOUN.search(before) and not self._groups(start, start + verb.start()):
            return True, self.pronoun(state, paragraph, start)
        named = self._groups(start, end)
        if named:
            return True, named[0][2]
        organisation = ORG_NOUN.search(window)
        if organisation and organisation.start() < verb.start() + 30:
            return True, self.organisation(organisation.group("noun"), start)
        role = ROLE_NOUN.search(window)
        if role:
            return True, self.role(role, state, paragraph, body[:start])
        if PRONOUN.search(window):
            return True, self.pronoun(state, paragraph, start)
        return True, None

    def subject(
        self, body: str, start: int, verb: int, state: _State, paragraph: int
    ) -> tuple[bool, str | None]:
        """The subject of a speech verb: the first mention before it that is not in a prepositional phrase."""
        clause_start = start
        for separator in (";", ":"):
            cut = body.rfind(separator, start, verb)
            if cut >= 0:
                clause_start = max(clause_start, cut + 1)
        groups = [
            g
            for g in self._groups(clause_start, verb)
            if not self._after_preposition(body, clause_start, g[0])
        ]
        if len(groups) >= 2 and not self._person(groups[0][2]) and self._person(groups[1][2]):
            between = body[groups[0][1] : groups[1][0]].split()
            if len(between) <= 3 and all(w.islower() for w in between):
                return True, groups[1][2]  # "Acme chairman Lars-Erik Holm said"
        if groups:
            return True, groups[0][2]
        head = body[clause_start:verb]
        if re.search(
            r"(?:^|[,–]\s*)(?:he|she|He|She)\s+(?:also\s+|has\s+|had\s+)?$", head
        ) or re.fullmatch(r"\s*(?:He|She)\s+(?:also\s+)?", head):
            return True, self.pronoun(state, paragraph, verb)
        organisation = ORG_NOUN.search(head)
        if organisation and not self._after_preposition(
            body, clause_start, clause_start + organisation.start()
        ):
            return True, self.organisation(organisation.group("noun"), clause_start)
        role = ROLE_NOUN.search(head)
        if role and not self._after_preposition(body, clause_start, clause_start + role.start()):
            return True, self.role(role, state, paragraph, body[:clause_start])
        return False, None

    def according(
        self, body: str, offset: int, match: re.Match[str], state: _State, paragraph: int
    ) -> tuple[bool, str | None]:
        """ "According to X, …" names X; "In his opinion, …" is the last speaker's."""
        if re.search(r"\b(?:his|her)\b", match.group()):
            return True, self.pronoun(state, paragraph, offset)
        start = offset + match.end()
        stop = body.find(",", start)
        end = min(stop if stop > 0 else len(body), start + 120)
        return self.named_in(body, start, end, state, paragraph)

    def named_in(
        self, body: str, start: int, end: int, state: _State, paragraph: int
    ) -> tuple[bool, str | None]:
        groups = self._groups(start, end)
        if groups:
            return True, groups[0][2]
        window = body[start:end]
        role = ROLE_NOUN.search(window)
        if role:
            return True, self.role(role, state, paragraph, body[:start])
        if PRONOUN.search(window):
            return True, self.pronoun(state, paragraph, start)
        return False, None

    @staticmethod
    def _after_preposition(body: str, clause_start: int, position: int) -> bool:
        before = body[clause_start:position].split()
        # "at a meeting with Russian President Putin", "of de Wille": the name is not the subject
        for word in reversed(before[-3:]):
            low = word.lower().strip(",")
            if low in PREPOSITIONS:
                return True
            if low not in (
                "the",
                "a",
                "an",
                "his",
                "her",
                "its",
                "their",
                "our",
                "russian",
                "french",
                "president",
                "general",
                "minister",
            ):
                break
        return False

    def _fits_demonym(self, demonym: str, role_text: str) -> bool:
        """ "French General": the role names France ("Chief of the Defence Staff of France")."""
        country = self.actors.get(self.demonyms.get(demonym, ""))
        return country is not None and country.name.lower() in role_text

    def pronoun(self, state: _State, paragraph: int, at: int) -> str | None:
        """ "he said": the person who spoke last, unless another person has been
        named since ("State Senator Tom Ruiz … voted against it. “…,” he said."),
        in which case that one; two such people ("Ruiz met Ruiz"): unknown."""
        newer = {
            m.actor
            for m in self.mentions
            if state.last_speaker_at < m.start < at
            and m.actor != state.last_speaker
            and self._person(m.actor)
            and not _inside(m.start, self.quotes)
            and at - m.start < 1500
        }
        if len(newer) == 1:
            return newer.pop()
        if newer:
            return None
        speaker = state.last_speaker
        if speaker is None or paragraph - state.last_speaker_paragraph > RECENT_PARAGRAPHS:
            return None
        return speaker if self._person(speaker) else None

    def _person(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and actor.kind == "person"

    def _is_subject(self, mention: Mention) -> bool:
        """At the head of its sentence, with only titles or roles before it."""
        start = max(
            self.body.rfind(". ", 0, mention.start) + 2,
            self.body.rfind("\n", 0, mention.start) + 1,
            0,
        )
        before = self.body[start : mention.start].split()
        return len(before) <= 4 and all(
            w[:1].isupper() or w.lower().strip(".,") in _SUBJECT_PREFIX for w in before
        )

    def organisation(self, noun: str, at: int) -> str | None:
        """ "the carmaker said", "the ministry said": the one organisation recently named that fits."""
        noun = noun.lower()
        candidates = []
        for m in self.mentions:
            if at - 2000 < m.start < at and not _inside(m.start, self.quotes):
                actor = self.actors.get(m.actor)
                if actor is None or actor.kind != "organization":
                    continue
                if noun in ORG_HEAD_NOUNS and noun not in actor.name.lower():
                    continue
                candidates.append(m.actor)
        distinct = set(candidates)
        return distinct.pop() if len(distinct) == 1 else None

    def role(self, match: re.Match[str], state: _State, paragraph: int, before: str) -> str | None:
        """A bare role noun ("the Minister", "French General"): the one recent person whose role fits."""
        noun = match.group("noun").lower()
        demonym = match.group("demonym")
        candidates: list[str] = []
        if state.last_speaker and paragraph - state.last_speaker_paragraph <= RECENT_PARAGRAPHS:
            candidates.append(state.last_speaker)
        window_start = max(0, len(before) - 1500)
        for m in reversed(self.mentions):
            if window_start <= m.start < len(before):
                candidates.append(m.actor)
        fitting = []
        for actor_id in dict.fromkeys(candidates):
            actor = self.actors.get(actor_id)
            if actor is None or actor.kind != "person":
                continue
            role_text = " ".join((actor.role or "", *actor.role_aliases)).lower()
            if noun not in role_text:
                continue
            if demonym and not self._fits_demonym(demonym, role_text):
                continue
            fitting.append(actor_id)
        if state.last_speaker in fitting and not demonym:
            return state.last_speaker
        return fitting[0] if len(fitting) == 1 else None


def _sentence_at(sentences: Sequence[Sentence], position: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return sentences[-1] if sentences and position >= sentences[-1].end else None


# --- the claim itself ----------------------------------------------------------


def _headline_claim(
    article: Article, title_mentions: Sequence[Mention], actors: Mapping[str, Actor]
) -> Claim | None:
    """The wire headline "Putin: the purpose of …" is a claim by Putin."""
    colon = article.title.find(": ")
    if colon <= 0:
        return None
    speaker = [m for m in title_mentions if m.end <= colon]
    if len(speaker) != 1 or speaker[0].start != 0 or speaker[0].end != colon:
        return None
    actor = actors.get(speaker[0].actor)
    if actor is None or actor.kind == "country":
        return None
    words = article.title[colon + 2 :].strip()
    date = DateValue(
        article.date, article.date, "day", None, "article date", article.date.isoformat()
    )
    return Claim(
        id=claim_id(speaker[0].actor, words),
        speaker=speaker[0].actor,
        quote=words,
        article=article.id,
        start=colon + 2,
        end=len(article.title),
        date=date,
        kind="headline",
        attribution=article.title[:colon],
        paragraph=-1,
        evidence_not_shown=_may_say_no_evidence(words) and bool(EVIDENCE_NOT_SHOWN.search(words)),
        headline=True,
    )


def _claim(
    article: Article,
    words: str,
    speaker: str | None,
    start: int,
    end: int,
    paragraph: int,
    timexes: Sequence[Timex],
    verb_at: int,
    kind: str,
    attribution: str,
    sentence: Sentence | None,
) -> Claim:
    return Claim(
        id=claim_id(speaker, words),
        speaker=speaker,
        quote=" ".join(words.split()),
        article=article.id,
        start=start,
        end=end,
        date=_claim_date(article, timexes, sentence, verb_at),
        kind=kind,
        attribution=" ".join(attribution.split())[:200],
        paragraph=paragraph,
        evidence_not_shown=_may_say_no_evidence(words) and bool(EVIDENCE_NOT_SHOWN.search(words)),
    )


def _may_say_no_evidence(words: str) -> bool:
    """False when EVIDENCE_NOT_SHOWN cannot match ``words``: each of its
    matches has one of four words (see ``_may_speak_it`` for the characters
    that IGNORECASE takes for ASCII letters), and the search is slow."""
    if any(char in words for char in _IGNORECASE_ASCII):
        return True
    low = words.lower()
    return "evidence" in low or "proof" in low or "data" in low or "information" in low


def _claim_date(
    article: Article, timexes: Sequence[Timex], sentence: Sentence | None, verb_at: int
) -> DateValue:
    """When the words were said: a date written before the speech verb in the
    same sentence ("On 17 November, Bortnikov … said"), else the article date.

    A date after the verb belongs to what was said ("reminded that on
    Wednesday, Putin announced"), not to the saying.
    """
    if sentence is not None:
        dated = [
            t
            for t in timexes
            if t.date is not None
            and t.type == "DATE"
            and sentence.start <= t.start
            and t.end <= verb_at
        ]
        if dated:
            chosen = dated[-1]
            assert chosen.date is not None
            return chosen.date
    return DateValue(
        article.date, article.date, "day", None, "article date", article.date.isoformat()
    )


def claim_id(speaker: str | None, words: str) -> str:
    """Stable across builds and articles: the same words by the same speaker are one claim.

    >>> claim_id("vladimir-putin", "We are ready.") == claim_id("vladimir-putin", "We  are ready")
    True
    """
    normal = " ".join(re.findall(r"\w+", words.lower()))
    digest = hashlib.sha256(f"{speaker or '-'}|{normal}".encode()).hexdigest()[:10]
    return f"{speaker or 'unknown'}-{digest}"

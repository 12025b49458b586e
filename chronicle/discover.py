"""Discover people and organisations that the actor registry does not know.

A newsroom that points Chronicle at its own archive has no registry yet; this
module finds the actors the text itself introduces, so the site has actor
pages and speakers from the first build. The curated registry stays the
authority: registry mentions are found first and a discovered name that the
registry knows is that registry actor.

A capitalised phrase becomes an actor only with evidence that it names one:

* a person: a title before it ("Governor Ana Ruiz", "Dr. Samuel Njoroge",
  "Acme chairman Lars-Erik Holm"), a role after it ("Daniel Okafor, chief
  economist at …"), or a speech verb next to it ("said Maria Castillo");
* an organisation: a head word such as Ministry, Bank, Council, Motors
  ("the Ministry of Transport", "Westbridge Bank"), or a single name before a
  role ("Acme chairman …", "Oxfam director …").

Later short references in the same article ("Ms. Ruiz", "Mr Holm",
"Okafor", "Acme") point to the one person or organisation introduced with
that name; when two people share a surname, a bare surname stays unmatched.
Hand-written rules rather than a statistical NER model: no model can be
downloaded here, and the rules can say why each name was taken.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from chronicle.models import Actor, Mention, Sentence
from chronicle.places import MULTIWORD_PLACES, is_place
from chronicle.text import slugify

# "Holm", "Lars-Erik", "McCain", "MacCaskill", "O'Brien", or an initial "J."
_WORD = r"(?:(?:Mc|Mac|O[’'])?[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*|[A-Z]\.)"
# The same word with its capital taken first, the alternatives in the same
# order (so every match is the same): a pattern that begins with a character
# class lets the regex engine skip to the capitals of a text, where one
# beginning with a group is tried at every character (NAME_SAID and
# APPOSITION ran three times slower).
_TAIL = r"[a-z]+(?:[-’'][A-Z]?[a-z]+)*"
_FIRST_WORD = (
    rf"(?:[A-Z](?:(?<=M)c[A-Z]{_TAIL}|(?<=M)ac[A-Z]{_TAIL}|(?<=O)[’'][A-Z]{_TAIL}|{_TAIL}|\.))"
)
_PARTICLE = r"(?:de|da|van|von|der|del|al-|bin|ibn|le|la|du)"
# Two to four capitalised words, particles allowed inside: "Lars-Erik Holm", "Jan van der Berg".
PERSON_NAME = re.compile(rf"{_FIRST_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{1,3}}")
HONORIFICS = (
    "Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady Gov Governor Sen Senator Rep Representative "
    "Mayor President Premier Minister Secretary Chancellor Ambassador General Gen Admiral Colonel Col "
    "Captain Capt Lieutenant Lt Sergeant Sgt Judge Justice Councilor Councillor Councilwoman Councilman "
    "Commissioner Chairman Chairwoman Chair Director Chief Father Rabbi Imam Bishop Sheikh King Queen "
    "Prince Princess Pope Speaker Superintendent Inspector Officer Detective Coach Attorney Spokesman "
    "Spokeswoman Sister Brother Rev Reverend Cardinal Deputy Trooper Agent Dean"
).split()
_TITLE = rf"(?:(?:State|Deputy|Vice|Prime|Foreign|Defense|Defence|Finance|Health|Interior|Attorney|Lieutenant|Former|former|Acting|acting|U\.S\.|US)\s+)*(?:{'|'.join(HONORIFICS)})\.?"
_TITLE_WORDS = frozenset("State Deputy Vice Prime Foreign Former Acting".split())
# Every title begins with a capital, "former" or "acting": the lookahead spares
# the engine the title alternatives at every other word boundary. (Taking the
# first character first, as ORGANISATION below does, gained only 5% here: the
# time is in the honorifics tried at each capital.)
TITLED = re.compile(rf"\b(?=[A-Zfa])(?P<title>{_TITLE})\s+(?P<name>{PERSON_NAME.pattern})")


ROLE_WORDS = (
    "chairman chairwoman chair president chief director spokesman spokeswoman spokesperson economist "
    "analyst professor physician doctor researcher lawyer attorney minister secretary head founder "
    "executive officer manager editor correspondent adviser advisor strategist organizer organiser "
    "coordinator commissioner governor mayor senator leader member owner resident farmer teacher "
    "engineer scientist expert official ambassador representative"
).split()
_ROLE = "|".join(ROLE_WORDS)
# "Acme chairman Lars-Erik Holm", "Oxfam director Mei Tanaka"
# (``\b`` before a capital, written after it: see ``_FIRST_WORD``.)
ORG_ROLE_NAME = re.compile(
    rf"(?P<org>[A-Z](?<!\w[A-Z])[A-Za-z&]+(?:\s+[A-Z][A-Za-z&]+)?)\s+(?P<role>(?:(?:chief|senior|deputy|vice|general)\s+)?(?:{_ROLE}))\s+(?P<name>{PERSON_NAME.pattern})"
)
# "Daniel Okafor, chief economist at Westbridge Bank" / ", a physician at" / ", director of"
APPOSITION = re.compile(
    rf"(?P<name>{PERSON_NAME.pattern}),\s+(?:(?:a|an|the)\s+)?(?P<role>(?:[a-z]+\s+){{0,3}}(?:{_ROLE})\b(?:\s+(?:of|at|for|with)\s+[^,.;]{{1,60}})?)"
)
SPEECH = (
    r"(?:said|says|told|added|asked|explained|noted|argued|warned|insisted|wrote|stated|announced)"
)
SAID_NAME = re.compile(rf"\b{SPEECH}\s+(?P<name>{PERSON_NAME.pattern})")
NAME_SAID = re.compile(rf"(?P<name>{PERSON_NAME.pattern})\s+(?:also\s+)?{SPEECH}\b")
ORG_HEADS = (
    "Ministry Department Council Committee Commission Agency Bank Group Motors Inc Corp Corporation "
    "Ltd Company Co University Institute Party Union Association Survey Administration Office Service "
    "Cross Crescent Court Army Navy Police Foundation Fund Collaborative Board Bureau Authority "
    "Parliament Assembly Legislature Senate Congress Federation Alliance Coalition Organisation "
    "Organization Airlines Airways Network Times Post Press News Trust Society Centre Center Institution "
    "Hospital School College Laboratories Labs Industries Holdings Partners Capital Energy Oil Bureau"
).split()
# Words inside an organisation's name: capitalised words, "&", and single
# "of"/"for"/"and" ("Immigration and Naturalization Service"); never "and the".
_ORG_WORD = r"(?:[A-Z][A-Za-z&’'-]+|&|of|for|and(?!\s+the\b))"


def _after_first(alternatives: Sequence[str]) -> str:
    """``(?:a|b|…)`` for a pattern that has matched the first character of
    the alternatives already (each begins with a literal character): the
    rest of each, behind a lookbehind for its first character.

    The alternatives of one first character keep their order, and at any one
    place only those of one character can match, so every match is the same.
    """
    branches: dict[str, list[str]] = {}
    for alternative in alternatives:
        branches.setdefault(alternative[0], []).append(alternative[1:])
    return (
        "(?:"
        + "|".join(
            f"(?<={re.escape(first)})(?:{'|'.join(rests)})" for first, rests in branches.items()
        )
        + ")"
    )


_OF_HEADS = "Ministry Department University Bank Office Council Court Board".split()
# That is (the same matches)::
#
#     \b(?=[A-Z])(?P<org>(?:Ministry|…|Board) of(?:\s+the)?(?:\s+[A-Z][A-Za-z’'-]+){1,4}
#     |(?!The\b)[A-Z][A-Za-z&’'-]+(?:\s+{_ORG_WORD}){0,5}\s+(?:{ORG_HEADS})\b
#     (?:\s+of(?:\s+the)?(?:\s+[A-Z][A-Za-z’'-]+){1,3})?)
#
# with the first capital taken first, so that the engine skips to capitals
# (see ``_FIRST_WORD``): 30% faster.
ORGANISATION = re.compile(
    rf"(?P<org>[A-Z](?<!\w[A-Z])(?:{_after_first(_OF_HEADS)} of(?:\s+the)?(?:\s+[A-Z][A-Za-z’'-]+){{1,4}}"
    rf"|(?!(?<=T)he\b)[A-Za-z&’'-]+(?:\s+{_ORG_WORD}){{0,5}}\s+(?:{'|'.join(ORG_HEADS)})\b"
    rf"(?:\s+of(?:\s+the)?(?:\s+[A-Z][A-Za-z’'-]+){{1,3}})?))"
)
NOT_NAME_WORDS = frozenset(
    """The A An This That These Those It In On At As For From With By To Of And But Or If When While After
    Before During Since Until According Our Their His Her He She We They You I Yes No Also However Meanwhile
    January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Republican Republicans Democrat Democrats Photo Picture""".split()
)
PLACE_PREPOSITIONS = frozenset(
    "in at from to near into across outside inside around toward towards via".split()
)


@dataclass
class _Found:
    name: str
    kind: str  # "person" or "organization"
    role: str | None
    evidence: str
    start: int


def discover(
    body: str,
    sentences: Sequence[Sentence],
    registry_mentions: Sequence[Mention],
    known: dict[str, str],
) -> tuple[list[Actor], list[Mention]]:
    """Actors the text introduces, and every mention of them in ``body``.

    ``known`` maps registry names and aliases to actor ids: a discovered name
    the registry knows becomes a registry mention instead.
    """
    covered = [(m.start, m.end) for m in registry_mentions]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in covered)

    found: dict[str, _Found] = {}
    extra: list[Mention] = []

    def take(
        name: str,
        kind: str,
        role: str | None,
        sentence: Sentence,
        start: int,
        *,
        named_by_role: bool = False,
    ) -> None:
        name = _clean(name, kind)
        if is_place(name) or any(w in _DEMONYM_PLURALS for w in name.split()):
            return
        if not (_plausible(name, kind) or (named_by_role and _single_name(name))):
            return
        if name in known:
            extra.append(Mention(start, start + len(name), name, known[name]))
            covered.append((start, start + len(name)))
            return
        key = slugify(name, 12)
        seen = found.get(key)
        if seen is None:
            found[key] = _Found(name, kind, role, sentence.text, start)
            return
        if start < seen.start:  # the evidence is the first sentence that introduces it
            seen.evidence, seen.start = sentence.text, start
        if role and not seen.role:
            seen.role = role

    # Each pattern runs once over the whole body (not per sentence: the regex
    # engine is fast, Python loops are not); matches outside body sentences
    # (the dateline, subheadings) are ignored.
    starts = [sentence.start for sentence in sentences]

    def sentence_at(position: int) -> Sentence | None:
        index = bisect_right(starts, position) - 1
        if index >= 0 and position < sentences[index].end:
            return sentences[index]
        return None

    for match in ORG_ROLE_NAME.finditer(body):
        sentence = sentence_at(match.start())
        if sentence is None or not free(match.start("name"), match.end("name")):
            continue
        org = match.group("org")
        role = f"{match.group('role')}, {org}"
        if org.split()[0] not in NOT_NAME_WORDS and free(match.start("org"), match.end("org")):
            take(org, "organization", None, sentence, match.start("org"), named_by_role=True)
        take(match.group("name"), "person", role, sentence, match.start("name"))
    for match in TITLED.finditer(body):
        sentence = sentence_at(match.start())
        if sentence is not None and free(match.start("name"), match.end("name")):
            take(
                match.group("name"),
                "person",
                match.group("title").rstrip("."),
                sentence,
                match.start("name"),
            )
    for match in APPOSITION.finditer(body):
        sentence = sentence_at(match.start())
        if (
            sentence is not None
            and free(match.start("name"), match.end("name"))
            and not _sentence_initial_single(
                sentence.text, match.start("name") - sentence.start, match.group("name")
            )
        ):
            take(
                match.group("name"),
                "person",
                match.group("role").strip(),
                sentence,
                match.start("name"),
            )
    for pattern in (SAID_NAME, NAME_SAID):
        for match in pattern.finditer(body):
            sentence = sentence_at(match.start())
            if sentence is not None and free(match.start("name"), match.end("name")):
                take(match.group("name"), "person", None, sentence, match.start("name"))
    for match in ORGANISATION.finditer(body):
        sentence = sentence_at(match.start())
        org = match.group("org")
        at = match.start("org")
        if org.startswith(("The ", "the ")):
            org, at = org[4:], at + 4
        if sentence is not None and free(at, at + len(org)):
            take(org, "organization", None, sentence, at)

    organisations = [item.name for item in found.values() if item.kind == "organization"]
    for key, item in list(found.items()):
        if item.kind == "person" and any(org.startswith(item.name + " ") for org in organisations):
            del found[key]  # "Merrill Lynch said" beside "Merrill Lynch Capital Markets Inc"
    actors = [
        Actor(
            id=key,
            name=item.name,
            kind=item.kind,  # type: ignore[arg-type]
            role=item.role,
            reviewed=False,
            evidence=(item.evidence,),
        )
        for key, item in sorted(found.items(), key=lambda kv: kv[1].start)
    ]
    mentions = _mentions(body, sentences, actors, covered) + extra
    mentions.sort(key=lambda m: (m.start, -m.end))
    return actors, mentions


def _clean(name: str, kind: str = "person") -> str:
    name = re.sub(r"^[A-Z][a-z]+[’']s\s+", "", name)  # "Cuba's National Assembly"
    words = name.split()
    if words and words[0] in ("The", "the"):
        words.pop(0)
    if kind == "person":
        # "Councilor Candace Avalos", "Cuban President Fidel Castro": titles and
        # demonyms before a name are not part of it
        def title(word: str) -> bool:
            return (
                word.rstrip(".") in HONORIFICS
                or word in _TITLE_WORDS
                or ("-" in word and word.split("-")[0] in HONORIFICS)
            )

        if words and words[0].lower() in _SPEECH_WORDS:
            words.pop(0)  # "Says Michael Hirsch": a sentence-initial verb
        inner = [i for i, w in enumerate(words[:-1]) if title(w)]
        if inner and len(words) - inner[-1] - 1 >= 2:
            words = words[inner[-1] + 1 :]  # "Mixte Chairman Marc Fournier"
        while len(words) > 1 and (title(words[0]) or (_demonym(words[0]) and title(words[1]))):
            words.pop(0)
    else:
        if len(words) > 2 and words[0].lower().endswith(("ed", "ing", "ly")):
            words.pop(0)  # "Replied State Department …": a sentence-initial verb
        if len(words) > 2 and words[0].isupper() and len(words[0]) > 3 and not words[1].isupper():
            words.pop(0)  # "CORPORATES Sun Microsystems Inc": a section header
        text = " ".join(words)
        if " for " in text:
            before, after = text.split(" for ", 1)
            if len(before.split()) >= 2 and not any(
                w in ORG_HEADS or w in _GENERIC_ORG_WORDS for w in before.split()
            ):
                text = after  # "Lisa Schlein for VOA News"
        # "Keith MacCaskill of the Winnipeg Police": the organisation is after "of the"
        if words and words[0] not in ORG_HEADS:
            for joint in (" of the ", " for the "):
                if joint in text:
                    text = text.split(joint, 1)[1]
        if text.count(" and ") > 1:
            text = text.split(" and ", 1)[1]
        words = text.split()
    while words and words[-1] in NOT_NAME_WORDS:
        words.pop()
    return " ".join(words).removesuffix("’s").removesuffix("'s")


def _demonym(word: str) -> bool:
    return (
        word.endswith(("ian", "ish", "ese", "ean", "can", "ern", "an", "i")) and word[:1].isupper()
    ) or word in (
        "French",
        "Dutch",
        "Greek",
        "Thai",
        "Swiss",
        "Iraqi",
        "Israeli",
        "Pakistani",
        "Saudi",
        "Kuwaiti",
        "Yemeni",
        "Soviet",
        "Czech",
    )


_NOT_PERSON_WORDS = frozenset(
    "Statistics Channel Television Radio News Studio Studios Airlines Times Post Journal Daily Weekly "
    "Street Avenue Road Square Bridge Airport Station Park River Lake Mountain Island Islands Valley "
    "One Two Three Four Five Six Seven Eight Nine Ten Day Week Month Year Securities Gas Oil Drilling "
    "Steel Unity Navigation Capital Partners Financial Insurance Brothers Associates Holdings Industries "
    "Energy Foods Motors Markets Investors Fund Funds Trust".split()
)
INSTITUTION_NOUNS = frozenset(
    "Cabinet Parliament Parliamentary Party Government Opposition Army Navy Police Church Senate House "
    "Court Congress Council State Federal National Foreign Defense Defence Interior Health Finance Treasury "
    "Labor Labour Justice Central Provincial Regional Municipal City County Company Group Union Association "
    "Committee Commission Ministry Department Agency Bank Board Office Service Security Intelligence".split()
)
_SPEECH_WORDS = frozenset("says said adds added asks asked notes noted".split())
_GENERIC_ORG_WORDS = frozenset(
    "Holdings Market Trust Service Services Investment Investors Financial Capital Management Securities "
    "Insurance Reserve Savings Loan Working International National United Federal Restaurant Exploration "
    "Casualty Development Energy Industries Systems Products Communications Technologies Technology "
    "Resources Group Company Institution Research Computer Data Electric Electronics Steel Oil Gas Bank "
    "Fund Several Many Some Both Most Other Few Each Every".split()
)
_DEMONYM_PLURALS = frozenset(
    "Americans Europeans Africans Asians Russians Cubans Jews Muslims Christians Arabs".split()
)


_PLACES = tuple(sorted(MULTIWORD_PLACES))  # for str.endswith, which tries them in C


def _plausible(name: str, kind: str) -> bool:
    words = name.split()
    if kind == "person" and (
        (words[0][-1:] == "." and len(words[0]) > 2)
        or words[-1].endswith(".")
        or words[-1] in ("De", "Van", "Mac", "Mc", "La", "Le", "Du", "Da")
        or any(w in _NOT_PERSON_WORDS or "’s" in w or "'s" in w for w in words)
    ):
        return (
            False  # "Judge J.", "Tom De", "Labor Statistics", "Florida International's Fernandez"
        )
    if not words or any(w in NOT_NAME_WORDS for w in words if w[0].isupper()):
        return False
    if kind == "person":
        # a person needs a given name and a surname, and neither is an organisation head word
        return (
            2 <= len(words) <= 5
            and not any(w in ORG_HEADS for w in words)
            and all(len(w) > 1 or w.endswith(".") for w in words)
        )
    if len(words) == 2 and words[0] in _GENERIC_ORG_WORDS:
        return False  # "Holdings Inc", "Market Co": the tail of a longer name
    if name.endswith(_PLACES):
        return False  # "the Jewish West Bank": a place
    # "On Board", "In May": a function word or a month is no part of a name
    return (len(words) >= 2 and words[0] not in NOT_NAME_WORDS and words[-1] in ORG_HEADS) or (
        len(words) >= 3
        and words[0]
        in ("Ministry", "Department", "University", "Bank", "Office", "Council", "Court", "Board")
    )


def _single_name(name: str) -> bool:
    """ "Acme" in "Acme chairman …": one capitalised word that is not a demonym or a function word."""
    return (
        re.fullmatch(r"[A-Z][A-Za-z&]+", name) is not None
        and name not in NOT_NAME_WORDS
        and name not in INSTITUTION_NOUNS
        and not _demonym(name)
    )


def _sentence_initial_single(text: str, start: int, name: str) -> bool:
    return text[:start].strip('“"‘( ') == "" and len(name.split()) < 2


def _mentions(
    body: str,
    sentences: Sequence[Sentence],
    actors: Sequence[Actor],
    covered: list[tuple[int, int]],
) -> list[Mention]:
    """Full names everywhere; short forms after the full form, when only one actor owns them."""
    forms: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for actor in actors:
        forms[actor.name] = actor.id
        words = actor.name.split()
        if actor.kind == "person":
            surname = (
                " ".join(words[-2:])
                if len(words) > 2 and words[-2].lower() in ("de", "van", "von", "le", "la", "al-")
                else words[-1]
            )
            short.setdefault(surname, set()).add(actor.id)
        elif len(words) > 1 and words[0] not in (
            "Ministry",
            "Department",
            "University",
            "Bank",
            "Office",
            "Council",
            "Court",
            "Board",
            "National",
            "State",
            "City",
            "United",
        ):
            short.setdefault(words[0], set()).add(actor.id)  # "Acme" for "Acme Motors"
    mentions: list[Mention] = []
    if not forms:
        return mentions
    first_seen: dict[str, int] = {}
    for start, end in _form_matches(body, {*forms, *short}):
        if any(s < end and start < e for s, e in covered):
            continue
        form = body[start:end]
        owner = forms.get(form)
        if owner is None:
            owners = {
                a for a in short.get(form, set()) if a in first_seen and first_seen[a] < start
            }
            if len(owners) != 1:
                continue  # before its full name, or two people with this surname
            owner = owners.pop()
        first_seen.setdefault(owner, start)
        mentions.append(Mention(start, end, form, owner))
    return mentions


_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+")
_WORD_CHAR = re.compile(r"[\w-]")


def _form_matches(body: str, forms: set[str]) -> list[tuple[int, int]]:
    """The spans of ``forms`` that this pattern's ``finditer`` finds, in order::

        (?<![\\w-])(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\\.?\\s+)?(?P<form>longest|…|shortest)(?:[’']s)?(?![\\w-])

    Found with ``str.find`` instead: compiling that pattern anew for every
    article cost more than all the rest of ``_mentions``. A match can only
    start where a form does, or at the honorific just before one; at each
    such place, in order and after the end of the last match, the pattern
    would try the honorific first, then the forms longest first (two forms
    of one length cannot both fit), each with and then without "’s".
    """
    if not forms or any(not f or f[0].isspace() or f[0] == "." for f in forms):
        # the emulation assumes what actor names are: not empty, not starting
        # with what an honorific may end with
        pattern = re.compile(
            r"(?<![\w-])(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?(?P<form>"
            + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            + r")(?:[’']s)?(?![\w-])"
        )
        return [match.span("form") for match in pattern.finditer(body)]

    def boundary(at: int) -> bool:  # (?![\w-]) at ``at``; (?<![\w-]) at ``at + 1``
        return _WORD_CHAR.match(body, at) is None

    at: dict[int, list[str]] = {}  # where a form starts -> the forms found there
    for form in forms:
        index = body.find(form)
        while index >= 0:
            if index == 0 or boundary(index - 1):
                at.setdefault(index, []).append(form)
            index = body.find(form, index + 1)
    after_honorific: dict[int, int] = {}  # where an honorific starts -> its form's start
    for start in at:
        stop = start
        while stop > 0 and body[stop - 1].isspace():
            stop -= 1
        if stop == start:
            continue
        if body[stop - 1] == ".":
            stop -= 1
        for honorific in ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof"):
            begin = stop - len(honorific)
            if (
                begin >= 0
                and body.startswith(honorific, begin)
                and (begin == 0 or boundary(begin - 1))
                and _HONORIFIC.fullmatch(body, begin, start)
            ):
                after_honorific[begin] = start

    def form_at(start: int) -> tuple[int, int] | None:
        """(the form's end, the match's end) of the longest form that fits."""
        for form in sorted(at.get(start, ()), key=len, reverse=True):
            end = start + len(form)
            if body.startswith(("’s", "'s"), end) and boundary(end + 2):
                return end, end + 2
            if boundary(end):
                return end, end
        return None

    spans: list[tuple[int, int]] = []
    last = 0
    for start in sorted({*at, *after_honorific}):
        if start < last:
            continue
        form_start = after_honorific.get(start, start)
        found = form_at(form_start) if form_start != start else None
        if found is None:  # no honorific, or no form after it: a form here
            form_start, found = start, form_at(start)
        if found is not None:
            spans.append((form_start, found[0]))
            last = found[1]
    return spans

"""Claims: quotations and reported statements, and who made them.

Rows are the attribution patterns of wire copy, taken from the seeds and
written to their pattern; speakers come from the real actor registry. A wrong
speaker is worse than none, so the negative rows expect ``None``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.actors import Matcher, Registry, load_registry
from chronicle.articles import date_articles, parse_article
from chronicle.extract import extract
from chronicle.models import Claim

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def registry() -> Registry:
    found, _ = load_registry(ROOT / "content" / "actors", ROOT)
    return found


def claims_of(
    registry: Registry, body: str, title: str = "Headline", day: date = date(2015, 11, 20)
) -> list[Claim]:
    text = f"{title}\n\nMOSCOW, {day:%B} {day.day}. {body}\n"
    draft, problems = parse_article(text, "seeds/test.txt")
    assert draft is not None, problems
    (article,), _ = date_articles([draft], config_dates={"seeds/test.txt": day}, default_year=None)
    return list(extract(article, Matcher.build(registry), registry.by_id()).claims)


def claim_with(claims: list[Claim], fragment: str) -> Claim:
    found = [c for c in claims if fragment in c.quote]
    assert found, f"no claim contains {fragment!r}; claims: {[c.quote for c in claims]}"
    return found[0]


@pytest.mark.parametrize(
    ("body", "fragment", "speaker"),
    [
        # after the quotation: "– said X", "said the Russian leader", "he said"
        (
            "“In accordance with Your instructions, we proceeded,” – said Shoigu.",
            "In accordance with Your instructions",
            "sergei-shoigu",
        ),
        (
            "“Again, its main purpose is combating international terrorism, – said the Russian leader.",
            "its main purpose",
            "vladimir-putin",
        ),
        (
            "“Talk of a ground operation didn’t go out and continue”, – told reporters the President’s press Secretary Dmitry Peskov.",
            "Talk of a ground operation",
            "dmitry-peskov",
        ),
        (
            "“No, this question was not discussed”, – said journalists the press-Secretary of Russian leader Dmitry Peskov.",
            "this question was not discussed",
            "dmitry-peskov",
        ),
        (
            "“Our professionals found an explosive device on Board,” informed the head of the FSB.",
            "Our professionals",
            "alexander-bortnikov",
        ),
        (
            "“We agreed to establish the exchange of operational information”, – is spoken in the message of the Ministry of defense.",
            "exchange of operational information",
            "russian-ministry-of-defence",
        ),
        (
            "“We proactively informed the U.S. side. – recalled the Russian leader. – I counted at least on normal coordination.”",
            "proactively informed",
            "vladimir-putin",
        ),
        # the attribution inside the quotation splits it, and is not part of the words
        (
            "“The terrorist attacks in Paris are of the same chain, – said Gerasimov. – Our grief should unite us.”",
            "Our grief should unite us",
            "valery-gerasimov",
        ),
        # before the quotation
        (
            "Putin stressed that on the background of sanctions, “Turkey has taken an independent position”.",
            "Turkey has taken an independent position",
            "vladimir-putin",
        ),
        (
            "He admitted: “I would very much like terrorists to keep away from the border”. Peskov said nothing else.",
            "keep away from the border",
            None,
        ),
        (
            "According to the Russian leader, this example “proves once more that we cannot bomb the moderate opposition”.",
            "proves once more",
            "vladimir-putin",
        ),
        # reported statements
        (
            "On 17 November, the head of the FSB Alexander Bortnikov at a meeting with Russian President Vladimir Putin said that the collapse of the A321 was the result of a terrorist act.",
            "collapse of the A321",
            "alexander-bortnikov",
        ),
        (
            "The cooperation between Russia and France is growing, said the Russian defense Minister, army General Sergei Shoigu at a meeting.",
            "The cooperation between Russia and France is growing",
            "sergei-shoigu",
        ),
        (
            "Cooperation with Turkey at this stage is in doubt. This was stated to journalists the President’s press Secretary Dmitry Peskov.",
            "Cooperation with Turkey at this stage is in doubt",
            "dmitry-peskov",
        ),
        (
            "The President of Russia Vladimir Putin promised that those responsible will be found and punished.",
            "those responsible will be found",
            "vladimir-putin",
        ),
        (
            "Putin said that Russia is open to cooperation with the United States.",
            "Russia is open to cooperation",
            "vladimir-putin",
        ),
        (
            "According to Bortnikov, the wreckage carries traces of explosives of foreign production.",
            "traces of explosives",
            "alexander-bortnikov",
        ),
        # an unknown speaker stays unknown
        (
            "“General of the army Gerasimov presented information on the plundering of natural resources of Syria”, – said the Agency.",
            "plundering of natural resources",
            None,
        ),
        (
            "In addition, the Russian military accused Turkey of supporting terrorists, promising to present evidence at a later date.",
            "supporting terrorists",
            None,
        ),
    ],
)
def test_speaker_attribution(
    registry: Registry, body: str, fragment: str, speaker: str | None
) -> None:
    assert claim_with(claims_of(registry, body), fragment).speaker == speaker


@pytest.mark.parametrize(
    ("body", "fragment", "speaker"),
    [
        # "he said" after a named speaker continues that speaker
        (
            "Moscow and Paris should unite, said French defense Minister Jean-Yves Le Drian.\n\n“We had quite a long history together,” he said.",
            "quite a long history",
            "jean-yves-le-drian",
        ),
        (
            "“Of course”, – said Shoigu.\n\nHe stressed that all the tasks were solved.",
            "all the tasks were solved",
            "sergei-shoigu",
        ),
        # "the Minister" resolves to the one recent speaker whose role fits
        (
            "“We are actively involved in this work,” said Shoigu.\n\nRussian and French sailors held meetings in the Mediterranean sea, said the Minister.",
            "sailors held meetings",
            "sergei-shoigu",
        ),
        # "French General": the one recent person whose role is a French general
        (
            "Gerasimov met de Wille. Pierre de Wille said that Russia and France should join efforts against terrorism.\n\n“We have a common goal,” said French General.",
            "We have a common goal",
            "pierre-de-villiers",
        ),
        # a pronoun with no named speaker before it stays unknown
        (
            "“We are ready to consider any reliable information about terrorist groups,” he said.",
            "reliable information",
            None,
        ),
        # a pronoun after an organisation: "he" is not the Ministry
        (
            "“Data was presented about the facts,” – said the press service of the defense Ministry.\n\n“We will continue the talks,” he said.",
            "continue the talks",
            None,
        ),
    ],
)
def test_attribution_in_context(
    registry: Registry, body: str, fragment: str, speaker: str | None
) -> None:
    assert claim_with(claims_of(registry, body), fragment).speaker == speaker


@pytest.mark.parametrize(
    ("title", "speaker", "words"),
    [
        (
            "Putin: the purpose of the operation is combating international terrorism",
            "vladimir-putin",
            "the purpose of the operation",
        ),
        (
            "Sands: cooperation with Turkey is in doubt",
            "dmitry-peskov",
            "cooperation with Turkey is in doubt",
        ),
        ("Shoigu: cooperation with France is growing", "sergei-shoigu", "cooperation with France"),
    ],
)
def test_headline_form_is_a_claim(registry: Registry, title: str, speaker: str, words: str) -> None:
    headline = [c for c in claims_of(registry, "It rained.", title=title) if c.headline]
    assert [(c.speaker, c.quote) for c in headline] == [(speaker, title.split(": ", 1)[1])]
    assert words in headline[0].quote


@pytest.mark.parametrize(
    "body",
    [
        "The group “dzhebhat EN-Nusra” was created in 2011.",  # a name in quotation marks
        "He told news agencies “Interfax” and “Anadolu” about it.",
        "Putin instructed the military to work with them “as allies”.",
        "The attack on the su-24 was a “stab in the back” for Russia.",
    ],
)
def test_names_and_phrases_in_quotation_marks_are_not_claims(registry: Registry, body: str) -> None:
    assert [c.quote for c in claims_of(registry, body) if c.kind == "quote"] == []


@pytest.mark.parametrize(
    ("body", "fragment", "flag"),
    [
        (
            "The Russian military accused Turkey of supporting terrorists, promising to present evidence at a later date.",
            "supporting terrorists",
            True,
        ),
        (
            "“Data was presented about facts of the transfer of insurgents”, – said the press service of the defense Ministry.",
            "Data was presented",
            True,
        ),
        (
            "Putin said that Russia is open to cooperation with the United States.",
            "open to cooperation",
            False,
        ),
    ],
)
def test_evidence_not_shown_is_marked(
    registry: Registry, body: str, fragment: str, flag: bool
) -> None:
    assert claim_with(claims_of(registry, body), fragment).evidence_not_shown is flag


def test_claim_date_is_the_dated_sentence_else_the_article_date(registry: Registry) -> None:
    claims = claims_of(
        registry,
        "On 17 November, the head of the FSB Alexander Bortnikov said that the crash was a terrorist act. "
        "Peskov reminded that on Wednesday, Putin announced the delivery of air defense complexes.",
        day=date(2015, 11, 20),
    )
    assert claim_with(claims, "terrorist act").date.start == date(2015, 11, 17)
    # a date after the verb belongs to what was said, not to the saying
    assert claim_with(claims, "Putin announced").date.start == date(2015, 11, 20)


def test_offsets_point_at_the_words(registry: Registry) -> None:
    body = "“Of course”, – assured reporters Dmitry Peskov. Putin said that Russia is open to cooperation with the United States."
    text = f"Headline\n\nMOSCOW, November 20. {body}\n"
    draft, _ = parse_article(text, "seeds/test.txt")
    assert draft is not None
    (article,), _ = date_articles(
        [draft], config_dates={"seeds/test.txt": date(2015, 11, 20)}, default_year=None
    )
    for claim in extract(article, Matcher.build(registry), registry.by_id()).claims:
        span = article.body[claim.start : claim.end]
        assert claim.quote.split()[0].strip("“”,") in span


def test_every_seed_quotation_is_a_claim(built_site: Path) -> None:
    """Every long quotation in the seeds' body text is claimed, with a speaker or an explicit null."""
    import json
    import re

    data = json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))
    claimed = {(c["article"], a["start"]) for c in data["claims"] for a in c["appearances"]}
    starts = {(a["article"], a["start"]) for c in data["claims"] for a in c["appearances"]}
    for article in data["articles"]:
        headings = [(p["start"], p["end"]) for p in article["paragraphs"] if p["heading"]]
        for match in re.finditer(r"“([^“”]{40,})", article["body"]):
            at = match.start()
            if any(start <= at < end for start, end in headings):
                continue  # subheadings are not statements
            near = any(
                art == article["id"] and abs(start - at) <= 2 for art, start in starts | claimed
            )
            inside = any(
                a["article"] == article["id"] and a["start"] <= at < a["end"]
                for c in data["claims"]
                for a in c["appearances"]
            )
            assert near or inside, (
                f"{article['id']}: quotation at {at} is not a claim: {match.group()[:60]!r}"
            )


def test_seed_speakers_are_never_photo_credit_names(built_site: Path) -> None:
    import json

    data = json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))
    speakers = {c["speaker"] for c in data["claims"]} - {None}
    actors = {a["id"] for a in data["actors"]}
    assert speakers <= actors
    assert not any("elistratov" in s or "nikolsky" in s for s in speakers)


# What may stand before a speech verb, and the characters IGNORECASE folds.
CLAIM_BITS = [" ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", ",", "–", "—", "-", ".", "x"]
CLAIM_BITS += ["said", "no evidence", "Evidence", "PROOF", "data", "informat", "ion", "provided"]
CLAIM_BITS += ["shown", "the", "were", "\u0130", "\u0131", "\u017f", "\u212a", "é"]


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(CLAIM_BITS), max_size=20).map("".join), cut=st.integers(0, 40))
def test_inverted_is_the_comma_or_dash_pattern(text: str, cut: int) -> None:
    from chronicle.claims import _inverted

    assert _inverted(text, cut) == bool(re.search(r"[,–—]\s*$", text[:cut]))


@settings(max_examples=600, deadline=None)
@given(words=st.lists(st.sampled_from(CLAIM_BITS), max_size=20).map("".join))
def test_the_evidence_test_passes_every_text_the_pattern_matches(words: str) -> None:
    from chronicle.claims import EVIDENCE_NOT_SHOWN, _may_say_no_evidence

    if EVIDENCE_NOT_SHOWN.search(words):
        assert _may_say_no_evidence(words)


SPEAK_IT_BITS = ["This", "That", "It", "it", "this", "IT", "is", "was", "said", "declared", "told"]
SPEAK_IT_BITS += ["unsaid", "saidx", "stated", " ", "  ", "\n", ",", ";", "“", "”", "x", "9", "_"]
SPEAK_IT_BITS += ["é", "\u0130", "\u0131", "\u212a", "-", "."]
SPEAK_IT_BITS += ["said it", " declared this", "This was stated", "It is told", " noted  it "]


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.sampled_from(SPEAK_IT_BITS), max_size=24).map("".join))
def test_speaks_it_is_the_speak_it_pattern(text: str) -> None:
    from chronicle.claims import SPEAK_IT, _may_speak_it, _speaks_it

    assert _speaks_it(text) == bool(SPEAK_IT.match(text))
    if SPEAK_IT.match(text):
        assert _may_speak_it(text)

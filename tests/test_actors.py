"""Tests of ``chronicle.actors``: the registry and finding its actors in text.

A small registry is built in ``tmp_path`` (and in memory) for the matching
rules, one row per rule; then the real registry is run over the seeds, where
machine translation mangles names ("Sands" is Peskov). The property test
checks that mention offsets always point at the mention's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.actors import Matcher, Registry, load_registry
from chronicle.articles import date_articles, parse_article, read_article
from chronicle.errors import InputError
from chronicle.models import Actor, Article

ROOT = Path(__file__).resolve().parent.parent

SMALL = Registry(
    (
        Actor(
            "vladimir-putin",
            "Vladimir Putin",
            "person",
            ("Putin",),
            role_aliases=("the Russian leader",),
        ),
        Actor("russia", "Russia", "country"),
        Actor("france", "France", "country"),
        Actor("stade-de-france", "Stade de France", "place"),
        Actor("aerospace", "Russian Aerospace Forces", "organization", ("aerospace forces", "VKS")),
        Actor("pierre-de-villiers", "Pierre de Villiers", "person", ("Pierre de Wille",)),
        Actor("valery-gerasimov", "Valery Gerasimov", "person"),
        Actor("jean-yves-le-drian", "Jean-Yves Le Drian", "person"),
        Actor("islamic-state", "Islamic State", "organization", ("IG", "Islamic state")),
    ),
    {"French": "france"},
)


@pytest.fixture(scope="module")
def small() -> Matcher:
    return Matcher.build(SMALL)


MATCH_ROWS = [
    # (text, [(mention text, actor)])
    pytest.param("Vladimir Putin spoke.", [("Vladimir Putin", "vladimir-putin")], id="full-name"),
    pytest.param("Putin spoke.", [("Putin", "vladimir-putin")], id="explicit-alias"),
    pytest.param("Putin’s plan", [("Putin", "vladimir-putin")], id="possessive-curly"),
    pytest.param("Putin's plan", [("Putin", "vladimir-putin")], id="possessive-straight"),
    pytest.param("Russia’s defense Ministry", [("Russia", "russia")], id="possessive-country"),
    pytest.param("putin spoke", [], id="case-sensitive"),
    pytest.param("PUTIN spoke", [], id="upper-case-is-not-the-name"),
    pytest.param("Putinism and Putins", [], id="whole-words-only"),
    pytest.param("the Russian people", [], id="russia-not-in-russian"),
    pytest.param("The ig and IGs", [], id="short-alias-whole-and-cased"),
    pytest.param("The IG said", [("IG", "islamic-state")], id="short-alias"),
    pytest.param(
        "the aerospace forces struck", [("aerospace forces", "aerospace")], id="lowercase-alias"
    ),
    pytest.param(
        "Aerospace forces struck",
        [("Aerospace forces", "aerospace")],
        id="lowercase-alias-capitalised",
    ),
    pytest.param(
        "the Russian leader said", [("the Russian leader", "vladimir-putin")], id="role-alias"
    ),
    pytest.param(
        "The Russian leader said",
        [("The Russian leader", "vladimir-putin")],
        id="role-alias-capitalised",
    ),
    pytest.param("the russian leader said", [], id="role-alias-inner-case-kept"),
    pytest.param(
        "the Russian Aerospace Forces and Russia",
        [("Russian Aerospace Forces", "aerospace"), ("Russia", "russia")],
        id="longest-form-first",
    ),
    pytest.param(
        "at the Stade de France",
        [("Stade de France", "stade-de-france")],
        id="stade-de-france-not-france",
    ),
    pytest.param(
        "the Stade de France in France",
        [("Stade de France", "stade-de-france"), ("France", "france")],
        id="stadium-then-country",
    ),
    pytest.param("French troops", [("French", "france")], id="demonym"),
    pytest.param("the Frenchman", [], id="demonym-whole-word"),
    pytest.param(
        "Pierre de Wille met", [("Pierre de Wille", "pierre-de-villiers")], id="mangled-alias"
    ),
    pytest.param("Gerasimov met", [], id="bare-surname-before-full-name"),
    pytest.param(
        "Valery Gerasimov met. Gerasimov left.",
        [("Valery Gerasimov", "valery-gerasimov"), ("Gerasimov", "valery-gerasimov")],
        id="bare-surname-after-full-name",
    ),
    pytest.param(
        "Gerasimov met Valery Gerasimov. Gerasimov’s aide left.",
        [("Valery Gerasimov", "valery-gerasimov"), ("Gerasimov", "valery-gerasimov")],
        id="only-surnames-after-the-full-name",
    ),
    pytest.param(
        "Pierre de Wille met. de Wille left.",
        [("Pierre de Wille", "pierre-de-villiers"), ("de Wille", "pierre-de-villiers")],
        id="particle-surname-of-alias",
    ),
    pytest.param(
        "Jean-Yves Le Drian came. Le Drian spoke.",
        [("Jean-Yves Le Drian", "jean-yves-le-drian"), ("Le Drian", "jean-yves-le-drian")],
        id="particle-surname",
    ),
    pytest.param("Villiers came.", [], id="bare-surname-without-particle-unmatched"),
    pytest.param(
        "(Putin) “Russia”",
        [("Putin", "vladimir-putin"), ("Russia", "russia")],
        id="brackets-and-quotes",
    ),
    pytest.param("", [], id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), MATCH_ROWS)
def test_find(small: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    mentions = small.find(text)
    assert [(m.text, m.actor) for m in mentions] == expected
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


def test_find_without_surnames(small: Matcher) -> None:
    text = "Valery Gerasimov met. Gerasimov left."
    assert [m.text for m in small.find(text, allow_surnames=False)] == ["Valery Gerasimov"]


def test_empty_registry_finds_nothing() -> None:
    assert Matcher.build(Registry((), {})).find("Vladimir Putin") == []


@given(
    st.lists(
        st.sampled_from(
            [
                "Vladimir Putin",
                "Putin",
                "Putin’s",
                "Gerasimov",
                "Valery Gerasimov",
                "IG",
                "Stade de France",
                "France",
                "French",
                "de Wille",
                "Pierre de Wille",
                "the",
                "aerospace forces",
                "-",
                " ",
                ". ",
                "’s",
                "x",
            ]
        )
        | st.text(max_size=8),
        max_size=30,
    ).map("".join)
)
def test_find_offsets_match_the_text(text: str) -> None:
    mentions = Matcher.build(SMALL).find(text)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert previous_end <= mention.start < mention.end
        assert mention.actor in {a.id for a in SMALL.actors}
        previous_end = mention.end


# --- the registry on disk ------------------------------------------------------


def write_actor(folder: Path, stem: str, front: str, body: str = "A profile.") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


def test_load_registry(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "actors"
    write_actor(
        folder,
        "vladimir-putin",
        "name: Vladimir Putin\nkind: person\naliases: [Putin]\nrole: President of Russia\n"
        "role_aliases: [the Russian leader]\ndemonyms: []\nwikidata: Q7747\n",
        "He is *president*.",
    )
    write_actor(folder, "france", "name: France\nkind: country\ndemonyms: [French]\n")
    registry, problems = load_registry(folder, tmp_path)
    assert problems == []
    putin, france = registry.by_id()["vladimir-putin"], registry.by_id()["france"]
    assert (putin.name, putin.kind, putin.aliases, putin.wikidata) == (
        "Vladimir Putin",
        "person",
        ("Putin",),
        "Q7747",
    )
    assert (putin.role, putin.role_aliases) == ("President of Russia", ("the Russian leader",))
    assert putin.source == "content/actors/vladimir-putin.md"
    assert "<em>president</em>" in putin.profile_html
    assert (france.wikidata, france.aliases) == (None, ())
    assert registry.demonyms == {"French": "france"}
    assert registry.digest


def test_missing_registry_folder_is_empty(tmp_path: Path) -> None:
    registry, problems = load_registry(tmp_path / "nowhere", tmp_path)
    assert (registry.actors, problems) == ((), [])


@pytest.mark.parametrize(
    ("front", "line", "key"),
    [
        pytest.param("name: A\nkind: persn\n", 3, "kind", id="bad-kind"),
        pytest.param("name: A\n", 1, "kind", id="missing-kind"),
        pytest.param("kind: person\n", 1, "name", id="missing-name"),
        pytest.param("name: ''\nkind: person\n", 2, "name", id="empty-name"),
        pytest.param(
            "name: A\nkind: person\nwikidata: 7747\n", 4, "wikidata", id="wikidata-number"
        ),
        pytest.param(
            "name: A\nkind: person\nwikidata: Q\n", 4, "wikidata", id="wikidata-no-digits"
        ),
        pytest.param(
            "name: A\nkind: person\nwikidata: q7747\n", 4, "wikidata", id="wikidata-lowercase"
        ),
        pytest.param(
            "name: A\nkind: person\naliases: Putin\n", 4, "aliases", id="aliases-not-a-list"
        ),
        pytest.param(
            "name: A\nkind: person\naliases: ['']\n", 4, "aliases", id="aliases-empty-name"
        ),
        pytest.param(
            "name: A\nkind: person\nrole_aliases: [1]\n",
            4,
            "role_aliases",
            id="role-aliases-number",
        ),
        pytest.param(
            "name: A\nkind: person\ndemonyms: [[x]]\n", 4, "demonyms", id="demonyms-nested"
        ),
        pytest.param("name: A\nkind: person\nrole: 5\n", 4, "role", id="role-number"),
        pytest.param("name: A\nkind: person\ncolour: red\n", 4, "colour", id="unknown-key"),
    ],
)
def test_registry_errors_name_file_line_and_key(
    tmp_path: Path, front: str, line: int, key: str
) -> None:
    folder = tmp_path / "content" / "actors"
    write_actor(folder, "a", front)
    with pytest.raises(InputError) as info:
        load_registry(folder, tmp_path)
    assert [(p.file, p.line, p.key) for p in info.value.problems] == [
        ("content/actors/a.md", line, key)
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("---\nname: A\n  kind: person\n---\n", 3, id="bad-indent"),
        pytest.param("---\nname: A\nkind: person\n", 1, id="never-closed"),
        pytest.param("---\n- A\n---\n", 2, id="not-a-mapping"),
    ],
)
def test_broken_registry_yaml_names_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    folder = tmp_path / "content" / "actors"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registry(folder, tmp_path)
    assert [(p.file, p.line) for p in info.value.problems] == [("content/actors/a.md", line)]


def test_registry_errors_of_every_file_are_reported_together(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "actors"
    write_actor(folder, "a", "name: A\nkind: persn\n")
    write_actor(folder, "b", "name: B\nkind: person\nwikidata: x\n")
    write_actor(folder, "c", "name: C\nkind: person\n")
    with pytest.raises(InputError) as info:
        load_registry(folder, tmp_path)
    assert [(p.file, p.key) for p in info.value.problems] == [
        ("content/actors/a.md", "kind"),
        ("content/actors/b.md", "wikidata"),
    ]


def test_alias_claimed_by_two_actors_is_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "actors"
    write_actor(folder, "a", "name: A One\nkind: person\naliases: [Chief]\n")
    write_actor(folder, "b", "name: B Two\nkind: person\naliases: [Chief]\n")
    registry, problems = load_registry(folder, tmp_path)
    assert len(registry.actors) == 2
    [problem] = problems
    assert (problem.file, problem.key) == ("content/actors/b.md", "aliases")
    assert "Chief" in problem.message and "claimed by a" in problem.message


def test_names_in_photo_credits_are_never_actors(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "actors"
    write_actor(folder, "alexander-elistratov", "name: Alexander Elistratov\nkind: person\n")
    write_actor(folder, "gennady-homeland", "name: Gennady Homeland\nkind: person\n")
    write_actor(folder, "tass", "name: TASS\nkind: organization\n")
    registry, _ = load_registry(folder, tmp_path)
    text = (
        "Headline\n\nMOSCOW, November 20. It rained.\n\nSee also\n\n© Alexander Elistratov/TASS\n\n"
        "Other story\n\nGennady Homeland/TASS archive\n\nIt snowed.\n"
    )
    draft, _ = parse_article(text, "seeds/x.txt")
    assert draft is not None
    [article], _ = date_articles([draft], config_dates={}, default_year=2015)
    assert Matcher.build(registry).find(article.body) == []
    assert [kind for _, kind, _ in article.removed] == ["see-also", "credit", "credit"]


# --- the real registry on the seeds ------------------------------------------


@pytest.fixture(scope="module")
def real_matcher() -> Matcher:
    registry, problems = load_registry(ROOT / "content" / "actors", ROOT)
    assert problems == []
    return Matcher.build(registry)


@pytest.fixture(scope="module")
def seed_articles() -> dict[str, Article]:
    drafts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        draft, _ = read_article(path, f"seeds/{path.name}")
        assert draft is not None
        drafts.append(draft)
    articles, _ = date_articles(drafts, config_dates={}, default_year=None)
    return {a.id[:3]: a for a in articles}


def test_real_registry_loads_without_warnings() -> None:
    registry, problems = load_registry(ROOT / "content" / "actors", ROOT)
    assert problems == []
    assert len(registry.actors) == len(list((ROOT / "content" / "actors").glob("*.md")))


@pytest.mark.parametrize(
    ("seed", "form", "actor"),
    [
        ("000", "Pierre de Wille", "pierre-de-villiers"),
        ("000", "de Wille", "pierre-de-villiers"),
        ("000", "Valery Gerasimov", "valery-gerasimov"),
        ("000", "Gerasimov", "valery-gerasimov"),
        ("000", "IG", "islamic-state"),
        ("000", "ISIL", "islamic-state"),
        ("000", "Islamic state", "islamic-state"),
        ("000", "dzhebhat EN-Nusra", "al-nusra-front"),
        ("000", "jabhat al-EN-Nusra", "al-nusra-front"),
        ("000", "Recep Tayyip Erdogan", "recep-tayyip-erdogan"),
        ("000", "Bashar al-Assad", "bashar-al-assad"),
        ("001", "HQs", "russian-aerospace-forces"),
        ("001", "VKS", "russian-aerospace-forces"),
        ("001", "Stade de France", "stade-de-france"),
        ("001", "Alexander Bortnikov", "alexander-bortnikov"),
        ("001", "Bortnikov", "alexander-bortnikov"),
        ("001", "Kogalymavia", "kogalymavia"),
        ("002", "Jean-Yves Le Drian", "jean-yves-le-drian"),
        ("002", "Le Drian", "jean-yves-le-drian"),
        ("003", "Dmitry Peskov", "dmitry-peskov"),
        ("003", "Peskov", "dmitry-peskov"),
        ("004", "coalition antiepilepsy", "us-led-coalition-against-isil"),
        ("004", "dzhebhat EN-Nusra", "al-nusra-front"),
        ("004", "Interfax", "interfax"),
    ],
)
def test_seed_mentions(
    real_matcher: Matcher, seed_articles: dict[str, Article], seed: str, form: str, actor: str
) -> None:
    mentions = real_matcher.find(seed_articles[seed].body)
    found = {m.actor for m in mentions if m.text == form}
    assert found == {actor}


def test_sands_in_the_headline_is_peskov(
    real_matcher: Matcher, seed_articles: dict[str, Article]
) -> None:
    mentions = real_matcher.find(seed_articles["003"].title, allow_surnames=False)
    assert ("Sands", "dmitry-peskov") in [(m.text, m.actor) for m in mentions]


def test_stade_de_france_is_not_france(
    real_matcher: Matcher, seed_articles: dict[str, Article]
) -> None:
    body = seed_articles["001"].body
    start = body.index("Stade de France")
    inside = [
        m for m in real_matcher.find(body) if start <= m.start < start + len("Stade de France")
    ]
    assert [(m.text, m.actor) for m in inside] == [("Stade de France", "stade-de-france")]


@pytest.mark.parametrize(
    ("seed", "name"),
    [
        ("001", "Elistratov"),
        ("003", "Nikolsky"),
        ("003", "Zemlianichenko"),
        ("004", "Homeland"),
    ],
)
def test_seed_credit_names_are_not_in_the_body(
    seed_articles: dict[str, Article], seed: str, name: str
) -> None:
    assert name not in seed_articles[seed].body
    assert any(name in text for _, kind, text in seed_articles[seed].removed if kind == "credit")


def test_seed_mention_offsets(real_matcher: Matcher, seed_articles: dict[str, Article]) -> None:
    for article in seed_articles.values():
        for mention in real_matcher.find(article.body):
            assert article.body[mention.start : mention.end] == mention.text

"""The render's quicker escaping gives markupsafe's bytes, in every template."""

from __future__ import annotations

from typing import Any

import jinja2
import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from chronicle.render import _Environment, escape


class _Html:
    """An object that renders itself, as Jinja's ``__html__`` protocol allows."""

    def __html__(self) -> str:
        return "<i>made</i>"


values = st.one_of(
    st.text(),
    st.text().map(markupsafe.Markup),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.just(_Html()),
)


@given(values)
def test_escape_is_markupsafes(value: Any) -> None:
    made = escape(value)
    assert type(made) is markupsafe.Markup
    assert made == markupsafe.escape(value)


def test_escape_quotes_every_special_character() -> None:
    assert escape("<a href=\"x\" title='y'>&</a>") == (
        "&lt;a href=&#34;x&#34; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    )


TEMPLATE = """{% macro chip(a) %}<a href="{{ a.url }}">{{ a.name }}</a>{% endmacro %}
{% for a in actors %}{{ chip(a) }} {{ a.name }} {{ a.count }} {{ a.html }}{% endfor %}
{% set joined %}{{ actors | map(attribute='name') | join(', ') }}{% endset %}{{ joined }}
{{ "%s & %s" | format(first, second) }} {{ first ~ second }} {{ none }}"""


@given(st.lists(st.text(max_size=12), min_size=1, max_size=4), st.text(), st.text())
def test_a_template_renders_as_stock_jinja_renders_it(
    names: list[str], first: str, second: str
) -> None:
    """Macros, filters, ``set`` blocks and plain values: our environment's
    compiled code (which calls our ``escape``) gives stock Jinja's output."""
    context = {
        "actors": [
            {"name": n, "url": f"/a/{n}/", "count": i, "html": _Html()} for i, n in enumerate(names)
        ],
        "first": first,
        "second": second,
        "none": None,
    }
    ours = _Environment(autoescape=True).from_string(TEMPLATE).render(context)
    stock = jinja2.Environment(autoescape=True).from_string(TEMPLATE).render(context)
    assert ours == stock


def test_the_compiled_template_calls_our_escape() -> None:
    """The hook is in place: without it the speed-up would silently be gone."""
    code = _Environment(autoescape=True).compile("{{ x }}", raw=True)
    assert code.rstrip().endswith("from chronicle.render import escape")


made: list[str] = []  # what ``items`` made (a module function: it pickles by name)


def items(record: dict[str, Any], count: int) -> list[dict[str, int]]:
    made.append("items")
    return [{"n": n, "name": record["name"]} for n in range(count)]


def test_a_made_part_renders_as_its_value_and_is_keyed_by_its_inputs(tmp_path: Any) -> None:
    """A ``DeferredList`` renders as the list it makes; a page's key hashes what
    it is made of, so it changes with an input and not otherwise, and keying
    makes nothing."""
    from pathlib import Path

    from chronicle import render
    from chronicle.config import load_config
    from chronicle.pages import DeferredList, PageSpec

    root = Path(__file__).resolve().parent.parent
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "p.html").write_text(
        "{% for s in items %}{{ s.n }}{{ s.name }},{% endfor %}|{{ items | length }}|{{ items[1].n }}",
        encoding="utf-8",
    )
    env = render.environment(templates, load_config(root / "site.yaml"))
    made.clear()

    def spec(record: dict[str, Any], count: int = 2) -> PageSpec:
        return PageSpec(
            "p/index.html", "p/", "p.html", "P", {"items": DeferredList(items, record, count)}
        )

    record = {"name": "A"}
    base = b"salt|"
    key = render.page_key(spec(record), base)
    assert key and made == [], "keying makes nothing"
    assert key == render.page_key(spec({"name": "A"}), base)
    assert key != render.page_key(spec({"name": "B"}), base)
    assert key != render.page_key(spec(record, 3), base)
    assert render.render_page(env, spec(record), {}) == b"0A,1A,|2|1"
    assert DeferredList(items, record, 2) == [{"n": 0, "name": "A"}, {"n": 1, "name": "A"}]


def test_a_shared_record_stands_as_its_digest_at_any_depth_of_a_context() -> None:
    """``render.share``: a record the pages share is keyed by its digest
    wherever it stands in a context (in a list in a dict in a list...), so
    what changes a page's key is a new digest, not the record's fields being
    read again; a record not shared is keyed by its content."""
    from chronicle import render
    from chronicle.pages import PageSpec

    event = {"id": "e1", "summary": "Talks in Vienna"}

    def key(context: dict[str, Any]) -> str:
        return render.page_key(PageSpec("p/index.html", "p/", "p.html", "P", context), b"salt|")

    def deep(record: object) -> dict[str, Any]:
        return {"groups": [{"month": "2015-11", "events": [record, {"n": 1}]}], "n": 2}

    loose = key(deep(event))
    render.share({id(event): (event, b"digest of e1")})
    try:
        shared = key(deep(event))
        assert shared and shared != loose
        event["summary"] = "edited, but its digest says it is the same"
        assert key(deep(event)) == shared, "the record is not pickled: its digest stands for it"
        render.share({id(event): (event, b"digest of e1, edited")})
        assert key(deep(event)) != shared
        # A page that cannot be keyed is always rendered ("" key), and the next one is keyed.
        assert key({"bad": lambda: None}) == ""
        assert key(deep(event)) == key(deep(event)) != shared
    finally:
        render.share({})
    copy = {"id": "e1", "summary": "Talks in Vienna"}
    assert key(deep(copy)) == loose, "not shared: keyed by its content"
    copy["summary"] = "Talks in Geneva"
    assert key(deep(copy)) != loose


def test_a_record_extended_is_a_dict_and_is_keyed_by_its_record_and_its_fields() -> None:
    """``pages.Extended``: a card with its count of events reads as a dict, and
    in a page's key stands as its record's digest (when the record is one the
    site shares) and the fields added, so a change to either changes the key (and
    one not shared is keyed by its content)."""
    from chronicle import render
    from chronicle.pages import Extended, PageSpec

    def spec(item: dict[str, Any]) -> PageSpec:
        return PageSpec("p/index.html", "p/", "p.html", "P", {"items": [item]})

    card = {"id": "a", "title": "Talks"}
    item = Extended(card, event_count=2)
    assert item == {"id": "a", "title": "Talks", "event_count": 2} and isinstance(item, dict)
    base = b"salt|"
    loose = render.page_key(spec(Extended({"id": "a", "title": "Talks"}, event_count=2)), base)
    render.share({id(card): (card, b"digest of the card")})
    try:
        shared = render.page_key(spec(item), base)
        assert shared and shared != loose, "the record stands as its digest"
        assert shared == render.page_key(spec(Extended(card, event_count=2)), base)
        assert shared != render.page_key(spec(Extended(card, event_count=3)), base)
        render.share({id(card): (card, b"digest of another card")})
        assert shared != render.page_key(spec(Extended(card, event_count=2)), base)
    finally:
        render.share({})
    assert loose == render.page_key(
        spec(Extended({"id": "a", "title": "Talks"}, event_count=2)), base
    )
    assert loose != render.page_key(
        spec(Extended({"id": "a", "title": "Trade"}, event_count=2)), base
    )

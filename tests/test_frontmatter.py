"""Tests of ``chronicle.frontmatter``: the ``---`` block at the top of articles and actors.

Errors must name the file and the line in that file (the opening ``---`` is
line 1), so an editor can go straight to the fault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from chronicle.errors import InputError
from chronicle.frontmatter import key_line, split


@pytest.mark.parametrize(
    ("text", "data", "rest", "consumed"),
    [
        pytest.param("No front matter", {}, "No front matter", 0, id="none"),
        pytest.param("---\ntitle: A\n---\nBody\n", {"title": "A"}, "Body\n", 3, id="one-key"),
        pytest.param("---\n---\nBody", {}, "Body", 2, id="empty-block"),
        pytest.param("---\n# only a comment\n---\nBody", {}, "Body", 3, id="comment-only-block"),
        pytest.param(
            "---\ndate: 2015-11-20\nplace: Paris\n---\n\nBody",
            {"date": dt.date(2015, 11, 20), "place": "Paris"},
            "\nBody",
            4,
            id="date-is-a-date",
        ),
        pytest.param(
            "---\ntitle: A\n---   \nBody",
            {"title": "A"},
            "Body",
            3,
            id="closing-line-trailing-space",
        ),
        pytest.param("---\ntitle: A\n---\n", {"title": "A"}, "", 3, id="nothing-after"),
        pytest.param(
            "---\naliases: [IG, ISIL]\n---\nBody",
            {"aliases": ["IG", "ISIL"]},
            "Body",
            3,
            id="flow-list",
        ),
        pytest.param(
            "--- \ntitle: A\n---\nBody",
            {},
            "--- \ntitle: A\n---\nBody",
            0,
            id="opener-must-be-exact",
        ),
        pytest.param(
            "Body\n---\ntitle: A\n---\n", {}, "Body\n---\ntitle: A\n---\n", 0, id="not-at-top"
        ),
    ],
)
def test_split(text: str, data: dict[str, Any], rest: str, consumed: int) -> None:
    assert split(text, "a.md") == (data, rest, consumed)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("---\ntitle: A\nBody\n", 1, id="never-closed"),
        pytest.param("---\ntitle: A\n  bad: indent\n---\nBody\n", 3, id="bad-indent-on-line-3"),
        pytest.param(
            "---\ntitle: A\nplace: B\nlanguage: en\nkind: [x\n---\nBody\n",
            5,
            id="unclosed-list-names-its-line",
        ),
        pytest.param(
            "---\ntitle: A\nplace: [\n---\n",
            3,
            id="open-bracket-names-its-line",
        ),
        pytest.param("---\n- a\n- b\n---\nBody\n", 2, id="list-not-mapping"),
        pytest.param("---\njust text\n---\nBody\n", 2, id="scalar-not-mapping"),
    ],
)
def test_split_errors_name_file_and_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        split(text, "seeds/bad.md")
    [problem] = info.value.problems
    assert problem.file == "seeds/bad.md"
    assert problem.line == line
    assert str(problem).startswith(f"seeds/bad.md:{line}:")


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        pytest.param("---\ntitle: A\ndate: 2015-01-01\n---\n", "date", 3, id="third-line"),
        pytest.param("---\ntitle: A\n---\n", "title", 2, id="second-line"),
        pytest.param("---\ntitle: A\n---\n", "place", 1, id="absent-gives-1"),
        pytest.param("---\ntitles: A\ntitle: B\n---\n", "title", 3, id="prefix-is-not-the-key"),
    ],
)
def test_key_line(text: str, key: str, line: int) -> None:
    assert key_line(text, key) == line


KEYS = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
VALUES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10),
        max_size=4,
    ),
)


@given(st.dictionaries(KEYS, VALUES, max_size=6), st.text(max_size=80))
def test_split_round_trips_what_yaml_dumps(data: dict[str, Any], body: str) -> None:
    block = yaml.safe_dump(data, allow_unicode=True, sort_keys=True) if data else ""
    text = f"---\n{block}---\n{body}"
    parsed, rest, consumed = split(text, "a.md")
    assert parsed == data
    assert rest == body
    assert consumed == text[: len(text) - len(body)].count("\n")

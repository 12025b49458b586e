"""Tests of ``chronicle.config.load_config``: every key, its default, its errors.

Rows write a ``site.yaml`` into ``tmp_path``: valid values load, invalid
ones raise ``InputError`` naming ``site.yaml``, the line and the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from chronicle.config import CHECKS, Config, load_config
from chronicle.errors import InputError

DEFAULTS = {
    "title": "Chronicle",
    "base_url": "/",
    "language": "en",
    "input": "seeds",
    "output": "_site",
    "content": "content",
    "templates": "templates",
    "static": "static",
    "timeline_order": "newest-first",
    "default_year": None,
    "dates": {},
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(InputError) as info:
        load_config(path)
    return [(p.file, p.line, p.key) for p in info.value.problems]


@pytest.mark.parametrize(
    "text",
    [None, "", "# only comments\n", "---\n"],
    ids=["missing", "empty", "comments", "doc-marker"],
)
def test_missing_or_empty_file_gives_defaults(tmp_path: Path, text: str | None) -> None:
    path = tmp_path / "site.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    config = load_config(path)
    for key, default in DEFAULTS.items():
        assert getattr(config, key) == default, key
    assert config.description
    assert config.root == tmp_path.resolve()


def test_every_key_is_checked_and_has_a_default() -> None:
    fields = {f.name for f in dataclasses.fields(Config)}
    assert set(CHECKS) <= fields
    assert set(DEFAULTS) | {"description"} <= set(CHECKS)


def _readme_rows(root: Path) -> dict[str, str]:
    readme = (root / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `(\w+)` \| (.+?) \|", readme, re.MULTILINE))


@pytest.mark.parametrize("key", sorted(CHECKS))
def test_every_key_is_documented(project_root: Path, key: str) -> None:
    assert key in _readme_rows(project_root), f"README's site.yaml table has no row for {key}"


@pytest.mark.parametrize(
    ("key", "documented"),
    [(k, f"`{v}`") for k, v in DEFAULTS.items() if isinstance(v, str)]
    + [("default_year", "`null`"), ("dates", "`{}`")],
)
def test_documented_default_is_the_default(project_root: Path, key: str, documented: str) -> None:
    assert _readme_rows(project_root)[key] == documented


def test_project_site_yaml_loads(project_root: Path) -> None:
    config = load_config(project_root / "site.yaml")
    assert config.input == "seeds"
    assert config.path(config.input) == (project_root / "seeds").resolve()


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        pytest.param("title: My site\n", "title", "My site", id="title"),
        pytest.param(
            "description: >-\n  Two\n  lines\n", "description", "Two lines", id="description-folded"
        ),
        pytest.param(
            "base_url: https://user.github.io/repo/\n",
            "base_url",
            "https://user.github.io/repo/",
            id="base-url",
        ),
        pytest.param("base_url: /repo/\n", "base_url", "/repo/", id="base-url-path"),
        pytest.param("language: fr\n", "language", "fr", id="language"),
        pytest.param("input: articles\n", "input", "articles", id="input"),
        pytest.param("output: public\n", "output", "public", id="output"),
        pytest.param("content: c\n", "content", "c", id="content"),
        pytest.param("templates: t\n", "templates", "t", id="templates"),
        pytest.param("static: s\n", "static", "s", id="static"),
        pytest.param(
            "timeline_order: oldest-first\n", "timeline_order", "oldest-first", id="oldest-first"
        ),
        pytest.param(
            "timeline_order: newest-first\n", "timeline_order", "newest-first", id="newest-first"
        ),
        pytest.param("default_year: 2015\n", "default_year", 2015, id="default-year"),
        pytest.param("default_year: null\n", "default_year", None, id="default-year-null"),
        pytest.param(
            "dates:\n  seeds/b.txt: 2015-11-25\n  seeds/a.txt: 2015-11-20\n",
            "dates",
            {"seeds/a.txt": dt.date(2015, 11, 20), "seeds/b.txt": dt.date(2015, 11, 25)},
            id="dates",
        ),
        pytest.param("dates: {}\n", "dates", {}, id="dates-empty"),
    ],
)
def test_valid_values(tmp_path: Path, text: str, key: str, value: Any) -> None:
    assert getattr(load_config(write(tmp_path, text)), key) == value


def test_dates_are_sorted_by_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "dates:\n  z.txt: 2015-01-02\n  a.txt: 2015-01-01\n"))
    assert list(config.dates) == ["a.txt", "z.txt"]


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        pytest.param("title: x\nthemes: dark\n", 2, "themes", id="unknown-key"),
        pytest.param("title: x\nTitle: y\n", 2, "Title", id="keys-are-case-sensitive"),
        pytest.param("title: ''\n", 1, "title", id="empty-title"),
        pytest.param("title: x\ndescription: 5\n", 2, "description", id="description-number"),
        pytest.param("language: [en]\n", 1, "language", id="language-list"),
        pytest.param("title: x\n\ninput: 3\n", 3, "input", id="input-number"),
        pytest.param("output: null\n", 1, "output", id="output-null"),
        pytest.param("content: {a: 1}\n", 1, "content", id="content-mapping"),
        pytest.param("templates: true\n", 1, "templates", id="templates-bool"),
        pytest.param("static: '  '\n", 1, "static", id="static-blank"),
        pytest.param("base_url: ftp://host/\n", 1, "base_url", id="base-url-ftp"),
        pytest.param("base_url: https:///repo/\n", 1, "base_url", id="base-url-no-host"),
        pytest.param("base_url: /repo/?x=1\n", 1, "base_url", id="base-url-query"),
        pytest.param("base_url: /repo/#top\n", 1, "base_url", id="base-url-fragment"),
        pytest.param("base_url: 8000\n", 1, "base_url", id="base-url-number"),
        pytest.param("timeline_order: random\n", 1, "timeline_order", id="order-unknown"),
        pytest.param("timeline_order: Newest-First\n", 1, "timeline_order", id="order-case"),
        pytest.param("default_year: '2015'\n", 1, "default_year", id="year-text"),
        pytest.param("default_year: true\n", 1, "default_year", id="year-bool"),
        pytest.param("default_year: 0\n", 1, "default_year", id="year-zero"),
        pytest.param("default_year: 2015.5\n", 1, "default_year", id="year-float"),
        pytest.param("dates: [a]\n", 1, "dates", id="dates-list"),
        pytest.param("dates:\n  seeds/a.txt: tomorrow\n", 1, "dates", id="dates-not-a-date"),
        pytest.param("dates:\n  seeds/a.txt: 20.11.2015\n", 1, "dates", id="dates-wrong-format"),
        pytest.param(
            "dates:\n  seeds/a.txt: 2015-13-40\n",
            2,
            "dates",
            id="dates-impossible-day-names-its-line",
        ),
    ],
)
def test_invalid_values_name_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str
) -> None:
    assert problems_of(write(tmp_path, text)) == [("site.yaml", line, key)]


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, "title: x\ninput: 3\ncolour: red\ntimeline_order: up\n")
    assert problems_of(path) == [
        ("site.yaml", 2, "input"),
        ("site.yaml", 3, "colour"),
        ("site.yaml", 4, "timeline_order"),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("title: x\nlanguage: en\n  oops: 1\n", 3, id="bad-indent"),
        pytest.param(
            "title: x\ninput: 'seeds\n",
            2,
            id="unclosed-quote-names-its-line",
        ),
        pytest.param("title: x\n\tinput: seeds\n", 2, id="tab-indent"),
        pytest.param("title: x\n- item\n", 2, id="list-item-in-mapping"),
    ],
)
def test_yaml_syntax_error_names_site_yaml_and_line(tmp_path: Path, text: str, line: int) -> None:
    [(file, found_line, key)] = problems_of(write(tmp_path, text))
    assert (file, found_line, key) == ("site.yaml", line, None)


@pytest.mark.parametrize(
    "text", ["- a\n- b\n", "just text\n", "42\n"], ids=["list", "scalar", "number"]
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    [(file, line, _)] = problems_of(write(tmp_path, text))
    assert (file, line) == ("site.yaml", 1)


def test_problem_names_the_file_it_was_given(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("colour: red\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(info.value.problems[0]).startswith("other.yaml:1: [colour]")


@pytest.mark.parametrize(
    ("overrides", "key", "value"),
    [
        pytest.param(
            {"base_url": "https://user.github.io/repo/"},
            "base_url",
            "https://user.github.io/repo/",
            id="base-url",
        ),
        pytest.param({"input": "other"}, "input", "other", id="input"),
        pytest.param({}, "title", "From file", id="file-value-kept"),
    ],
)
def test_overrides_win_over_the_file(
    tmp_path: Path, overrides: dict[str, Any], key: str, value: Any
) -> None:
    path = write(tmp_path, "title: From file\ninput: seeds\n")
    assert getattr(load_config(path, overrides), key) == value


def test_bad_override_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_config(write(tmp_path, ""), {"base_url": "ftp://x/"})
    assert [p.key for p in info.value.problems] == ["base_url"]


@pytest.mark.parametrize(
    ("base_url", "base_path", "origin"),
    [
        pytest.param("/", "/", "", id="root"),
        pytest.param(
            "https://user.github.io/repo/", "/repo/", "https://user.github.io", id="github-project"
        ),
        pytest.param(
            "https://user.github.io/repo",
            "/repo/",
            "https://user.github.io",
            id="no-trailing-slash",
        ),
        pytest.param("https://example.org", "/", "https://example.org", id="bare-origin"),
        pytest.param("https://example.org/", "/", "https://example.org", id="origin-slash"),
        pytest.param("/docs", "/docs/", "", id="path-only"),
        pytest.param("/a/b/", "/a/b/", "", id="nested-path"),
        pytest.param("http://localhost:8000/site/", "/site/", "http://localhost:8000", id="port"),
    ],
)
def test_base_path_and_origin(tmp_path: Path, base_url: str, base_path: str, origin: str) -> None:
    config = load_config(write(tmp_path, f"base_url: '{base_url}'\n"))
    assert config.base_path == base_path
    assert config.site_origin == origin


def test_paths_are_relative_to_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    config = load_config(write(tmp_path / "site", "input: ../articles\n"))
    assert config.path(config.input) == (tmp_path / "articles").resolve()

"""Load and validate ``site.yaml``.

Every problem is collected (as MkDocs' ``config/base.py`` does) and reported
together, each naming the file, the line and the key, so an editor fixes them
in one pass. Paths in the file are relative to the folder that holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from chronicle.errors import InputError, Problem
from chronicle.frontmatter import Loader, error_line


@dataclass(frozen=True)
class Rating:
    """One step of the fact-check rating scale."""

    id: str
    label: str
    definition: str
    value: int  # position on the scale for schema.org ratingValue (1 = worst)


# In the style of the large fact-checkers (PolitiFact, Full Fact, AFP): a few
# well-defined steps, and room to say a claim cannot be checked.
DEFAULT_RATINGS: tuple[Rating, ...] = (
    Rating("accurate", "Accurate", "The claim is correct and nothing significant is left out.", 5),
    Rating(
        "mostly-accurate",
        "Mostly accurate",
        "The claim is correct but needs clarification or context.",
        4,
    ),
    Rating(
        "misleading",
        "Misleading",
        "The claim contains accurate elements but leaves a false impression.",
        3,
    ),
    Rating("false", "False", "The claim is not correct.", 1),
    Rating(
        "unproven", "Unproven", "The evidence available does not settle the claim either way.", 2
    ),
    Rating(
        "not-checkable",
        "Not checkable",
        "The claim is an opinion, a prediction or a statement no public evidence can test.",
        0,
    ),
)


@dataclass(frozen=True)
class Config:
    """The site's settings, with every default filled in (see the README)."""

    root: Path
    title: str = "Chronicle"
    description: str = (
        "A chronology of events, actors and claims, with the source sentence behind every item."
    )
    base_url: str = "/"
    language: str = "en"
    input: str = "seeds"
    output: str = "_site"
    content: str = "content"
    templates: str = "templates"
    static: str = "static"
    timeline_order: str = "newest-first"
    default_year: int | None = None
    dates: Mapping[str, date] = field(default_factory=dict)
    publisher: str | None = None
    ratings: tuple[Rating, ...] = DEFAULT_RATINGS
    source_file: str = "site.yaml"

    def rating(self, rating_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.id == rating_id), None)

    # Cached: every link of every page and feed asks for them. A frozen
    # dataclass still takes them, as ``cached_property`` writes the instance's
    # ``__dict__`` directly; they are not fields, so ``repr`` and ``==`` ignore them.
    @cached_property
    def base_path(self) -> str:
        """The path every internal URL starts with: "/" or "/repo/"."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @cached_property
    def site_origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    def path(self, value: str) -> Path:
        return (self.root / value).resolve()


def _str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty text"


def _base_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text such as '/' or 'https://user.github.io/repo/'"
    parts = urlsplit(value)
    if parts.scheme not in ("", "http", "https") or (parts.scheme and not parts.netloc):
        return "must be a path ('/repo/') or an http(s) URL ('https://user.github.io/repo/')"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    return None


def _order(value: Any) -> str | None:
    return (
        None
        if value in ("newest-first", "oldest-first")
        else "must be 'newest-first' or 'oldest-first'"
    )


def _year(value: Any) -> str | None:
    if value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999
    ):
        return None
    return "must be a year such as 2015, or null"


def _dates(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must map input files (e.g. 'seeds/a.txt') to dates written YYYY-MM-DD"
    for name, day in value.items():
        if not isinstance(name, str) or not isinstance(day, date) or isinstance(day, datetime):
            return f"entry {name!r} must map a file path to a date written YYYY-MM-DD"
    return None


def _ratings(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list of ratings, each with id, label and definition"
    for item in value:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) and item[k].strip() for k in ("id", "label", "definition")
        ):
            return "each rating needs text 'id', 'label' and 'definition' (and may give an integer 'value')"
        if "value" in item and not isinstance(item["value"], int):
            return f"rating {item.get('id')!r}: 'value' must be an integer"
    ids = [item["id"] for item in value]
    if len(set(ids)) != len(ids):
        return "rating ids must be unique"
    return None


CHECKS: dict[str, Callable[[Any], str | None]] = {
    "title": _str,
    "description": _str,
    "base_url": _base_url,
    "language": _str,
    "input": _str,
    "output": _str,
    "content": _str,
    "templates": _str,
    "static": _str,
    "timeline_order": _order,
    "default_year": _year,
    "dates": _dates,
    "publisher": lambda v: (
        None
        if v is None or (isinstance(v, str) and v.strip())
        else "must be text (the publisher of articles that do not name one) or null"
    ),
    "ratings": _ratings,
}


def _value_error_line(text: str) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        value = line.split(":", 1)[1] if ":" in line else ""
        try:
            yaml.load(value, Loader=Loader)
        except (ValueError, yaml.YAMLError):
            return number
    return None


def load_config(path: Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read ``site.yaml``; raise ``InputError`` listing every problem found.

    A missing file gives the defaults, so a folder of articles builds without one.
    """
    name = path.name
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=Loader)
            data = yaml.load(text, Loader=Loader)
        except yaml.MarkedYAMLError as exc:
            raise InputError(
                [
                    Problem(
                        name,
                        error_line(exc, text),
                        f"is not valid YAML: {exc.problem}; fix the syntax",
                    )
                ]
            ) from exc
        except ValueError as exc:  # an impossible date such as 2015-13-40
            raise InputError(
                [
                    Problem(
                        name,
                        _value_error_line(text),
                        f"has an impossible value ({exc}); write dates as YYYY-MM-DD",
                        "dates",
                    )
                ]
            ) from exc
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise InputError([Problem(name, 1, "must be a mapping of 'key: value' lines")])
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                lines[str(key_node.value)] = key_node.start_mark.line + 1
        values = data
    values = {**values, **(overrides or {})}

    problems = []
    for key, value in values.items():
        check = CHECKS.get(str(key))
        if check is None:
            problems.append(
                Problem(
                    name,
                    lines.get(str(key)),
                    f"unknown key; the keys are {', '.join(sorted(CHECKS))}",
                    str(key),
                )
            )
            continue
        message = check(value)
        if message:
            problems.append(Problem(name, lines.get(str(key)), message, str(key)))
    if problems:
        raise InputError(problems)
    if "ratings" in values:
        values["ratings"] = tuple(
            Rating(
                r["id"],
                r["label"],
                r["definition"],
                int(r.get("value", len(values["ratings"]) - i)),
            )
            for i, r in enumerate(values["ratings"])
        )
    if "dates" in values:
        values["dates"] = dict(sorted(values["dates"].items()))
    return Config(root=path.parent.resolve(), source_file=name, **values)

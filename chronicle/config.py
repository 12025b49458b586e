"""Load and validate ``site.yaml``.

Every problem is collected (as MkDocs' ``config/base.py`` does) and reported
together, each naming the file, the line and the key, so an editor fixes them
in one pass. Paths in the file are relative to the folder that holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from chronicle.errors import InputError, Problem
from chronicle.frontmatter import Loader


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
    source_file: str = "site.yaml"

    @property
    def base_path(self) -> str:
        """The path every internal URL starts with: "/" or "/repo/"."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
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
        if not isinstance(name, str) or not isinstance(day, date):
            return f"entry {name!r} must map a file path to a date written YYYY-MM-DD"
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
}


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
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            raise InputError(
                [Problem(name, line, f"is not valid YAML: {exc.problem}; fix the syntax")]
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
    if "dates" in values:
        values["dates"] = dict(sorted(values["dates"].items()))
    return Config(root=path.parent.resolve(), source_file=name, **values)

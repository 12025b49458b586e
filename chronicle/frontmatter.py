"""YAML front matter (``---`` … ``---`` at the top of a file), read with PyYAML's C loader.

Errors name the file and the line in that file, counting the opening ``---``
as line 1, so an editor can go straight to the fault.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from chronicle.errors import InputError, Problem

# libyaml's loader is several times faster; PyYAML wheels ship it, a source build may not.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CLOSE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split(text: str, source: str) -> tuple[dict[str, Any], str, int]:
    """``(front matter, rest of the text, lines taken by the front matter)``.

    >>> split("---\\ntitle: A\\n---\\nBody\\n", "a.md")
    ({'title': 'A'}, 'Body\\n', 3)
    >>> split("No front matter", "a.md")
    ({}, 'No front matter', 0)
    """
    if not text.startswith("---\n"):
        return {}, text, 0
    end = _CLOSE.search(text, 4)
    if end is None:
        raise InputError(
            [
                Problem(
                    source,
                    1,
                    "front matter opened with '---' is never closed; add a '---' line after it",
                )
            ]
        )
    block = text[4 : end.start()]
    rest = text[end.end() :].removeprefix("\n")
    consumed = text[: len(text) - len(rest)].count("\n")
    try:
        data = yaml.load(block, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 1
        raise InputError(
            [
                Problem(
                    source, line, f"front matter is not valid YAML ({exc.problem}); fix the syntax"
                )
            ]
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            [Problem(source, 2, "front matter must be a mapping of 'key: value' lines")]
        )
    return data, rest, consumed


def key_line(text: str, key: str) -> int:
    """The line of ``key:`` in a file that starts with front matter (1 when not found)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1

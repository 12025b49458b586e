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
        message = f"front matter is not valid YAML ({exc.problem}); fix the syntax"
        raise InputError([Problem(source, error_line(exc, block) + 1, message)]) from exc
    except ValueError as exc:  # PyYAML's timestamp constructor: "date: 2015-13-40"
        message = f"front matter has an impossible value ({exc}); write dates as YYYY-MM-DD"
        line = _bad_value_line(block) + 1
        raise InputError([Problem(source, line, message, "date")]) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            [Problem(source, 2, "front matter must be a mapping of 'key: value' lines")]
        )
    return data, rest, consumed


def error_line(exc: yaml.MarkedYAMLError, text: str) -> int:
    """The 1-based line of ``text`` to show for a YAML error.

    An unclosed quote or bracket is reported by PyYAML where the input ends;
    the line where it opened is the one to fix.
    """
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    if "quoted" in context and exc.context_mark:
        line = exc.context_mark.line
    elif "flow" in context:
        lines = text.split("\n")
        opener = max(
            (n for n in range(min(line, len(lines) - 1) + 1) if "[" in lines[n] or "{" in lines[n]),
            default=line,
        )
        line = opener
    return line + 1


_DATE_LIKE = re.compile(r"^\s*[\w-]+:\s*\d{4}-\d{1,2}-\d{1,2}\b")


def _bad_value_line(block: str) -> int:
    """The first line holding something shaped like a date (where a ValueError comes from)."""
    for number, line in enumerate(block.split("\n"), start=1):
        if _DATE_LIKE.match(line):
            try:
                yaml.load(line.split(":", 1)[1], Loader=Loader)
            except ValueError:
                return number
    return 1


def key_line(text: str, key: str) -> int:
    """The line of ``key:`` in a file that starts with front matter (1 when not found)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1

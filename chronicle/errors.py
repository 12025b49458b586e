"""Problems found in the input, as values: a warning lets the build go on, an
``InputError`` stops it with exit code 2. Both name the file, the line and the fix."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    message: str
    key: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.message}"


class InputError(Exception):
    """An input the build cannot go on without fixing (config, front matter, registry)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def source_name(path: Path, root: Path) -> str:
    """How problems and data name an input file: relative to the project root
    when it lies inside it (``seeds/a.txt``), else as given."""
    resolved = path.resolve()
    return (
        resolved.relative_to(root).as_posix()
        if resolved.is_relative_to(root)
        else resolved.as_posix()
    )


def source_names(paths: Sequence[Path], root: Path) -> list[str]:
    """``source_name`` of each path, resolving each folder once: resolving
    every file anew walks every folder of its path again (half a second of
    a build at 10,000 articles). A file that is a symlink is resolved whole.
    By ``os.path`` on strings: pathlib's ``relative_to`` and ``is_relative_to``
    for each of 10,000 files were another half second."""
    folders: dict[str, str] = {}
    inside = os.path.join(str(root), "")
    names = []
    for path in paths:
        text = str(path)
        if os.path.islink(text):
            names.append(source_name(path, root))
            continue
        parent, name = os.path.split(text)
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = str(Path(parent).resolve())
        resolved = os.path.join(folder, name)
        if resolved.startswith(inside):
            names.append(resolved[len(inside) :].replace(os.sep, "/"))
        else:
            names.append(Path(resolved).as_posix())
    return names

"""End-to-end golden test: the seeds' data/events.json and a few pages.

Regenerate with ``python -m pytest tests/test_golden.py --update-golden`` and
read ``git diff tests/golden`` before committing: every changed date, actor or
merge in it is a change to what the site tells readers.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = [
    "data/events.json",
    "index.html",
    "articles/001-7f2c493f20ca32ce/index.html",
    "events/2015-09-30-the-russian-military-launched-operation-against/index.html",
    "actors/dmitry-peskov/index.html",
]


@pytest.mark.parametrize("name", FILES)
def test_output_matches_golden(built_site: Path, update_golden: bool, name: str) -> None:
    produced = built_site / name
    assert produced.is_file(), f"the build did not write {name}"
    expected = GOLDEN / name
    if update_golden:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(produced.read_bytes())
        return
    assert expected.is_file(), (
        f"no golden file {expected}; run pytest --update-golden and review it"
    )
    got = produced.read_text(encoding="utf-8")
    want = expected.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(
            difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), f"golden/{name}", f"built/{name}", n=2
            )
        )
        pytest.fail(
            f"{name} differs from its golden file (run --update-golden and review):\n{diff[:6000]}"
        )

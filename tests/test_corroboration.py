"""Corroboration and conflicts across sources (fixtures in tests/fixtures/conflicts).

Three articles from two publishers report one crash: two give different dates
(31 vs 30 October) and different death tolls (224 vs 217); one statement
appears in all three, once per publisher.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "conflicts"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, project_copier: Any) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("conflicts")
    project = project_copier(base / "project")
    shutil.rmtree(project / "seeds")
    shutil.rmtree(project / "content" / "claims")  # the seed verdicts name seed claims
    shutil.copytree(FIXTURES, project / "seeds")
    out = base / "site"
    assert main(["--config", str(project / "site.yaml"), "--out", str(out), "--quiet"]) == 0
    result: dict[str, Any] = json.loads((out / "data" / "events.json").read_text(encoding="utf-8"))
    result["_out"] = str(out)
    return result


def event_quoting(data: dict[str, Any], fragment: str) -> dict[str, Any]:
    (event,) = [e for e in data["events"] if any(fragment in s["quote"] for s in e["sources"])]
    return event


def test_different_dates_for_one_happening_are_kept_and_flagged(data: dict[str, Any]) -> None:
    crash = event_quoting(data, "A passenger airliner crashed")
    assert {s["article"][:1] for s in crash["sources"]} == {"a", "b"}
    kinds = {c["kind"]: c for c in crash["conflicts"]}
    assert "date" in kinds
    assert {v["value"] for v in kinds["date"]["values"]} == {"2015-10-31", "2015-10-30"}


def test_different_figures_are_flagged(data: dict[str, Any]) -> None:
    crash = event_quoting(data, "A passenger airliner crashed")
    figures = [c for c in crash["conflicts"] if c["kind"] == "figure"]
    assert figures and {v["value"] for v in figures[0]["values"]} == {"224", "217"}


def test_conflicts_are_listed_on_the_to_check_page(data: dict[str, Any]) -> None:
    crash = event_quoting(data, "A passenger airliner crashed")
    page = (Path(data["_out"]) / "to-check" / "index.html").read_text(encoding="utf-8")
    assert crash["url"] in page
    event_page = (Path(data["_out"]) / "events" / crash["id"] / "index.html").read_text(
        encoding="utf-8"
    )
    assert "The sources disagree" in event_page


def test_publishers_and_independence(data: dict[str, Any]) -> None:
    suspended = event_quoting(data, "suspended all flights")
    assert suspended["article_count"] == 3
    assert suspended["publishers"] == ["Daily Paper", "Wire One"]
    assert suspended["independent"] is True


def test_one_publisher_repeating_itself_is_not_independent(data: dict[str, Any]) -> None:
    # the seeds: every report is TASS, and background paragraphs repeat word for word
    seeds = json.loads(
        (Path(__file__).resolve().parent / "golden" / "data" / "events.json").read_text(
            encoding="utf-8"
        )
    )
    for event in seeds["events"]:
        if event["article_count"] > 1:
            assert event["independent"] is False, event["id"]
            assert event["publishers"] == ["TASS"]


def test_same_day_different_happenings_are_not_conflicts(data: dict[str, Any]) -> None:
    assert not [e for e in data["events"] if "tourism minister" in e["summary"] and e["conflicts"]]


@settings(max_examples=300, deadline=None)
@given(
    st.sets(
        st.tuples(st.sampled_from(["A", "B", "C", "unknown publisher"]), st.sampled_from("xyz")),
        max_size=8,
    )
)
def test_independence_is_any_pair_of_known_publishers_in_other_words(
    reports: set[tuple[str, str]],
) -> None:
    from chronicle.export import _independent

    pairwise = any(
        p1 != p2 and t1 != t2 and "unknown publisher" not in (p1, p2)
        for p1, t1 in reports
        for p2, t2 in reports
    )
    assert _independent(reports) == pairwise

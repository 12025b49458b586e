"""data/events.json keeps to the public contract (contracts/chronology.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "contracts" / "chronology.schema.json"


@pytest.fixture(scope="module")
def data(built_site: Path) -> dict:
    return json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))


def test_events_json_validates_against_the_contract(data: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_project_copy_of_the_contract_matches_shared(shared_dir: Path) -> None:
    shared = shared_dir / "contracts" / "chronology.schema.json"
    assert json.loads(SCHEMA.read_text()) == json.loads(shared.read_text())


def test_every_reference_resolves(data: dict) -> None:
    articles = {a["id"] for a in data["articles"]}
    actors = {a["id"] for a in data["actors"]}
    for event in data["events"]:
        assert set(event["actors"]) <= actors, event["id"]
        for source in event["sources"]:
            assert source["article"] in articles
    for claim in data["claims"]:
        assert claim["article"] in articles
        assert claim["speaker"] is None or claim["speaker"] in actors


def test_source_offsets_point_at_the_quoted_sentence(data: dict) -> None:
    bodies = {a["id"]: a["body"] for a in data["articles"]}
    for event in data["events"]:
        for source in event["sources"]:
            assert bodies[source["article"]][source["start"] : source["end"]] == source["quote"]


def test_ids_are_unique_and_dates_well_ordered(data: dict) -> None:
    for kind in ("articles", "actors", "events", "claims"):
        ids = [item["id"] for item in data[kind]]
        assert len(ids) == len(set(ids)), kind
    for event in data["events"]:
        assert event["date"]["start"] <= event["date"]["end"]

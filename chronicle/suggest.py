"""``--suggest-actors DIR``: ready-to-edit registry drafts for discovered actors.

Each unreviewed actor of a build becomes ``DIR/<id>.md`` in the registry's
format (name, kind, the aliases the text used, role, the sentences that
introduced it), for an editor to check and move into ``content/actors``. An
existing file, in ``DIR`` or in the registry, is never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def aliases_seen(data: Mapping[str, Any], actor_id: str, name: str) -> list[str]:
    forms: dict[str, None] = {}
    for article in data["articles"]:
        for mention in article["mentions"]:
            if mention["actor"] == actor_id:
                text = article["body"][mention["start"] : mention["end"]]
                if text != name:
                    forms[text] = None
    return sorted(forms)


def draft(actor: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    front = {
        "name": actor["name"],
        "kind": actor["kind"],
        "aliases": aliases_seen(data, actor["id"], actor["name"]),
        "role": actor.get("role"),
        "role_aliases": [],
        "wikidata": None,
    }
    lines = [
        "---",
        yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip(),
        "---",
        f"TODO: a short, sourced profile of {actor['name']}. Check the name, kind and role below",
        "against the articles, then move this file into content/actors/.",
        "",
        "Found by Chronicle in these sentences:",
        "",
    ]
    lines += [f"> {sentence}\n" for sentence in actor.get("evidence", [])]
    return "\n".join(lines).rstrip() + "\n"


def write_drafts(
    data: Mapping[str, Any], folder: Path, registry: Path
) -> tuple[list[Path], list[Path]]:
    """Write a draft per unreviewed actor; return ``(written, skipped because they exist)``."""
    folder.mkdir(parents=True, exist_ok=True)
    written, skipped = [], []
    for actor in data["actors"]:
        if actor.get("reviewed", True):
            continue
        target = folder / f"{actor['id']}.md"
        if target.exists() or (registry / f"{actor['id']}.md").exists():
            skipped.append(target)
            continue
        target.write_text(draft(actor, data), encoding="utf-8")
        written.append(target)
    return written, skipped

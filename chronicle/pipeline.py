"""The build, stage by stage: read, date, extract, merge, export, render, write.

Everything is gathered before anything is written (as MkDocs does), so every
page sees the same data, and the output folder is swapped in only when the
whole new site is complete.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle import __version__
from chronicle.actors import Matcher, count_unknown, load_registry
from chronicle.articles import date_articles, find_articles, read_article
from chronicle.browse import browse_pages
from chronicle.config import Config
from chronicle.errors import Problem
from chronicle.events import merge
from chronicle.export import build_data, dumps
from chronicle.exports import export_files
from chronicle.batch import default_jobs, extract_all
from chronicle.cache import FOLDER as CACHE_FOLDER
from chronicle.cache import Store, registry_key
from chronicle.feeds import feed_files
from chronicle.claim_pages import claim_pages
from chronicle.pages import build_pages, load_pages
from chronicle.render import environment, render_all
from chronicle.search import SearchUnavailable, search_index
from chronicle.verdicts import attach, load_verdicts
from chronicle.write import write_site

PROGRESS_EVERY = 100


@dataclass
class BuildResult:
    output: Path
    articles: int = 0
    events: int = 0
    actors: int = 0
    claims: int = 0
    pages: int = 0
    sources_per_event: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    written: bool = False
    cache_hits: int = 0  # articles whose facts came from the extraction cache
    cache_misses: int = 0
    pages_rendered: int = 0  # output files rendered or written anew
    pages_reused: int = 0  # unchanged output files linked from the previous site


def build(
    config: Config,
    output: Path,
    *,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    cache: bool = True,
) -> BuildResult:
    """Build the site into ``output``; raises ``InputError`` for fatal input problems.

    ``jobs``: processes for extraction and rendering (default: every core);
    ``cache``: reuse ``.chronicle/cache`` (never changes the output, only the time).
    """
    say = progress or (lambda message: None)
    result = BuildResult(output=output)
    warnings = result.warnings

    registry, registry_problems = load_registry(config.path(config.content) / "actors", config.root)
    warnings.extend(registry_problems)
    matcher = Matcher.build(registry)
    content_pages, page_problems = load_pages(config.path(config.content) / "pages", config.root)
    warnings.extend(page_problems)

    input_dir = config.path(config.input)
    if not input_dir.is_dir():
        warnings.append(
            Problem(
                config.input,
                None,
                "input folder does not exist; create it or set 'input' in site.yaml",
            )
        )
        files = []
    else:
        files = find_articles(input_dir)
    drafts = []
    for number, path in enumerate(files, start=1):
        source = _relative(path, config.root)
        draft, problems = read_article(path, source)
        warnings.extend(problems)
        if draft is not None:
            drafts.append(draft)
        if len(files) >= PROGRESS_EVERY and number % PROGRESS_EVERY == 0:
            say(f"read {number}/{len(files)} articles")
    _dedupe_ids(drafts, warnings)
    articles, date_problems = date_articles(
        drafts, config_dates=config.dates, default_year=config.default_year
    )
    warnings.extend(date_problems)

    actor_index = registry.by_id()
    cache_dir = config.root / CACHE_FOLDER if cache else None
    store = Store(cache_dir / "extract" if cache_dir else None)
    facts = extract_all(
        articles,
        matcher,
        actor_index,
        store=store,
        registry_key=registry_key(registry),
        jobs=jobs or default_jobs(),
        progress=say,
    )
    result.cache_hits, result.cache_misses = store.hits, store.misses
    unknown = [name for found in facts.values() for name in found.unknown_names]
    events = merge(
        (c for f in facts.values() for c in f.candidates),
        {a.id: a.date.isoformat() for a in articles},
    )
    verdicts = load_verdicts(config.path(config.content) / "claims", config)
    reviewed, verdict_problems = attach(
        verdicts, ((c.id, c.speaker, c.quote) for f in facts.values() for c in f.claims)
    )
    warnings.extend(verdict_problems)
    data = build_data(config, articles, facts, events, registry, reviewed)

    result.articles = len(articles)
    result.events = len(events)
    result.actors = len(data["actors"])
    result.claims = len(data["claims"])
    result.sources_per_event = sum(len(e.sources) for e in events) / len(events) if events else 0.0
    warnings.sort()
    _write_report(config, warnings, count_unknown(unknown), result)
    if strict and warnings:
        return result

    env = environment(config.path(config.templates), config)
    newest_first = config.timeline_order == "newest-first"
    specs = build_pages(
        data, registry, content_pages, newest_first=newest_first, origin=config.site_origin
    )
    specs += browse_pages(data, newest_first=newest_first)
    specs += claim_pages(data, config)
    files_out = render_all(
        env, specs, config, content_pages, {a["id"]: a["name"] for a in data["actors"]}
    )
    files_out["data/events.json"] = dumps(data)
    files_out.update(export_files(data, config))
    files_out.update(feed_files(data, config, (spec.url for spec in specs)))
    static = config.path(config.static)
    if static.is_dir():
        for path in sorted(p for p in static.rglob("*") if p.is_file()):
            files_out[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    try:
        files_out.update(search_index(files_out, config.base_path))
    except SearchUnavailable as exc:
        print(f"warning: {exc}", file=sys.stderr)
    result.pages = sum(1 for name in files_out if name.endswith(".html"))
    write_site(
        output,
        files_out,
        project_root=config.root,
        input_dirs=input_dirs(config),
    )
    result.written = True
    return result


def input_dirs(config: Config) -> list[Path]:
    """The folders the build reads: an output folder must be none of them."""
    return [config.path(p) for p in (config.input, config.content, config.templates, config.static)]


def _relative(path: Path, root: Path) -> str:
    resolved = path.resolve()
    return (
        resolved.relative_to(root).as_posix()
        if resolved.is_relative_to(root)
        else resolved.as_posix()
    )


def _dedupe_ids(drafts: list[Any], warnings: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for index, draft in enumerate(drafts):
        if draft.id in seen:
            digest = hashlib.sha256(draft.source.encode()).hexdigest()[:6]
            warnings.append(
                Problem(
                    draft.source,
                    None,
                    f"has the same id as {seen[draft.id]}; its pages use id {draft.id}-{digest}",
                )
            )
            from dataclasses import replace

            drafts[index] = replace(draft, id=f"{draft.id}-{digest}")
        seen.setdefault(draft.id, draft.source)


def _write_report(
    config: Config, warnings: list[Problem], unknown: list[dict[str, Any]], result: BuildResult
) -> None:
    """The editor's report, outside the published site: warnings and unmatched names."""
    report = {
        "chronicle_version": __version__,
        "counts": {
            "articles": result.articles,
            "events": result.events,
            "actors": result.actors,
            "claims": result.claims,
            "warnings": len(warnings),
        },
        "warnings": [
            {"file": w.file, "line": w.line, "key": w.key, "message": w.message} for w in warnings
        ],
        "unmatched_names": unknown,
    }
    folder = config.root / ".chronicle"
    folder.mkdir(exist_ok=True)
    (folder / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def print_summary(result: BuildResult, stream: Any = None) -> None:
    print(
        f"{result.articles} articles, {result.events} events "
        f"({result.sources_per_event:.2f} sources each), {result.actors} actors, "
        f"{result.claims} claims, {len(result.warnings)} warnings",
        file=stream or sys.stdout,
    )

"""Render page specs through Jinja2 templates (autoescaped) to bytes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from chronicle.config import Config
from chronicle.pages import ContentPage, PageSpec, date_label

_HTML_DATETIME = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?)?|-W\d{2})?")


def html_datetime(value: str) -> str:
    """The TIMEX3 value if HTML's ``datetime`` attribute accepts it, else "".

    >>> html_datetime("2015-W47"), html_datetime("2015-Q4"), html_datetime("XXXX-12-29")
    ('2015-W47', '', '')
    """
    return value if _HTML_DATETIME.fullmatch(value or "") else ""


def environment(templates: Path, config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    base = config.base_path

    def url(path: str) -> str:
        return base + path.lstrip("/")

    env.filters["url"] = url
    env.filters["html_datetime"] = html_datetime
    env.filters["datelabel"] = date_label
    env.filters["plural"] = lambda n, word, many=None: (
        f"{n} {word if n == 1 else (many or word + 's')}"
    )
    return env


def render_all(
    env: jinja2.Environment,
    specs: Sequence[PageSpec],
    config: Config,
    content_pages: Sequence[ContentPage],
    actor_names: Mapping[str, str],
) -> dict[str, bytes]:
    site: dict[str, Any] = {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_path": config.base_path,
        "origin": config.site_origin,
        "pages": [{"title": p.title, "url": f"{p.slug}/"} for p in content_pages],
        "actor_names": actor_names,
    }
    output: dict[str, bytes] = {}
    for spec in specs:
        template = env.get_template(spec.template)
        html = template.render(
            site=site,
            page={"title": spec.title, "url": spec.url, "path": spec.path},
            **spec.context,
        )
        output[spec.path] = html.encode("utf-8")
    return output

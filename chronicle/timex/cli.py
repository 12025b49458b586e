"""Command line: ``python -m chronicle.timex [FILE] [--dct YYYY-MM-DD] [--batch]``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from chronicle.models import Timex
from chronicle.timex.tagger import tag


def _timex_json(t: Timex) -> dict[str, object]:
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}


def _parse_dct(raw: str | None) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chronicle.timex", description="Tag temporal expressions (TimeML TIMEX3)."
    )
    parser.add_argument("file", nargs="?", help="a text file to tag (default: stdin)")
    parser.add_argument("--dct", help="document creation date, YYYY-MM-DD")
    parser.add_argument(
        "--batch", action="store_true", help='JSON lines in ({"id","dct","text"}), JSON lines out'
    )
    args = parser.parse_args(argv)
    if args.batch:
        for line in sys.stdin:
            if not line.strip():
                continue
            item = json.loads(line)
            found = tag(item.get("text", ""), _parse_dct(item.get("dct")))
            record = {"id": item.get("id"), "timexes": [_timex_json(t) for t in found]}
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if args.file:
        with open(args.file, encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = sys.stdin.read()
    for t in tag(text, _parse_dct(args.dct)):
        interval = "-"
        if t.date is not None:
            qual = f" {t.date.qualifier}" if t.date.qualifier else ""
            interval = f"{t.date.start}..{t.date.end} {t.date.precision}{qual}"
        print(f"{t.start:>6}-{t.end:<6} {t.type:<8} {t.value:<16} {interval:<36} {t.text!r}")
    return 0

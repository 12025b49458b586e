"""Command line: ``python build.py [options]``. Exit 0 built, 1 failed, 2 bad input or usage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chronicle.config import Config, load_config
from chronicle.errors import InputError
from chronicle.pipeline import build, input_dirs, print_summary
from chronicle.suggest import write_drafts
from chronicle.write import OutputRefused, check_output_dir


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py", description="Build the chronology site from a folder of news articles."
    )
    p.add_argument(
        "--config", default="site.yaml", help="the site configuration (default: site.yaml)"
    )
    p.add_argument("--input", help="folder of articles (default: 'input' in site.yaml, seeds/)")
    p.add_argument("--out", help="output folder (default: 'output' in site.yaml, _site/)")
    p.add_argument(
        "--base-url", help="URL the site is served under, e.g. https://user.github.io/repo/"
    )
    p.add_argument(
        "--strict", action="store_true", help="treat warnings as failures (exit 1, nothing written)"
    )
    p.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    p.add_argument(
        "--timings", action="store_true", help="print how long each stage of the build took"
    )
    p.add_argument(
        "--serve",
        action="store_true",
        help="after building, serve the site on 127.0.0.1 and rebuild when an input changes",
    )
    p.add_argument("--port", type=int, default=8000, help="port for --serve (default: 8000)")
    p.add_argument(
        "--jobs",
        type=_jobs,
        help="processes for extraction and rendering (default: the number of cores; 1: serial)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and do not update .chronicle/cache (the output is the same, only slower)",
    )
    p.add_argument(
        "--suggest-actors",
        metavar="DIR",
        help="also write registry drafts (content/actors format) for discovered actors into DIR; "
        "existing files are never overwritten",
    )
    return p


def _jobs(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def main(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    overrides: dict[str, object] = {}
    if args.input:
        overrides["input"] = str(Path(args.input).resolve())
    if args.base_url:
        overrides["base_url"] = args.base_url
    try:
        config = load_config(Path(args.config), overrides)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    output = Path(args.out).resolve() if args.out else config.path(config.output)

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr)

    try:
        # Refuse a wrong output folder before any work, not after rendering.
        check_output_dir(output, project_root=config.root, input_dirs=input_dirs(config))
        result = build(
            config,
            output,
            strict=args.strict,
            progress=progress,
            jobs=args.jobs,
            cache=not args.no_cache,
            need_data=bool(args.suggest_actors),
            exiting=exiting,
        )
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was written; fix the errors above and build again", file=sys.stderr)
        return 2
    except OutputRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the build failed: say so, keep the previous site
        print(f"error: the build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"the previous site in {output} is unchanged", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.strict and result.warnings:
        print(f"--strict: {len(result.warnings)} warnings; nothing was written", file=sys.stderr)
        return 1
    if args.timings:
        print("    wall       CPU  stage", file=sys.stderr)
        for stage, seconds, cpu in result.timings:
            print(f"{seconds:8.2f} s {cpu:7.2f} s  {stage}", file=sys.stderr)
    if not args.quiet:
        print_summary(result)
        print(f"site written to {result.output}")
    if args.suggest_actors and result.data is not None:
        written, skipped = write_drafts(
            result.data, Path(args.suggest_actors), config.path(config.content) / "actors"
        )
        print(
            f"{len(written)} actor drafts written to {args.suggest_actors}"
            + (f"; {len(skipped)} left alone because a profile exists" if skipped else ""),
            file=sys.stderr,
        )
    if args.serve:
        return _serve(args, overrides, config, output)
    return 0


def _serve(
    args: argparse.Namespace, overrides: dict[str, object], config: Config, output: Path
) -> int:
    """Serve ``output`` and rebuild it (re-reading site.yaml) whenever an input changes."""
    from chronicle.serve import Server

    def say(message: str) -> None:
        print(message, flush=True)

    def rebuild() -> None:
        try:
            fresh = load_config(Path(args.config), overrides)
            result = build(fresh, output, jobs=args.jobs, cache=not args.no_cache)
        except InputError as exc:
            for problem in exc.problems:
                say(f"error: {problem}")
            say("the site was not rebuilt; fix the errors above and save again")
            return
        for warning in result.warnings:
            say(f"warning: {warning}")
        if not args.quiet:
            print_summary(result)

    watch = [
        Path(args.config).resolve(),
        *(config.path(p) for p in (config.input, config.content, config.templates, config.static)),
    ]
    try:
        server = Server(output, config.base_path, rebuild, watch, port=args.port, say=say)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{args.port} ({exc}); try --port", file=sys.stderr)
        return 2
    return server.serve_forever()

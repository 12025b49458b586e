"""Benchmark the build at scale: ``python -m chronicle.bench --articles N [--from DIR]``.

It writes a deterministic corpus of N wire-format articles to a temporary
project (the seeds, plus the TimeML or text files of any ``--from`` folder
with their tags stripped, cycled to N; every copy gets a dateline without a
year and a front-matter ``date:`` shifted so the corpus spreads over several
years), then times five builds of it, each in its own process: a cold full
build (no cache, no previous site), two rebuilds with nothing changed (the
first re-reads the articles written just before the cold build and runs
beside the spare site's maker), a
rebuild after one article was edited, and one after another was (the first
rebuild has no spare site to patch yet, the later ones have: see
``write.Staging``). For each it prints the wall time,
articles per second, HTML pages written, the peak resident memory of the
build's processes (summed over the worker processes) and the extraction
cache's hit rate (from ``.chronicle/report.json``).

``--compare-pelican`` also builds the same corpus with Pelican (as Markdown
with Pelican's metadata header), in a process of its own, so the ratio is
measured side by side. Pelican is not a dependency of Chronicle: install it
with ``pip install 'pelican[markdown]'`` (or ``pip install -e '.[bench]'``).

It measures; it asserts nothing, and it never touches the project's own
site or cache.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import html
import json
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from chronicle.articles import parse_article

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "templates", "static")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
PLACES = ("WASHINGTON", "NEW YORK", "LONDON", "MOSCOW", "PARIS", "BEIJING", "TOKYO", "JERUSALEM")
SPREAD_DAYS = 4 * 365  # copies of one text spread over four years
SHIFT_DAYS = 97  # between two copies of one text: not a multiple of a week or a month
_DATELINE = re.compile(r"^([A-Z][A-Z .'-]+), (" + "|".join(MONTHS) + r") (\d{1,2})\.", re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Text:
    """One source text of the corpus: a headline, body paragraphs and its date."""

    name: str
    title: str
    place: str
    day: date
    paragraphs: tuple[str, ...]
    raw: str = ""  # a wire-format original, kept whole (its set-aside parts too)


def seed_texts(folder: Path) -> list[Text]:
    """Wire-format files (the seeds): kept as written, their dateline re-dated per copy."""
    texts = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        found = _DATELINE.search(raw)
        draft, _ = parse_article(raw, path.name)
        if found is None or draft is None:
            continue
        month = MONTHS.index(found.group(2)) + 1
        # The seeds are from November-December 2015; the text gives no year.
        day = date(2015, month, int(found.group(3)))
        texts.append(Text(path.stem, draft.title, found.group(1), day, (), raw))
    return texts


def timeml_text(path: Path, index: int) -> Text | None:
    """A TimeML document as plain news text: tags stripped, entities unescaped."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.DOTALL)
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
    if dct is None or body is None:
        return None
    return _plain(path.stem, html.unescape(_TAG.sub("", body.group(1))), index, dct.group(1))


def plain_text(path: Path, index: int) -> Text | None:
    """A text file: the first line is the headline; dated 1 January 2000 plus its index."""
    lines = path.read_text(encoding="utf-8", errors="replace").strip().split("\n", 1)
    if len(lines) < 2:
        return None
    text = _plain(path.stem, lines[1], index, None)
    return (
        None
        if text is None
        else Text(text.name, lines[0].strip(), text.place, text.day, text.paragraphs)
    )


def _plain(name: str, text: str, index: int, dct: str | None) -> Text | None:
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
    paragraphs: list[str] = []
    for block in blocks:
        # One long block (TimeBank keeps a story on few lines): paragraphs of four sentences.
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", block)
        paragraphs += [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    paragraphs = [p for p in paragraphs if len(p) > 20]
    if not paragraphs:
        return None
    words = paragraphs[0].split()
    title = " ".join(words[:12]).rstrip(",.;:")
    day = date.fromisoformat(dct) if dct else date(2000, 1, 1) + timedelta(days=index)
    return Text(name, title, PLACES[index % len(PLACES)], day, tuple(paragraphs))


def load_texts(extra: Sequence[Path]) -> list[Text]:
    texts = seed_texts(ROOT / "seeds")
    for folder in extra:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".tml", ".txt"))
        for index, path in enumerate(files):
            found = timeml_text(path, index) if path.suffix == ".tml" else plain_text(path, index)
            if found is not None:
                texts.append(found)
    return texts


@dataclass(frozen=True)
class Item:
    """One article of the corpus: which text, which copy, its date."""

    number: int
    text: Text
    day: date

    @property
    def stem(self) -> str:
        return f"a{self.number:05d}-{self.text.name}"


def corpus(texts: Sequence[Text], n: int) -> list[Item]:
    """N articles cycling through ``texts``; copy k of a text is dated k*97 days later (mod 4 years)."""
    items = []
    for number in range(n):
        text = texts[number % len(texts)]
        copy = number // len(texts)
        items.append(Item(number, text, text.day + timedelta(days=copy * SHIFT_DAYS % SPREAD_DAYS)))
    return items


def dateline(place: str, day: date) -> str:
    return f"{place}, {MONTHS[day.month - 1]} {day.day}."


def wire(item: Item) -> str:
    """The article in Chronicle's wire format with a front-matter date."""
    head = f"---\ndate: {item.day.isoformat()}\n---\n"
    text = item.text
    if text.raw:
        found = _DATELINE.search(text.raw)
        assert found is not None
        return (
            head
            + text.raw[: found.start()]
            + dateline(found.group(1), item.day)
            + text.raw[found.end() :]
        )
    first, *rest = text.paragraphs
    body = "\n\n".join([f"{dateline(text.place, item.day)} {first}", *rest])
    return f"{head}{text.title}\n\n{body}\n"


def pelican_markdown(item: Item) -> str:
    """The same article for Pelican: its metadata header, then the body as Markdown."""
    draft, _ = parse_article(wire(item), item.stem + ".txt")
    assert draft is not None
    title = draft.title.replace("\n", " ")
    paragraphs = "\n\n".join(p.text for p in draft.paragraphs)
    return (
        f"Title: {title}\nDate: {item.day.isoformat()}\nSlug: {item.stem}\n"
        f"Category: news\n\n{paragraphs}\n"
    )


def write_project(folder: Path, items: Sequence[Item]) -> Path:
    """A project to build: the site's content, templates and static files, and the corpus."""
    for part in PROJECT_PARTS:
        # Not the seeds' verdicts: they name claims that the corpus repeats.
        shutil.copytree(ROOT / part, folder / part, ignore=shutil.ignore_patterns("claims"))
    articles = folder / "articles"
    articles.mkdir()
    for item in items:
        (articles / f"{item.stem}.txt").write_text(wire(item), encoding="utf-8")
    (folder / "site.yaml").write_text(
        "title: Chronicle benchmark\ninput: articles\noutput: _site\npublisher: TASS\n",
        encoding="utf-8",
    )
    return folder / "site.yaml"


def edit_one(folder: Path, items: Sequence[Item], at: float = 0.5) -> None:
    """Add a dated sentence to the article at ``at`` of the corpus (the middle
    one by default): the edit of a one-edit rebuild."""
    item = items[min(len(items) - 1, int(len(items) * at))]
    path = folder / "articles" / f"{item.stem}.txt"
    day = item.day - timedelta(days=3)
    sentence = (
        f"\n\nOn {day.day} {MONTHS[day.month - 1]} {day.year} the benchmark editors "
        "added this sentence to check the one-article rebuild.\n"
    )
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + sentence, encoding="utf-8")


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    articles: int
    pages: int
    peak_rss: int  # bytes, summed over the build's processes
    hit_rate: float | None
    rendered: int | None = None
    cpu: float = 0.0  # user and system seconds of the build's processes

    def line(self) -> str:
        rate = "-" if self.hit_rate is None else f"{self.hit_rate:.1%}"
        rendered = "" if self.rendered is None else f"  rendered {self.rendered}"
        return (
            f"{self.label:<20} {self.seconds:8.2f} s  CPU {self.cpu:7.2f} s"
            f"  {self.articles / self.seconds:8.0f} articles/s"
            f"  {self.pages:7d} pages  peak RSS {self.peak_rss / 2**20:7.0f} MiB"
            f"  cache hits {rate}{rendered}"
        )


# kcmp(2), which tells whether two processes share one address space; by
# machine (``platform.machine()``). Not in ``os``, hence ctypes.
_KCMP_SYSCALL = {"x86_64": 312, "aarch64": 272, "arm64": 272}
_KCMP_VM = 1


def _same_memory(one: int, other: int) -> bool:
    """Whether processes ``one`` and ``other`` share their memory: a child made
    by ``vfork`` (as ``subprocess`` starts Pagefind) runs in its parent's
    address space until it calls ``exec``. Their PSS is then the same pages
    read twice (both report the whole parent), which once made an 850 MiB
    build read as 1,696 MiB. False where it cannot be told (kcmp missing or
    refused): then both are counted, as before."""
    number = _KCMP_SYSCALL.get(platform.machine())
    libc = _libc()
    if number is None or libc is None:
        return False
    return bool(libc.syscall(number, one, other, _KCMP_VM, 0, 0) == 0)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, for ``syscall`` (opened once: the sampler asks often)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        _ = libc.syscall
    except (OSError, AttributeError):
        return None
    return libc


def _tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: their proportional
    set size (shared pages counted once across forked workers, and a child
    still in its parent's address space not at all: ``_same_memory``)."""
    total = 0
    counted: list[int] = []
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/smaps_rollup").read_text()
            # Every thread's children: Pagefind is started from a thread of the build.
            children = [
                c
                for task in Path(f"/proc/{current}/task").iterdir()
                for c in (task / "children").read_text().split()
            ]
        except OSError:
            continue
        stack += [int(c) for c in children]
        if any(_same_memory(current, other) for other in counted):
            continue
        counted.append(current)
        found = re.search(r"^Pss:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found.group(1)) * 1024 if found else 0
    return total


SAMPLE_SECONDS = 0.5  # between two memory samples
FIRST_SECONDS = 2.0  # sampled every 0.05 s at first, so a short build has a figure too


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: Sequence[str], cwd: Path) -> tuple[float, int, float]:
    """Run ``command``; its wall time, the peak RSS of its process tree and its
    CPU time (user and system, of every process it waited for: workers and
    Pagefind too). The CPU time varies less than the wall time on a shared
    machine, so it is the steadier figure to compare two versions by."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            # Not more often once the build is large: reading smaps_rollup walks
            # the page tables (about 12 ms per GB), which at 0.1 s slowed a
            # 10,000-article build by 15%.
            early = time.perf_counter() - start < FIRST_SECONDS
            done.wait(0.05 if early else SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{stderr.decode()[-2000:]}")
    return seconds, peak, _children_cpu() - cpu


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def chronicle_run(label: str, project: Path, articles: int, jobs: int | None) -> Run:
    command = [sys.executable, str(ROOT / "build.py"), "--config", str(project / "site.yaml")]
    command += ["--quiet"] + ([] if jobs is None else ["--jobs", str(jobs)])
    seconds, peak, cpu = timed(command, project)
    report = json.loads((project / ".chronicle" / "report.json").read_text(encoding="utf-8"))
    cache = report.get("build", {})
    looked = cache.get("extraction_cache_hits", 0) + cache.get("extraction_cache_misses", 0)
    hit_rate = cache["extraction_cache_hits"] / looked if looked else None
    pages = count_pages(project / "_site")
    return Run(label, seconds, articles, pages, peak, hit_rate, cache.get("pages_rendered"), cpu)


def pelican_run(folder: Path, items: Sequence[Item]) -> Run:
    content = folder / "content"
    content.mkdir(parents=True)
    for item in items:
        (content / f"{item.stem}.md").write_text(pelican_markdown(item), encoding="utf-8")
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Chronicle benchmark"\nPATH = "content"\nTIMEZONE = "UTC"\n'
        'DEFAULT_LANG = "en"\nLOAD_CONTENT_CACHE = False\n',
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-o",
        "output",
        "-s",
        "pelicanconf.py",
        "-q",
    ]
    seconds, peak, cpu = timed(command, folder)
    return Run("pelican", seconds, len(items), count_pages(folder / "output"), peak, None, cpu=cpu)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m chronicle.bench", description=__doc__.split("\n")[0]
    )
    p.add_argument("--articles", type=int, default=1000, help="corpus size N (default 1000)")
    p.add_argument(
        "--from",
        dest="sources",
        action="append",
        type=Path,
        default=[],
        help="a folder of TimeML (.tml) or text (.txt) files to draw articles from (repeatable)",
    )
    p.add_argument("--jobs", type=int, help="passed to build.py --jobs (default: its own)")
    p.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    p.add_argument(
        "--compare-pelican", action="store_true", help="also build the corpus with Pelican"
    )
    args = p.parse_args(argv)
    texts = load_texts(args.sources)
    items = corpus(texts, args.articles)
    base = args.keep or Path(tempfile.mkdtemp(prefix="chronicle-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        project = base / "chronicle"
        write_project(project, items)
        print(f"{len(items)} articles from {len(texts)} texts in {project}", flush=True)
        runs = [chronicle_run("cold", project, len(items), args.jobs)]
        print(runs[-1].line(), flush=True)
        runs.append(chronicle_run("no change", project, len(items), args.jobs))
        print(runs[-1].line(), flush=True)
        # Both are shown: the first rebuild with nothing changed reads again
        # the articles written less than two seconds before the cold build
        # began (racily clean, as git calls them: see ``cache.FileIndex``), and
        # runs beside the process that makes the spare site; the second is
        # what any later one costs.
        runs.append(chronicle_run("no change, again", project, len(items), args.jobs))
        print(runs[-1].line(), flush=True)
        edit_one(project, items)
        runs.append(chronicle_run("one article edited", project, len(items), args.jobs))
        print(runs[-1].line(), flush=True)
        # The first rebuild after a cold build has no spare site yet (the site
        # before the last, which a rebuild patches); every later one has.
        edit_one(project, items, at=0.25)
        runs.append(chronicle_run("another edited", project, len(items), args.jobs))
        print(runs[-1].line(), flush=True)
        if args.compare_pelican:
            pelican = pelican_run(base / "pelican", items)
            print(pelican.line(), flush=True)
            print(f"chronicle cold / pelican: {runs[0].seconds / pelican.seconds:.2f}")
            print(f"  in CPU time: {runs[0].cpu / pelican.cpu:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Render page specs through Jinja2 templates (autoescaped) to bytes."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import multiprocessing
import os
import pickle
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import orjson
from jinja2 import meta
from jinja2.compiler import CodeGenerator
from markupsafe import Markup

from chronicle.cache import digest, engine_digest, raw_digest
from chronicle.config import Config
from chronicle.pages import ContentPage, Deferred, Extended, PageSpec, date_label, day_label

_HTML_DATETIME = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?)?|-W\d{2})?")


def html_datetime(value: str) -> str:
    """The TIMEX3 value if HTML's ``datetime`` attribute accepts it, else "".

    >>> html_datetime("2015-W47"), html_datetime("2015-Q4"), html_datetime("XXXX-12-29")
    ('2015-W47', '', '')
    """
    return value if _HTML_DATETIME.fullmatch(value or "") else ""


_new_str = str.__new__


def escape(value: Any) -> Markup:
    """``markupsafe.escape``, quicker for what a page outputs most.

    Every ``{{ x }}`` of an autoescaped template calls ``escape``; markupsafe's
    escapes a str in C but then makes its ``Markup`` through ``Markup.__new__``
    in Python, which asks the str for ``__html__`` (a failed attribute lookup):
    a sixth of the render in a profile at 10,000 articles. A str is escaped by markupsafe's own
    C function and made Markup by ``str.__new__``; a Markup (a macro's output)
    is itself; anything else goes to markupsafe. The bytes are markupsafe's.
    """
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    return markupsafe.escape(value)


try:  # markupsafe's C escaping of a str, without the Markup it wraps it in
    from markupsafe._speedups import _escape_inner
except ImportError:  # no speedups (or another markupsafe): its own escape
    escape = markupsafe.escape  # type: ignore[assignment]


class _Compiler(CodeGenerator):
    """Jinja's code generator; the module it writes calls ``escape`` above
    (Jinja's documented hook for changing the code a template compiles to).

    The template's functions look ``escape`` up in the module's globals when
    they run, so a name bound after Jinja's own import of it is the one used.
    """

    def visit_Template(self, node: Any, frame: Any = None) -> None:
        super().visit_Template(node, frame)
        self.writeline("from chronicle.render import escape")


# The names a plain dict has as attributes (``items``, ``values``...): for
# these Jinja's ``x.y`` gives the attribute, for any other name the item.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja2's environment with a quicker ``x.y`` on the pages' plain dicts
    and a quicker ``escape`` (see ``_Compiler``).

    Jinja tries ``getattr(x, "y")`` first and ``x["y"]`` when that raises; a
    dict has no attributes but its methods, so for any other name the item is
    what Jinja would find, without the exception (thousands on a page).
    """

    code_generator_class = _Compiler
    compiled: Path | None = None  # where compiled templates are kept (``environment``)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def count_distinct(items: Iterable[Mapping[str, Any]], key: str) -> int:
    """How many different ``item[key]``: what ``items | map(attribute=key) |
    unique | list | length`` counts (``unique`` ignores the case of strings),
    in one call.

    >>> count_distinct([{"a": "x"}, {"a": "X"}, {"a": "y"}], "a")
    2
    """
    return len({v.lower() if isinstance(v, str) else v for v in (item[key] for item in items)})


def any_with(items: Iterable[Mapping[str, Any]], key: str) -> bool:
    """Whether some ``item[key]`` is true (``items | selectattr(key) | list``, in one call)."""
    return any(item[key] for item in items)


def environment(
    templates: Path, config: Config, compiled: Path | None = None
) -> jinja2.Environment:
    """The site's Jinja environment; with ``compiled``, a folder where the
    templates' compiled code is kept from build to build (Jinja's own
    bytecode cache: it recompiles a template whose source changed)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=None if compiled is None else _bytecode_cache(compiled),
        # A build makes its own environment: no need to look for edited
        # templates on every page (three ``stat`` calls a page).
        auto_reload=False,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.compiled = compiled
    base = config.base_path

    def url(path: str) -> str:
        return base + path.lstrip("/")

    env.filters["url"] = url
    env.filters["html_datetime"] = html_datetime
    env.filters["datelabel"] = date_label
    env.filters["daylabel"] = day_label
    env.filters["count_distinct"] = count_distinct
    env.filters["any_with"] = any_with
    env.filters["plural"] = lambda n, word, many=None: (
        f"{n} {word if n == 1 else (many or word + 's')}"
    )
    return env


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache:
    """Jinja's file bytecode cache in ``folder``, its files named by the
    engine's digest: the code a template compiles to depends on this engine
    (``_Compiler``) and on Jinja's version, which the digest covers, not only
    on the template's source, which Jinja checks. Files of other digests are
    removed (the templates' references too: ``_references``). Compiling the
    site's templates was a third of a second of every build."""
    salt = engine_digest()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and not old.name.startswith(f"{salt}-"):
            old.unlink(missing_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder), pattern=f"{salt}-%s.cache")


def site_context(
    config: Config, content_pages: Sequence[ContentPage], actor_names: Mapping[str, str]
) -> dict[str, Any]:
    """What every page sees as ``site``."""
    return {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_path": config.base_path,
        "origin": config.site_origin,
        "pages": [{"title": p.title, "url": f"{p.slug}/"} for p in content_pages],
        "actor_names": actor_names,
    }


def render_page(env: jinja2.Environment, spec: PageSpec, site: Mapping[str, Any]) -> bytes:
    template = env.get_template(spec.template)  # compiled once: the environment caches it
    html = template.render(
        site=site,
        page={"title": spec.title, "url": spec.url, "path": spec.path},
        **spec.context,
    )
    return html.encode("utf-8")


def render_all(
    env: jinja2.Environment,
    specs: Sequence[PageSpec],
    config: Config,
    content_pages: Sequence[ContentPage],
    actor_names: Mapping[str, str],
) -> dict[str, bytes]:
    site = site_context(config, content_pages, actor_names)
    return {spec.path: render_page(env, spec, site) for spec in specs}


def template_digests(env: jinja2.Environment) -> dict[str, str]:
    """Each template's hash together with every template it extends, includes
    or imports, so a changed template re-renders exactly the pages that use it.
    A template that names another dynamically depends on all of them."""
    assert env.loader is not None
    names = env.list_templates()
    sources = {name: env.loader.get_source(env, name)[0] for name in names}
    refs = _references(env, sources)
    digests = {}
    for name in names:
        seen, stack = {name}, [name]
        while stack:
            for other in refs.get(stack.pop(), set()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        h = hashlib.sha256()
        for part in sorted(seen):
            h.update(part.encode() + b"\0" + sources.get(part, "").encode() + b"\0")
        digests[name] = h.hexdigest()
    return digests


def _references(env: jinja2.Environment, sources: Mapping[str, str]) -> dict[str, set[str]]:
    """The templates each template names, by parsing it (a tenth of a second
    for the site's templates): kept beside the compiled templates, by the
    digest of each source, when the environment keeps those."""
    folder = getattr(env, "compiled", None)
    kept: dict[str, list[str] | None] = {}
    path = folder / f"{engine_digest()}-references.json" if folder is not None else None
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = orjson.loads(path.read_bytes())
            if isinstance(loaded, dict):
                kept = loaded
    keys = {name: digest(text.encode()) for name, text in sources.items()}
    found: dict[str, list[str] | None] = {}
    for name, key in keys.items():
        if key in kept:
            found[key] = kept[key]
        else:
            named = list(meta.find_referenced_templates(env.parse(sources[name])))
            # None: it names a template by a variable, so it may use any
            found[key] = None if None in named else sorted({n for n in named if n is not None})
    if path is not None and found != kept:  # written whole, then renamed: never half
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps(found, option=orjson.OPT_SORT_KEYS))
        os.replace(tmp, path)
    every = set(sources)
    return {
        name: every if found[key] is None else set(found[key] or ()) for name, key in keys.items()
    }


def page_key(spec: PageSpec, base: bytes) -> str:
    """A hash of everything a page is rendered from; "" when it cannot be made
    (a context that does not pickle): such a page is always rendered."""
    if not base:
        return ""
    return _hash(base, (spec.path, spec.url, spec.title, spec.template, dict(spec.context)))


def _hash(base: bytes, value: object) -> str:
    try:
        data = _digest(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return ""
    return digest(base + data)


# The records many pages' contexts share (the events, actors, articles and
# their cards, ``known``: their digests come with the encoding of
# events.json) stand in a page's key as their digest, not pickled field by
# field. The pickler is given them as its memo: where one stands in a context
# it writes a reference to a memo slot named after the record's digest (in C:
# no Python call for it, nor for the strings and numbers around it), so
# keying a page costs a fraction of what it did with a ``persistent_id``
# called for every object (keying 24,700 pages at 10,000 articles: 0.9 s,
# 0.3 s so). A slot is 32 bits of the digest (pickle's widest memo index):
# a record edited so that its new digest has the old one's 32 bits would
# keep the key of a page that shows it, once in four billion edits.
# Everything else is pickled in full (a page's own JSON-LD, a list of a
# year's months); a ``Deferred`` part stands as what it is made of, an
# ``Extended`` record as its record's digest and the fields added.
_shared: dict[int, tuple[object, bytes]] = {}  # id -> (the record, kept alive; digest)
_hasher: list[_Hasher] = []  # the one made for ``_shared`` as it is, once one is needed


def share(known: Mapping[int, tuple[object, bytes]]) -> None:
    """Let the records of ``known`` stand as their digests in page keys (``{}``: none)."""
    _shared.clear()
    _shared.update(known)
    _hasher.clear()


def _ref(*parts: object) -> None:
    """What a ``Deferred`` or ``Extended`` part stands as in a page's key:
    pickled by reference, never called (a key is never unpickled)."""


class _Hasher(pickle.Pickler):
    """Pickles values to hash them, again and again into one buffer."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, protocol=5)
        # No memo of its own: equal values must give equal bytes however their
        # objects are shared (facts fresh from extraction share strings that
        # cached ones do not). The memo it reads is the shared records'.
        self.fast = True
        memo: dict[int, tuple[int, object]] = {id(_ref): (0, _ref)}
        for number, (record, record_digest) in _shared.items():
            memo[number] = (zlib.crc32(record_digest), record)
        self.memo = memo

    def reducer_override(self, obj: object) -> Any:
        # Called for instances of classes that are not plain containers or
        # scalars only: dates, dataclasses, and these.
        if isinstance(obj, Deferred):
            return _ref, (obj.key(),)
        if isinstance(obj, Extended):
            known = _shared.get(id(obj.base))
            if known is not None:
                return _ref, (b"extended", known[1], obj.extra)
        return NotImplemented

    def digest(self, value: object) -> bytes:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.dump(value)
        with self.buffer.getbuffer() as view:
            return raw_digest(view)


def _digest(value: object) -> bytes:
    """A digest of ``value``'s content (not of how its objects are shared).
    One pickler does it all (no ``_digest`` calls another: a ``Deferred``
    key is pickled inline); one that failed midway is not used again."""
    if not _hasher:
        _hasher.append(_Hasher())
    try:
        return _hasher[0].digest(value)
    except BaseException:
        _hasher.clear()
        raise


# What the render workers read: set before they fork (see ``render_changed``).
_work: (
    tuple[
        jinja2.Environment,
        Sequence[PageSpec],
        Mapping[str, Any],
        dict[str, bytes],
        Callable[[str, bytes], Any] | None,
        Sequence[str] | None,
    ]
    | None
) = None


def render_changed(
    env: jinja2.Environment,
    specs: Sequence[PageSpec],
    site: Mapping[str, Any],
    *,
    salt: str,
    previous: Mapping[str, str],
    jobs: int = 1,
    sink: Callable[[str, bytes], Any] | None = None,
    keep: Callable[[str], Any] | None = None,
    known: Mapping[int, tuple[object, bytes]] | None = None,
) -> list[tuple[str, Any, bool]]:
    """``(key, html, rendered)`` per spec; ``rendered`` is False (and ``html``
    ``None``) when ``previous[spec.path]`` is the page's key already (the
    previous build's file can be kept).

    With a ``sink``, each page is handed to ``sink(path, html)`` where it is
    rendered (in the worker) and what it returns stands in for the html, so
    the pages need not all be held in memory and sent back. With ``keep``,
    ``keep(path)`` is called (in this process) for each page that is kept, and
    what it returns stands in for the ``None``.

    ``salt`` is the engine's digest; the key also covers the template (with
    those it uses), ``site`` and the page's own context. With ``jobs > 1`` a first
    build keys and renders its pages in forked worker processes; a rebuild
    keys them here and renders in workers only ``PARALLEL_RENDER`` or more. ``known`` gives
    the digests of records the contexts share, by ``id()`` with the record
    (``export.encode``); they stand for those records in every page's key.
    """
    global _work
    share(known or {})  # ids are only valid while the objects of this build are alive
    site_key = _hash(b"", dict(site))
    bases = {
        name: f"{salt}|{digest}|{site_key}|".encode() if site_key else b""
        for name, digest in template_digests(env).items()
    }
    _work = (env, specs, site, bases, sink, None)
    # What the render makes is garbage at once, some of it in cycles (Jinja's
    # contexts: about 36 objects a page), which reference counting leaves: the
    # collector is on while it renders, here and in every worker. Frozen first,
    # the objects of the build are not walked by it (it walks only what is
    # new) and, in a worker, their pages stay shared with this process.
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        if not previous:  # a first build: every page is rendered, keyed where it is
            return _render_spread(list(range(len(specs))), jobs)
        # A rebuild keys every page here first and forks workers only for the
        # pages to render, if there are enough of them: a worker that keys
        # pages reads (so copies) much of this process's memory. At 10,000
        # articles a one-edit rebuild's stage took as long in one process as
        # over two, with half the CPU time and 200 MiB less memory.
        keys = [page_key(spec, bases.get(spec.template, b"")) for spec in specs]
        _work = (*_work[:-1], keys)  # the workers render these pages under these keys
        out: list[tuple[str, Any, bool] | None] = [None] * len(specs)
        todo = []
        for index, (spec, key) in enumerate(zip(specs, keys, strict=True)):
            if key and previous.get(spec.path) == key:
                out[index] = (key, keep(spec.path) if keep else None, False)
            else:
                todo.append(index)
        made = _render_spread(todo, jobs if len(todo) >= PARALLEL_RENDER else 1)
        for index, rendered in zip(todo, made, strict=True):
            out[index] = rendered
        return out  # type: ignore[return-value]  # every index is filled
    finally:
        if not enabled:
            gc.disable()
        gc.unfreeze()
        _work = None
        share({})


# A rebuild renders in worker processes only when it has this many pages to
# render (a first build always does, when it has more than a worker's share).
PARALLEL_RENDER = 2000


def _render_spread(chosen: Sequence[int], jobs: int) -> list[tuple[str, Any, bool]]:
    """``_render_some`` of the specs at ``chosen``, over ``jobs`` processes
    when there are enough of them (in this one otherwise)."""
    workers = min(jobs, len(chosen) // MIN_PAGES_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _render_some(chosen)
    step = max(1, min(500, len(chosen) // (workers * 8)))
    parts = [chosen[s : s + step] for s in range(0, len(chosen), step)]
    return _render_in_pool(parts, workers)


def _render_in_pool(parts: Sequence[Sequence[int]], workers: int) -> list[tuple[str, Any, bool]]:
    """``_render_some`` of each of ``parts`` in ``workers`` processes, this one
    among them: it forks one worker fewer and takes the parts no worker has begun,
    from the last back, while the workers take them from the first on.

    A forked worker copies every page of this process's memory that it
    touches (reading an object writes its reference count), so each one grows
    the build's memory by much of the site's data: at 10,000 articles two
    workers grew it by 450 MiB, to the build's peak. This process renders in
    place of one of them, with nothing copied.
    """
    context = multiprocessing.get_context("fork")
    # A worker forks with the collector on and the build's objects frozen, as
    # ``render_changed`` left them: it walks only the objects it makes.
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        futures = [pool.submit(_render_some, part) for part in parts]
        done: list[list[tuple[str, Any, bool]] | None] = [None] * len(parts)
        for index in reversed(range(len(parts))):
            if futures[index].cancel():  # no worker has it yet: render it here
                done[index] = _render_some(parts[index])
        out: list[tuple[str, Any, bool]] = []
        for made, future in zip(done, futures, strict=True):
            out.extend(future.result() if made is None else made)
        return out


MIN_PAGES_PER_WORKER = 200


def _render_some(chosen: Sequence[int]) -> list[tuple[str, Any, bool]]:
    """The specs at ``chosen``, rendered (``render_changed`` chose them), each
    with its key: the one the build worked out, or made here (a first build)."""
    assert _work is not None
    env, specs, site, bases, sink, keys = _work
    out: list[tuple[str, Any, bool]] = []
    for index in chosen:
        spec = specs[index]
        key = page_key(spec, bases.get(spec.template, b"")) if keys is None else keys[index]
        html = render_page(env, spec, site)
        out.append((key, sink(spec.path, html) if sink else html, True))
    return out

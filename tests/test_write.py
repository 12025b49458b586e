"""chronicle.write: which output folders are refused, and the atomic swap."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.write import MARKER, OutputRefused, Staging, check_output_dir, write_site

INPUTS = ("seeds", "content", "templates", "static")


def make_project(base: Path) -> Path:
    """A minimal project tree: site.yaml and the four input folders, each non-empty."""
    root = base / "project"
    for name in INPUTS:
        (root / name).mkdir(parents=True)
        (root / name / "keep.txt").write_text(name, encoding="utf-8")
    (root / "site.yaml").write_text("title: test\n", encoding="utf-8")
    return root


def inputs(root: Path) -> list[Path]:
    return [root / name for name in INPUTS]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder``: file bytes, or None for a folder or link."""
    tree: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            tree[os.path.relpath(os.path.join(dirpath, name), folder)] = None
        for name in filenames:
            path = Path(dirpath, name)
            rel = os.path.relpath(path, folder)
            tree[rel] = None if path.is_symlink() else path.read_bytes()
    return tree


def site_files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def write(out: Path, root: Path, files: Mapping[str, bytes]) -> None:
    write_site(out, files, project_root=root, input_dirs=inputs(root))


# --- refusals ---------------------------------------------------------------


def _foreign(root: Path) -> Path:
    folder = root / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("mine", encoding="utf-8")
    return folder


def _file(root: Path) -> Path:
    path = root / "site.html"
    path.write_text("<p>not a folder</p>", encoding="utf-8")
    return path


def _link_to_root(root: Path) -> Path:
    link = root.parent / "link"
    link.symlink_to(root, target_is_directory=True)
    return link


def _link_into_seeds(root: Path) -> Path:
    link = root / "out-link"
    link.symlink_to(root / "seeds", target_is_directory=True)
    return link


REFUSALS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("project root", lambda root: root, "project folder"),
    ("folder around the project", lambda root: root.parent, "around the project"),
    ("input folder", lambda root: root / "seeds", "input folder"),
    ("another input folder", lambda root: root / "templates", "input folder"),
    ("inside an input folder", lambda root: root / "content" / "site", "inside the input"),
    ("deep inside an input folder", lambda root: root / "static" / "a" / "b", "inside the input"),
    ("non-empty foreign folder", _foreign, "did not create"),
    ("a file", _file, "is a file"),
    ("symlink to the project", _link_to_root, "project folder"),
    ("symlink to an input folder", _link_into_seeds, "input folder"),
]


@pytest.mark.parametrize(
    ("make_out", "reason"), [row[1:] for row in REFUSALS], ids=[row[0] for row in REFUSALS]
)
def test_refused_output_folders(
    tmp_path: Path, make_out: Callable[[Path], Path], reason: str
) -> None:
    root = make_project(tmp_path)
    out = make_out(root)
    before = snapshot(tmp_path)
    with pytest.raises(OutputRefused) as refused:
        check_output_dir(out, project_root=root, input_dirs=inputs(root))
    message = str(refused.value)
    assert reason in message
    assert str(out.resolve()) in message, "the message names the folder"
    assert "--out" in message, "the message says how to fix it"
    with pytest.raises(OutputRefused):
        write(out, root, {"index.html": b"<p>new</p>"})
    assert snapshot(tmp_path) == before, "a refused build touches nothing"


ALLOWED: list[tuple[str, Callable[[Path], Path]]] = [
    ("new folder in the project", lambda root: root / "_site"),
    ("new nested folder", lambda root: root / "build" / "site"),
    ("new folder beside the project", lambda root: root.parent / "site"),
    ("existing empty folder", lambda root: _mkdir(root / "_site")),
    ("folder with the marker", lambda root: _marked(root / "_site")),
]


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _marked(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / MARKER).write_text("", encoding="utf-8")
    (path / "old.html").write_text("old", encoding="utf-8")
    return path


@pytest.mark.parametrize("make_out", [row[1] for row in ALLOWED], ids=[row[0] for row in ALLOWED])
def test_allowed_output_folders(tmp_path: Path, make_out: Callable[[Path], Path]) -> None:
    root = make_project(tmp_path)
    out = make_out(root)
    check_output_dir(out, project_root=root, input_dirs=inputs(root))
    write(out, root, {"index.html": b"<p>new</p>"})
    assert site_files(out) == {"index.html": b"<p>new</p>", MARKER: (out / MARKER).read_bytes()}


# --- writing ----------------------------------------------------------------

FILES = {
    "index.html": b"<!doctype html><title>t</title>",
    "events/e1/index.html": "<p>caf\u00e9 \u2014 \u201cquote\u201d</p>\r\n".encode(),
    "data/events.json": b'{"events": []}\n',
    "static/style.css": b"body{}",
    "a/./b.txt": b"dot segment",
}


def test_write_site_writes_every_file_and_the_marker(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, FILES)
    written = site_files(out)
    assert written.pop(MARKER)
    assert written == {name.replace("/./", "/"): data for name, data in FILES.items()}
    assert sorted(p.name for p in root.iterdir()) == sorted([*INPUTS, "site.yaml", "_site"])


def test_rebuild_replaces_the_whole_site(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"one", "gone/index.html": b"old page"})
    write(out, root, {"index.html": b"two"})
    assert set(site_files(out)) == {"index.html", MARKER}
    assert (out / "index.html").read_bytes() == b"two"
    assert sorted(p.name for p in root.iterdir()) == sorted([*INPUTS, "site.yaml", "_site"])


def test_write_into_a_symlinked_output_keeps_the_link(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    real = tmp_path / "real-site"
    link = root / "_site"
    link.symlink_to(real, target_is_directory=True)
    write(link, root, {"index.html": b"one"})
    write(link, root, {"index.html": b"two"})
    assert link.is_symlink()
    assert (real / "index.html").read_bytes() == b"two"


class Exploding(Mapping[str, bytes]):
    """A files mapping whose value for ``bad`` cannot be produced."""

    def __init__(self, files: dict[str, bytes], bad: str) -> None:
        self.files = files
        self.bad = bad

    def __getitem__(self, key: str) -> bytes:
        if key == self.bad:
            raise RuntimeError("template exploded")
        return self.files[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def test_failure_midway_keeps_the_previous_site(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"previous", "events/e1/index.html": b"previous event"})
    before = snapshot(tmp_path)
    # "data/..." sorts before "index.html": one file is written, then the failure.
    broken = Exploding({"data/events.json": b"{}", "index.html": b"new", "z.html": b"z"}, "z.html")
    with pytest.raises(RuntimeError, match="template exploded"):
        write(out, root, broken)
    assert snapshot(tmp_path) == before, "old site intact and no tmp folder left behind"


def test_failure_in_file_writing_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"previous"})
    before = snapshot(tmp_path)
    real_open = open
    calls = {"n": 0}

    def failing_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "b" in mode and "x" in mode:
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError, match="No space left"):
        write(out, root, {"a.html": b"a", "b.html": b"b", "c.html": b"c"})
    monkeypatch.undo()
    assert calls["n"] == 2
    assert snapshot(tmp_path) == before


def test_failure_on_first_build_leaves_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError):
        write(root / "_site", root, Exploding({"a": b"a"}, "a"))
    assert snapshot(tmp_path) == before


def test_conflicting_paths_fail_without_damage(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"previous"})
    before = snapshot(tmp_path)
    with pytest.raises(OSError):
        write(out, root, {"a": b"file", "a/b": b"file under a file"})
    assert snapshot(tmp_path) == before


def test_stale_siblings_from_a_killed_build_are_removed(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"previous"})
    for name in ("._site.tmp-99999", "._site.old-12345"):
        stale = root / name
        (stale / "events").mkdir(parents=True)
        (stale / MARKER).write_text("", encoding="utf-8")
        (stale / "events" / "half.html").write_text("<p", encoding="utf-8")
    foreign = root / "._site.tmp-notours"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not the build's", encoding="utf-8")
    write(out, root, {"index.html": b"new"})
    assert not (root / "._site.tmp-99999").exists()
    assert not (root / "._site.old-12345").exists()
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "not the build's"
    assert (out / "index.html").read_bytes() == b"new"


def test_a_stale_sibling_being_removed_in_the_background_is_left_to_its_remover(
    tmp_path: Path,
) -> None:
    """A build does not delete, side by side with the previous build's
    background removal, the folder that removal holds the lock of."""
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"previous"})
    stale = root / "._site.old-12345"
    (stale / "events").mkdir(parents=True)
    (stale / MARKER).write_text("", encoding="utf-8")
    (stale / "events" / "half.html").write_text("<p", encoding="utf-8")
    remover = os.open(stale, os.O_RDONLY)
    fcntl.flock(remover, fcntl.LOCK_EX)  # as the detached remover holds it
    try:
        write(out, root, {"index.html": b"new"})
        assert (stale / "events" / "half.html").exists(), "left to the process removing it"
    finally:
        os.close(remover)
    write(out, root, {"index.html": b"newer"})
    assert not stale.exists(), "removed once no process holds it"


def test_stale_cleanup_with_glob_characters_in_the_name(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = tmp_path / "site[1]*"
    stale = tmp_path / ".site[1]*.tmp-4242"
    stale.mkdir()
    (stale / MARKER).write_text("", encoding="utf-8")
    lookalike = tmp_path / ".site1x.tmp-4242"
    lookalike.mkdir()
    (lookalike / MARKER).write_text("", encoding="utf-8")
    write(out, root, {"index.html": b"new"})
    assert not stale.exists()
    assert lookalike.exists(), "only this output's own siblings are removed"


BAD_PATHS = [
    "",
    ".",
    "/index.html",
    "/etc/passwd",
    "../index.html",
    "events/../../x.html",
    "a/..",
    "..",
    "a\\..\\..\\b",
    MARKER,
]


@pytest.mark.parametrize("name", BAD_PATHS)
def test_bad_relative_paths_are_rejected_before_writing(tmp_path: Path, name: str) -> None:
    root = make_project(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(ValueError):
        write(root / "_site", root, {"index.html": b"ok", name: b"bad"})
    assert snapshot(tmp_path) == before


# --- property: safe paths land inside the output and nowhere else -----------

SEGMENT = st.text(
    alphabet=st.sampled_from("abcXYZ019-_.~ \u00e9\u4e2d"), min_size=1, max_size=8
).filter(lambda s: s not in {".", ".."} and s != MARKER)
REL_PATH = st.lists(SEGMENT, min_size=1, max_size=4).map("/".join)


def _without_dir_clashes(names: list[str]) -> list[str]:
    """Drop a path that another path uses as a folder (a file cannot be both)."""
    unique = sorted(set(names))
    return [n for n in unique if not any(o.startswith(n + "/") for o in unique)]


@settings(max_examples=60, deadline=None)
@given(names=st.lists(REL_PATH, min_size=1, max_size=12), data=st.binary(max_size=64))
def test_safe_relative_paths_land_inside_out(names: list[str], data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        root = make_project(base)
        (base / "beside.txt").write_text("untouched", encoding="utf-8")
        out = base / "site"
        write(out, root, {"index.html": b"first"})
        files = {name: data + name.encode() for name in _without_dir_clashes(names)}
        before = snapshot(base)
        write(out, root, files)
        after = snapshot(base)
        outside_before = {k: v for k, v in before.items() if not k.startswith("site")}
        outside_after = {k: v for k, v in after.items() if not k.startswith("site")}
        assert outside_after == outside_before
        assert sorted(p.name for p in base.iterdir()) == ["beside.txt", "project", "site"]
        written = site_files(out)
        written.pop(MARKER)
        expected = {Path(n).as_posix(): d for n, d in files.items()}
        assert written == expected
        for path in out.rglob("*"):
            assert out.resolve() in path.resolve().parents


def test_background_removal_swaps_at_once_and_removes_the_old_site(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = root / "_site"
    write(out, root, {"index.html": b"previous", "events/a/index.html": b"a"})
    old_page = out / "events" / "a" / "index.html"
    staging = Staging(out, project_root=root, input_dirs=[root / "seeds"])
    with staging:
        staging.write({"index.html": b"new"})
        staging.commit(background=True)
    # The new site is in place as soon as commit returns ...
    assert (out / "index.html").read_bytes() == b"new"
    assert not (out / "events").exists()
    # ... and the previous one, moved aside, is removed by a process of its own.
    deadline = time.monotonic() + 30
    while any(p.name.startswith("._site.old-") for p in root.iterdir()):
        assert time.monotonic() < deadline, "the old site was never removed"
        time.sleep(0.05)
    assert not old_page.exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


def test_a_file_in_pieces_is_written_and_hashed_as_its_bytes_joined(tmp_path: Path) -> None:
    """``write.Pieces``: data/events.json is written piece by piece, never
    joined; the file and its key are those of the joined bytes."""
    from chronicle.cache import digest
    from chronicle.export import dumps, encode
    from chronicle.write import Pieces, write_file

    data = {"schema_version": 1, "events": [{"id": "a"}, {"id": "b"}], "claims": []}
    pieces, _ = encode(data)
    assert isinstance(pieces, Pieces) and len(pieces) > 2
    joined = b"".join(pieces)
    assert joined == dumps(data)
    assert digest(pieces) == digest(joined)
    write_file(tmp_path, "data/events.json", pieces)
    assert (tmp_path / "data" / "events.json").read_bytes() == joined

"""The CLI protects the user's files and reports bad input precisely.

Through ``chronicle.cli.main`` on a private copy of the project:

* a refused ``--out`` exits 2 and changes nothing at all;
* a build changes nothing outside its output folder and ``.chronicle/``;
* a build that fails midway leaves the previous site byte-identical;
* unreadable articles are warnings (exit 0, 1 with ``--strict``) naming file
  and line, and the other articles are still built;
* a broken ``site.yaml`` or front matter exits 2 naming the file, line and key.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


def _load_sitecheck() -> ModuleType:
    """tests/sitecheck.py (``--import-mode=importlib`` keeps tests/ off sys.path)."""
    name = "chronicle_tests_sitecheck"
    if name not in sys.modules:
        path = Path(__file__).with_name("sitecheck.py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules[name]


sitecheck = _load_sitecheck()
build = sitecheck.build
snapshot = sitecheck.snapshot
diff = sitecheck.diff


def config_of(project: Path) -> Path:
    return project / "site.yaml"


def printed(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def report_text(project: Path) -> str:
    path = project / ".chronicle" / "report.json"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def mentions_line(text: str, report: str, name: str, line: int) -> bool:
    """``name:line`` in the printed text, or a report entry naming the file and line."""
    if f"{name}:{line}" in text or f"{name}, line {line}" in text:
        return True
    try:
        data = json.loads(report) if report else None
    except json.JSONDecodeError:
        return False

    def walk(node: object) -> bool:
        if isinstance(node, dict):
            values = [str(v) for v in node.values()]
            if any(name in v for v in values) and node.get("line") == line:
                return True
            return any(walk(v) for v in node.values())
        if isinstance(node, list):
            return any(walk(v) for v in node)
        return False

    return walk(data)


def site_tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


# --- refused output folders -------------------------------------------------


def _foreign(project: Path) -> Path:
    folder = project.parent / "my-notes"
    (folder / "drafts").mkdir(parents=True)
    (folder / "drafts" / "todo.md").write_text("- call the editor\n", encoding="utf-8")
    (folder / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    return folder


def _file(project: Path) -> Path:
    path = project.parent / "site.html"
    path.write_text("<p>a file</p>", encoding="utf-8")
    return path


REFUSED: list[tuple[str, Callable[[Path], Path]]] = [
    ("project root", lambda project: project),
    ("seeds", lambda project: project / "seeds"),
    ("inside seeds", lambda project: project / "seeds" / "site"),
    ("templates", lambda project: project / "templates"),
    ("folder around the project", lambda project: project.parent),
    ("non-empty folder without the marker", _foreign),
    ("a file", _file),
]


@pytest.mark.parametrize("make_out", [r[1] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_output_exits_2_and_changes_nothing(
    tmp_project: Path, capsys: pytest.CaptureFixture[str], make_out: Callable[[Path], Path]
) -> None:
    out = make_out(tmp_project)
    everything = tmp_project.parent
    before = snapshot(everything, skip=("project/.chronicle",))
    code = build(config_of(tmp_project), out)
    text = printed(capsys)
    assert code == 2, text
    assert str(out.resolve()) in text or str(out) in text, f"the message must name {out}:\n{text}"
    assert diff(before, snapshot(everything, skip=("project/.chronicle",))) == []


def test_rebuild_into_a_folder_the_build_created(tmp_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(config_of(tmp_project), out, "--quiet") == 0
    first = site_tree(out)
    assert ".chronicle-site" in first, "the build marks the folder it creates"
    (out / "stray.html").write_text("left over from an older build", encoding="utf-8")
    assert build(config_of(tmp_project), out, "--quiet") == 0
    assert site_tree(out) == first, "a rebuild replaces the whole folder"


def test_build_into_an_existing_empty_folder(tmp_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert build(config_of(tmp_project), out, "--quiet") == 0
    assert (out / "index.html").is_file()


def test_build_changes_nothing_outside_out_and_report(
    tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default output is _site/ next to site.yaml; the report goes to .chronicle/.

    The build runs from another folder, so a path taken relative to the working
    directory instead of site.yaml's folder would show up as a change too.
    """
    everything = tmp_project.parent
    (everything / "cwd").mkdir()
    monkeypatch.chdir(everything / "cwd")
    (everything / "neighbour.txt").write_text("keep me", encoding="utf-8")
    skip = ("project/_site", "project/.chronicle")
    before = snapshot(everything, skip=skip)
    assert build(config_of(tmp_project), None, "--quiet") == 0
    assert (tmp_project / "_site" / "index.html").is_file()
    assert (tmp_project / ".chronicle" / "report.json").is_file()
    assert diff(before, snapshot(everything, skip=skip)) == []
    # A second build over the first: same rule, and no tmp/old folder left behind.
    assert build(config_of(tmp_project), None, "--quiet") == 0
    assert diff(before, snapshot(everything, skip=skip)) == []


def break_writing(monkeypatch: pytest.MonkeyPatch, after: int = 4) -> dict[str, int]:
    """Make ``chronicle.write`` fail with ENOSPC on its ``after + 1``-th file."""
    import chronicle.write

    calls = {"n": 0}
    real_open = open

    def failing_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "w" in mode or "x" in mode:
            calls["n"] += 1
            if calls["n"] > after:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(chronicle.write, "open", failing_open, raising=False)
    return calls


def test_failure_while_writing_keeps_the_previous_site(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert build(config_of(tmp_project), out, "--quiet") == 0
    before = snapshot(tmp_path, skip=("project/.chronicle",))
    calls = break_writing(monkeypatch)
    try:
        # --no-cache: every file is written anew (with the cache, an unchanged
        # site is left in place, and unchanged files are hard-linked, not written).
        code = build(config_of(tmp_project), out, "--quiet", "--no-cache")
    except OSError:
        code = 1  # uncaught, `python build.py` still exits 1 (see the test below)
    assert calls["n"] > 4, "the build did not write its files through chronicle.write"
    assert code == 1
    assert diff(before, snapshot(tmp_path, skip=("project/.chronicle",))) == []


def test_failure_while_writing_exits_1_with_a_message(
    tmp_project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``main`` returns 1 (no traceback) and says what failed."""
    break_writing(monkeypatch)
    code = build(config_of(tmp_project), tmp_path / "site", "--quiet")
    assert code == 1
    assert "No space left on device" in printed(capsys)
    assert not (tmp_path / "site").exists()


def test_failure_while_rendering_keeps_the_previous_site(tmp_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(config_of(tmp_project), out, "--quiet") == 0
    templates = sorted(
        p for p in (tmp_project / "templates").rglob("*") if p.is_file() and p.suffix != ".css"
    )
    if not templates:
        pytest.skip("the project has no templates/ to break")
    for template in templates:
        # An attribute of an undefined name raises in Jinja whatever the undefined policy.
        template.write_text(
            template.read_text(encoding="utf-8") + "\n{{ chronicle_no_such_name.boom }}\n",
            encoding="utf-8",
        )
    before = snapshot(tmp_path, skip=("project/.chronicle", "project/templates"))
    try:
        code = build(config_of(tmp_project), out, "--quiet")
    except Exception:  # uncaught, `python build.py` exits 1 with a traceback
        code = 1
    assert code in (1, 2), "a template that raises fails the build"
    assert diff(before, snapshot(tmp_path, skip=("project/.chronicle", "project/templates"))) == []


# --- bad articles: warnings, not failures -------------------------------------

BAD_ARTICLES: list[tuple[str, str, bytes, int | None]] = [
    (
        "not UTF-8",
        "zz_latin1.txt",
        "Cafe talks\n\nMOSCOW, December 24. The caf\u00e9 owner spoke.\n".encode("latin-1"),
        3,
    ),
    ("empty", "zz_empty.txt", b"", None),
    ("only blank lines", "zz_blank.txt", b"\n   \n\n", None),
    (
        "no dateline",
        "zz_nodateline.txt",
        b"Talks went well\n\nThe minister said the talks went well and would go on.\n",
        3,
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "line"), [r[1:] for r in BAD_ARTICLES], ids=[r[0] for r in BAD_ARTICLES]
)
def test_bad_article_is_a_warning_and_the_rest_is_built(
    tmp_project: Path,
    tmp_path: Path,
    built_site: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    line: int | None,
) -> None:
    (tmp_project / "seeds" / name).write_bytes(data)
    out = tmp_path / "site"
    # --quiet silences progress, not warnings (and sidesteps the summary bug, see below)
    code = build(config_of(tmp_project), out, "--quiet")
    text = printed(capsys)
    report = report_text(tmp_project)
    assert code == 0, text
    assert name in text or name in report, f"no warning names {name}:\n{text}"
    if line is not None:
        assert mentions_line(text, report, name, line), f"no warning names {name}:{line}:\n{text}"
    expected = {p.relative_to(built_site).as_posix() for p in built_site.glob("articles/*/*.html")}
    built = {p.relative_to(out).as_posix() for p in out.glob("articles/*/*.html")}
    assert expected <= built, f"article pages missing: {sorted(expected - built)}"

    strict_out = tmp_path / "strict-site"
    assert build(config_of(tmp_project), strict_out, "--strict", "--quiet") == 1


def test_clean_seeds_pass_strict(tmp_project: Path, tmp_path: Path) -> None:
    """The seeds themselves build without a warning (else --strict could never pass)."""
    assert build(config_of(tmp_project), tmp_path / "site", "--strict", "--quiet") == 0


# --- bad configuration and front matter: exit 2 --------------------------------


def append_to_config(project: Path, text: str) -> int:
    """Append ``text`` (one line) to site.yaml; returns its line number."""
    config = config_of(project)
    old = config.read_text(encoding="utf-8") if config.is_file() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    config.write_text(old + text + "\n", encoding="utf-8")
    return old.count("\n") + 1


def test_yaml_syntax_error_in_site_yaml(
    tmp_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = append_to_config(tmp_project, "bad: value: other")
    code = build(config_of(tmp_project), tmp_path / "site")
    text = printed(capsys)
    assert code == 2, text
    assert f"site.yaml:{line}" in text or ("site.yaml" in text and f"line {line}" in text), text
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ("colour: blue", "colour"),
        ("timeline_order: sideways", "timeline_order"),
        ("default_year: soon", "default_year"),
        ("base_url: ftp://example.org/", "base_url"),
    ],
)
def test_bad_setting_in_site_yaml(
    tmp_project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    key: str,
) -> None:
    line = append_to_config(tmp_project, setting)
    code = build(config_of(tmp_project), tmp_path / "site")
    text = printed(capsys)
    assert code == 2, text
    assert key in text and "site.yaml" in text, text
    assert f"site.yaml:{line}" in text, f"the message should give the line {line}:\n{text}"
    assert not (tmp_path / "site").exists()


def test_broken_front_matter_exits_2(
    tmp_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_project / "seeds" / "zz_front.txt").write_text(
        "---\ndate: 2015-12-24\ntitle: a: b\n---\nTalks\n\nMOSCOW, December 24. Talks began.\n",
        encoding="utf-8",
    )
    code = build(config_of(tmp_project), tmp_path / "site")
    text = printed(capsys)
    assert code == 2, text
    assert "zz_front.txt:3" in text or ("zz_front.txt" in text and "line 3" in text), text
    assert not (tmp_path / "site").exists()


def test_summary_goes_to_the_current_stdout(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --quiet, main prints the summary to whatever sys.stdout is now."""
    import chronicle.pipeline  # imported (and its defaults bound) before stdout changes

    assert chronicle.pipeline
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    code = build(config_of(tmp_project), tmp_path / "site")
    assert code == 0
    assert " articles, " in stdout.getvalue(), "the summary line is missing"
    assert "site written to" in stdout.getvalue()


def test_bad_usage_exits_2(tmp_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(config_of(tmp_project), None, "--no-such-option") == 2
    assert "--no-such-option" in printed(capsys)

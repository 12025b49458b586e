"""Shared fixtures: the project tree, a copy of it to build in, the shared data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PROJECT_PARTS = ("site.yaml", "seeds", "content", "templates", "static")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current build (review the diff before committing)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it only exists on the developers' machines)")
    return SHARED


def copy_project(dest: Path) -> Path:
    """Copy the inputs of a build (config, seeds, content, templates, static) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture()
def tmp_project(tmp_path: Path) -> Path:
    """A private copy of the project to build, break and edit."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seeds built once per test session into a temporary ``site/`` folder."""
    from chronicle.cli import main

    base = tmp_path_factory.mktemp("built")
    project = copy_project(base / "project")
    out = base / "site"
    code = main(["--config", str(project / "site.yaml"), "--out", str(out), "--quiet"])
    assert code == 0, f"the seed build failed with exit code {code}"
    yield out


PAGES_BASE_URL = "https://example.github.io/chronicle/"


@pytest.fixture(scope="session")
def built_site_under_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seeds built once per session for a GitHub project site (``PAGES_BASE_URL``)."""
    from chronicle.cli import main

    base = tmp_path_factory.mktemp("built-base")
    project = copy_project(base / "project")
    out = base / "site"
    argv = ["--config", str(project / "site.yaml"), "--out", str(out), "--quiet"]
    code = main([*argv, "--base-url", PAGES_BASE_URL])
    assert code == 0, f"the seed build under {PAGES_BASE_URL} failed with exit code {code}"
    yield out


@pytest.fixture(scope="session")
def project_copier() -> object:
    """``copy_project`` for tests that build a modified project in their own folder."""
    return copy_project

"""Building the same input twice gives the same site, byte for byte.

The two builds run in separate Python processes with different hash seeds
(so set and dict ordering from hashing cannot leak into the output) and from
project copies at different paths (so no absolute path can leak either).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

BUILD = "import sys; from chronicle.cli import main; sys.exit(main(sys.argv[1:]))"


def build_in_subprocess(project_root: Path, config: Path, out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(project_root)}
    result = subprocess.run(
        [sys.executable, "-c", BUILD, "--config", str(config), "--out", str(out), "--quiet"],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stderr[-3000:]}"


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(
    project_root: Path, tmp_project: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere" / "another-name"
    shutil.copytree(tmp_project, other)
    first, second = tmp_path / "first", tmp_path / "second"
    build_in_subprocess(project_root, tmp_project / "site.yaml", first, "1")
    build_in_subprocess(project_root, other / "site.yaml", second, "2")
    one, two = tree(first), tree(second)
    assert sorted(one) == sorted(two), "the two builds wrote different files"
    differ = [name for name in sorted(one) if one[name] != two[name]]
    details = [
        f"{name}: {hashlib.sha256(one[name]).hexdigest()[:12]} != "
        f"{hashlib.sha256(two[name]).hexdigest()[:12]}"
        for name in differ[:20]
    ]
    assert not differ, f"{len(differ)} file(s) differ between two builds:\n" + "\n".join(details)
    assert len(one) > 5


def test_output_holds_no_absolute_path(built_site: Path) -> None:
    """The build folder's path must not appear in the site (it differs per machine)."""
    needle = str(built_site.parent).encode()
    leaks = [
        p.relative_to(built_site).as_posix()
        for p in sorted(built_site.rglob("*"))
        if p.is_file() and needle in p.read_bytes()
    ]
    assert not leaks, f"files that contain the build path {needle.decode()}: {leaks[:20]}"

"""One Pagefind index, made in a process of its own (``search.search_index`` runs this).

The build waits for Pagefind in threads while its main thread goes on making
the site. Such a thread gives up the interpreter's lock at every system call,
and takes it back only when the busy main thread lets go of it, at its switch
interval (5 ms): a thread that copies a shard's thousand pages in, then reads
a thousand files of Pagefind's bundle back and decompresses each fragment,
waits that long a thousand times over. Measured, 700 pages: 1.1 s with the
main thread idle, 24 s with it busy. So this process does all of it: it
copies (or links) the pages in, runs Pagefind, reads the bundle, digests each
fragment, and writes the whole result as one pickle, which the build reads
back in one call. It is run by path, with ``python -I -S``, and of
Chronicle imports only ``chronicle.write`` (which imports only the standard
library: the pages go in by its ``write_file``, name checks and all).

Reads from stdin a pickled dict: ``executable`` (Pagefind's), ``work`` (an
empty folder to work in), ``prefix`` (the site's base path, as folder
names), ``files`` (``(name, bytes or Path)`` pairs), ``folder`` (the
bundle's name in the site), ``unused`` (file-name prefixes to leave out) and
``result`` (where to write it). The result: ``returncode`` and ``detail``
(Pagefind's exit and its last line of output), ``files`` (the bundle, as
``<folder>/...``: bytes) and ``fragments`` (the digest of each decompressed
fragment, by the URL of its page).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run by path: the package is the folder this file is in
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chronicle.write import write_file

_FRAGMENT = re.compile(r"/fragment/[^/]+\.pf_fragment$")


def digest(data: bytes) -> str:
    """``chronicle.cache.digest`` (a test holds them equal): ``chronicle.cache``
    imports the actor registry and more, a tenth of a second for every shard."""
    return hashlib.sha256(data).hexdigest()[:32]


def run(job: dict[str, Any]) -> dict[str, Any]:
    work = Path(job["work"])
    site = work / "site"
    pages = site.joinpath(*job["prefix"])
    pages.mkdir(parents=True)
    for name, content in job["files"]:
        write_file(pages, name, content)
    bundle = work / "bundle"
    command = [job["executable"], "--site", str(site), "--output-path", str(bundle), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        return {"returncode": None, "detail": str(exc), "files": {}, "fragments": {}}
    lines = (done.stderr or done.stdout).strip().splitlines()
    files: dict[str, bytes] = {}
    fragments: dict[str, str] = {}
    if done.returncode == 0:
        for path in sorted(bundle.rglob("*")):
            if not path.is_file() or path.name.startswith(tuple(job["unused"])):
                continue
            name = f"{job['folder']}/{path.relative_to(bundle).as_posix()}"
            files[name] = path.read_bytes()
            if _FRAGMENT.search(name):
                raw = gzip.decompress(files[name])
                fragments[str(json.loads(raw[raw.index(b"{") :])["url"])] = digest(raw)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(bundle, ignore_errors=True)
    return {
        "returncode": done.returncode,
        "detail": lines[-1] if lines else "",
        "files": files,
        "fragments": fragments,
    }


# Pagefind works beside the build, whose own work is what the build waits for:
# at a lower priority, it takes what the build leaves of the cores rather than
# half of the core the build is on (an edit at 10,000 articles renders and
# makes its data files while the edited article's shard is indexed).
NICE = 10


def main() -> None:
    job = pickle.load(sys.stdin.buffer)
    if hasattr(os, "nice"):
        os.nice(NICE)
    made = run(job)
    Path(job["result"]).write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()

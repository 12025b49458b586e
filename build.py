#!/usr/bin/env python3
"""Build the chronology site: ``python build.py --help``."""

import os
import sys

from chronicle.cli import main

if __name__ == "__main__":
    code = main(exiting=True)  # what the build made is left to the exit
    # The process ends here: flush what it printed and leave, without tearing
    # down the heap object by object as the interpreter's exit does (a
    # 10,000-article build holds millions of objects: a fifth of a second).
    # Everything the build writes is written and closed by now.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)

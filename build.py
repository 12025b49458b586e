#!/usr/bin/env python3
"""Build the chronology site: ``python build.py --help``."""

import sys

from chronicle.cli import main

if __name__ == "__main__":
    sys.exit(main())

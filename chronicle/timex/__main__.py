"""``python -m chronicle.timex``: tag a file or JSON lines from the command line."""

from chronicle.timex.cli import main

raise SystemExit(main())

"""``python -m tailstat``: the same as the ``tailstat`` command."""

from tailstat.cli import main

raise SystemExit(main())

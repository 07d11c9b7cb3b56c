"""``--save-analysis``: checked before any work, and written with the run's other output.

The analysis is written to a temporary file inside the block that writes the report or
``-o``'s file, and renamed onto its name only after that block's own rename: a failure of
either write (a full disk, a quota) leaves both files as they were and no folder behind.
Before, the report was renamed before the analysis was written, and ``classify`` wrote the
analysis before its ``-o`` file: a run that exited 2 had replaced one of them (review 438).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tailstat._atomic import atomic_path, check_target
from tailstat._cli_args import OptionError

__all__ = ["check_save", "said_saved", "saving"]


def check_save(args: argparse.Namespace) -> None:
    """Refuse a --save-analysis target that is empty, an input, -o's file, a table's name or
    unwritable, before any work."""
    from tailstat import _cli_output as _out

    if (path := args.save_analysis) is None:
        return
    if not path.strip() or path == "-":
        raise OptionError("--save-analysis needs a file name (e.g. analysis.json).")
    _out.not_an_input(path, args, "--save-analysis")
    _out.refuse_table_name(path, "--save-analysis writes the analysis as JSON")
    if args.output and (_out.resolved_path(Path(args.output).expanduser(), "-o")
                        == _out.resolved_path(Path(path).expanduser(), "--save-analysis")):
        raise OptionError(f"--save-analysis and -o both name '{path}': give two files.")
    check_target(path)


@contextlib.contextmanager
def saving(args: argparse.Namespace) -> Iterator[Callable[[Any], None]]:
    """A block in which the analysis is saved: call what it yields with the analysis inside
    it, before the other output's own block ends; the file is renamed into place when this
    block ends without an error, and not written at all otherwise."""
    if args.save_analysis is None:
        yield lambda analysis: None
        return
    from tailstat.saved import file_bytes  # (compressed for a name ending in .gz, .bz2, .xz)

    with atomic_path(args.save_analysis) as tmp:
        def save(analysis: Any) -> None:
            tmp.write_bytes(file_bytes(analysis.to_json(), args.save_analysis))

        yield save


def said_saved(args: argparse.Namespace) -> None:
    """Say that the analysis was saved (on stderr: stdout may be JSON)."""
    if args.save_analysis is not None and not args.quiet:
        print(f"tailstat: wrote {args.save_analysis} (the analysis: 'tailstat report "
              f"{args.save_analysis}' renders it again)", file=sys.stderr)

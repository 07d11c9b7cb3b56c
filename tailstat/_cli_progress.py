"""The command line's progress display on stderr: a tqdm bar on a terminal, plain lines
otherwise, nothing with ``--quiet``."""

from __future__ import annotations

import sys
from typing import Any

from tailstat._display import visible

__all__ = ["Display", "progress_line", "silent", "stderr_is_tty"]


def progress_line(msg: str) -> None:
    """One plain progress line on stderr (control characters made visible)."""
    print(f"tailstat: {visible(msg)}", file=sys.stderr, flush=True)


class Display:
    """Progress on stderr: a tqdm bar on a terminal, plain lines otherwise, nothing when quiet.

    Used as a context manager that yields the ``progress(msg)`` callback the analysis and the
    report call at each step.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None

    def __enter__(self) -> Any:
        if self.quiet:
            return silent
        if stderr_is_tty():
            try:
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm is a dependency
                return progress_line
            self.bar = tqdm(total=None, file=sys.stderr, leave=False, unit="step",
                            dynamic_ncols=True, bar_format="tailstat: {desc} [{elapsed}]")
            return self._say
        return progress_line

    def _say(self, msg: str) -> None:
        self.bar.set_description_str(visible(msg))
        self.bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def stderr_is_tty() -> bool:
    """Whether stderr is a terminal (a closed or replaced stream is not)."""
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):
        return False


def silent(msg: str) -> None:
    """No progress (``--quiet``)."""
    return None

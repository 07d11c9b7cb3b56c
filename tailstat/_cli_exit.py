"""The command line's exit statuses, in one place: their values and the words ``--help``
shows for them.

* 0 success; 1 ``classify --fail-on heavy`` found a heavy group (the CI gate);
* 2 bad input or a failure the user can act on (one ``tailstat: error:`` line);
* :data:`BUG_EXIT` (70, ``EX_SOFTWARE`` of BSD's ``sysexits.h``) an unexpected error inside
  tailstat: still one line, but a CI job can tell "fix your data" from "tailstat crashed"
  (both used to be 2);
* 130 interrupted (Ctrl-C, SIGTERM); :data:`BROKEN_PIPE_EXIT` the reader of the output left.
"""

from __future__ import annotations

import os
import sys
import traceback

from tailstat._cli_streams import BROKEN_PIPE_EXIT

__all__ = ["BAD_INPUT_EXIT", "BUG_EXIT", "CLASSIFY_EXIT_TEXT", "EXIT_TEXT", "MAIN_EXIT_TEXT",
           "fail", "print_traceback"]

#: Bad input, or a failure the user can act on.
BAD_INPUT_EXIT = 2
#: An unexpected error inside tailstat (``EX_SOFTWARE``).
BUG_EXIT = 70

_TAIL = (f"{BUG_EXIT} an unexpected error inside tailstat (please report it); 130 "
         f"interrupted; {BROKEN_PIPE_EXIT} the output's reader closed the pipe (| head).")

#: The epilog of ``report`` and ``demo``.
EXIT_TEXT = ("Exit status: 0 success; 2 bad input or failure (one 'tailstat: error:' line on "
             "stderr), including an input in which no group could be classified; " + _TAIL
             + " (1 is used only by 'classify --fail-on heavy'.)")
#: The epilog of ``tailstat`` itself.
MAIN_EXIT_TEXT = ("Exit status: 0 success; 1 'classify --fail-on heavy' found a heavy tail; 2 "
                  "bad input or failure (one 'tailstat: error:' line on stderr); " + _TAIL
                  + " Run 'tailstat COMMAND --help' for the options of a command.")
#: The epilog of ``classify``.
CLASSIFY_EXIT_TEXT = ("Exit status: 0 success (and, with --fail-on heavy, no heavy group); 1 "
                      "with --fail-on heavy, some group is heavy at --level (or flagged at "
                      "--fdr); 2 bad input, no group classifiable, or (with --fail-on) a group "
                      "that could not be classified when no group is heavy (else 1); "
                      + _TAIL)


def fail(msg: str, code: int = BAD_INPUT_EXIT) -> int:
    """Print ``tailstat: error: msg`` on stderr and return the exit status ``code``."""
    print(f"tailstat: error: {msg}", file=sys.stderr)
    return code


def print_traceback() -> bool:
    """The traceback of the error being handled, on stderr, when ``TAILSTAT_TRACEBACK`` is set
    (to anything but "" or "0"), and whether it was printed; the exit code stays the error's
    (a review: the error was raised again, so a crash exited 1, which ``--fail-on heavy``
    means "a heavy tail")."""
    if os.environ.get("TAILSTAT_TRACEBACK", "") not in ("", "0"):
        traceback.print_exc(file=sys.stderr)
        return True
    return False

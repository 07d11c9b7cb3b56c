"""The ``tailstat`` command's standard streams and signals as a shell uses them.

* A reader that leaves early (``tailstat classify x.csv | head -1``) closes the pipe: the
  command stops without a word and exits with :data:`BROKEN_PIPE_EXIT` (128 + SIGPIPE, the
  status a shell shows for a Unix tool ended by the closed pipe). It said ``tailstat: error:
  Broken pipe`` and exited 2, as if the input were bad; with stderr in the pipe too
  (``2>&1 | head -1``) it ended on an unhandled exception (exit 1).
* A terminal or locale that cannot show a character of a group name
  (``PYTHONIOENCODING=ascii``, ``PYTHONUTF8=0 PYTHONCOERCECLOCALE=0 LANG=C``; a plain
  ``LANG=C`` gets UTF-8 from Python itself) gets it as a backslash escape on stdout, as
  Python does on stderr; the text table failed with ``UnicodeEncodeError`` (exit 2,
  "probably a bug").
* A command started with stdout closed (``>&-``) fails with one line naming it when it has
  something to print (an ``AttributeError`` reported as a bug); a report with ``-q`` needs
  no stdout.
* SIGTERM (``kill``, ``timeout``) is handled as Ctrl-C: the report's worker processes are
  stopped, its temporary file removed and the old output kept.

:mod:`tailstat.cli` runs each command inside :func:`shell_streams`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

from tailstat.errors import OutputError

__all__ = ["BROKEN_PIPE_EXIT", "broken_pipe", "shell_streams", "write_stdout"]

#: Exit status when the reader of stdout (or stderr) closed the pipe: 128 + SIGPIPE (141).
BROKEN_PIPE_EXIT = 128 + int(getattr(signal, "SIGPIPE", 13))


#: Error handlers of a stream that never fail on a character its encoding cannot hold.
_ESCAPING = ("backslashreplace", "replace", "xmlcharrefreplace", "namereplace", "ignore")


class _ClosedStdout(io.TextIOBase):
    """Standard output of a command started with it closed (``>&-``): writing fails."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed (the command was started with "
                      "'>&-'): nothing can be printed; leave it open, or write the results to "
                      "a file (-o FILE) and print nothing else (-q)")


class _Guarded:
    """A stream whose ``write`` and ``flush`` go through :meth:`_call`, which decides what a
    failure of the stream under it becomes; a closed pipe is always raised (the reader left:
    :func:`broken_pipe`). Every other attribute is the stream's (isatty, fileno, ...)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def _failed(self, exc: OSError | ValueError) -> None:
        raise exc

    def _call(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            return self._failed(exc)

    def write(self, text: str) -> int:
        wrote = self._call(self.stream.write, text)  # (None from a codecs.StreamWriter)
        return wrote if isinstance(wrote, int) else len(text)

    def flush(self) -> None:
        self._call(self.stream.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _LossyStderr(_Guarded):
    """Standard error that a full disk or an I/O error (``2>/dev/full``) cannot stop: what
    cannot be written is dropped, the command runs on and its exit status is its own. An
    error line that failed to print had ended the command on an unhandled ``OSError``, exit
    1, which ``--fail-on heavy`` means "a heavy tail"; a progress line, the whole run (a
    review)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.lost = False

    def _call(self, fn: Any, *args: Any) -> Any:
        return None if self.lost else super()._call(fn, *args)

    def _failed(self, exc: OSError | ValueError) -> None:  # (ValueError: a stream closed)
        self.lost = True


class _NamedStdout(_Guarded):
    """Standard output whose write errors name it (``>/dev/full``: "No space left on device:
    check the path and its rights", of no path; a review); a closed stdout keeps its own
    handling."""

    def _failed(self, exc: OSError | ValueError) -> None:
        if not isinstance(exc, OSError) or exc.errno == errno.EBADF:
            raise exc
        raise OutputError(exc.errno or 0, f"{exc.strerror} (a file the command wrote before "
                          "is complete and kept)", "standard output") from exc


@contextlib.contextmanager
def shell_streams() -> Iterator[None]:
    """Run a command with stdout escaping what its encoding cannot hold, a closed stdout
    replaced by one that says so when written, stderr dropping what it cannot write
    (:class:`_LossyStderr`) and SIGTERM raising ``KeyboardInterrupt``; the streams and the
    handler are restored after."""
    closed = sys.stdout is None
    if closed:
        sys.stdout = _ClosedStdout()
    # started with stderr closed (2>&-): print(file=None) writes to stdout, and progress,
    # warnings and errors went into the results (--json too: a review); they are dropped
    no_stderr = sys.stderr is None
    if no_stderr:
        sys.stderr = open(os.devnull, "w", encoding="utf-8", errors="backslashreplace")
    err_stream = sys.stderr
    sys.stderr = _LossyStderr(err_stream)  # type: ignore[assignment]
    out = sys.stdout
    # "strict", or "surrogateescape" (Python's choice for a C locale it does not coerce to
    # UTF-8): both fail on 'é' in a narrow encoding
    strict = isinstance(out, io.TextIOWrapper) and out.errors not in _ESCAPING
    errors = getattr(out, "errors", None)
    if isinstance(out, io.TextIOWrapper) and strict:
        try:
            out.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # a closed (or broken) stream: left as it is (a review:
            strict = False  # main() with -q -o FILE under a closed sys.stdout raised here)
    sys.stdout = _NamedStdout(out)  # type: ignore[assignment]
    previous = _on_terminate()
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if isinstance(sys.stdout, _NamedStdout):
            sys.stdout = out
        if isinstance(out, io.TextIOWrapper) and strict:
            with contextlib.suppress(Exception):  # a broken pipe's stream cannot flush
                out.reconfigure(errors=errors)
        if closed and isinstance(sys.stdout, _ClosedStdout):
            sys.stdout = None  # type: ignore[assignment]
        if isinstance(sys.stderr, _LossyStderr):
            sys.stderr = err_stream
        if no_stderr:
            sys.stderr.close()
            sys.stderr = None  # type: ignore[assignment]

#: Characters per write of :func:`write_stdout`: at most 4 bytes each in UTF-8, so a piece
#: never exceeds PIPE_BUF (4096 bytes on Linux), which a pipe takes whole or not at all.
_PIECE = 1024


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout in pieces, each flushed, so that a reader who leaves early is
    noticed (:class:`BrokenPipeError`, then :func:`broken_pipe`).

    One large write to a pipe whose reader exits part-way returns a short count instead of
    failing, and the command exited 0 with its output cut short
    (``tailstat classify many.parquet ... | head -1`` past 64 KiB of table; a review); a
    piece of at most PIPE_BUF bytes is written whole or fails with ``EPIPE``.
    """
    out = sys.stdout
    for i in range(0, len(text), _PIECE):
        out.write(text[i:i + _PIECE])
        out.flush()


def broken_pipe() -> int:
    """After the reader closed the pipe: say nothing more (no one reads it) and point the
    broken stream(s) at ``os.devnull``, so that the interpreter's last flush does not report
    the pipe again; returns :data:`BROKEN_PIPE_EXIT`."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            try:
                fd = stream.fileno()
            except (AttributeError, OSError, ValueError):
                continue
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, fd)
            finally:
                os.close(devnull)
        except (AttributeError, ValueError):  # no stream, or a closed one
            continue
    return BROKEN_PIPE_EXIT


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _on_terminate() -> Any:
    """SIGTERM handled as Ctrl-C is (a report's worker processes stopped, its temporary file
    removed, the old output kept; killed outright they were left behind); the handler it
    replaces, or None off the main thread (where no handler can be set)."""
    try:
        return signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:
        return None

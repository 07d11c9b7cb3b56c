"""Reading a stream whole within a bound (``tailstat/data/_streams.py``): an endless
standard input or named pipe is refused with a DataError instead of filling the memory."""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

import tailstat.data._streams as streams
from tailstat.cli import main
from tailstat.data.readers import read_any
from tailstat.errors import DataError


class _Endless(io.RawIOBase):
    """``yes 1.5``: a stream that never ends (and counts what was read of it)."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        line = b"1.5\n" * (len(buf) // 4)
        buf[: len(line)] = line
        self.served += len(line)
        return len(line)


def test_an_endless_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    """``yes 1.5 | tailstat classify -`` was read until the memory ran out; now one error
    line (exit 2) once the stream passes the bound, having read barely more than it."""
    monkeypatch.setattr(streams, "stream_limit", lambda: 1 << 20)
    raw = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw)))
    assert main(["classify", "-", "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "standard input goes on past" in err[0] and "head -n" in err[0]
    assert raw.served < 2 << 20


def test_a_stream_within_the_bound_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "reward\n" + "\n".join(f"{v:.6f}" for v in np.random.default_rng(0).normal(size=500))
    monkeypatch.setattr(streams, "stream_limit", lambda: len(text.encode()))  # just fits
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert len(read_any("-")) == 500
    monkeypatch.setattr(streams, "stream_limit", lambda: len(text.encode()) - 1)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    with pytest.raises(DataError, match="standard input goes on past"):
        read_any("-")


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_standard_input_not_in_utf8_is_refused_by_its_name(
        encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tailstat classify - < latin1.csv``: the error said "could not read '<stdin>'"; now
    "standard input", as every other message about it does (a BOM is read: test_readers)."""
    text = "model,reward\n" + "".join(f"café,{v}\n" for v in range(50))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode(encoding))))
    with pytest.raises(DataError) as err:
        read_any("-")
    assert "could not read standard input" in str(err.value) and "<stdin>" not in str(err.value)



def test_unknown_memory_gives_the_default_bound(monkeypatch) -> None:
    """A review: ``os.sysconf`` answers -1 for a value it does not know; both unknown made the
    bound (-1)(-1) // 8 = 0 bytes, and every standard input was refused."""
    monkeypatch.setattr(streams.os, "sysconf", lambda name: -1)
    assert streams.stream_limit() == streams.DEFAULT_LIMIT
    assert streams.read_stream(io.BytesIO(b"r\n1.5\n"), "standard input") == b"r\n1.5\n"

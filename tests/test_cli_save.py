"""Review 438: a run that fails writes neither of its two outputs. With --save-analysis
beside the report (or classify's -o), the second write's failure (a full disk, a quota)
had left the first written: a report replaced, or an analysis saved, by a run that exited 2."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat._atomic
from tailstat.cli import main
from tailstat.errors import OutputError


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli_save") / "rm.csv"
    rng = np.random.default_rng(1)
    pd.DataFrame({"r": rng.normal(size=2000)}).to_csv(path, index=False)
    return path


def _disk_full_for(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the temporary file of ``name`` fails as on a full disk."""
    write = Path.write_bytes

    def full(self: Path, content: bytes) -> int:
        if self.name.startswith(f".{name}.") and self.name.endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(self, content)

    monkeypatch.setattr(Path, "write_bytes", full)


def _left(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_report_is_not_replaced_when_its_analysis_cannot_be_saved(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    old = tmp_path / "r.html"
    old.write_text("OLD REPORT")
    _disk_full_for("a.json", monkeypatch)
    assert main(["report", str(data), "-q", "-o", str(old), "--save-analysis",
                 str(tmp_path / "a.json")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert old.read_text() == "OLD REPORT" and _left(tmp_path) == ["r.html"]
    assert main(["report", str(data), "-q", "-o", str(tmp_path / "new" / "sub" / "x.html"),
                 "--save-analysis", str(tmp_path / "a.json")]) == 2
    assert _left(tmp_path) == ["r.html"]  # no report, no folder made for it


def test_classify_saves_no_analysis_when_its_table_cannot_be_written(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    write = tailstat._atomic.write_bytes

    def full(path: str | os.PathLike[str], content: bytes) -> Path:
        if Path(path).name != "t.txt":
            return write(path, content)
        raise OutputError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(tailstat._atomic, "write_bytes", full)
    assert main(["classify", str(data), "-q", "-o", str(tmp_path / "t.txt"),
                 "--save-analysis", str(tmp_path / "sub" / "a.json")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "wrote" not in err
    assert _left(tmp_path) == []


def test_both_outputs_are_written_when_both_can_be(data: Path, tmp_path: Path) -> None:
    assert main(["classify", str(data), "-q", "-o", str(tmp_path / "t.csv"),
                 "--save-analysis", str(tmp_path / "a.json.gz")]) == 0
    assert main(["report", str(tmp_path / "a.json.gz"), "-q", "-o",
                 str(tmp_path / "r.html"), "--save-analysis", str(tmp_path / "b.json")]) == 0
    assert _left(tmp_path) == ["a.json.gz", "b.json", "r.html", "t.csv"]
    assert (tmp_path / "a.json.gz").read_bytes()[:2] == b"\x1f\x8b"  # compressed by its name

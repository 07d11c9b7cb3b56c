"""Review 439: a saved analysis is stamped with the running code's version, and a name that
asks for a compression tailstat does not write is refused rather than filled with text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tailstat as ts
from tailstat.saved import written_by


def test_the_stamp_is_the_running_codes_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    def missing(name: str) -> str:  # a source checkout on PYTHONPATH: not installed
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert written_by() == f"tailstat {ts.__version__}"
    a = ts.analyze(np.random.default_rng(0).normal(size=600), warn=False)
    text = a.to_json()
    assert json.loads(text)["written_by"] == f"tailstat {ts.__version__}"
    assert ts.read_analysis(text).to_json() == text  # saved again: the identical text


@pytest.mark.parametrize("suffix", ["zip", "zst", "lz4", "7z"])
def test_a_compression_not_written_is_refused(tmp_path: Path, suffix: str) -> None:
    a = ts.analyze(np.random.default_rng(0).normal(size=600), warn=False)
    target = tmp_path / f"a.json.{suffix}"
    with pytest.raises(ts.DataError, match=rf"cannot write a \.{suffix} file"):
        a.to_json(target)
    assert not target.exists() and list(tmp_path.iterdir()) == []
    a.to_json(tmp_path / "a.json.xz")  # one it writes
    assert (tmp_path / "a.json.xz").read_bytes()[:6] == b"\xfd7zXZ\x00"

"""Static checks as tests, so that CI (which runs the README's pytest command) enforces them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed (pip install '.[test]')")
def test_ruff_clean() -> None:
    assert RUFF is not None
    res = _run(RUFF, "check", "tailstat", "tests", "benchmarks", "datasets")
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    res = _run(sys.executable, "-m", "mypy", "tailstat")
    assert res.returncode == 0, res.stdout + res.stderr

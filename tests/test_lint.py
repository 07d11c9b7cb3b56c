"""Static checks as tests, so that CI (which runs the README's pytest command) enforces them."""

from __future__ import annotations

import importlib.metadata
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


def _version(module: str) -> tuple[int, ...]:
    return tuple(int(p) for p in importlib.metadata.version(module).split(".")[:2])


#: mypy reads numpy's and matplotlib's own type stubs, which change between releases: the
#: package is typed against those of numpy >= 2 and matplotlib >= 3.11 (numpy 1.26 and
#: matplotlib 3.8 report a dozen differences that are theirs, not errors of the code)
OLD_STUBS = pytest.mark.skipif(
    _version("numpy") < (2, 0) or _version("matplotlib") < (3, 11),
    reason="typed against the stubs of numpy >= 2 and matplotlib >= 3.11")


@OLD_STUBS
def test_mypy_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    res = _run(sys.executable, "-m", "mypy", "tailstat")
    assert res.returncode == 0, res.stdout + res.stderr


_USER_TYPES = '''
from typing import assert_type

import numpy as np

import tailstat as ts

x = np.random.default_rng(0).standard_t(3, 2000)
fit = ts.fit_gpd(x, threshold="95%")
assert_type(fit.sf(3.0), float)
assert_type(fit.isf(0.01), float)
assert_type(fit.excess_isf(0.5), float)
assert_type(fit.sf(np.array([3.0, 4.0])), np.ndarray)
fit.return_level([100.0, 1000.0])
fit.profile([0.1, 0.2])
lo, hi = ts.classify(x).xi_ci
assert_type(lo, float)
ts.tail_dependence(x, x, levels=np.linspace(0.8, 0.99, 5))
reveal_type(ts.plot.path)
assert_type(ts.gpd.gpd_isf(0.01, 0.2, 1.0), float)
assert_type(ts.gpd.gpd_logsf(np.array([1.0]), 0.2, 1.0), np.ndarray)
assert_type(ts.gpd.gpd_isf(np.float32(0.01), 0.2, 1.0), float)
assert_type(fit.isf(np.float64(0.01)), float)
def int_labels() -> None:  # type-checked only: a DataFrame made from an array has int labels
    ts.analyze(x, column=0, by=[1], gold=2)
    ts.hill(x, 10, column=0)
    ts.fit_gpd(x, "95%", column=0)
model = ts.goodhart.fit_tail_model(x)
assert_type(model.sf(3.0), float)
assert_type(model.isf(0.01), float)
assert_type(model.mean_above(3.0), float)
kl = np.linspace(0.5, 5.0, 10)
assert_type(ts.fit_overoptimization(kl, np.sqrt(kl)).predict(1.0), float)
'''


@OLD_STUBS
def test_a_users_type_checker_reads_the_documented_types(tmp_path: Path) -> None:
    """Calls the docs show type-check under ``mypy --strict`` with the types they return: a
    scalar's ``sf``/``isf`` is a float (was typed an array; so are the GPD functions', of a
    numpy float32 too, the Goodhart tail model's and the overoptimisation fit's ``predict``),
    ``return_level`` and ``profile`` take lists, ``levels`` an array, ``lo, hi = ci`` are
    floats (were Any), the plot functions keep their signatures (a decorator erased all of
    them to ``(*Any, **Any)``), and int column labels (a DataFrame made from an array) pass
    as ``column=``/``by=``/``gold=`` (typed ``str``; the code reads them)."""
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    (tmp_path / "user.py").write_text(_USER_TYPES)
    # run where the package is the installed one (from the checkout, mypy would check the
    # package's own source under --strict too)
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                          "user.py"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "def (*Any, **Any) -> Any" not in res.stdout
    assert "-> matplotlib.axes._axes.Axes" in res.stdout, res.stdout

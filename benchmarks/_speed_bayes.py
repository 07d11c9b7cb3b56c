"""Speed of the Bayesian GPD fit: a first (cold) fit against second (warm) fits on new data.

Target (issues 4 and 10): a second ``fit_bayes`` on the Danish fire losses at ``u = 10``
(109 exceedances), with the default draws / tune / chains (1000 / 1000 / 4), takes at most
5 s. Fits go through ``pm.sample`` on a model built once per process (``pm.Data``
containers), so a warm fit still pays PyMC's per-call compilation of the log-density but
not the model build; the cold fit also pays PyTensor's first compilation in the process
(its on-disk C cache may already hold the compiled modules, so a cold fit on a fresh machine
can take longer). PyMC is imported before timing. Warm times are the best of three fits with
different seeds; the CPU time of the same fits is shown too, because the wall time on a
shared 2-core machine depends on what else runs.

Run: ``python benchmarks/_speed_bayes.py`` (or ``python benchmarks/speed.py bayes``).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

try:
    from benchmarks._timing import row
except ImportError:  # run as a script from benchmarks/
    from _timing import row  # type: ignore[no-redef]

DANISH = Path(__file__).resolve().parents[1] / "datasets" / "danish.csv"


def _data(xi: float, n_exceed: int, seed: int) -> np.ndarray:
    """``20 * n_exceed`` values whose top 5% are ~``n_exceed`` GPD exceedances over 0."""
    rng = np.random.default_rng(seed)
    body = -rng.exponential(1.0, size=19 * n_exceed)
    tail = stats.genpareto.rvs(xi, scale=1.5, size=n_exceed, random_state=rng)
    return np.concatenate([body, tail])


def _import_pymc() -> None:
    """Import PyMC with this folder off ``sys.path``.

    Run as a script, ``benchmarks/`` is first on the path and its ``coverage.py`` shadows the
    ``coverage`` package that numba (imported by PyMC/ArviZ) probes at import.
    """
    here = Path(__file__).resolve().parent
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    try:
        import pymc  # noqa: F401
    finally:
        sys.path[:] = saved


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of one call, and its result (warnings of the fit ignored)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # timing only; convergence is tested elsewhere
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        return time.perf_counter() - t0, time.process_time() - c0, out


def _danish_rows() -> list[dict[str, Any]]:
    from tailstat.bayes import clear_model_cache, fit_bayes

    losses = pd.read_csv(DANISH)["loss_mDKK"]
    clear_model_cache()
    cold, _, fit = _timed(lambda: fit_bayes(losses, 10.0, seed=1))
    warm = [_timed(lambda s=s: fit_bayes(losses, 10.0, seed=s)) for s in (2, 3, 4)]
    wall = min(w for w, _, _ in warm)
    cpu = min(c for _, c, _ in warm)
    return [row(f"fit_bayes Danish u=10 warm, {fit.n_exceed} exceedances (CPU {cpu:.2f} s)",
                wall, "fit_bayes Danish cold", cold, "warm <= 5 s")]


def _synthetic_rows() -> list[dict[str, Any]]:
    from tailstat.bayes import fit_bayes

    warm, cpu, fit = _timed(lambda: fit_bayes(_data(-0.1, 2100, seed=2), "95%", seed=2))
    return [row(f"fit_bayes warm (new data), {fit.n_exceed} exceedances (CPU {cpu:.2f} s)",
                warm, "(none)", float("nan"), "(info)")]


def _hierarchical_rows() -> list[dict[str, Any]]:
    from tailstat.bayes import fit_bayes_hierarchical

    frames = []
    for i, (xi, n) in enumerate([(0.3, 4000), (0.0, 4000), (-0.2, 4000), (0.3, 400)]):
        v = stats.genpareto.rvs(xi, scale=2.0, size=n, random_state=np.random.default_rng(10 + i))
        frames.append(pd.DataFrame({"group": f"g{i}", "score": v}))
    df = pd.concat(frames, ignore_index=True)
    first, _, _ = _timed(lambda: fit_bayes_hierarchical(df, "score", by="group", seed=1))
    warm, cpu, h = _timed(lambda: fit_bayes_hierarchical(
        df.assign(score=df["score"] * 3.0), "score", by="group", seed=2))
    n_exc = int(h.table["n_exceed"].sum())
    return [row(f"hierarchical warm, 4 groups, {n_exc} exceedances (CPU {cpu:.2f} s)", warm,
                "fit_bayes_hierarchical first", first, "(info)")]


def run() -> list[dict[str, Any]]:
    """Danish cold/warm ``fit_bayes``, a 2 000-exceedance fit and the hierarchical model."""
    _import_pymc()  # before timing on purpose
    return _danish_rows() + _synthetic_rows() + _hierarchical_rows()


if __name__ == "__main__":
    for r in run():
        print(r)

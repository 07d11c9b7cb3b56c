"""Speed of the Bayesian GPD fit: first (cold) fit vs a second (warm) fit on new data.

Target (issue 4): a second fit of the same model on ~2 000 exceedances, with the default
draws / tune / chains (1000 / 1000 / 4), takes at most 5 s once the compiled model is
cached. The cold fit includes building and compiling the model (PyTensor's on-disk C cache
may already hold the compiled modules, so a cold fit on a fresh machine can take longer);
PyMC is imported before timing. The baseline of the cold fit is the plain PyMC route on
the same model and data: a fresh ``pm.Model`` and ``pm.sample`` (4 chains on one core).
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

try:
    from benchmarks._timing import row
except ImportError:  # run as a script from benchmarks/
    from _timing import row  # type: ignore[no-redef]


def _data(xi: float, n_exceed: int, seed: int) -> np.ndarray:
    """``20 * n_exceed`` values whose top 5% are ~``n_exceed`` GPD exceedances over 0."""
    rng = np.random.default_rng(seed)
    body = -rng.exponential(1.0, size=19 * n_exceed)
    tail = stats.genpareto.rvs(xi, scale=1.5, size=n_exceed, random_state=rng)
    return np.concatenate([body, tail])


def _plain_pymc_seconds(x: np.ndarray, threshold: float, seed: int) -> float:
    """Wall time of the textbook route: build the same model, then ``pm.sample``."""
    import pymc as pm

    from tailstat.bayes._compile import build_gpd_model
    from tailstat.bayes.gpd_model import GPDPriors, excess_scale

    excess = x[x > threshold] - threshold
    y = excess / excess_scale(excess)
    t0 = time.perf_counter()
    model = build_gpd_model(GPDPriors())
    with model:
        pm.set_data({"y": y, "power_sums": np.array([np.sum(y**k) for k in range(1, 5)]),
                     "y_max": float(y.max())})
        pm.sample(draws=1000, tune=1000, chains=4, cores=1, random_seed=seed,
                  progressbar=False, compute_convergence_checks=False)
    return time.perf_counter() - t0


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


def run() -> list[dict[str, Any]]:
    """Cold and warm ``fit_bayes`` timings on ~2 000 exceedances, plus the hierarchical model."""
    import logging

    _import_pymc()  # before timing on purpose

    from tailstat.bayes import clear_model_cache, fit_bayes, fit_bayes_hierarchical

    logging.getLogger("pymc").setLevel(logging.ERROR)
    rows: list[dict[str, Any]] = []
    first = _data(0.2, 2000, seed=1)
    second = _data(-0.1, 2100, seed=2)
    clear_model_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # timing only; convergence is tested elsewhere
        t0 = time.perf_counter()
        cold_fit = fit_bayes(first, "95%", seed=1)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm_fit = fit_bayes(second, "95%", seed=2)
        warm = time.perf_counter() - t0
        plain = _plain_pymc_seconds(second, warm_fit.threshold, seed=2)
    rows.append(row(f"fit_bayes cold, {cold_fit.n_exceed} exceedances",
                    cold, "plain PyMC: new pm.Model + pm.sample, same data", plain, "(info)"))
    rows.append(row(f"fit_bayes warm (new data), {warm_fit.n_exceed} exceedances",
                    warm, "fit_bayes cold", cold, "warm <= 5 s"))

    import pandas as pd

    frames = []
    for i, (xi, n) in enumerate([(0.3, 4000), (0.0, 4000), (-0.2, 4000), (0.3, 400)]):
        v = stats.genpareto.rvs(xi, scale=2.0, size=n, random_state=np.random.default_rng(10 + i))
        frames.append(pd.DataFrame({"group": f"g{i}", "score": v}))
    df = pd.concat(frames, ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        fit_bayes_hierarchical(df, "score", by="group", seed=1)
        h_first = time.perf_counter() - t0
        t0 = time.perf_counter()
        h = fit_bayes_hierarchical(df.assign(score=df["score"] * 3.0), "score", by="group",
                                   seed=2)
        h_warm = time.perf_counter() - t0
    n_exc = int(h.table["n_exceed"].sum())
    rows.append(row(f"hierarchical warm, 4 groups, {n_exc} exceedances", h_warm,
                    "fit_bayes_hierarchical first", h_first, "(info)"))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)

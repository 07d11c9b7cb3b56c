"""Stop 54: would a second statistic of the top order statistics give the heavy flags power?

The flags' power at n = 10^4 (0.675, target 0.9) is below what a threshold on the heavy score
allows even when chosen with the truth known (0.775; reports/heavy_flags.md). This asks
whether a test that reads only the top order statistics adds to the score. Two scale- and
location-invariant statistics of the top ``m`` values (``m = n^0.4`` and ``n^0.5``), whose law
under an exponential tail depends on ``m`` alone:

* ``F scan``: with ``E_i = i (X(i) - X(i+1))`` the normalised spacings, the mean of the top
  ``r`` over the mean of the rest is F(2r, 2(m - r)) under an exponential tail; the smallest
  p-value over ``r = 1 .. m/4``, Bonferroni-corrected (stop 30, experiment 3);
* ``CV``: the coefficient of variation of the excesses over ``X(m+1)`` (1 for an exponential
  tail, ``1 / sqrt(1 - 2 xi)`` for a GPD with ``xi < 1/2``).

Draws: the **tuning suite** only (never the validation suite): each light or bounded family
``--light`` times and each heavy family ``--heavy`` times at size ``--n``, location and scale
randomised as in ``benchmarks/flag_null.py``. Every statistic, and the combination "smallest of
the score's and the statistic's p-values", is turned into a rule by its own empirical null
(the light and bounded draws), so the rules are compared at one false-positive rate:
power is the share of non-hard heavy draws above the threshold whose false-positive rate on
the null draws is ``alpha``.

Run: ``python reports/experiments/stop54/flag_statistics.py --n 10000`` (20 s on two cores;
``--n 100000``: 3 min). Research only, not part of tailstat.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks import tuning_suite  # noqa: E402

SEED = 20261205


def _top(x: np.ndarray, m: int) -> np.ndarray:
    """The top ``m + 1`` values, descending."""
    return -np.sort(-np.partition(x, x.size - m - 1)[x.size - m - 1:])


def f_scan(x: np.ndarray, m: int) -> float:
    """Bonferroni p-value of the scan "the top r spacings stand too far apart" (1 if tied)."""
    d = _top(x, m)
    e = np.arange(1, m + 1) * (d[:m] - d[1:])
    cs = np.cumsum(e)
    r = np.arange(1, m // 4 + 1)
    rest = cs[-1] - cs[:r.size]
    if np.any(rest <= 0) or cs[-1] <= 0:
        return 1.0
    f = (cs[:r.size] / r) / (rest / (m - r))
    return float(min(1.0, r.size * np.min(stats.f.sf(f, 2 * r, 2 * (m - r)))))


def cv_excess(x: np.ndarray, m: int) -> float:
    """Coefficient of variation of the top ``m`` excesses over the ``(m+1)``-th value."""
    d = _top(x, m)
    y = d[:m] - d[m]
    return float(np.std(y) / np.mean(y)) if np.mean(y) > 0 else 0.0


def _draws(job: tuple[int, int, int]) -> list[dict]:
    fi, n, count = job
    fam = tuning_suite.FAMILIES[fi]
    rng = np.random.default_rng([SEED, fi, n])
    rows = []
    for _ in range(count):
        x = fam.draw(rng, n) * 10 ** rng.uniform(-2, 2) + rng.uniform(-50, 50)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                c = ts.classify(x, warn=False)
            except ts.DataError:
                continue
        row = {"family": fam.name, "label": fam.label, "hard": fam.hard(n),
               "score": c.settings["heavy_log_odds"]}
        for m in (round(n ** 0.4), round(n ** 0.5)):
            row[f"F scan, m = {m}"] = -np.log(max(f_scan(x, m), 1e-300))
            row[f"CV, m = {m}"] = cv_excess(x, m)
        rows.append(row)
    return rows


def _empirical_p(null: np.ndarray, values: np.ndarray) -> np.ndarray:
    s = np.sort(null)
    return 1.0 - np.searchsorted(s, values, side="left") / s.size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--light", type=int, default=300)
    ap.add_argument("--heavy", type=int, default=100)
    a = ap.parse_args()
    jobs = [(i, a.n, a.heavy if f.label == "heavy" else a.light)
            for i, f in enumerate(tuning_suite.FAMILIES)]
    with ProcessPoolExecutor(2) as ex:
        df = pd.DataFrame([r for part in ex.map(_draws, jobs) for r in part])
    df["score"] = df["score"].fillna(-np.inf)
    stat_cols = [c for c in df.columns if c.startswith(("score", "F scan", "CV"))]
    is_null = (df["label"] != "heavy").to_numpy()
    alt = ((df["label"] == "heavy") & ~df["hard"]).to_numpy()
    pvals = {c: _empirical_p(df.loc[is_null, c].to_numpy(), df[c].to_numpy())
             for c in stat_cols}
    rules = {c: df[c].to_numpy() for c in stat_cols}
    for c in stat_cols[1:]:
        rules[f"score or {c}"] = -np.minimum(pvals["score"], pvals[c])
    print(f"n = {a.n}: {is_null.sum()} light or bounded draws, {alt.sum()} non-hard heavy")
    print("| rule | power at FPR 0.01 | 0.003 | 0.001 |\n|---|---|---|---|")
    for name, v in rules.items():
        cells = []
        for alpha in (0.01, 0.003, 0.001):
            t = np.quantile(v[is_null], 1 - alpha)
            cells.append(f"{np.mean(v[alt] > t):.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

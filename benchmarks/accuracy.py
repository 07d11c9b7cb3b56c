"""Accuracy and calibration of ``tailstat.classify`` on the docs/science.md §5 suite.

Draws every case at n in {10^3, 10^4, 10^5} (``--reps`` replications each, default 100),
applies a random location and scale to every replication (the classifier must not depend on
them), classifies, and writes ``reports/accuracy.md`` and ``reports/accuracy.csv``:
per-case accuracy and mean probability of the true label, heavy-vs-not and three-way
accuracy on the non-hard cases, Brier score, a reliability table and the run time.

Run: ``python benchmarks/accuracy.py [--reps 100] [--sizes 1000 10000 100000] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402

Draw = Callable[[np.random.Generator, int], np.ndarray]

# (case, true label, hard?, sampler)
SUITE: list[tuple[str, str, bool, Draw]] = [
    ("pareto(0.8)", "heavy", False, lambda r, n: r.pareto(0.8, n) + 1),
    ("pareto(1.5)", "heavy", False, lambda r, n: r.pareto(1.5, n) + 1),
    ("pareto(3)", "heavy", False, lambda r, n: r.pareto(3.0, n) + 1),
    ("student-t(1.5)", "heavy", False, lambda r, n: r.standard_t(1.5, n)),
    ("student-t(3)", "heavy", False, lambda r, n: r.standard_t(3.0, n)),
    ("lognormal(1)", "heavy", False, lambda r, n: r.lognormal(0, 1.0, n)),
    ("weibull(0.5)", "heavy", False, lambda r, n: r.weibull(0.5, n)),
    ("gpd(0.2)", "heavy", False, lambda r, n: stats.genpareto.rvs(0.2, size=n, random_state=r)),
    ("student-t(10) [hard]", "heavy", True, lambda r, n: r.standard_t(10.0, n)),
    ("lognormal(0.5) [hard]", "heavy", True, lambda r, n: r.lognormal(0, 0.5, n)),
    ("weibull(0.8) [hard]", "heavy", True, lambda r, n: r.weibull(0.8, n)),
    ("normal", "light", False, lambda r, n: r.normal(size=n)),
    ("exponential", "light", False, lambda r, n: r.exponential(size=n)),
    ("gamma(3)", "light", False, lambda r, n: r.gamma(3.0, size=n)),
    ("weibull(1.5)", "light", False, lambda r, n: r.weibull(1.5, n)),
    ("weibull(3)", "light", False, lambda r, n: r.weibull(3.0, n)),
    ("half-normal", "light", False, lambda r, n: np.abs(r.normal(size=n))),
    ("normal(-1000, 0.001)", "light", False, lambda r, n: r.normal(-1000.0, 0.001, n)),
    ("gamma(0.5) [hard]", "light", True, lambda r, n: r.gamma(0.5, size=n)),
    ("uniform", "bounded", False, lambda r, n: r.uniform(size=n)),
    ("beta(2,2)", "bounded", False, lambda r, n: r.beta(2, 2, n)),
    ("beta(1,3)", "bounded", False, lambda r, n: r.beta(1, 3, n)),
    ("gpd(-0.3)", "bounded", False, lambda r, n: stats.genpareto.rvs(-0.3, size=n,
                                                                      random_state=r)),
    ("beta(2,8) [hard]", "bounded", True, lambda r, n: r.beta(2, 8, n)),
]
LABELS = ("heavy", "light", "bounded")


def run(reps: int, sizes: list[int], seed: int) -> pd.DataFrame:
    rows = []
    for ci, (case, truth, hard, draw) in enumerate(SUITE):
        for n in sizes:
            rng = np.random.default_rng([seed, ci, n])
            for rep in range(reps):
                x = draw(rng, n)
                loc = rng.uniform(-100, 100)
                scale = 10 ** rng.uniform(-3, 3)
                x = loc + scale * x
                t0 = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ts.TailstatWarning)
                    c = ts.classify(x)
                dt = time.perf_counter() - t0
                rows.append({"case": case, "truth": truth, "hard": hard, "n": n, "rep": rep,
                             "label": c.label, "subtype": c.subtype,
                             **{f"p_{lab}": c.probabilities[lab] for lab in LABELS},
                             "p_true": c.probabilities[truth], "seconds": dt})
    return pd.DataFrame(rows)


def _md(df: pd.DataFrame) -> str:
    """A GitHub markdown table (no extra dependency)."""
    def cell(v: object) -> str:
        if isinstance(v, (float, np.floating)):
            return f"{v:.3f}"
        return str(v)
    head = "| " + " | ".join(map(str, df.columns)) + " |"
    sep = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, sep, *body])


def reliability(df: pd.DataFrame) -> pd.DataFrame:
    pred = np.concatenate([df[f"p_{lab}"].to_numpy() for lab in LABELS])
    obs = np.concatenate([(df.truth == lab).to_numpy(float) for lab in LABELS])
    bins = np.minimum((pred * 10).astype(int), 9)
    out = []
    for b in range(10):
        sel = bins == b
        if sel.any():
            out.append({"bin": f"[{b / 10:.1f}, {(b + 1) / 10:.1f})", "count": int(sel.sum()),
                        "mean_predicted": pred[sel].mean(), "observed": obs[sel].mean()})
    rel = pd.DataFrame(out)
    rel["abs_diff"] = (rel.mean_predicted - rel.observed).abs()
    rel["ok"] = (rel["count"] < 50) | (rel.abs_diff <= 0.1)
    return rel


def summarise(df: pd.DataFrame, elapsed: float) -> str:
    df = df.assign(correct=df.label == df.truth,
                   heavy_ok=(df.label == "heavy") == (df.truth == "heavy"))
    brier = sum((df[f"p_{lab}"] - (df.truth == lab)) ** 2 for lab in LABELS)
    df = df.assign(brier=brier)
    lines = ["# tailstat.classify: accuracy on the docs/science.md §5 suite", "",
             f"Replications per case and n: {df.rep.max() + 1}; random location in [-100, 100] "
             f"and scale in [1e-3, 1e3] per replication; total run time {elapsed:.0f} s "
             f"(classification alone: {df.seconds.sum():.1f} s, median "
             f"{1000 * df.seconds.median():.1f} ms per call).", "",
             "## Summary by n (non-hard cases for the accuracies)", ""]
    summ = []
    for n, g in df.groupby("n"):
        easy, hard = g[~g.hard], g[g.hard]
        summ.append({"n": n, "heavy_vs_not_acc": easy.heavy_ok.mean(),
                     "three_way_acc": easy.correct.mean(), "brier_non_hard": easy.brier.mean(),
                     "hard_mean_p_true": hard.p_true.mean(), "min_p_true_all": g.p_true.min(),
                     "median_ms": 1000 * g.seconds.median()})
    lines.append(_md(pd.DataFrame(summ)))
    lines += ["", "## Per case", ""]
    per = (df.groupby(["case", "truth", "hard", "n"], sort=False)
           .agg(accuracy=("correct", "mean"), mean_p_true=("p_true", "mean"),
                min_p_true=("p_true", "min"), brier=("brier", "mean"))
           .reset_index())
    lines.append(_md(per))
    for title, sub in (("all n", df), *((f"n = {n}", g) for n, g in df.groupby("n"))):
        lines += ["", f"## Reliability ({title}; every label's probability vs. whether it was "
                  "the true label; bins with >= 50 predictions must be within 0.1)", ""]
        lines.append(_md(reliability(sub)))
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    args = ap.parse_args()
    t0 = time.perf_counter()
    df = run(args.reps, args.sizes, args.seed)
    elapsed = time.perf_counter() - t0
    args.out.mkdir(parents=True, exist_ok=True)
    df.to_csv(args.out / "accuracy.csv", index=False)
    text = summarise(df, elapsed)
    (args.out / "accuracy.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

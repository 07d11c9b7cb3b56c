"""Accuracy and calibration of ``tailstat.classify``, out of sample and in sample.

Two suites:

* ``--suite validation`` (default; **out of sample**): the families of
  ``benchmarks/validation_suite.py`` -- contamination, mixtures, saturation, squashing,
  discretised scores, score differences and classical families, none of them a member of
  the classifier's training library (``tests/test_validation_suite.py`` checks it). Writes
  ``reports/accuracy_validation.md`` and ``.csv``. ``--suite ci`` runs every family on
  draws of its own (CI runs it with ten per family).
* ``--suite design`` (**in sample**): the design list of docs/science.md §5; 16 of
  its 24 cases are members of the training library up to location and scale (the residual
  of tests/test_validation_suite.py; a review counted them, where 19 had been said by name),
  and most others are other parameters of library families (Pareto(1.5) is a GPD), so its
  figures say the classifier learned its training set, not that it generalises. Writes
  ``reports/accuracy.md``.

Every case is drawn at each n (``--reps`` replications, default 100) with a random location
and scale per replication (the classifier must not depend on them). The report gives
per-case accuracy and mean probability of the true label, heavy-vs-not and three-way
accuracy on the non-hard cases, the Brier score, reliability tables and the run time.

Run: ``python benchmarks/accuracy.py [--suite validation|design|ci] [--reps 100]
[--sizes 10000 100000] [--seed 0] [--out reports]``: writes ``accuracy_<suite>.md`` and
``.csv`` (``accuracy.md`` for the design suite) to ``--out``; with sizes other than the
suite's default, ``accuracy_<suite>_n<size>_<size>....md``, so that a run at other sizes never
writes over the published tables.
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
from benchmarks._markdown import markdown_table  # noqa: E402
from benchmarks._seeds import stream  # noqa: E402

Draw = Callable[[np.random.Generator, int], np.ndarray]

# (case, true label, hard?, sampler): the docs/science.md §5 suite (in sample)
DESIGN_SUITE: list[tuple[str, str, bool, Draw]] = [
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


def cases(suite: str, n: int) -> list[tuple[str, str, bool, Draw]]:
    """The cases of ``suite`` at sample size ``n`` (hardness can depend on n)."""
    if suite == "design":
        return DESIGN_SUITE
    from benchmarks.validation_suite import FAMILIES

    fams = FAMILIES  # "ci" too, on its own draws (tests/test_validation_accuracy.py)
    return [(f.name + (" [hard]" if f.hard(n) else ""), f.label, f.hard(n), f.draw)
            for f in fams]


def run(reps: int, sizes: list[int], seed: int, suite: str = "validation") -> pd.DataFrame:
    rows = []
    for n in sizes:
        for ci, (case, truth, hard, draw) in enumerate(cases(suite, n)):
            rng = stream(f"accuracy-{suite}", seed, ci, n)
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
    """A GitHub markdown table, floats to three decimals."""
    return markdown_table(df)


def reliability(df: pd.DataFrame, min_bin: int = 100, tol: float = 0.07,
                labels: tuple[str, ...] = LABELS) -> pd.DataFrame:
    """Bins of width 0.1 of the probabilities of ``labels`` (pooled; one label alone with
    ``labels=("heavy",)``) against how often that label was the true one."""
    pred = np.concatenate([df[f"p_{lab}"].to_numpy() for lab in labels])
    obs = np.concatenate([(df.truth == lab).to_numpy(float) for lab in labels])
    bins = np.minimum((pred * 10).astype(int), 9)
    out = []
    for b in range(10):
        sel = bins == b
        if sel.any():
            out.append({"bin": f"[{b / 10:.1f}, {(b + 1) / 10:.1f})", "count": int(sel.sum()),
                        "mean_predicted": pred[sel].mean(), "observed": obs[sel].mean()})
    rel = pd.DataFrame(out)
    rel["abs_diff"] = (rel.mean_predicted - rel.observed).abs()
    rel["ok"] = (rel["count"] < min_bin) | (rel.abs_diff <= tol)
    return rel


TITLES = {
    "validation": "out of sample: the validation suite (benchmarks/validation_suite.py)",
    "ci": "out of sample: the validation suite on draws of its own, as CI runs it",
    "design": "IN SAMPLE: the suite of docs/science.md §5 (16 of 24 are library members)",
}


def summarise(df: pd.DataFrame, elapsed: float, suite: str = "validation",
              min_bin: int = 100, tol: float = 0.07, seed: int | None = None) -> str:
    df = df.assign(correct=df.label == df.truth,
                   heavy_ok=(df.label == "heavy") == (df.truth == "heavy"))
    brier = sum((df[f"p_{lab}"] - (df.truth == lab)) ** 2 for lab in LABELS)
    df = df.assign(brier=brier)
    lines = [f"# tailstat.classify: accuracy, {TITLES[suite]}", "",
             f"Replications per case and n: {df.rep.max() + 1}; random location in [-100, 100] "
             f"and scale in [1e-3, 1e3] per replication; total run time {elapsed:.0f} s "
             f"(classification alone: {df.seconds.sum():.1f} s, median "
             f"{1000 * df.seconds.median():.1f} ms per call).", "",
             *(() if seed is None else (
                 f"Reproduce: `python benchmarks/accuracy.py --suite {suite} --reps "
                 f"{df.rep.max() + 1} --sizes {' '.join(str(n) for n in sorted(set(df.n)))} "
                 f"--seed {seed}` (each case and size draws from its own stream, "
                 "benchmarks/_seeds.py).", "")),
             "## Summary by n (non-hard cases for the accuracies)", ""]
    summ = []
    for n, g in df.groupby("n"):
        easy, hard = g[~g.hard], g[g.hard]
        fam = easy.groupby("case").p_true.mean()
        summ.append({"n": n, "heavy_vs_not_acc": easy.heavy_ok.mean(),
                     "three_way_acc": easy.correct.mean(), "brier_non_hard": easy.brier.mean(),
                     "hard_mean_p_true": hard.p_true.mean() if len(hard) else np.nan,
                     "worst_non_hard_family_mean_p_true": fam.min(),
                     "worst_family": fam.idxmin(),
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
                  f"the true label; bins with >= {min_bin} predictions must be within {tol})",
                  ""]
        lines.append(_md(reliability(sub, min_bin, tol)))
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--suite", choices=sorted(TITLES), default="validation")
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--sizes", type=int, nargs="+", default=None,
                    help="default: 10^4 and 10^5 (validation), 10^3 to 10^5 (design)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    args = ap.parse_args()
    t0 = time.perf_counter()
    default = [1000, 10_000, 100_000] if args.suite == "design" else [10_000, 100_000]
    sizes = args.sizes or default
    df = run(args.reps, sizes, args.seed, args.suite)
    elapsed = time.perf_counter() - t0
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "accuracy" if args.suite == "design" else f"accuracy_{args.suite}"
    if sizes != default:  # other sizes never write over the published table (which a test
        stem += "_n" + "_".join(map(str, sizes))  # reads) -- a review
    df.to_csv(args.out / f"{stem}.csv", index=False)
    text = summarise(df, elapsed, args.suite, seed=args.seed)
    (args.out / f"{stem}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

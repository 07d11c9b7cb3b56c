"""Bias of the Goodhart diagnostics against exact values, over many simulated samples.

* :func:`tailstat.best_of_n`: ``E[max of n]`` of the proxy against its exact value, past the
  sample's reach (where the tail model takes over), on samples of ``N = 10^4`` from Pareto(3)
  (ξ = 1/3), Pareto(1.5) (ξ = 2/3), Exp(1), N(0, 1), lognormal(1) and t(4) (whose GPD shape
  at a finite threshold is not the far tail's); the mean of ``log(u / exact)`` with its
  standard error, for the answer column ``u`` and the model's own ``u_model``, and the share
  of samples whose ``u`` comes from the model.
* :func:`tailstat.kl_frontier`: the rate ``I(m)`` against its closed form at 0.5-3 sd above
  the mean, on samples of ``N = 10^4`` from gamma(0.5), Exp(1), gamma(2) and N(0, 1) whose
  tail the classifier does not call heavy (a heavy verdict sets the rate to 0): the median
  of ``rate / exact`` and of ``rate_sample / exact`` (the sample alone).
* :func:`tailstat.kl_tilt`: the KL and the tilted mean at ``beta`` against the exact tilt of
  Exp(1) (``t / (1 - t) + log(1 - t)`` and ``1 / (1 - t)`` at ``t = 1 / beta``) and of
  N(0, 1) (``t^2 / 2`` and ``t``), on samples of ``N = 10^4``.

Exact values: ``E[max of n]`` is ``Γ(n+1) Γ(1-ξ) / Γ(n+1-ξ)`` for Pareto, the harmonic number
``H_n`` for Exp(1), and a quadrature of ``n x φ(x) Φ(x)^(n-1)`` for N(0, 1) (of
``∫ Q(p) n p^(n-1) dp`` for lognormal and t); ``I(m)`` is
``m - k - k log(m/k)`` for gamma(k) (scale 1) and ``m^2 / 2`` for N(0, 1).

Run ``python benchmarks/goodhart_bias.py [--seeds 100]`` (10-40 s); writes
``reports/goodhart_bias.md``.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import integrate, special, stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tailstat as ts
from benchmarks._markdown import markdown_table, write_report

N = 10_000
BON_N = (1024, 4096, 16384, 2**20)
TARGETS_SD = (0.5, 1.0, 2.0, 3.0)


def _emax_pareto(n: int, xi: float) -> float:
    return math.exp(special.gammaln(n + 1) + special.gammaln(1 - xi) - special.gammaln(n + 1 - xi))


def _emax_quad(n: int, law: Any) -> float:
    """``E[max of n]`` of a scipy law, ``∫ Q(p) n p^(n-1) dp`` in ``t = -log(1 - p)`` (the
    top of the integrand, where the far tail decides, is resolved)."""
    def f(t: float) -> float:
        p = -math.expm1(-t)
        return float(law.isf(math.exp(-t))) * n * math.exp((n - 1) * math.log1p(-math.exp(-t))
                                                           - t) if p > 0 else 0.0
    lo, hi = 1e-12, math.log(n) + 60.0
    return float(integrate.quad(f, lo, hi, limit=400, points=[math.log(n)])[0])


def _emax_normal(n: int) -> float:
    def f(x: float) -> float:
        return n * x * math.exp(stats.norm.logpdf(x) + (n - 1) * stats.norm.logcdf(x))
    return float(integrate.quad(f, -10, 12, limit=200)[0])


BON = {
    "Pareto(3)": (lambda r: (1 - r.uniform(size=N)) ** (-1 / 3), lambda n: _emax_pareto(n, 1 / 3)),
    "Pareto(1.5)": (lambda r: (1 - r.uniform(size=N)) ** (-2 / 3),
                    lambda n: _emax_pareto(n, 2 / 3)),
    "Exp(1)": (lambda r: r.exponential(size=N), lambda n: float(special.digamma(n + 1)
                                                                + np.euler_gamma)),
    "N(0,1)": (lambda r: r.standard_normal(N), _emax_normal),
    # tails whose GPD shape at a finite threshold is not the far tail's: lognormal (xi -> 0
    # slowly from above), t(4) (xi = 1/4, approached from below)
    "lognormal(1)": (lambda r: r.lognormal(0.0, 1.0, N),
                     lambda n: _emax_quad(n, stats.lognorm(1.0))),
    "t(4)": (lambda r: r.standard_t(4, N), lambda n: _emax_quad(n, stats.t(4))),
}


def _gamma(k: float) -> tuple:  # (draw, exact rate, mean, sd)
    return (lambda r: r.gamma(k, size=N), lambda m: m - k - k * math.log(m / k), k, math.sqrt(k))


FRONTIER = {"gamma(0.5)": _gamma(0.5), "Exp(1)": _gamma(1.0), "gamma(2)": _gamma(2.0),
            "N(0,1)": (lambda r: r.standard_normal(N), lambda m: m * m / 2, 0.0, 1.0)}


def best_of_n_bias(seeds: int) -> pd.DataFrame:
    rows = []
    for fam, (draw, exact) in BON.items():
        u, um, src = [], [], []
        for s in range(seeds):
            df = ts.best_of_n(draw(np.random.default_rng(50_000 + s)), n=list(BON_N))
            u.append(df["u"].to_numpy())
            um.append(df["u_model"].to_numpy())
            src.append((df["source"] == "tail model").to_numpy())
        truth = np.array([exact(n) for n in BON_N])
        lu, lm = np.log(np.array(u) / truth), np.log(np.array(um) / truth)
        for j, n in enumerate(BON_N):
            rows.append({"law": fam, "n": n, "exact": truth[j],
                         "u: mean log ratio": lu[:, j].mean(),
                         "se": lu[:, j].std(ddof=1) / math.sqrt(seeds),
                         "u_model: mean log ratio": lm[:, j].mean(),
                         "se ": lm[:, j].std(ddof=1) / math.sqrt(seeds),
                         "u from the model": np.mean(np.array(src)[:, j])})
    return pd.DataFrame(rows)


def frontier_bias(seeds: int) -> pd.DataFrame:
    rows = []
    for fam, (draw, rate, mu, sd) in FRONTIER.items():
        targets = [mu + j * sd for j in TARGETS_SD]
        truth = np.array([rate(m) for m in targets])
        got, alone, light = [], [], 0
        for s in range(seeds):
            fr = ts.kl_frontier(draw(np.random.default_rng(9_000 + s)), targets)
            if fr.label == "heavy":
                continue
            light += 1
            got.append(fr.table["rate"].to_numpy() / truth)
            alone.append(fr.table["rate_sample"].to_numpy() / truth)
        for j, t in enumerate(TARGETS_SD):
            rows.append({"law": fam, "target (sd)": t, "exact": truth[j],
                         "rate / exact (median)": float(np.median(np.array(got)[:, j])),
                         "rate_sample / exact (median)": float(np.median(np.array(alone)[:, j])),
                         "not heavy": f"{light}/{seeds}"})
    return pd.DataFrame(rows)


#: kl_tilt's laws: (draw, exact KL at tilt t = 1/beta, exact tilted mean, betas).
TILT = {"Exp(1)": (lambda r: r.exponential(size=N), lambda t: t / (1 - t) + math.log1p(-t),
                   lambda t: 1 / (1 - t), (3.0, 2.0, 1.5, 1.2)),
        "N(0,1)": (lambda r: r.standard_normal(N), lambda t: t * t / 2, lambda t: t,
                   (1.0, 0.5, 1 / 3))}


def tilt_bias(seeds: int) -> pd.DataFrame:
    rows = []
    for fam, (draw, kl_exact, mean_exact, betas) in TILT.items():
        tabs = [ts.kl_tilt(draw(np.random.default_rng(30_000 + s)), beta=list(betas)).table
                for s in range(seeds)]
        for j, b in enumerate(betas):
            t = 1.0 / b
            with np.errstate(divide="ignore", invalid="ignore"):
                lk = np.log([tab["kl"].iloc[j] / kl_exact(t) for tab in tabs])
            lu = np.array([tab["u"].iloc[j] - mean_exact(t) for tab in tabs])
            ok = np.isfinite(lk) & np.isfinite(lu)  # (a fitted end point: no such tilt)
            lk, lu = lk[ok], lu[ok]
            rows.append({"law": fam, "beta": b, "exact KL": kl_exact(t), "finite": ok.mean(),
                         "KL: mean log ratio": lk.mean(),
                         "se": lk.std(ddof=1) / math.sqrt(ok.sum()),
                         "u - exact mean": lu.mean(), "se ": lu.std(ddof=1) / math.sqrt(ok.sum()),
                         "extrapolated": np.mean([tab["extrapolated"].iloc[j] for tab in tabs]),
                         "settled": np.mean([tab["exists_settled"].iloc[j] for tab in tabs])})
    return pd.DataFrame(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "reports",
                    help="folder of the report (default: reports/)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    bon = best_of_n_bias(args.seeds)
    fr = frontier_bias(max(args.seeds // 2, 10))
    tilt = tilt_bias(max(args.seeds // 2, 10))
    fmt = "{:.4g}".format
    lines = ["# Bias of best-of-n, the KL frontier and the KL tilt against exact values",
             "",
             f"`python benchmarks/goodhart_bias.py --seeds {args.seeds}` "
             f"({time.perf_counter() - t0:.0f} s); N = {N:,} per sample; see the script's "
             "docstring for the design.",
             "",
             "## best_of_n past the reach (mean of log(u / exact) over the samples)",
             "",
             markdown_table(bon, float_format=fmt),
             "",
             "## kl_frontier (light and bounded verdicts)",
             "",
             markdown_table(fr, float_format=fmt),
             "",
             "## kl_tilt against the exact tilt (KL and tilted mean over the samples whose row "
             "is finite; share of samples whose row is extrapolated, and whose optimum is "
             "settled to exist)",
             "",
             markdown_table(tilt, float_format=fmt)]
    write_report(lines, args.out, "goodhart_bias.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

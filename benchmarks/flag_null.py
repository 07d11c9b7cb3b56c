"""Build the null law of the heavy flags' score from the tuning suite.

The heavy flags (:mod:`tailstat.classification.flags`) test each group's score, the log odds
of a heavy tail under the classifier's model (``settings["heavy_log_odds"]``), against the
law that score has when the tail is *not* heavy. That law is taken here from the classifier's
tuning suite (``benchmarks/tuning_suite.py``), never from the validation suite on which the
flags are measured: at each reference size ``n`` (log10 n from 1.7 to 7, the classifier's
reference sizes less 2.25), samples are drawn
from a light or bounded tuning family chosen uniformly at random, shifted by
``U(-50, 50)`` and scaled by ``10^U(-2, 2)``, and classified. The table keeps, per size,
the quantiles of the scores at levels 0, 0.005, ..., 0.98 and a generalised Pareto tail
fitted (with :func:`tailstat.fit_gpd`) to the scores above the 0.98 quantile (at least 40
of them), which extrapolates the law past the largest draw (with the upper end of the shape's
95% interval, :func:`xi_upper`): a lone heavy group among
thousands needs a p-value below 1/(number of groups) that no few thousand draws reach
empirically.

Run: ``python benchmarks/flag_null.py [--scale 1.0] [--out FILE]`` (two processes; about 20
minutes on two cores at scale 1; writes ``tailstat/classification/flag_null.json``, or
``--out``, which a quick run at another ``--scale`` must give).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks import tuning_suite  # noqa: E402
from tailstat.classification import _likelihood  # noqa: E402

#: (log10 n, draws) of the reference sizes: fewer draws where classify costs more.
SIZES = ((1.7, 20_000), (2.0, 20_000), (2.5, 20_000), (3.0, 20_000), (3.5, 20_000),
         (4.0, 20_000), (4.5, 20_000), (5.0, 20_000), (5.5, 10_000), (6.0, 5_000),
         (6.5, 2_000), (7.0, 800))
#: Quantile levels of the body of each size's law.
LEVELS = np.round(np.arange(0, 0.98 + 1e-9, 0.005), 3)
#: Share of the draws in the fitted tail, and the fewest draws there.
TAIL_SHARE, TAIL_MIN = 0.02, 40
SEED = 20261204
CHUNK = 500
OUT = ROOT / "tailstat" / "classification" / "flag_null.json"
#: Samples whose scores the table records beside its law, ``(numpy Generator method, its
#: arguments, seed, n)``: a test recomputes them, so a change anywhere in the classifier that
#: moves the scores (its tables, features or posterior, not only the constants the table also
#: records) is caught until the null is rebuilt.
FINGERPRINT = (("standard_normal", (), 1, 1_000), ("standard_exponential", (), 2, 10_000),
               ("gamma", (0.5,), 3, 10_000), ("standard_t", (4.0,), 4, 10_000),
               ("beta", (2.0, 3.0), 5, 10_000), ("lognormal", (0.0, 1.0), 6, 100_000))


def _light_families() -> list:
    return [f for f in tuning_suite.FAMILIES if f.label != "heavy"]


def _scores(job: tuple[float, int, int]) -> np.ndarray:
    """The scores of ``count`` light or bounded tuning draws at size ``10^log10n``."""
    log10n, count, chunk = job
    n = round(10**log10n)
    fams = _light_families()
    rng = np.random.default_rng([SEED, round(100 * log10n), chunk])
    out = np.empty(count)
    for i in range(count):
        fam = fams[rng.integers(len(fams))]
        x = fam.draw(rng, n) * 10 ** rng.uniform(-2, 2) + rng.uniform(-50, 50)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out[i] = ts.classify(x, warn=False).settings["heavy_log_odds"]
            except ts.DataError:  # a degenerate tail: refused, never flagged (left out)
                out[i] = np.nan
    return out


def fingerprint() -> list[dict]:
    """The scores of the :data:`FINGERPRINT` samples under the classifier as it stands."""
    out = []
    for method, args, seed, n in FINGERPRINT:
        x = getattr(np.random.default_rng(seed), method)(*args, size=n)
        score = ts.classify(x, warn=False).settings["heavy_log_odds"]
        out.append({"method": method, "args": list(args), "seed": seed, "n": n,
                    "score": float(score)})
    return out


def _table_row(s: np.ndarray) -> dict:
    s = np.sort(s[np.isfinite(s)])
    tail = max(TAIL_MIN, int(TAIL_SHARE * s.size))
    u = float(s[-tail - 1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ts.fit_gpd(s, threshold=u)
    xi = float(fit.xi)
    return {"draws": int(s.size), "quantiles": np.quantile(s, LEVELS).round(6).tolist(),
            "tail": {"threshold": u, "share": tail / s.size, "xi": xi,
                     "xi_upper": xi_upper(xi, tail), "sigma": float(fit.sigma)},
            "max": float(s[-1])}


def xi_upper(xi: float, exceedances: int) -> float:
    """The upper end of the asymptotic 95% interval of the GPD shape, ``xi + 1.96 (1 + xi) /
    sqrt(k)`` (the maximum-likelihood variance ``(1 + xi)^2 / k``): the p-values extrapolate
    with it, so that a shape estimated from a few dozen exceedances errs towards larger
    p-values and a nearer end point of the null does not make them 0 too early."""
    return xi + 1.96 * (1 + xi) / math.sqrt(exceedances)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="share of the draws (a quick run)")
    ap.add_argument("--fingerprint-only", action="store_true",
                    help="only (re)write the fingerprint of the table in place: for a table "
                         "built by the classifier as it stands, never after a change")
    ap.add_argument("--out", type=Path, default=None,
                    help="where to write the table (default: the package's own, at scale 1 "
                         "only; a quick run must name another file)")
    args = ap.parse_args()
    if args.fingerprint_only:  # of the table at --out, or the package's
        where = args.out if args.out is not None else OUT
        table = json.loads(where.read_text())
        table["fingerprint"] = fingerprint()
        where.write_text(json.dumps(table, indent=1) + "\n")
        print(f"wrote the fingerprint of {where}")
        return
    out = args.out if args.out is not None else OUT if args.scale == 1.0 else None
    if out is None:  # a review: a quick run wrote over the null every user's flags read
        ap.error("a run at --scale other than 1 needs --out FILE: the package's table "
                 f"({OUT.relative_to(ROOT)}) is built at scale 1")
    jobs = []
    for log10n, draws in SIZES:
        total = max(CHUNK, round(args.scale * draws))
        jobs += [(log10n, min(CHUNK, total - c), c // CHUNK) for c in range(0, total, CHUNK)]
    jobs.sort(key=lambda j: -j[0])  # the slow sizes first
    t0 = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        parts = list(pool.map(_scores, jobs))
    by_size: dict[float, list[np.ndarray]] = {}
    for job, part in zip(jobs, parts, strict=True):
        by_size.setdefault(job[0], []).append(part)
    rows = [_table_row(np.concatenate(by_size[log10n])) for log10n, _ in SIZES]
    table = {
        "about": "null law of settings['heavy_log_odds'] for light and bounded tails "
                 "(benchmarks/flag_null.py)",
        "tailstat_version": ts.__version__, "seed": SEED,
        # the posterior's constants the scores were made with (a test holds them to the
        # classifier's: a change of the power left the null of the power before; a review)
        "posterior": _likelihood.constants(), "fingerprint": fingerprint(),
        "families": [f.name for f in _light_families()],
        "log10_n": [s for s, _ in SIZES], "levels": LEVELS.tolist(), "sizes": rows}
    out.write_text(json.dumps(table, indent=1) + "\n")
    print(f"wrote {out} in {time.perf_counter() - t0:.0f} s")
    for (log10n, _), r in zip(SIZES, rows, strict=True):
        print(f"log10 n {log10n}: draws {r['draws']}, q0.98 {r['tail']['threshold']:.2f}, "
              f"xi {r['tail']['xi']:.3f}, sigma {r['tail']['sigma']:.3f}, max {r['max']:.2f}")


if __name__ == "__main__":
    main()

"""What bounds the classifier's accuracy at n = 10^4: four experiments (stop 34), none adopted.

Every figure here comes from the **tuning suite** (``benchmarks/tuning_suite.py``), the
**library with each member left out** (``benchmarks/_loo.py``) or **fresh library draws**;
the validation suite is not read. Columns as in ``reports/tuning.md``.

1. **Discrepancy by depth.** The model discrepancy (a standard deviation added to each
   member's feature covariance) is one value, 0.14, for all eight features. Deep features
   see more of the body (a mixture's bump), so a larger discrepancy there, and a smaller
   one at the top, might let the extreme order statistics weigh more.
2. **Structured discrepancy.** A tail between two library members shifts every ξ feature
   together; a shape no member has bends them apart. A discrepancy with a coherent part
   (``s_c^2`` on every pair of ξ features, and of log θ features) and a smaller independent
   part (``s_i^2`` on the diagonal) absorbs the first cheaply and penalises the second.
3. **Misfit.** Are the wrong verdicts samples that no member explains (then the verdict
   could be hedged where the features fit badly)? Each draw's log evidence under the whole
   model (untempered, prior included; see :func:`log_evidence` for the one term it leaves
   out) is placed among those of the library's own draws at the same n (each member left
   out), and accuracy is tabulated by that percentile.
4. **Richer features.** Softmax regression with all quadratic terms, trained on library
   draws (200 per member and size, each label weighted 1/3 by the classifier's prior), on
   (a) the classifier's eleven features, (b) those plus the spacing profile of the top
   ``c`` order statistics (the log mean normalised spacing ``i (X(i) - X(i+1))`` over dyadic
   blocks of ``i``, differenced: location and scale free), (c) the profile alone. Scored on
   the tuning suite and on fresh library draws (the members it was trained on, new
   samples: how well the labels can be told apart *inside* the library). The classifier's
   own posterior is scored on the same draws as shipped and with the member laws alone
   (no model discrepancy), its best setting on the library's own shapes.

Run: ``python benchmarks/classifier_limits.py [--only depth structured misfit rich]``
(writes ``reports/experiments/limits.md``; about 12 minutes with the tuning and
leave-one-out caches, which it builds when missing).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, special

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks import _tune_cache as C  # noqa: E402
from benchmarks._loo import DEFAULT_LOO, _prior_without, build_loo, loo_probabilities, loo_scores  # noqa: E402
from benchmarks._markdown import markdown_table  # noqa: E402
from benchmarks._seeds import stream  # noqa: E402
from benchmarks.tune import Scorer, objective  # noqa: E402
from benchmarks.tuning_suite import FAMILIES  # noqa: E402
from tailstat.classification import _likelihood as L  # noqa: E402
from tailstat.classification._features import (  # noqa: E402
    FEATURES,
    features,
    k_for,
    local_features,
    span_feature,
)
from tailstat.classification.calibrate import LIBRARY, simulate_top  # noqa: E402

LABELS = L.LABELS
SIZES = (10_000, 100_000)
XI = np.array([f.startswith("xi_") for f in FEATURES])


# --------------------------------------------------------------------------------------------
# 1-2: the discrepancy as a matrix
# --------------------------------------------------------------------------------------------

_STATE: dict[str, np.ndarray] = {}


@lru_cache(maxsize=512)
def _factors(n: int, ok: tuple[bool, ...], local: bool = False
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_likelihood._factors`` with the discrepancy matrix ``_STATE["D"]``."""
    mean, cov = L._at_n(n, local)
    if not local:
        cov = cov + _STATE["D"][None]
    return L._chol(mean, cov, np.asarray(ok))


@contextmanager
def discrepancy(matrix: np.ndarray) -> Iterator[None]:
    """The classifier's member laws with ``matrix`` as the discrepancy covariance."""
    old = L._factors
    _STATE["D"] = matrix
    _factors.cache_clear()
    L._factors = _factors  # type: ignore[assignment]
    L.clear_caches()
    try:
        yield
    finally:
        L._factors = old  # type: ignore[assignment]
        L.clear_caches()


def _row(label: str, sc: Scorer, cache: dict, loo: dict) -> dict:
    probs, _ = C.label_probabilities(cache)
    row = {"setting": label, **sc.score(probs), **loo_scores(loo, loo_probabilities(loo))}
    row["objective"] = objective(row, list(SIZES))
    return row


COLS = ["setting", "heavy_1e4", "three_1e4", "heavy_1e5", "three_1e5", "relgap_max",
        "loo_three_1e4", "loo_three_1e5", "loo_relgap_max", "worst_p_true", "fdp", "power",
        "objective"]


def depth_grid(sc: Scorer, cache: dict, loo: dict) -> pd.DataFrame:
    """Discrepancy per depth: (deep, tail, high, top) pairs of features."""
    rows = []
    settings = [(0.14, 0.14, 0.14, 0.14), (0.14, 0.14, 0.10, 0.08), (0.20, 0.14, 0.10, 0.08),
                (0.20, 0.14, 0.14, 0.14), (0.30, 0.14, 0.10, 0.08), (0.30, 0.20, 0.14, 0.14),
                (0.45, 0.14, 0.10, 0.08), (0.45, 0.20, 0.14, 0.14)]
    for s in settings:
        d = np.repeat(np.array(s), 2)  # FEATURES come in pairs: deep, tail, high, top
        label = "shipped (0.14 everywhere)" if len(set(s)) == 1 else \
            "deep {} / tail {} / high {} / top {}".format(*s)
        with discrepancy(np.diag(d**2)):
            rows.append(_row(label, sc, cache, loo))
        print(f"  {label}: done", flush=True)
    return pd.DataFrame(rows)[COLS]


def structured_grid(sc: Scorer, cache: dict, loo: dict) -> pd.DataFrame:
    """Coherent (``s_c``) plus independent (``s_i``) discrepancy."""
    rows = []
    theta = ~XI
    settings = [(0.14, 0.0), *itertools.product([0.05, 0.08, 0.11], [0.08, 0.14, 0.2])]
    for s_i, s_c in settings:
        mat = s_i**2 * np.eye(len(FEATURES)) + s_c**2 * (np.outer(XI, XI) + np.outer(theta, theta))
        label = "shipped (independent 0.14)" if s_c == 0 else \
            f"independent {s_i} + coherent {s_c}"
        with discrepancy(mat):
            rows.append(_row(label, sc, cache, loo))
        print(f"  {label}: done", flush=True)
    return pd.DataFrame(rows)[COLS]


# --------------------------------------------------------------------------------------------
# 3: misfit
# --------------------------------------------------------------------------------------------

def log_evidence(f: np.ndarray, t: np.ndarray, n: np.ndarray, s: np.ndarray,
                 prior: np.ndarray | None = None, exclude: int | None = None) -> np.ndarray:
    """Untempered log evidence of each draw under the whole model: the sum over members and
    readings that ``_tune_cache.posterior_batch`` normalises, at power 1.

    The ``xi_span`` term of the top-component reading is, as in the posterior, a log ratio
    to the mean of the three label laws (``_likelihood.span_loglik``), so this is
    ``log p(f, t, s) - log p_mean(s)``: the marginal density of the features less a term in
    ``xi_span`` alone. Draws with NaN features are scored on the finite ones (a density of
    fewer dimensions)."""
    out = np.full(len(n), np.nan)
    for idx, lw in C.log_weights_batch(f, t, n, s, prior, exclude, power=1.0):
        out[idx] = special.logsumexp(lw, axis=1)
    return out


def misfit(cache: dict, loo: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accuracy by the percentile of the log evidence among left-out library draws."""
    probs, _ = C.label_probabilities(cache)
    ev = log_evidence(cache["f"], cache["t"], cache["n"], cache["s"])
    ref = np.full(loo["n"].size, np.nan)
    for j in np.unique(loo["member"]):
        i = np.flatnonzero(loo["member"] == j)
        ref[i] = log_evidence(loo["f"][i], loo["t"][i], loo["n"][i], loo["s"][i],
                              prior=_prior_without(int(j)), exclude=int(j))
    keep = ~cache["failed"] & ~cache["sat"] & ~cache["hard"]
    names = np.array([f.name for f in FAMILIES])
    by_bin, wrong = [], []
    for n in SIZES:
        r = np.sort(ref[(loo["n"] == n) & np.isfinite(ref)])
        sel = keep & (cache["n"] == n)
        q = np.searchsorted(r, ev[sel], side="right") / r.size
        right = np.argmax(probs[sel], axis=1) == cache["truth"][sel]
        df = pd.DataFrame({"q": q, "right": right, "p_max": probs[sel].max(axis=1),
                           "family": names[cache["fam"][sel]]})
        df["percentile"] = pd.cut(df.q, [-0.001, 0.001, 0.01, 0.05, 0.2, 1.0])
        g = df.groupby("percentile", observed=True).agg(
            draws=("right", "size"), accuracy=("right", "mean"), mean_p_max=("p_max", "mean"))
        by_bin.append(g.reset_index().assign(n=n, percentile=lambda d: d.percentile.astype(str)))
        w = df[~df.right].groupby("family").q.agg(["size", "median"]).reset_index()
        wrong.append(w.rename(columns={"size": "wrong_draws", "median": "median_percentile"})
                     .assign(n=n).sort_values("wrong_draws", ascending=False).head(8))
    return (pd.concat(by_bin)[["n", "percentile", "draws", "accuracy", "mean_p_max"]],
            pd.concat(wrong)[["n", "family", "wrong_draws", "median_percentile"]])


# --------------------------------------------------------------------------------------------
# 4: richer features
# --------------------------------------------------------------------------------------------

def spacing_profile(desc: np.ndarray, n: int) -> np.ndarray:
    """Differences of the log mean normalised spacing over dyadic blocks of depth."""
    c = k_for(n)
    d = np.arange(1, c + 1) * (desc[..., :c] - desc[..., 1:c + 1])
    edges = [1]
    while edges[-1] * 2 <= c:
        edges.append(edges[-1] * 2)
    edges.append(c + 1)
    scale = d.mean(axis=-1) + 1e-300
    logm = np.stack([np.log(d[..., a - 1:b - 1].mean(axis=-1) / scale + 1e-6)
                     for a, b in itertools.pairwise(edges)], axis=-1)
    return np.diff(logm, axis=-1)


def _all_features(desc: np.ndarray, n: int) -> np.ndarray:
    return np.column_stack([features(desc, n), local_features(desc, n),
                            span_feature(desc, n), spacing_profile(desc, n)])


def library_draws(n: int, reps: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and prior weights of ``reps`` exact draws of every member."""
    xs, ys, ws = [], [], []
    pw = L.prior_weights()
    names = L.table().names
    for label, _, name, dist in LIBRARY:
        rng = np.random.default_rng([seed, n, *name.encode()])
        xs.append(_all_features(simulate_top(dist, n, k_for(n) + 1, reps, rng), n))
        ys.append(np.full(reps, LABELS.index(label)))
        ws.append(np.full(reps, pw[names.index(name)] / reps))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)


def suite_draws(n: int, reps: int = 60, seed: int = 0
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The tuning suite's draws (as ``_tune_cache`` makes them): features, labels, whether
    hard, and classify's probabilities; saturated draws and refusals left out."""
    xs, ys, hard, probs = [], [], [], []
    read = k_for(n) + 1
    for fi, fam in enumerate(FAMILIES):
        rng = stream("tuning", seed, fi, n)
        for _ in range(reps):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                x = fam.draw(rng, n)
                loc, scale = rng.uniform(-100, 100), 10 ** rng.uniform(-3, 3)
                x = loc + scale * x
                try:
                    c = ts.classify(x, warn=False)
                except ts.DataError:
                    continue
            if c.pattern == "saturated":
                continue
            desc = np.sort(np.partition(x, n - read)[n - read:])[::-1]
            xs.append(_all_features(desc[None], n)[0])
            ys.append(LABELS.index(fam.label))
            hard.append(fam.hard(n))
            probs.append([c.probabilities[lab] for lab in LABELS])
    return np.array(xs), np.array(ys), np.array(hard), np.array(probs)


def _design(x: np.ndarray, mu: np.ndarray, sd: np.ndarray) -> np.ndarray:
    z = np.nan_to_num((x - mu) / sd)
    iu = np.triu_indices(z.shape[1])
    return np.column_stack([np.ones(len(z)), z, (z[:, :, None] * z[:, None, :])[:, iu[0], iu[1]]])


def softmax_loss(theta: np.ndarray, a: np.ndarray, onehot: np.ndarray, w: np.ndarray,
                 lam: float) -> tuple[float, np.ndarray]:
    """Weighted multinomial log loss plus ``lam / len(a)`` times half the squared
    coefficients (intercepts free), and its gradient."""
    coef = theta.reshape(a.shape[1], onehot.shape[1])
    s = a @ coef
    lse = special.logsumexp(s, axis=1)
    prob = np.exp(s - lse[:, None])
    val = -np.sum(w * (np.sum(onehot * s, axis=1) - lse))
    val += 0.5 * lam * np.sum(coef[1:] ** 2) / len(a)
    grad = a.T @ (w[:, None] * (prob - onehot))
    grad[1:] += lam * coef[1:] / len(a)
    return float(val), grad.ravel()


def fit_softmax(a: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> np.ndarray:
    """Weighted multinomial logistic regression (first column of ``a`` the intercept)."""
    onehot = np.eye(len(LABELS))[y]
    res = optimize.minimize(softmax_loss, np.zeros(a.shape[1] * len(LABELS)),
                            args=(a, onehot, w / w.sum(), lam), jac=True, method="L-BFGS-B",
                            options={"maxiter": 3000})
    if not res.success:
        raise RuntimeError(f"softmax fit did not converge: {res.message}")
    return res.x.reshape(a.shape[1], len(LABELS))


def _predict(a: np.ndarray, coef: np.ndarray) -> np.ndarray:
    s = a @ coef
    u = L.UNIFORM_MIX
    return (1 - u) * np.exp(s - special.logsumexp(s, axis=1)[:, None]) + u / 3


def _accuracy(p: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> tuple[float, float]:
    lab = p.argmax(axis=1)
    w = np.ones(len(y)) if w is None else w
    heavy = np.average((lab == 0) == (y == 0), weights=w)
    return float(heavy), float(np.average(lab == y, weights=w))


def rich(reps: int = 200) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accuracy of the softmax models on the tuning suite and on fresh library draws, and
    the library members the classifier's posterior gets wrong most."""
    rows, members = [], []
    for n in SIZES:
        xl, yl, wl = library_draws(n, reps, seed=11)
        xf, yf, wf = library_draws(n, reps, seed=12)  # fresh draws of the same members
        xs, ys, hs, ps = suite_draws(n)
        for setting, values in POSTERIORS.items():
            with C.patched(**values):
                post, _ = C.posterior_batch(xf[:, :8], xf[:, 8:10], np.full(len(yf), n),
                                            xf[:, 10])
            lh, lt = _accuracy(post, yf, wf)
            # the suite figures of the shipped setting are classify's own probabilities
            sh, st = _accuracy(ps[~hs], ys[~hs]) if not values else (np.nan, np.nan)
            rows.append({"n": n, "model": setting, "lambda": np.nan, "suite_heavy": sh,
                         "suite_three": st, "library_heavy": lh, "library_three": lt})
            members.append(_worst_members(post, yf, wf, reps).assign(n=n, posterior=setting))
        sets: dict[str, Callable[[np.ndarray], np.ndarray]] = {
            "softmax, 11 features": lambda x: x[:, :11],
            "softmax, 11 features + spacing profile": lambda x: x,
            "softmax, spacing profile only": lambda x: x[:, 11:]}
        for name, cols in sets.items():
            mu, sd = np.nanmean(cols(xl), axis=0), np.nanstd(cols(xl), axis=0) + 1e-12
            for lam in (0.1, 1.0, 10.0):
                coef = fit_softmax(_design(cols(xl), mu, sd), yl, wl, lam)
                sh, st = _accuracy(_predict(_design(cols(xs), mu, sd), coef)[~hs], ys[~hs])
                lh, lt = _accuracy(_predict(_design(cols(xf), mu, sd), coef), yf, wf)
                rows.append({"n": n, "model": name, "lambda": lam, "suite_heavy": sh,
                             "suite_three": st, "library_heavy": lh, "library_three": lt})
        print(f"  rich features at n = {n}: done", flush=True)
    cols_m = ["n", "posterior", "member", "label", "heavy_vs_not_error", "share_of_error"]
    return pd.DataFrame(rows), pd.concat(members)[cols_m]


#: The classifier's posterior as shipped, and with the member laws alone (no model
#: discrepancy: the best the posterior does on the library's own shapes; out of the library
#: it is less accurate and badly calibrated, ``reports/tuning.md``, row ``discrepancy=0``).
POSTERIORS: dict[str, dict[str, float]] = {
    "shipped classifier": {},
    "classifier's posterior, discrepancy 0": {"DISCREPANCY": 0.0}}


def _worst_members(probs: np.ndarray, y: np.ndarray, w: np.ndarray, reps: int,
                   top: int = 6) -> pd.DataFrame:
    """The members that carry the heavy-vs-not error (draws in ``library_draws`` order)."""
    wrong = (probs.argmax(axis=1) == 0) != (y == 0)
    per = pd.DataFrame({"member": np.repeat([m[2] for m in LIBRARY], reps),
                        "label": np.repeat([m[0] for m in LIBRARY], reps),
                        "wrong": wrong, "weighted": wrong * w})
    g = per.groupby(["member", "label"], sort=False).agg(
        heavy_vs_not_error=("wrong", "mean"), share_of_error=("weighted", "sum"))
    g["share_of_error"] /= max(g.share_of_error.sum(), 1e-300)
    return g.reset_index().sort_values("share_of_error", ascending=False).head(top)


# --------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=("depth", "structured", "misfit", "rich"),
                    default=["depth", "structured", "misfit", "rich"])
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "experiments" / "limits.md")
    args = ap.parse_args()
    t0 = time.perf_counter()
    cache = C.build_cache(C.DEFAULT_CACHE, list(SIZES), C.DEFAULT_REPS, 0, 1, False)
    loo = build_loo(DEFAULT_LOO, list(SIZES))
    sc = Scorer(cache, 0)
    lines = ["# What bounds the classifier's accuracy: four experiments (stop 34)", "",
             "Tuning suite, library draws with each member left out, and fresh library draws; "
             "the validation suite is not read. `python benchmarks/classifier_limits.py` "
             "(module doc).", ""]
    if "depth" in args.only:
        lines += ["## 1. Discrepancy by depth (pairs of features: deep, tail, high, top)", "",
                  markdown_table(depth_grid(sc, cache, loo)), ""]
    if "structured" in args.only:
        lines += ["## 2. Structured discrepancy (coherent shift of the ξ and of the log θ "
                  "features, plus an independent part)", "",
                  markdown_table(structured_grid(sc, cache, loo)), ""]
    if "misfit" in args.only:
        by_bin, wrong = misfit(cache, loo)
        lines += ["## 3. Accuracy by how well the library explains the features", "",
                  "Percentile of each tuning draw's log evidence among the left-out library "
                  "draws at the same n (low: no member explains it); non-hard, unsaturated "
                  "draws.", "", markdown_table(by_bin), "",
                  "Families of the wrong draws, with the median percentile of their evidence:",
                  "", markdown_table(wrong), ""]
    if "rich" in args.only:
        table, members = rich()
        lines += ["## 4. Richer features (softmax with quadratic terms, trained on library "
                  "draws)", "",
                  "suite_*: tuning suite, non-hard draws. library_*: fresh draws of the "
                  "library's own members, weighted by the classifier's prior (each label 1/3) "
                  "-- how well the labels can be told apart inside the training library.", "",
                  markdown_table(table), "",
                  "The library members that carry the posterior's heavy-vs-not errors on "
                  "these fresh draws (share of the prior-weighted error):", "",
                  markdown_table(members), ""]
    lines += [f"Run time {time.perf_counter() - t0:.0f} s."]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

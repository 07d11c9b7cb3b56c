"""The tuning suite's classifier inputs, cached, and the classifier's posterior on them.

Steps 1 and 2 of ``benchmarks/tune.py`` (its module doc says what they are), used by it and by
``benchmarks/bayes_factors.py``: :func:`build_cache` draws every tuning family and stores
what :func:`tailstat.classify` reads (the features), keyed by the sources that make them;
:func:`label_probabilities` recomputes, for all cached draws at once, the probabilities
classify would return under the current (possibly :func:`patched`) hyperparameters.
"""

from __future__ import annotations

import hashlib
import math
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from scipy import special

import tailstat as ts
from benchmarks import _eb_flags as Fl
from benchmarks._seeds import stream
from benchmarks.tuning_suite import FAMILIES
from tailstat.classification import _likelihood as L
from tailstat.classification._features import FEATURES, LOCAL_FEATURES, SPAN_FEATURE, k_for
from tailstat.classification._patterns import (
    CEILING_FLOOR,
    CEILING_WEIGHT,
    COARSE_LEVELS,
    coarse_shrink,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = L.LABELS
#: Sources whose change invalidates the cache (the features and how classify computes them).
SOURCES = ("tailstat/classification/_features.py", "tailstat/classification/classifier.py",
           "tailstat/classification/_patterns.py", "tailstat/classification/_window.py",
           "tailstat/classification/_lattice.py", "tailstat/data/tail.py",
           "tailstat/estimators/kernels.py", "benchmarks/tuning_suite.py",
           "benchmarks/_seeds.py")
CALIBRATION = ("tailstat/classification/calibration.json",
               "tailstat/classification/calibration_local.json",
               "tailstat/classification/calibration_span.json")
#: The defaults of both scripts (the cache key depends on the sizes, reps and seed).
DEFAULT_CACHE = Path("/tmp/tailstat_tune_cache.npz")
DEFAULT_SIZES = (10_000, 100_000)
DEFAULT_REPS = 60


def _digest(paths: tuple[str, ...], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in paths:
        h.update((ROOT / p).read_bytes())
    return h.hexdigest()[:16]


def calibration_key() -> str:
    """Digest of the reference tables, the posterior's code and its constants: when it matches
    the cache's, the cached ``classify`` probabilities are what the current code gives."""
    constants = (L.NU, L.TEMPER, L.TEMPER_SMALL, L.UNIFORM_MIX, L.P_TOP_COMPONENT,
                 tuple(L.DISCREPANCY), L.SPAN_DISCREPANCY, L.MIN_EFFECTIVE_N, L.TEMPER_SMALL_N,
                 L.TEMPER_FULL_N, L.TEMPER_STEPS)
    # the posterior's code too: after a change there the cached probabilities are stale
    return _digest((*CALIBRATION, "tailstat/classification/_likelihood.py"), repr(constants))


# --------------------------------------------------------------------------------------------
# 1. the cache of classifier inputs
# --------------------------------------------------------------------------------------------

def _draw_family(args: tuple[int, int, int, int]) -> dict[str, np.ndarray]:
    """Classifier inputs of ``reps`` draws of family ``fi`` at size ``n``."""
    fi, n, reps, seed = args
    fam = FAMILIES[fi]
    rng = stream("tuning", seed, fi, n)
    f = np.full((reps, len(FEATURES)), np.nan)
    t = np.full((reps, len(LOCAL_FEATURES)), np.nan)
    s = np.full(reps, np.nan)
    p = np.full((reps, len(LABELS)), np.nan)
    sat = np.zeros(reps, dtype=bool)
    rmax = np.zeros(reps, dtype=bool)
    levels = np.zeros(reps, dtype=np.int64)
    failed = np.zeros(reps, dtype=bool)
    read = k_for(n) + 1
    for rep in range(reps):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x = fam.draw(rng, n)
            loc = rng.uniform(-100, 100)
            scale = 10 ** rng.uniform(-3, 3)
            x = loc + scale * x
            try:
                c = ts.classify(x, warn=False)
            except ts.DataError:
                failed[rep] = True
                continue
        f[rep] = [c.features[k] for k in FEATURES]
        t[rep] = [c.features[k] for k in LOCAL_FEATURES]
        s[rep] = c.features[SPAN_FEATURE]
        if c.pattern == "repeated-max":  # its features: the copies read once, as classify
            f[rep], t[rep], s[rep] = _deduplicated_features(x, f[rep], t[rep], s[rep])
        p[rep] = [c.probabilities[lab] for lab in LABELS]
        sat[rep] = c.pattern == "saturated"
        rmax[rep] = c.pattern == "repeated-max"  # both readings weighed (either_reading)
        # the distinct values among those classify reads (its coarse cap)
        levels[rep] = np.unique(np.partition(x, n - read)[n - read:]).size
    return {"f": f, "t": t, "s": s, "p": p, "sat": sat, "rmax": rmax, "levels": levels,
            "failed": failed,
            "fam": np.full(reps, fi), "n": np.full(reps, n),
            "truth": np.full(reps, LABELS.index(fam.label)),
            "hard": np.full(reps, fam.hard(n))}


def _deduplicated_features(x: np.ndarray, f: np.ndarray, t: np.ndarray, s: float
                           ) -> tuple[np.ndarray, np.ndarray, float]:
    """The features a ``"repeated-max"`` verdict weighs (``_patterns.reading_below``: the
    copies of the maximum read once), from classify's own steps; those given (the window
    with the copies) where that reading is not made."""
    from tailstat.classification._patterns import deduplicated_window, max_atom
    from tailstat.classification._window import above_floor, centred, tail_for

    tail, _, count_at = tail_for(x, None, None)
    tail, _ = above_floor(tail, "x", False)
    atom, copies = max_atom(tail.desc[: k_for(tail.n) + 1])
    if atom is None:
        return f, t, s
    z, _, _ = centred(tail, "x", atom=atom, copies=copies, warn=False, count_at=count_at)
    window = deduplicated_window(z.desc, atom, tail.n)
    if window is None:
        return f, t, s
    r = L.read_window(window, tail.n)
    return r.f, r.t, float(r.s)


def build_cache(path: Path, sizes: list[int], reps: int, seed: int, jobs: int,
                rebuild: bool) -> dict[str, np.ndarray]:
    """The cached classifier inputs (built, or read when the key matches)."""
    key = _digest(SOURCES, f"{sizes}|{reps}|{seed}|{[f.name for f in FAMILIES]}|levels|rmax")
    if path.exists() and not rebuild:
        with np.load(path, allow_pickle=False) as z:
            if str(z["key"]) == key:
                print(f"cache: {path} (key {key})", flush=True)
                return {k: z[k] for k in z.files}
    tasks = [(fi, n, reps, seed) for n in sizes for fi in range(len(FAMILIES))]
    t0 = time.perf_counter()
    parts: list[dict[str, np.ndarray]] = []
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as pool:
            for task, part in zip(tasks, pool.map(_draw_family, tasks), strict=True):
                parts.append(part)
                print(f"  n={task[1]:>7} {FAMILIES[task[0]].name:<50} "
                      f"{time.perf_counter() - t0:6.0f} s", flush=True)
    else:
        for task in tasks:
            parts.append(_draw_family(task))
            print(f"  n={task[1]:>7} {FAMILIES[task[0]].name:<50} "
                  f"{time.perf_counter() - t0:6.0f} s", flush=True)
    cache = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    cache["key"] = np.array(key)
    cache["calibration"] = np.array(calibration_key())
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **cache)  # type: ignore[arg-type]
    print(f"cache: wrote {path} ({len(cache['n'])} draws, {time.perf_counter() - t0:.0f} s)",
          flush=True)
    return cache


# --------------------------------------------------------------------------------------------
# 2. the posterior of every cached draw under patched hyperparameters
# --------------------------------------------------------------------------------------------

@contextmanager
def patched(**values: float) -> Iterator[None]:
    """The module constants of ``_likelihood`` set to ``values`` (and its caches cleared).

    ``UNIFORM_MIX`` is also set where the heavy flags read it (``flags`` imports it by name to
    recover each group's Bayes factor from P(heavy)): scored with the shipped 0.03, the
    probabilities of another mix gave the flags wrong Bayes factors (infinite above
    ``1 - 2 * 0.03 / 3``)."""
    old = {k: getattr(L, k) for k in values}
    old_flags = Fl.UNIFORM_MIX
    try:
        for k, v in values.items():
            setattr(L, k, np.full(len(FEATURES), float(v)) if k == "DISCREPANCY" else float(v))
        Fl.UNIFORM_MIX = float(values.get("UNIFORM_MIX", old_flags))
        L.clear_caches()
        yield
    finally:
        for k, v in old.items():
            setattr(L, k, v)
        Fl.UNIFORM_MIX = old_flags
        L.clear_caches()


def _t_loglik_batch(x: np.ndarray, factors: tuple[np.ndarray, np.ndarray, np.ndarray]
                    ) -> np.ndarray:
    """:func:`_likelihood._t_loglik` for a batch ``x`` of shape ``(B, d)``: ``(B, M)``."""
    mean, inv_chol, logdet = factors
    d = x.shape[-1]
    sol = np.einsum("mij,bmj->bmi", inv_chol, x[:, None, :] - mean[None])
    maha = np.sum(sol * sol, axis=-1)
    nu = L.NU
    return (special.gammaln((nu + d) / 2) - special.gammaln(nu / 2)
            - 0.5 * d * math.log(nu * math.pi) - 0.5 * logdet[None]
            - 0.5 * (nu + d) * np.log1p(maha / nu))


def _member_batch(x: np.ndarray, n: int, ok: np.ndarray, local: bool) -> np.ndarray:
    if not ok.any():
        return np.zeros((x.shape[0], len(L.table().names)))
    return _t_loglik_batch(x[:, ok], L._factors(L._n_key(n), tuple(bool(v) for v in ok), local))


def _broad_batch(x: np.ndarray, ok: np.ndarray, local: bool,
                 exclude: int | None = None) -> np.ndarray:
    if not ok.any():
        return np.zeros(x.shape[0])
    return _t_loglik_batch(x[:, ok], L._broad_factors(tuple(bool(v) for v in ok), local,
                                                      exclude))[:, 0]


def _span_batch(s: np.ndarray, n: int, exclude: int | None = None) -> np.ndarray:
    """:func:`_likelihood.span_loglik` for a batch ``s`` of shape ``(B,)``: ``(B, M)``."""
    return np.stack([L.span_loglik(float(v), n, exclude) for v in s]) if s.size else \
        np.zeros((0, len(L.table().names)))


def log_weights_batch(f: np.ndarray, t: np.ndarray, n: np.ndarray, s: np.ndarray,
                      prior: np.ndarray | None = None, exclude: int | None = None,
                      power: float | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(idx, lw)`` for each group of draws sharing ``n`` and the pattern of finite
    features: ``lw`` ``(B, M)``, each member's log weight (prior included, both readings
    summed) that :func:`posterior_batch` normalises. ``power``: the likelihood's power
    (default the classifier's :func:`_likelihood.temper` of ``n``; 1 for the evidence)."""
    if prior is None:
        prior = np.log(L.prior_weights())
    pattern = np.concatenate([np.isfinite(f), np.isfinite(t)], axis=1)
    keys = np.unique(np.column_stack([n, pattern.astype(np.int64)]), axis=0)
    for key in keys:
        nn = int(key[0])
        ok, okt = key[1:1 + f.shape[1]].astype(bool), key[1 + f.shape[1]:].astype(bool)
        idx = np.flatnonzero((n == nn) & np.all(pattern == key[1:].astype(bool), axis=1))
        fb, tb = f[idx], t[idx]
        pw = L.temper(nn) if power is None else power
        whole = pw * _member_batch(fb, nn, ok, False) + prior  # (B, M)
        sizes = L.effective_sizes(nn)
        top = np.stack([pw * _member_batch(tb, int(m), okt, True) for m in sizes])
        top = (top + prior - math.log(sizes.size)
               + pw * _span_batch(s[idx], nn, exclude)[None])  # (S, B, M)
        log_a = (math.log(1 - L.P_TOP_COMPONENT) + whole
                 + pw * _broad_batch(tb, okt, True, exclude)[:, None])
        log_b = (math.log(L.P_TOP_COMPONENT) + top
                 + pw * _broad_batch(fb, ok, False, exclude)[None, :, None])
        yield idx, np.logaddexp(log_a, special.logsumexp(log_b, axis=0))


def posterior_batch(f: np.ndarray, t: np.ndarray, n: np.ndarray, s: np.ndarray,
                    prior: np.ndarray | None = None, exclude: int | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Label probabilities ``(B, 3)`` and member posteriors ``(B, M)`` of every draw.

    The same computation as :func:`_likelihood.posterior` (with ``t`` given), grouped by
    ``n`` and by which features are finite. ``exclude`` (leave-one-out): a member left out of
    the pooled laws too -- its label's ``xi_span`` mixture and the "any tail" law -- as
    ``prior`` (with its weight 0) leaves it out of the member sum.
    """
    tab = L.table()
    lab_of = np.stack([tab.labels == lab for lab in LABELS], axis=1).astype(float)  # (M, 3)
    probs = np.full((len(n), len(LABELS)), np.nan)
    members = np.full((len(n), len(tab.names)), np.nan)
    for idx, lw in log_weights_batch(f, t, n, s, prior, exclude):
        post = np.exp(lw - special.logsumexp(lw, axis=1, keepdims=True))
        members[idx] = post
        probs[idx] = (1 - L.UNIFORM_MIX) * (post @ lab_of) + L.UNIFORM_MIX / 3
    return probs, members


def label_probabilities(cache: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """What classify would return for every cached draw under the current constants."""
    probs, members = posterior_batch(cache["f"], cache["t"], cache["n"], cache["s"])
    sat = cache["sat"]
    u = L.UNIFORM_MIX
    probs[sat] = [u / 3, u / 3, 1 - 2 * u / 3]  # classifier._saturated (heavy, light, bounded)
    rmax = cache["rmax"]  # _patterns.either_reading: the ceiling's reading weighed in
    ceiling = np.array([CEILING_FLOOR, CEILING_FLOOR, 1 - 2 * CEILING_FLOOR])
    probs[rmax] = (1 - CEILING_WEIGHT) * probs[rmax] + CEILING_WEIGHT * ceiling
    coarse = ~sat & (cache["levels"] < COARSE_LEVELS)  # as classify's _patterns.coarse_cap
    probs[coarse] = coarse_shrink(probs[coarse])
    return probs, members


def check_against_scalar(cache: dict[str, np.ndarray], probs: np.ndarray,
                         rng: np.random.Generator, count: int = 6) -> float:
    """Largest difference from the scalar ``posterior`` on ``count`` random unsaturated draws."""
    ok = np.flatnonzero(~cache["failed"] & ~cache["sat"] & ~cache["rmax"])
    worst = 0.0
    for i in rng.choice(ok, size=min(count, ok.size), replace=False):
        post = L.posterior(cache["f"][i], int(cache["n"][i]), cache["t"][i],
                           s=float(cache["s"][i]))
        ref = np.array([post.labels[lab] for lab in LABELS])
        worst = max(worst, float(np.max(np.abs(ref - probs[i]))))
    return worst

"""Leave-one-member-out draws of the training library: calibration off the library's grid.

The tuning suite measures the classifier on shapes outside the library, but only on the
shapes someone wrote into it. A second, systematic measure comes from the library itself:
each member's exact top order statistics (``calibrate.simulate_top``, Rényi's
representation) are classified by the posterior *with that member removed* (its prior
weight given to the rest of its subtype). Every draw is then a tail the posterior has never
seen, at a known distance from its neighbours, and the reliability of these probabilities
says how the posterior behaves between library members -- which is where a real reward
model's tail lies. No validation family is read.

``build_loo(path, sizes, reps, seed)`` simulates and caches the features (about a minute on
one core); ``loo_probabilities(cache)`` gives every draw's label probabilities under the
current constants of :mod:`tailstat.classification._likelihood` (patch them with
``_tune_cache.patched``); ``loo_scores`` gives accuracy and reliability gaps.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks._tune_cache import SOURCES, posterior_batch
from benchmarks.accuracy import reliability
from tailstat.classification import _likelihood as L
from tailstat.classification._features import features, k_for, local_features, span_feature
from tailstat.classification.calibrate import LIBRARY, simulate_top

LABELS = L.LABELS
DEFAULT_LOO = Path("/tmp/tailstat_loo_cache.npz")


def _key(sizes: list[int], reps: int, seed: int) -> str:
    h = hashlib.sha256(f"{sizes}|{reps}|{seed}|{[m[2] for m in LIBRARY]}".encode())
    for p in (*SOURCES, "tailstat/classification/calibrate.py"):  # features, members
        h.update((Path(__file__).resolve().parents[1] / p).read_bytes())
    return h.hexdigest()[:16]


def build_loo(path: Path, sizes: list[int], reps: int = 200, seed: int = 5) -> dict:
    """Features of ``reps`` exact draws of every library member at each size (cached)."""
    key = _key(sizes, reps, seed)
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            if str(z["key"]) == key:
                return {k: z[k] for k in z.files}
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("f", "t", "s", "n", "member")}
    for mi, (_, _, name, dist) in enumerate(LIBRARY):
        for n in sizes:
            rng = np.random.default_rng([seed, n, *name.encode()])
            desc = simulate_top(dist, n, k_for(n) + 1, reps, rng)
            parts["f"].append(features(desc, n))
            parts["t"].append(local_features(desc, n))
            parts["s"].append(span_feature(desc, n))
            parts["n"].append(np.full(reps, n))
            parts["member"].append(np.full(reps, mi))
    cache = {k: np.concatenate(v) for k, v in parts.items()}
    cache["key"] = np.array(key)
    np.savez_compressed(path, **cache)  # type: ignore[arg-type]
    return cache


def _prior_without(j: int) -> np.ndarray:
    """Log prior with member ``j`` removed, its weight spread over the rest of its subtype."""
    tab = L.table()
    w = L.prior_weights().copy()
    same = tab.subtypes == tab.subtypes[j]
    total = w[same].sum()
    w[j] = 0.0
    w[same] *= total / w[same].sum()
    with np.errstate(divide="ignore"):
        return np.log(w)


def loo_probabilities(cache: dict) -> np.ndarray:
    """Label probabilities ``(B, 3)`` of every draw, each without its own member."""
    probs = np.full((cache["n"].size, len(LABELS)), np.nan)
    for j in np.unique(cache["member"]):
        idx = np.flatnonzero(cache["member"] == j)
        probs[idx], _ = posterior_batch(cache["f"][idx], cache["t"][idx], cache["n"][idx],
                                        cache["s"][idx], prior=_prior_without(int(j)),
                                        exclude=int(j))
    return probs


def loo_scores(cache: dict, probs: np.ndarray, min_bin: int = 100) -> dict[str, float]:
    """Three-way accuracy and the largest reliability gap (``accuracy.reliability``, bins
    with at least ``min_bin`` predictions), per size and pooled."""
    ok = np.all(np.isfinite(probs), axis=1)
    df = pd.DataFrame({f"p_{lab}": probs[ok, j] for j, lab in enumerate(LABELS)})
    df["truth"] = [LIBRARY[int(m)][0] for m in cache["member"][ok]]
    df["n"] = cache["n"][ok]

    def gap(part: pd.DataFrame) -> float:
        rel = reliability(part, min_bin=min_bin)
        big = rel[rel["count"] >= min_bin]
        return float(big.abs_diff.max()) if len(big) else math.nan

    out: dict[str, float] = {}
    label = np.array(LABELS)[np.argmax(df[[f"p_{lab}" for lab in LABELS]].to_numpy(), axis=1)]
    for n in np.unique(df.n):
        sel = (df.n == n).to_numpy()
        tag = f"{n:.0e}".replace("+0", "")
        out[f"loo_three_{tag}"] = float(np.mean(label[sel] == df.truth[sel]))
        out[f"loo_relgap_{tag}"] = gap(df[sel])
    out["loo_relgap_all"] = gap(df)
    out["loo_relgap_max"] = max(v for k, v in out.items() if k.startswith("loo_relgap_"))
    return out

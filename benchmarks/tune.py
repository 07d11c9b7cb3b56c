"""Tune the classifier's posterior hyperparameters on the tuning suite (never on validation).

The posterior of :mod:`tailstat.classification._likelihood` has six hyperparameters:
``NU`` (Student-t degrees of freedom), ``TEMPER`` (power of the likelihood),
``UNIFORM_MIX`` (weight of the uniform distribution in the label posterior),
``P_TOP_COMPONENT`` (prior of the top-component reading), ``DISCREPANCY`` (model
discrepancy per feature, here one value for all eight) and ``SPAN_DISCREPANCY`` (the same
for ``xi_span``). This script scores settings of
them on the families of ``benchmarks/tuning_suite.py``, which are disjoint from the training
library and from the validation suite (``tests/test_tuning_suite.py``); the validation
suite is not read.

1. **Cache.** Every tuning family is drawn ``--reps`` times at each size (default 10^4 and
   10^5), with a random location in [-100, 100] and scale in [1e-3, 1e3] per draw as
   ``benchmarks/accuracy.py`` does, and :func:`tailstat.classify` is run on it once: its
   ``features`` (the eight features ``f``, the two local top features ``t`` and ``xi_span``
   ``s``), whether the
   sample is saturated (an atom at the maximum: classify then overrides the probabilities),
   and its probabilities (for the consistency check) are stored with ``n``, the true label
   and the family in an ``.npz`` under ``/tmp``. The cache is keyed by the sources of the
   features, the classifier and the suite, and by the sizes, reps and seed; it is rebuilt
   when any of them changes (or with ``--rebuild``).
2. **Evaluate.** For every setting the module constants are patched (and the lru caches of
   ``_factors`` and ``_broad_factors`` cleared, as they depend on ``NU`` and
   ``DISCREPANCY``), and the posterior of every cached draw is computed at once: a
   vectorised copy of :func:`_likelihood.posterior` over the draws that share ``n`` and the
   pattern of finite features. A few draws per setting are checked against the scalar
   ``posterior`` (and the baseline against the cached ``classify`` probabilities when the
   calibration table has not changed since the cache was built).
3. **Report.** Per setting: heavy-vs-not and three-way accuracy on the non-hard cases at
   each n, the Brier score (non-hard), the largest reliability gap over bins with at least
   100 predictions (``accuracy.reliability``: every label's probability pooled, bins of
   0.1; over all n and per n), the worst non-hard family's mean P(true label), and the
   heavy-flag false-discovery proportion and power at n = 10^4 (1000 non-heavy draws + 10
   non-hard heavy draws resampled from the cache, ``heavy_flags(p, 0.05)`` of
   ``benchmarks/_eb_flags.py``: the empirical-Bayes rule on P(heavy) the package used before
   stop 49, not the shipped p-value rule, whose null the tuner does not rebuild; averaged
   over 20 resamplings that are the same for every setting). The defaults come first. The best
   settings get a family-level paired bootstrap of their accuracy gain over the defaults
   (how much of it is the luck of which families are in the suite), and the families that
   are confidently wrong (mean P(true) < 0.2) are listed with what they are taken for.
   ``labelgap_heavy`` / ``_light`` / ``_bounded``: the largest gap of one label's probability
   alone at any n (stop 63: pooled, an over-stated P(heavy) and under-confident light and
   bounded probabilities cancelled); not in the objective.
4. **Between the members** (``loo_*`` columns; ``--no-loo`` skips them): three-way
   accuracy and reliability gaps on 200 exact draws of every library member at each size,
   each classified with its own member left out (``benchmarks/_loo.py``). The tuning suite
   alone under-states over-confidence between library members: in stop 19 it put the
   largest gap at 0.06 while these draws put it at 0.20 (at n = 10^5) and 0.13 (at 10^4),
   the same mid-range over-confidence the validation suite showed at 10^4. The objective
   penalises the larger of the two gaps.

Run: ``python benchmarks/tune.py [--reps 60] [--sizes 10000 100000]
[--grid default|small|full|none] [--set TEMPER=0.8,NU=10 ...] [--seed 0] [--jobs 1]
[--cache /tmp/tailstat_tune_cache.npz] [--rebuild] [--no-loo] [--out DIR]`` (writes
``tuning.md`` and ``tuning.csv`` to ``--out``: by default ``reports/`` for the default grid
alone, the published run, and ``/tmp/tailstat_tune`` for any other grid or ``--set``).
The cache takes about 2-3 minutes on one core, each setting about a quarter of a second on
the suite and 10-20 s on the leave-one-out draws.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._eb_flags import heavy_flags  # noqa: E402
from benchmarks._loo import DEFAULT_LOO, build_loo, loo_probabilities, loo_scores  # noqa: E402
from benchmarks._markdown import markdown_table  # noqa: E402
from benchmarks._tune_cache import (  # noqa: E402
    DEFAULT_CACHE,
    DEFAULT_REPS,
    DEFAULT_SIZES,
    LABELS,
    build_cache,
    calibration_key,
    check_against_scalar,
    label_probabilities,
    patched,
)
from benchmarks.accuracy import reliability  # noqa: E402
from benchmarks.tuning_suite import FAMILIES  # noqa: E402
from tailstat.classification import _likelihood as L  # noqa: E402
from tailstat.classification._features import FEATURES  # noqa: E402

HYPER = ("NU", "TEMPER", "TEMPER_SMALL", "UNIFORM_MIX", "P_TOP_COMPONENT", "DISCREPANCY",
         "SPAN_DISCREPANCY")
FDR_N = 10_000


# --------------------------------------------------------------------------------------------
# 3. metrics
# --------------------------------------------------------------------------------------------

class Scorer:
    """The metrics of one setting from its label probabilities (fixed resamplings)."""

    def __init__(self, cache: dict[str, np.ndarray], seed: int, fdr_reps: int = 20,
                 light: int = 1000, heavy: int = 10) -> None:
        self.c = cache
        self.keep = ~cache["failed"]
        self.sizes = sorted({int(v) for v in cache["n"]})
        self.truth = cache["truth"]
        self.fam = cache["fam"]
        # the FDP resamplings: family uniformly, then one of its draws (same for all settings)
        self.fdr_sets: list[tuple[np.ndarray, np.ndarray]] = []
        at = self.keep & (cache["n"] == FDR_N)
        if at.any():
            light_f = [np.flatnonzero(at & (self.fam == fi)) for fi in range(len(FAMILIES))
                       if FAMILIES[fi].label != "heavy"]
            heavy_f = [np.flatnonzero(at & (self.fam == fi)) for fi in range(len(FAMILIES))
                       if FAMILIES[fi].label == "heavy" and not FAMILIES[fi].hard(FDR_N)]
            light_f = [v for v in light_f if v.size]
            heavy_f = [v for v in heavy_f if v.size]
            for r in range(fdr_reps):
                g = np.random.default_rng([seed, 99, r])
                pick = [light_f[j][g.integers(light_f[j].size)]
                        for j in g.integers(len(light_f), size=light)]
                pick_h = [heavy_f[j][g.integers(heavy_f[j].size)]
                          for j in g.integers(len(heavy_f), size=heavy)]
                self.fdr_sets.append((np.array(pick), np.array(pick_h)))

    def frame(self, probs: np.ndarray) -> pd.DataFrame:
        keep = self.keep
        df = pd.DataFrame({f"p_{lab}": probs[keep, j] for j, lab in enumerate(LABELS)})
        df["truth"] = np.array(LABELS)[self.truth[keep]]
        df["n"] = self.c["n"][keep]
        df["hard"] = self.c["hard"][keep]
        df["family"] = np.array([f.name for f in FAMILIES])[self.fam[keep]]
        df["label"] = np.array(LABELS)[np.argmax(probs[keep], axis=1)]
        df["p_true"] = probs[keep][np.arange(keep.sum()), self.truth[keep]]
        return df

    def false_flags(self, probs: np.ndarray) -> pd.Series:
        """False heavy flags per family, summed over the FDP resamplings."""
        names = np.array([f.name for f in FAMILIES])
        hits: list[str] = []
        for light_i, heavy_i in self.fdr_sets:
            p = np.concatenate([probs[light_i, 0], probs[heavy_i, 0]])
            flags = heavy_flags(p, 0.05)[: light_i.size]
            hits += list(names[self.fam[light_i[flags]]])
        return pd.Series(hits, dtype=object).value_counts().rename("false_flags")

    def score(self, probs: np.ndarray) -> dict[str, Any]:
        df = self.frame(probs)
        out: dict[str, Any] = {}
        worst_p, worst_name = np.inf, ""
        for n in self.sizes:
            g = df[(df.n == n) & ~df.hard]
            tag = f"{n:.0e}".replace("+0", "")
            out[f"heavy_{tag}"] = float(((g.label == "heavy") == (g.truth == "heavy")).mean())
            out[f"three_{tag}"] = float((g.label == g.truth).mean())
            brier = sum((g[f"p_{lab}"] - (g.truth == lab)) ** 2 for lab in LABELS)
            out[f"brier_{tag}"] = float(brier.mean())
            fam = g.groupby("family").p_true.mean()
            if fam.min() < worst_p:
                worst_p, worst_name = float(fam.min()), f"{fam.idxmin()} @ {tag}"
            out[f"relgap_{tag}"] = _max_gap(df[df.n == n])
        out["relgap_all"] = _max_gap(df)
        out["relgap_max"] = max(out[k] for k in out if k.startswith("relgap_")
                                and not np.isnan(out[k]))
        for lab in LABELS:  # one label's probability alone, the largest gap at any n (stop
            # 63: pooled over labels, an over-stated P(heavy) and under-confident light and
            # bounded probabilities met in the same bins and cancelled)
            gaps = [label_gap(df[df.n == n], lab) for n in self.sizes]
            out[f"labelgap_{lab}"] = float(np.nanmax(gaps)) if not np.all(np.isnan(gaps)) \
                else np.nan
        out["worst_p_true"] = worst_p
        out["worst_family"] = worst_name
        fdp, power = [], []
        for light_i, heavy_i in self.fdr_sets:
            p = np.concatenate([probs[light_i, 0], probs[heavy_i, 0]])
            flags = heavy_flags(p, 0.05)
            false = int(flags[: light_i.size].sum())
            fdp.append(false / max(1, int(flags.sum())))
            power.append(flags[light_i.size:].sum() / heavy_i.size)
        out["fdp"] = float(np.mean(fdp)) if fdp else np.nan
        out["power"] = float(np.mean(power)) if power else np.nan
        return out


def label_gap(df: pd.DataFrame, label: str, min_bin: int = 100) -> float:
    """The largest |mean P(label) - share of that label| over the bins of width 0.1 of
    P(label) holding at least ``min_bin`` draws (NaN when none does)."""
    return _max_gap(df, min_bin, labels=(label,))


def _max_gap(df: pd.DataFrame, min_bin: int = 100,
             labels: tuple[str, ...] = LABELS) -> float:
    rel = reliability(df, min_bin=min_bin, labels=labels)
    big = rel[rel["count"] >= min_bin]
    return float(big.abs_diff.max()) if len(big) else np.nan


def objective(row: dict[str, Any], sizes: list[int]) -> float:
    """A summary for ranking (higher is better): mean accuracy minus target violations.

    Mean of the heavy-vs-not and three-way accuracies over the sizes, minus twice the excess of
    the largest reliability gap (pooled over n, or at one n; on the tuning suite or on the
    leave-one-member-out library draws) over 0.07, the excess of the FDP
    over 0.05, half the shortfall of the flags' power below 0.9 (no flags at all has FDP 0)
    and the shortfall of the worst family's mean P(true) below 0.1. The weights are a
    convention; the table shows every metric.
    """
    tags = [f"{n:.0e}".replace("+0", "") for n in sizes]
    acc = np.mean([row[f"heavy_{t}"] for t in tags] + [row[f"three_{t}"] for t in tags])
    fdp = 0.0 if np.isnan(row["fdp"]) else row["fdp"]
    power = 1.0 if np.isnan(row["power"]) else row["power"]
    relgap = max(row["relgap_max"], row.get("loo_relgap_max", 0.0))
    pen = (2 * max(0.0, relgap - 0.07) + max(0.0, fdp - 0.05)
           + 0.5 * max(0.0, 0.9 - power) + max(0.0, 0.1 - row["worst_p_true"]))
    return float(acc - pen)


# --------------------------------------------------------------------------------------------
# the grid
# --------------------------------------------------------------------------------------------

def defaults() -> dict[str, float]:
    return {"NU": float(L.NU), "TEMPER": float(L.TEMPER), "TEMPER_SMALL": float(L.TEMPER_SMALL),
            "UNIFORM_MIX": float(L.UNIFORM_MIX),
            "P_TOP_COMPONENT": float(L.P_TOP_COMPONENT),
            "DISCREPANCY": float(np.mean(L.DISCREPANCY)),
            "SPAN_DISCREPANCY": float(L.SPAN_DISCREPANCY)}


def parse_setting(text: str) -> dict[str, float]:
    """``"TEMPER=0.8,DISCREPANCY=0.06"`` -> the defaults with those values."""
    out = defaults()
    for part in text.split(","):
        k, v = part.split("=")
        k = k.strip().upper()
        if k not in HYPER:
            raise SystemExit(f"unknown hyperparameter {k!r}; one of {', '.join(HYPER)}")
        out[k] = float(v)
    return out


def grid(kind: str) -> list[dict[str, float]]:
    """The settings to score, defaults first (``small``: one at a time only)."""
    base = defaults()
    if kind == "none":
        return [base]
    one = {"NU": [3, 4, 8, 15, 30], "TEMPER": [0.8, 1.0, 1.2, 1.6, 1.8, 2.0],
           "TEMPER_SMALL": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15],
           "UNIFORM_MIX": [0.01, 0.02, 0.05, 0.08], "P_TOP_COMPONENT": [0.1, 0.25, 0.75, 0.9],
           "DISCREPANCY": [0.0, 0.01, 0.02, 0.05, 0.08, 0.12, 0.16, 0.2, 0.25],
           "SPAN_DISCREPANCY": [0.02, 0.04, 0.12, 0.16, 0.25, 0.4]}
    out = [base]
    for k, vals in one.items():
        out += [{**base, k: float(v)} for v in vals]
    if kind in ("default", "full"):
        joint: dict[str, list[float]] = (
            {"TEMPER": [1.2, 1.4, 1.6, 1.8], "DISCREPANCY": [0.1, 0.14, 0.17, 0.2],
             "NU": [8, 15, 30]}
            if kind == "default" else
            {"TEMPER": [0.5, 0.65, 0.8, 1.0], "DISCREPANCY": [0.02, 0.04, 0.07, 0.1],
             "NU": [3, 5, 10, 30], "UNIFORM_MIX": [0.01, 0.03, 0.05],
             "P_TOP_COMPONENT": [0.25, 0.5, 0.75]})
        for vals in itertools.product(*joint.values()):
            out.append({**base, **dict(zip(joint, map(float, vals), strict=True))})
    seen, uniq = set(), []
    for s in out:
        key = tuple(round(s[k], 6) for k in HYPER)
        if key not in seen:
            seen.add(key)
            uniq.append(s)
    return uniq


def _label(s: dict[str, float]) -> str:
    base = defaults()
    diff = [f"{k.lower()}={s[k]:g}" for k in HYPER if not math.isclose(s[k], base[k])]
    return ", ".join(diff) or "defaults"


# --------------------------------------------------------------------------------------------
# diagnostics: bootstrap over families, confidently wrong families
# --------------------------------------------------------------------------------------------

def bootstrap_gain(sc: Scorer, p_new: np.ndarray, p_base: np.ndarray, draws: int = 2000,
                   seed: int = 0) -> pd.DataFrame:
    """Family-level paired bootstrap of the accuracy gain of ``p_new`` over ``p_base``."""
    a, b = sc.frame(p_new), sc.frame(p_base)
    rows = []
    rng = np.random.default_rng(seed)
    for n in sc.sizes:
        sel = (a.n == n) & ~a.hard
        for metric in ("heavy", "three"):
            if metric == "heavy":
                ga = ((a.label == "heavy") == (a.truth == "heavy"))[sel]
                gb = ((b.label == "heavy") == (b.truth == "heavy"))[sel]
            else:
                ga, gb = (a.label == a.truth)[sel], (b.label == b.truth)[sel]
            fam = a.family[sel]
            per = pd.DataFrame({"d": ga.astype(float) - gb.astype(float), "fam": fam,
                                "one": 1.0}).groupby("fam")[["d", "one"]].sum()
            d, cnt = per.d.to_numpy(), per.one.to_numpy()
            idx = rng.integers(len(d), size=(draws, len(d)))
            boot = d[idx].sum(axis=1) / cnt[idx].sum(axis=1)
            rows.append({"n": n, "metric": metric, "gain": d.sum() / cnt.sum(),
                         "lo_5%": float(np.quantile(boot, 0.05)),
                         "hi_95%": float(np.quantile(boot, 0.95)),
                         "families_better": int((d > 0).sum()),
                         "families_worse": int((d < 0).sum())})
    return pd.DataFrame(rows)


def per_family(sc: Scorer, probs: np.ndarray, members: np.ndarray) -> pd.DataFrame:
    """Mean probabilities per family and n, the nearest library member, key feature means."""
    df = sc.frame(probs)
    keep = sc.keep
    names = np.array(L.table().names)
    df["nearest"] = names[np.argmax(members[keep], axis=1)]
    for j, feat in enumerate(FEATURES):
        if feat in ("xi_moment_deep", "xi_moment", "log_theta", "xi_moment_top"):
            df[feat] = sc.c["f"][keep, j]
    df["xi_local_top"] = sc.c["t"][keep, 0]
    df["correct"] = df.label == df.truth
    kinds = {f.name: f.kind for f in FAMILIES}
    out = (df.groupby(["family", "truth", "n", "hard"], sort=False)
           .agg(mean_p_true=("p_true", "mean"), acc=("correct", "mean"),
                p_heavy=("p_heavy", "mean"), p_light=("p_light", "mean"),
                p_bounded=("p_bounded", "mean"),
                nearest=("nearest", lambda s: s.value_counts().index[0]),
                xi_deep=("xi_moment_deep", "mean"), xi=("xi_moment", "mean"),
                log_theta=("log_theta", "mean"), xi_top=("xi_moment_top", "mean"),
                xi_local_top=("xi_local_top", "mean"))
           .reset_index())
    out.insert(1, "kind", out.family.map(kinds))
    return out


# --------------------------------------------------------------------------------------------

def out_dir(given: Path | None, grid_kind: str, sets: list[str]) -> Path:
    """Where the report goes: ``given``, else ``reports/`` for the default grid alone (the
    published run the README cites) and ``/tmp/tailstat_tune`` for anything else (a quick
    ``--grid none --set ...`` had overwritten the published report)."""
    if given is not None:
        return given
    return ROOT / "reports" if grid_kind == "default" and not sets else Path("/tmp/tailstat_tune")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=DEFAULT_REPS)
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--grid", choices=("default", "small", "full", "none"), default="default")
    ap.add_argument("--set", action="append", default=[], metavar="K=V,K=V",
                    help="an extra setting to score (repeatable), e.g. TEMPER=0.8,NU=10")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-loo", dest="loo", action="store_false",
                    help="skip the leave-one-member-out library draws (benchmarks/_loo.py)")
    ap.add_argument("--loo-cache", type=Path, default=DEFAULT_LOO)
    ap.add_argument("--top", type=int, default=3, help="settings that get a bootstrap")
    ap.add_argument("--out", type=Path, default=None,
                    help="where tuning.md and tuning.csv go (default: reports/ for the "
                         "default grid, which the README cites; /tmp/tailstat_tune for any "
                         "other, so a quick look never overwrites the published run)")
    args = ap.parse_args()
    args.out = out_dir(args.out, args.grid, args.set)

    t0 = time.perf_counter()
    cache = build_cache(args.cache, args.sizes, args.reps, args.seed, args.jobs, args.rebuild)
    loo = build_loo(args.loo_cache, args.sizes) if args.loo else None
    t_cache = time.perf_counter() - t0
    sizes = sorted({int(v) for v in cache["n"]})
    n_failed = int(cache["failed"].sum())
    sc = Scorer(cache, args.seed)
    rng = np.random.default_rng([args.seed, 7])

    # the baseline reproduces classify exactly when the calibration has not changed
    p_base, _ = label_probabilities(cache)
    same_table = str(cache["calibration"]) == calibration_key()
    if same_table:
        ok = ~cache["failed"]
        diff = float(np.max(np.abs(p_base[ok] - cache["p"][ok])))
        print(f"baseline vs cached classify probabilities: max |diff| = {diff:.2e}")
        if diff > 1e-8:
            raise SystemExit("the vectorised posterior does not reproduce classify")
    else:
        print("calibration or posterior constants changed since the cache was built: "
              "checking against the scalar posterior only")

    rows = []
    t1 = time.perf_counter()
    settings = grid(args.grid) + [parse_setting(t) for t in args.set]
    results: dict[int, np.ndarray] = {}
    for i, s in enumerate(settings):
        with patched(**s):
            probs, _ = label_probabilities(cache)
            err = check_against_scalar(cache, probs, rng)
            scores = sc.score(probs)  # the flags read the setting's UNIFORM_MIX too
        if err > 1e-8:
            raise SystemExit(f"setting {s}: vectorised posterior differs by {err:.2e}")
        results[i] = probs
        row = {"setting": _label(s), **s, **scores}
        if loo is not None:
            with patched(**s):
                row.update(loo_scores(loo, loo_probabilities(loo)))
        row["objective"] = objective(row, sizes)
        rows.append(row)
        tags = [f"{n:.0e}".replace("+0", "") for n in sizes]
        accs = "  ".join(f"{row[f'heavy_{t}']:.3f}/{row[f'three_{t}']:.3f}" for t in tags)
        print(f"[{i:3d}] {row['setting']:<48} {accs}  rel {row['relgap_max']:.3f}  "
              f"loo rel {row.get('loo_relgap_max', np.nan):.3f}  "
              f"worst {row['worst_p_true']:.3f}  fdp {row['fdp']:.3f}  "
              f"obj {row['objective']:.4f}", flush=True)
    t_grid = time.perf_counter() - t1
    res = pd.DataFrame(rows)
    best = res.iloc[1:].sort_values("objective", ascending=False).head(args.top)

    cols = ["setting"] + [c for c in res.columns if c.startswith(("heavy_", "three_"))] + \
        ["relgap_max", "relgap_all"] + [c for c in res.columns if c.startswith("relgap_1e")] + \
        [f"labelgap_{lab}" for lab in LABELS] + \
        [c for c in res.columns if c.startswith("loo_")] + \
        ["worst_p_true", "worst_family", "fdp", "power"] + \
        [c for c in res.columns if c.startswith("brier_")] + ["objective"]
    base = ", ".join(f"{k} = {v:g}" for k, v in defaults().items())
    lines = ["# tailstat.classify: hyperparameters on the tuning suite", "",
             f"Defaults (the constants shipped when this was run; every other row is named by "
             f"what it changes): {base}.", "",
             f"{len(FAMILIES)} tuning families (benchmarks/tuning_suite.py; disjoint from the "
             f"library and the validation suite), sizes {sizes}, {args.reps} draws each, "
             f"seed {args.seed}; {n_failed} draws classify refused (DataError) are left out. "
             f"Cache built or read in {t_cache:.0f} s, {len(settings)} settings in {t_grid:.0f} s. "
             "Accuracies and Brier on the non-hard cases; reliability gap = largest "
             "|mean predicted - observed| over bins with >= 100 predictions (every label's "
             "probability pooled; relgap_all over both n, relgap_1eX at one n, relgap_max the "
             "largest of them); FDP and power of the empirical-Bayes heavy_flags(P(heavy), "
             "0.05) of benchmarks/_eb_flags.py (not the shipped p-value rule) at n = 10^4 "
             "(1000 non-heavy + 10 heavy draws, 20 resamplings); objective = mean accuracy "
             "minus target violations (see `objective`).", "",
             "## Defaults (baseline)", "", markdown_table(res.iloc[[0]][cols]), "",
             f"## Best {args.top} by objective", "", markdown_table(best[cols]), "",
             "## Best 5 by Brier score (mean over n)", "",
             markdown_table(res.assign(_b=res[[c for c in res.columns
                                               if c.startswith("brier_")]].mean(axis=1))
                            .sort_values("_b").head(5)[cols]), "",
             "## Every setting", "", markdown_table(res[cols])]
    # the --set settings get a bootstrap too, when there are only a few of them
    extra = list(range(len(settings) - len(args.set), len(settings))) \
        if len(args.set) <= 3 else []
    for i in dict.fromkeys([*best.index, *extra]):
        lines += ["", f"### Family-level bootstrap of the gain: {res.setting[i]}", "",
                  markdown_table(bootstrap_gain(sc, results[i], p_base, seed=args.seed))]
    shown = [("defaults", 0)] + [(f"best by objective: {res.setting[i]}", i)
                                 for i in best.index[:1]]
    shown += [(f"--set {res.setting[i]}", i) for i in extra if i not in best.index[:1]]
    for title, i in shown:
        with patched(**settings[i]):
            probs, members = label_probabilities(cache)
            ff = sc.false_flags(probs)
        fam = per_family(sc, probs, members)
        lines += ["", f"## False heavy flags by family over the {len(sc.fdr_sets)} resamplings, "
                  f"{title}", "", markdown_table(ff.reset_index().rename(
                      columns={"index": "family"})) if len(ff) else "none"]
        wrong = fam[(fam.mean_p_true < 0.2) & ~fam.hard]
        lines += ["", f"## Confidently wrong families (mean P(true) < 0.2, non-hard), {title}",
                  "", markdown_table(wrong) if len(wrong) else "none"]
        if i == 0:
            lines += ["", "## Per family (defaults)", "", markdown_table(fam)]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "tuning.md").write_text(text)
    res.to_csv(args.out / "tuning.csv", index=False)
    print(text)
    print(f"wrote {args.out / 'tuning.md'} and {args.out / 'tuning.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

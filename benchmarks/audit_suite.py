"""A second out-of-sample suite for tailstat.classify: 51 families chosen by an independent
reviewer (stop 24), none of them a library member, a tuning-suite or validation-suite family
up to location and scale (``disjoint``: the quantile-curve distance, fitted up to location
and scale, to every family of the library and of both suites; the reviewer replaced eight
first choices that came within 0.25%). Other parameters of their families are not excluded
(a review, stop 62: poisson(8) beside the validation suite's poisson(20), beta(5, 1.3),
beta(1.5, 2.5) and beta(2, 4) beside the library's Beta members).

Usage:
    python benchmarks/audit_suite.py run --n 10000 --reps 40    # -> results_10000.csv
    python benchmarks/audit_suite.py run --n 100000 --reps 20   # -> results_100000.csv
    (files in reports/audit_suite/, or --out DIR)
    python benchmarks/audit_suite.py summary                    # -> reports/audit_suite/summary.md
    python benchmarks/audit_suite.py invariance                 # x vs 3x+7, permuted x
    python benchmarks/audit_suite.py disjoint --draws 400000    # -> reports/audit_suite/disjoint.md

Truth labels follow the MGF definition: heavy = E exp(tX) = inf for every t > 0; light =
finite for some t > 0 with unbounded support; bounded = finite upper endpoint.

"hard" rules (fixed before any result was seen):
  * contamination: fewer than 100 expected heavy values (eps * n < 100), as the validation
    suite's;
  * boundary tails: lognormal-type sigma < 0.75, Weibull-type shape in (0.75, 1.25),
    power law with alpha > 5 (xi < 0.2), bounded with xi > -0.3, tempered power laws whose
    cut-off lies beyond the bulk of the sample, tails lighter than any Weibull (theta -> 0);
  * clipping / saturation invisible at n: fewer than 10 values expected at the ceiling.

A sample the classifier refuses (a DataError, e.g. scores on fewer than 5 levels at the top)
counts as wrong in the accuracies and is listed apart.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reports" / "audit_suite"
sys.path.insert(0, str(ROOT))
# the samplers the validation suite uses: a finite mixture, a normal, a scipy law
from benchmarks.validation_suite import _mixture as mixture  # noqa: E402
from benchmarks.validation_suite import _norm as norm  # noqa: E402
from benchmarks.validation_suite import _scipy as sp  # noqa: E402

LABELS = ("heavy", "light", "bounded")
SEED = 424242
Draw = Callable[[np.random.Generator, int], np.ndarray]


@dataclass(frozen=True)
class Fam:
    name: str
    kind: str
    truth: str
    draw: Draw
    eps: float | None = None          # weight of a heavy component (contamination)
    always_hard: bool = False
    ceiling_frac: float | None = None  # expected fraction of the sample at a clip/truncation
    why_hard: str = ""

    def hard(self, n: int) -> bool:
        if self.always_hard:
            return True
        if self.eps is not None and self.eps * n < 100:
            return True
        if self.ceiling_frac is not None and self.ceiling_frac * n < 10:
            return True
        return False


# ---------------------------------------------------------------- helpers
def contaminate(body: Draw, heavy: Draw, eps: float) -> Draw:
    def d(r, n):
        x = body(r, n)
        hit = r.random(n) < eps
        x[hit] = heavy(r, int(hit.sum()))
        return x
    return d


def scaled(f: Draw, s: float) -> Draw:
    return lambda r, n: s * f(r, n)


def nct(df, nc) -> Draw:  # noncentral t
    return lambda r, n: (r.normal(size=n) + nc) / np.sqrt(r.chisquare(df, n) / df)


def best_of(f: Draw, k: int) -> Draw:
    return lambda r, n: f(r, n * k).reshape(n, k).max(axis=1)


def softplus(z):
    return np.logaddexp(0.0, z)


def gauss_tempered_lomax(alpha: float, cutoff: float) -> Draw:
    """density prop. to (1+x)^(-1-alpha) exp(-(x/cutoff)^2): light, hard (tempered power law)."""
    def d(r, n):
        out = np.empty(0)
        while out.size < n:
            x = r.pareto(alpha, 2 * (n - out.size) + 64)
            keep = r.random(x.size) < np.exp(-(x / cutoff) ** 2)
            out = np.concatenate([out, x[keep]])
        return out[:n]
    return d


def trunc_expon(b: float) -> Draw:
    return lambda r, n: -np.log1p(-r.random(n) * (-np.expm1(-b)))


def clip_q(dist, q: float) -> Draw:
    top = float(dist.ppf(q))
    return lambda r, n: np.minimum(np.asarray(dist.rvs(size=n, random_state=r), float), top)


min_gumbel = lambda r, n: -r.gumbel(size=n)  # noqa: E731  upper tail exp(-e^x)

FAMILIES: list[Fam] = [
    # ======================= HEAVY =======================
    Fam("N(0,1) + 1.5% half-cauchy x0.5", "contamination", "heavy",
        contaminate(norm(), lambda r, n: 0.5 * np.abs(r.standard_cauchy(n)), 0.015), eps=0.015),
    Fam("gennorm(1.5) + 2% loglogistic(1.8) x2", "contamination", "heavy",
        contaminate(sp(stats.gennorm(1.5)), scaled(sp(stats.fisk(1.8)), 2.0), 0.02), eps=0.02),
    Fam("0.6 N + 0.4 N(2,0.6) + 0.4% frechet(1.2) x3", "contamination", "heavy",
        contaminate(mixture([(0.6, norm()), (0.4, norm(2, 0.6))]),
                    scaled(sp(stats.invweibull(1.2)), 3.0), 0.004), eps=0.004),
    Fam("min-gumbel + 1.5% lognormal(1.3) x2", "contamination", "heavy",
        contaminate(min_gumbel, lambda r, n: 2 * r.lognormal(0, 1.3, n), 0.015), eps=0.015),
    Fam("beta(5,2) + 1% burr12(4,0.4)", "contamination", "heavy",
        contaminate(lambda r, n: r.beta(5, 2, n), sp(stats.burr12(4.0, 0.4)), 0.01), eps=0.01),
    Fam("hypsecant + 0.3% pareto(0.9) x5", "contamination", "heavy",
        contaminate(sp(stats.hypsecant()), lambda r, n: 5 * (r.pareto(0.9, n) + 1), 0.003),
        eps=0.003),
    Fam("noncentral t(2.5, nc=1)", "classic", "heavy", nct(2.5, 1.0)),
    Fam("N(0,1)*exp(N(0,1)) stoch. volatility", "classic", "heavy",
        lambda r, n: r.normal(size=n) * np.exp(r.normal(size=n))),
    Fam("log-laplace exp(0.4 laplace)", "classic", "heavy",
        lambda r, n: np.exp(0.4 * r.laplace(size=n))),
    Fam("zipf(2.2) counts", "discretised", "heavy", lambda r, n: r.zipf(2.2, n).astype(float)),
    Fam("best-of-8 of t(4)", "classic", "heavy", best_of(lambda r, n: r.standard_t(4, n), 8)),
    Fam("lognormal(1.1) - gamma(3)", "difference", "heavy",
        lambda r, n: r.lognormal(0, 1.1, n) - r.gamma(3, size=n)),
    Fam("softplus(3 t(3.5))", "squashing", "heavy",
        lambda r, n: softplus(3 * r.standard_t(3.5, n))),
    Fam("loglogistic(3.5) rounded to 0.25", "discretised", "heavy",
        lambda r, n: np.round(sp(stats.fisk(3.5))(r, n) * 4) / 4),
    Fam("weibull(0.6) - weibull(0.6)", "difference", "heavy",
        lambda r, n: r.weibull(0.6, n) - r.weibull(0.6, n)),
    Fam("weibull(0.85) [boundary]", "classic", "heavy", lambda r, n: r.weibull(0.85, n),
        always_hard=True, why_hard="Weibull shape near 1"),
    Fam("lognormal(0.35) [boundary]", "classic", "heavy", lambda r, n: r.lognormal(0, 0.35, n),
        always_hard=True, why_hard="lognormal sigma < 0.75"),
    Fam("0.5 N(0,1) + 0.5 t(7) [boundary]", "mixture", "heavy",
        mixture([(0.5, norm()), (0.5, lambda r, n: r.standard_t(7, n))]),
        always_hard=True, why_hard="power law alpha = 7 > 5"),
    # ======================= LIGHT =======================
    Fam("gennorm(1.25)", "classic", "light", sp(stats.gennorm(1.25))),
    Fam("hyperbolic secant", "classic", "light", sp(stats.hypsecant())),
    Fam("noncentral chi2(1, 4)", "classic", "light", lambda r, n: r.noncentral_chisquare(1, 4, n)),
    Fam("skew-normal(-3) left-skewed", "classic", "light", sp(stats.skewnorm(-3.0))),
    Fam("N*N product", "classic", "light", lambda r, n: r.normal(size=n) * r.normal(size=n)),
    Fam("generalised logistic I (0.3)", "classic", "light", sp(stats.genlogistic(0.3))),
    Fam("best-of-4 of N(0,1) + N(0,0.5) judge noise", "classic", "light",
        lambda r, n: best_of(norm(), 4)(r, n) + r.normal(0, 0.5, n)),
    Fam("poisson(8) counts", "discretised", "light", lambda r, n: r.poisson(8, n).astype(float)),
    Fam("negbin(5, 0.3) counts", "discretised", "light",
        lambda r, n: r.negative_binomial(5, 0.3, n).astype(float)),
    Fam("skellam(10, 3) margins", "difference", "light",
        lambda r, n: (r.poisson(10, n) - r.poisson(3, n)).astype(float)),
    Fam("N(0,1) rounded to 0.25", "discretised", "light",
        lambda r, n: np.round(r.normal(size=n) * 4) / 4),
    Fam("gamma(3) - lognormal(1)", "difference", "light",
        lambda r, n: r.gamma(3, size=n) - r.lognormal(0, 1, n)),
    Fam("softplus(N(0,2))", "squashing", "light", lambda r, n: softplus(r.normal(0, 2, n))),
    Fam("0.75 N(0,1) + 0.25 N(1.2,1.5) wide top", "mixture", "light",
        mixture([(0.75, norm()), (0.25, norm(1.2, 1.5))])),
    Fam("0.6 logistic + 0.3 N(2,0.5) + 0.1 N(3.5,0.25)", "mixture", "light",
        mixture([(0.6, lambda r, n: r.logistic(size=n)), (0.3, norm(2, 0.5)),
                 (0.1, norm(3.5, 0.25))])),
    Fam("min(N,1.5) + N(0,0.05) jittered ceiling", "saturation", "light",
        lambda r, n: np.minimum(r.normal(size=n), 1.5) + r.normal(0, 0.05, n)),
    Fam("min-gumbel (log of exponential) [boundary]", "classic", "light", min_gumbel,
        always_hard=True, why_hard="tail exp(-e^x), lighter than any Weibull (theta->0)"),
    Fam("lomax(1.2) gaussian cut-off 300 [tempered]", "classic", "light",
        gauss_tempered_lomax(1.2, 300.0), always_hard=True,
        why_hard="tempered power law, cut-off beyond the bulk"),
    Fam("weibull(1.1) [boundary]", "classic", "light", lambda r, n: r.weibull(1.1, n),
        always_hard=True, why_hard="Weibull shape near 1"),
    # ======================= BOUNDED =======================
    Fam("beta(5,1.3)", "classic", "bounded", lambda r, n: r.beta(5, 1.3, n)),
    Fam("beta(1.5,2.5)", "classic", "bounded", lambda r, n: r.beta(1.5, 2.5, n)),
    Fam("beta(2,4) [xi=-0.25]", "classic", "bounded", lambda r, n: r.beta(2, 4, n),
        always_hard=True, why_hard="bounded with xi = -0.25 > -0.3"),
    Fam("raised cosine", "classic", "bounded", sp(stats.cosine())),
    Fam("GEV(xi=-0.4)", "classic", "bounded", sp(stats.genextreme(0.4))),
    Fam("arctan(0.5 cauchy)", "squashing", "bounded",
        lambda r, n: np.arctan(0.5 * r.standard_cauchy(n))),
    Fam("arctan(2 t(6)) [xi=-1/6]", "squashing", "bounded",
        lambda r, n: np.arctan(2 * r.standard_t(6, n)), always_hard=True,
        why_hard="bounded with xi = -1/6 > -0.3"),
    Fam("1 - exp(-gamma(2))", "squashing", "bounded", lambda r, n: -np.expm1(-r.gamma(2, size=n))),
    Fam("tanh(N/2 + 0.15 t(2))", "squashing", "bounded",
        lambda r, n: np.tanh(0.5 * r.normal(size=n) + 0.15 * r.standard_t(2, n))),
    Fam("skew-normal(4) clipped at 99.8%", "saturation", "bounded",
        clip_q(stats.skewnorm(4.0), 0.998), ceiling_frac=0.002),
    Fam("lognormal(1) clipped at 99.95%", "saturation", "bounded",
        clip_q(stats.lognorm(1.0), 0.9995), ceiling_frac=0.0005),
    Fam("exponential truncated at 99.5% quantile", "classic", "bounded",
        trunc_expon(-np.log(0.005))),
    Fam("0.9 beta(2,5) + 0.1 uniform(0.8,1)", "mixture", "bounded",
        mixture([(0.9, lambda r, n: r.beta(2, 5, n)), (0.1, lambda r, n: r.uniform(0.8, 1, n))])),
    Fam("binomial(10, 0.7) rubric", "discretised", "bounded",
        lambda r, n: r.binomial(10, 0.7, n).astype(float)),
]
BY_NAME = {f.name: f for f in FAMILIES}
assert len(BY_NAME) == len(FAMILIES)


def fam_seed(name: str) -> int:
    return zlib.crc32(name.encode())


def classify(x):
    import tailstat as ts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ts.classify(x)


# ---------------------------------------------------------------- run
def run(n: int, reps: int, only: list[str] | None = None) -> pd.DataFrame:
    import tailstat as ts
    rows = []
    for f in FAMILIES:
        if only and f.name not in only:
            continue
        rng = np.random.default_rng([SEED, fam_seed(f.name), n])
        for rep in range(reps):
            x = f.draw(rng, n)
            loc = rng.uniform(-100, 100)
            scale = 10 ** rng.uniform(-2, 2)
            x = loc + scale * x
            t0 = time.perf_counter()
            row = {"family": f.name, "kind": f.kind, "truth": f.truth, "hard": f.hard(n),
                   "n": n, "rep": rep, "loc": loc, "scale": scale}
            try:
                c = classify(x)
                row.update(label=c.label, subtype=c.subtype, pattern=c.pattern,
                           **{f"p_{lab}": c.probabilities[lab] for lab in LABELS},
                           error="", xi=c.xi, theta=c.theta,
                           nearest=next(iter(c.nearest), ""))  # (none: saturated)
            except ts.DataError as e:
                row.update(label="ERROR", subtype="", pattern="",
                           **{f"p_{lab}": np.nan for lab in LABELS}, error=str(e)[:120])
            row["seconds"] = time.perf_counter() - t0
            rows.append(row)
        g = pd.DataFrame([r for r in rows if r["family"] == f.name])
        print(f"{f.name:<48} {f.truth:<8} acc={np.mean(g.label == f.truth):.2f} "
              f"labels={dict(g.label.value_counts())}", flush=True)
    return pd.DataFrame(rows)



def md(df: pd.DataFrame, fmt: str = ".3f") -> str:
    """Minimal markdown table (no tabulate in the venv)."""
    def cell(v):
        if isinstance(v, (float, np.floating)):
            return format(v, fmt) if np.isfinite(v) else "nan"
        return str(v)
    cols = list(df.columns)
    out = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        out.append("| " + " | ".join(cell(r[c]) for c in cols) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------- summary
def _bins(df: pd.DataFrame):
    pred = np.concatenate([df[f"p_{lab}"].to_numpy() for lab in LABELS])
    obs = np.concatenate([(df.truth == lab).to_numpy(float) for lab in LABELS])
    fam = np.concatenate([df.family.to_numpy()] * 3)
    return pred, obs, np.minimum((pred * 10).astype(int), 9), fam


def reliability(df: pd.DataFrame, boots: int = 1000) -> pd.DataFrame:
    """10-bin reliability; the gap's 90% interval is a bootstrap over *families* (replicates
    of one family are not independent evidence), so it is honest about clustering."""
    pred, obs, b, fam = _bins(df)
    fams = np.unique(fam)
    idx = {f: np.flatnonzero(fam == f) for f in fams}
    rng = np.random.default_rng(0)
    boot_gaps = np.full((boots, 10), np.nan)
    for i in range(boots):
        take = np.concatenate([idx[f] for f in rng.choice(fams, fams.size)])
        bb, pp, oo = b[take], pred[take], obs[take]
        for k in range(10):
            s = bb == k
            if s.any():
                boot_gaps[i, k] = oo[s].mean() - pp[s].mean()
    out = []
    for k in range(10):
        s = b == k
        if s.any():
            lo, hi = np.nanpercentile(boot_gaps[:, k], [5, 95])
            out.append({"bin": f"[{k/10:.1f},{(k+1)/10:.1f})", "count": int(s.sum()),
                        "families": int(np.unique(fam[s]).size),
                        "mean_pred": pred[s].mean(), "observed": obs[s].mean(),
                        "gap(obs-pred)": obs[s].mean() - pred[s].mean(),
                        "gap 90% CI (family bootstrap)": f"[{lo:+.3f}, {hi:+.3f}]"})
    return pd.DataFrame(out)


def summary(out: Path = OUT) -> str:
    dfs = [pd.read_csv(p) for p in sorted(out.glob("results_*.csv")) if "partial" not in p.name]
    df = pd.concat(dfs, ignore_index=True)
    df["error"] = df["error"].fillna("")
    ok = df.label != "ERROR"
    df["correct"] = df.label == df.truth
    df["heavy_ok"] = ok & ((df.label == "heavy") == (df.truth == "heavy"))
    df["p_true"] = np.where(ok, df.apply(lambda r: r.get(f"p_{r.truth}"), axis=1), np.nan)
    df["pmax"] = df[[f"p_{lab}" for lab in LABELS]].max(axis=1)
    df["conf_wrong"] = ok & ~df.correct & (df.pmax >= 0.9)
    L = ["# tailstat.classify on the second out-of-sample suite (benchmarks/audit_suite.py)", ""]
    head = []
    for n, g in df.groupby("n"):
        e = g[~g.hard]
        e_ok = e[e.label != "ERROR"]
        head.append({"n": str(int(n)), "families(non-hard)": e.family.nunique(), "fits": len(e),
                     "errors(DataError)": int((e.label == "ERROR").sum()),
                     "acc_3way": e.correct.mean(), "acc_heavy_vs_not": e.heavy_ok.mean(),
                     "acc_3way_excl_err": e_ok.correct.mean(),
                     "acc_hvn_excl_err": e_ok.heavy_ok.mean(),
                     "mean_P_true": e_ok.p_true.mean(),
                     "conf_wrong_rate": e.conf_wrong.mean(),
                     "hard_acc": g[g.hard].correct.mean(),
                     "hard_mean_P_true": g[g.hard].p_true.mean()})
    L += ["## Headline (non-hard)", "", md(pd.DataFrame(head), ".3f"), ""]
    # by truth
    bt = (df[~df.hard].groupby(["n", "truth"]).agg(acc=("correct", "mean"),
                                                 p_true=("p_true", "mean"),
                                                 fits=("correct", "size")).reset_index())
    L += ["## By true label (non-hard)", "", md(bt, ".3f"), ""]
    per = (df.groupby(["family", "truth", "n"], sort=False)
           .agg(hard=("hard", "first"), acc=("correct", "mean"), p_true=("p_true", "mean"),
                min_p_true=("p_true", "min"), heavy=("label", lambda s: (s == "heavy").mean()),
                light=("label", lambda s: (s == "light").mean()),
                bounded=("label", lambda s: (s == "bounded").mean()),
                err=("label", lambda s: (s == "ERROR").mean()),
                conf_wrong=("conf_wrong", "mean"))
           .reset_index())
    L += ["## Per family", "", md(per, ".2f"), ""]
    e = df[~df.hard & (df.label != "ERROR")]
    for title, sub in [("pooled", e), *((f"n={n}", g) for n, g in e.groupby("n"))]:
        L += [f"## Reliability, non-hard, {title}", "",
              md(reliability(sub), ".3f"), ""]
    cw = (df[df.conf_wrong].groupby(["family", "truth", "n", "hard"])
          .agg(count=("rep", "size"),
               labels=("label", lambda s: {k: int(v) for k, v in s.value_counts().items()}),
               max_p=("pmax", "max"), reps=("rep", lambda s: list(s)[:5]),
               patterns=("pattern", lambda s: {k: int(v) for k, v in
                                                s.fillna("-").value_counts().items()}))
          .reset_index().sort_values("count", ascending=False))
    L += ["## Confident errors (max p >= 0.9, wrong label)", "",
          md(cw, ".3f"), ""]
    errs = df[df.label == "ERROR"].groupby(["family", "n"]).agg(
        count=("rep", "size"), msg=("error", "first")).reset_index()
    L += ["## DataErrors", "", md(errs), ""]
    txt = "\n".join(L)
    (out / "summary.md").write_text(txt)
    return txt


# ---------------------------------------------------------------- invariance
def invariance() -> None:
    cases = ["noncentral t(2.5, nc=1)", "N(0,1) + 1.5% half-cauchy x0.5", "poisson(8) counts",
             "N(0,1) rounded to 0.25", "beta(5,1.3)",
             "0.6 logistic + 0.3 N(2,0.5) + 0.1 N(3.5,0.25)",
             "zipf(2.2) counts", "hyperbolic secant"]
    for name in cases:
        for n in (10_000, 100_000):
            r = np.random.default_rng([SEED, 7, fam_seed(name), n])
            x = BY_NAME[name].draw(r, n)
            variants = {"x": x, "3x+7": 3 * x + 7, "perm": r.permutation(x),
                        "float32 round-trip": x.astype(np.float32).astype(np.float64)}
            res = {}
            for k, v in variants.items():
                try:
                    c = classify(v)
                    res[k] = (c.label, np.array([c.probabilities[lab] for lab in LABELS]))
                except Exception as e:
                    res[k] = (f"ERR {type(e).__name__}", np.full(3, np.nan))
            base = res["x"]
            diffs = {k: (v[0] == base[0], float(np.nanmax(np.abs(v[1] - base[1])))
                         if np.isfinite(v[1]).all() else np.nan)
                     for k, v in res.items() if k != "x"}
            print(f"{name:<45} n={n:<7} x:{base[0]}/{np.round(base[1], 4)} "
                  + " ".join(f"{k}: same={s} maxdiff={d:.2e}" for k, (s, d) in diffs.items()),
                  flush=True)


# ---------------------------------------------------------------- disjointness
def disjoint(draws: int, fams=None, out_name: str = "disjoint.md", out: Path = OUT) -> None:
    fams = FAMILIES if fams is None else fams
    from benchmarks import tuning_suite, validation_suite
    from tailstat.classification.calibrate import LIBRARY, Mixture
    P = np.geomspace(1e-3, 0.5, 25)
    P_tail = np.geomspace(1e-3, 0.185, 20)  # what the classifier reads at n=1e4

    def resid(qf, qm):
        A = np.column_stack([np.ones_like(qm), qm])
        coef, *_ = np.linalg.lstsq(A, qf, rcond=None)
        rr = qf - A @ coef
        return float(np.sqrt(np.mean(rr ** 2)) / max(qf.max() - qf.min(), 1e-300))

    def mem_q(dist, p):
        if isinstance(dist, Mixture):
            return dist.ppf(1 - p)
        return np.asarray(dist.isf(p), float)

    refs = {}
    for _, _, name, dist in LIBRARY:
        try:
            refs["lib: " + name] = (mem_q(dist, P), mem_q(dist, P_tail))
        except Exception:
            pass
    for tag, suite in (("val: ", validation_suite.FAMILIES), ("tune: ", tuning_suite.FAMILIES)):
        for i, f in enumerate(suite):
            x = f.draw(np.random.default_rng([99, i]), draws)
            refs[tag + f.name] = (np.quantile(x, 1 - P), np.quantile(x, 1 - P_tail))
    rows = []
    for f in fams:
        x = f.draw(np.random.default_rng([SEED, 1, fam_seed(f.name)]), draws)
        q, qt = np.quantile(x, 1 - P), np.quantile(x, 1 - P_tail)
        best = min(((k, resid(q, v[0])) for k, v in refs.items() if np.all(np.isfinite(v[0]))),
                   key=lambda t: t[1])
        best_t = min(((k, resid(qt, v[1])) for k, v in refs.items() if np.all(np.isfinite(v[1]))),
                     key=lambda t: t[1])
        rows.append({"family": f.name, "closest(median..1e-3)": best[0], "resid": best[1],
                     "closest(top 18.5%)": best_t[0], "resid_tail": best_t[1]})
        print(rows[-1], flush=True)
    d = pd.DataFrame(rows)
    (out / out_name).write_text(md(d, ".4f"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["run", "summary", "invariance", "disjoint", "list"])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--reps", type=int, default=40)
    ap.add_argument("--draws", type=int, default=400_000)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--out", type=Path, default=OUT,
                    help="folder of the results and the summary (default: reports/audit_suite)")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    if a.cmd == "run":
        t0 = time.time()
        df = run(a.n, a.reps, a.only)
        suffix = "" if not a.only else "_partial"
        df.to_csv(a.out / f"results_{a.n}{suffix}.csv", index=False)
        print(f"done in {time.time() - t0:.0f}s")
    elif a.cmd == "summary":
        print(summary(a.out))
    elif a.cmd == "invariance":
        invariance()
    elif a.cmd == "disjoint":
        disjoint(a.draws, out=a.out)
    else:
        for f in FAMILIES:
            print(f"{f.truth:<8} {f.kind:<14} hard@1e4={f.hard(10**4)!s:<5} "
                  f"hard@1e5={f.hard(10**5)!s:<5} {f.name}")


if __name__ == "__main__":
    main()

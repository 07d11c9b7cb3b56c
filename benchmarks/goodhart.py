"""Catastrophic Goodhart, reproduced: what best-of-n and the KL-tilt do to the true utility.

``V ~ N(0, 1)`` (true utility), ``U = V + X`` (proxy). The theory (Kwa, Thomas &
Garriga-Alonso 2024; docs/science.md §2) says:

* ``X ~ N(0, 1)`` independent (light): E[V] under best-of-n and under the KL-tilt grows steadily
  with optimisation;
* ``X`` heavy (Student-t df = 2, Pareto alpha = 1.5), independent: E[V] at n = 10^4 stays within
  0.1 of E[V] under pi0 while E[U] keeps growing;
* rare exploits (``X = N(0, 1)`` with 1% Pareto(1.5) errors): best-of-10^4 E[V] at most half of
  the light-error value.

Also times :func:`tailstat.kl_frontier` and :func:`tailstat.kl_tilt` at n = 10^6 (target: 1 s
each) -- end to end (tail model fitted inside: the default automatic threshold, the former
full search ``"auto-full"``, ``"fast"``) and given a fitted tail model (how
:func:`tailstat.goodhart_summary` calls them); and checks the frontier of the default tail
model against the closed forms on 10^6 N(0,1) (m = 1, 2, 3) and Exp(1) (m = 2, 4).

Writes ``reports/goodhart.png`` and ``reports/goodhart.md``.

Run: ``python benchmarks/goodhart.py [--n 1000000] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._markdown import markdown_table  # noqa: E402
from benchmarks._timing import best_of  # noqa: E402
from tailstat.goodhart import (  # noqa: E402
    best_of_n,
    fit_tail_model,
    kl_frontier,
    kl_tilt,
    simulate,
)

N_CHECK = 10_000
N_LADDER = np.unique(np.concatenate([2 ** np.arange(0, 17), [N_CHECK]]))

SCENARIOS: list[tuple[str, dict[str, Any], str]] = [
    ("X ~ N(0,1), independent", {"error": "normal"}, "light"),
    ("X ~ t(df=2), independent", {"error": "t", "df": 2.0}, "heavy"),
    ("X ~ Pareto(1.5), independent", {"error": "pareto", "alpha": 1.5}, "heavy"),
    ("X ~ N(0,1) + 1% Pareto(1.5) (rare exploits)",
     {"error": "rare-exploit", "eps": 0.01, "alpha": 1.5}, "rare"),
]


def run_scenario(name: str, kw: dict[str, Any], n: int, seed: int) -> dict[str, Any]:
    d = simulate(n, seed=seed, **kw)
    u, v = d["u"].to_numpy(), d["v"].to_numpy()
    model = fit_tail_model(u)
    bon = best_of_n(u, v, N_LADDER, tail=model)
    tilt = kl_tilt(u, v, tail=model)
    sd = float(u.std())
    fr = kl_frontier(u, u.mean() + sd * np.array([0.5, 1, 2, 3, 4, 5]), tail=model)
    return {"name": name, "model": model, "bon": bon, "tilt": tilt, "frontier": fr,
            "ev0": float(v.mean()), "eu0": float(u.mean()), "sd": sd}


def checks(res: dict[str, dict[str, Any]]) -> list[tuple[str, bool, str]]:
    out: list[tuple[str, bool, str]] = []
    light = res["light"]
    bv = light["bon"].set_index("n")["v"]
    ok = bool(np.all(np.diff(bv.to_numpy()) > 0))
    out.append(("light: E[V] under best-of-n grows with n", ok,
                f"E[V] = {bv.iloc[0]:.3f} (n=1) -> {bv.loc[N_CHECK]:.3f} (n=10^4) -> "
                f"{bv.iloc[-1]:.3f} (n={bv.index[-1]})"))
    tt = light["tilt"].table
    rel = tt[tt["reliable"]]
    ok = bool(np.all(np.diff(rel["v_sample"].to_numpy()) > 0)) and len(rel) >= 5
    out.append(("light: E[V] under the KL-tilt grows as beta falls", ok,
                f"E[V] = {rel['v_sample'].iloc[0]:.3f} (KL {rel['kl_sample'].iloc[0]:.3g}) -> "
                f"{rel['v_sample'].iloc[-1]:.3f} (KL {rel['kl_sample'].iloc[-1]:.3g}), "
                f"{len(rel)} betas with ESS >= 100"))
    for key in ("t2", "pareto"):
        r = res[key]
        b = r["bon"].set_index("n")
        dv = float(b.loc[N_CHECK, "v"]) - r["ev0"]
        eu = b["u"].to_numpy()
        grows = bool(np.all(np.diff(eu) > 0))
        out.append((f"{r['name']}: |E[V](n=10^4) - E[V](pi0)| <= 0.1 and E[U] keeps growing",
                    abs(dv) <= 0.1 and grows,
                    f"E[V] gain {dv:+.3f}; E[U] {eu[0]:.3g} -> {b.loc[N_CHECK, 'u']:.4g} "
                    f"(n=10^4) -> {eu[-1]:.4g} (n={b.index[-1]})"))
    rv = float(res["rare"]["bon"].set_index("n").loc[N_CHECK, "v"])
    lv = float(light["bon"].set_index("n").loc[N_CHECK, "v"])
    out.append(("rare exploits: best-of-10^4 E[V] <= half the light-error value", rv <= lv / 2,
                f"E[V] = {rv:.3f} against {lv:.3f} ({rv / lv:.1%})"))
    return out


def table(res: dict[str, dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for r in res.values():
        b = r["bon"].set_index("n")
        tt = r["tilt"].table
        fr = r["frontier"].table
        row3 = fr.iloc[3]
        rows.append({
            "scenario": r["name"],
            "U tail": f"{r['model'].label} (P(heavy) {r['model'].p_heavy:.2f})",
            "E[V] pi0": r["ev0"],
            "E[V] BoN n=10^4": float(b.loc[N_CHECK, "v"]),
            "E[U] gain BoN n=10^4 (sd)": (float(b.loc[N_CHECK, "u"]) - r["eu0"]) / r["sd"],
            "KL-tilt exists": bool(r["tilt"].exists),
            # the tilt does not exist under a heavy tail: no number (the plug-in would only
            # describe the sample maximum)
            "E[V] tilt, beta = sd/2": (float(tt.loc[tt["beta"].sub(r["sd"] / 2).abs().idxmin(),
                                                   "v_sample"]) if r["tilt"].exists
                                       else float("nan")),
            "min KL to +3 sd": (float(row3["rate"]) if not r["frontier"].heavy
                                else float(row3["policy_kl"])),
            "how": ("rate I(m)" if not r["frontier"].heavy else
                    f"policy: {row3['policy_prob']:.2%} above {row3['policy_threshold']:.4g}"),
        })
    return pd.DataFrame(rows)


def figure(res: dict[str, dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"light": "#0072B2", "t2": "#D55E00", "pareto": "#CC79A7", "rare": "#E69F00"}
    fig, axs = plt.subplots(2, 2, figsize=(11, 8), layout="constrained")
    for key, r in res.items():
        b = r["bon"]
        c = colors[key]
        axs[0, 0].plot(b["kl"], b["v"] - r["ev0"], marker="o", ms=3, color=c, label=r["name"])
        axs[0, 1].plot(b["kl"], (b["u"] - r["eu0"]) / r["sd"], marker="o", ms=3, color=c,
                       label=r["name"])
        tt = r["tilt"].table
        rel = tt[tt["reliable"]]
        axs[1, 0].plot(rel["kl_sample"], rel["v_sample"] - r["ev0"], marker="s", ms=3,
                       color=c, label=r["name"] + ("" if r["tilt"].exists
                                                   else " (tilt does not exist: sample only)"))
        fr = r["frontier"].table
        if r["frontier"].heavy:
            axs[1, 1].plot(fr["target_sd"], fr["policy_kl"], marker="x", ls=":", color=c,
                           label=r["name"] + ": cheap policy")
        else:
            axs[1, 1].plot(fr["target_sd"], fr["rate"], marker="o", color=c,
                           label=r["name"] + ": I(m)")
    axs[0, 0].axhspan(-0.1, 0.1, color="#999999", alpha=0.2, lw=0)
    axs[0, 0].set(title="best-of-n: true utility gain E[V] - E_pi0[V]",
                  xlabel="KL = log n - (n-1)/n (nats)", ylabel="E[V] gain")
    axs[0, 1].set(title="best-of-n: proxy gain (sd of U)", xlabel="KL (nats)",
                  ylabel="E[U] gain / sd(U)", yscale="symlog")
    axs[1, 0].set(title="KL-tilt pi ∝ pi0 exp(U/beta): true utility gain (ESS >= 100)",
                  xlabel="KL (nats, sample)", ylabel="E[V] gain")
    axs[1, 1].set(title="minimum KL to raise the mean proxy by m sd", xlabel="m (sd of U)",
                  ylabel="KL (nats)", yscale="log")
    for ax in axs.ravel():
        ax.legend(fontsize="x-small", frameon=False)
        ax.axhline(0, color="#555555", lw=0.5)
    fig.suptitle("Catastrophic Goodhart: V ~ N(0,1), U = V + X (tailstat.goodhart)")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def timings(n: int, seed: int) -> pd.DataFrame:
    x = np.random.default_rng(seed + 99).standard_normal(n)
    v = np.random.default_rng(seed + 98).standard_normal(n)
    u = x + v
    model = fit_tail_model(u)
    rows = []
    for label, fn in (
        ("kl_frontier (default: tail model fitted inside, threshold='auto')",
         lambda: kl_frontier(u)),
        ("kl_frontier (threshold='auto-full', the former default)",
         lambda: kl_frontier(u, threshold="auto-full")),
        ("kl_frontier (threshold='fast')", lambda: kl_frontier(u, threshold="fast")),
        ("kl_frontier (given a fitted TailModel)", lambda: kl_frontier(u, tail=model)),
        ("kl_tilt with v (default: tail model fitted inside, threshold='auto')",
         lambda: kl_tilt(u, v)),
        ("kl_tilt with v (threshold='auto-full', the former default)",
         lambda: kl_tilt(u, v, threshold="auto-full")),
        ("kl_tilt with v (threshold='fast')", lambda: kl_tilt(u, v, threshold="fast")),
        ("kl_tilt with v (given a fitted TailModel)", lambda: kl_tilt(u, v, tail=model)),
        ("fit_tail_model (threshold='auto')", lambda: fit_tail_model(u)),
        ("fit_tail_model (threshold='auto-full')",
         lambda: fit_tail_model(u, threshold="auto-full")),
        ("best_of_n with v, 21 values of n (given a TailModel)",
         lambda: best_of_n(u, v, tail=model)),
    ):
        rows.append({"call": label, "n": n, "seconds": best_of(fn, repeats=3, warmup=1)})
    return pd.DataFrame(rows)


def frontier_accuracy(n: int, seed: int) -> pd.DataFrame:
    """I(m) with the default tail model against the closed forms (issue 12: within 2%)."""
    rows = []
    cases = (("N(0,1)", np.random.default_rng(seed + 97).standard_normal(n), [1.0, 2.0, 3.0],
              lambda m: m**2 / 2),
             ("Exp(1)", np.random.default_rng(seed + 96).exponential(size=n), [2.0, 4.0],
              lambda m: m - 1 - np.log(m)))
    for law, x, ms, exact in cases:
        for thr in ("auto", "auto-full"):
            got = kl_frontier(x, ms, threshold=thr).table["rate"].to_numpy()
            for m, g in zip(ms, got, strict=True):
                e = float(exact(m))
                rows.append({"law": law, "threshold": thr, "m": m, "I(m)": float(g),
                             "exact": e, "rel. error %": 100 * (float(g) / e - 1),
                             "within 2%": abs(float(g) / e - 1) <= 0.02})
    return pd.DataFrame(rows)


def markdown(df: pd.DataFrame, digits: int = 4) -> str:
    """A GitHub markdown table, floats to ``digits`` significant digits."""
    return markdown_table(df, lambda x: f"{x:.{digits}g}", bool_words=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10**6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    keys = ["light", "t2", "pareto", "rare"]
    res = {k: run_scenario(nm, kw, args.n, args.seed + i)
           for i, (k, (nm, kw, _)) in enumerate(zip(keys, SCENARIOS, strict=True))}
    chk = checks(res)
    tab = table(res)
    args.out.mkdir(parents=True, exist_ok=True)
    figure(res, args.out / "goodhart.png")
    tim = None if args.no_timing else timings(args.n, args.seed)
    acc = frontier_accuracy(args.n, args.seed)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = ["# Catastrophic Goodhart, reproduced (`benchmarks/goodhart.py`)", "",
             f"V ~ N(0,1), U = V + X, n = {args.n:,} samples per scenario, seed {args.seed}. "
             "Best-of-n from the exact selection-probability formula (no resampling); the "
             "KL-tilt's E[V] is the sample plug-in (rows with effective sample size >= 100); "
             "the tail model (classifier label + GPD, automatic threshold) decides whether the "
             "tilt exists and gives the frontier.", "", "## Checks (issue 12)", ""]
    for what, ok, detail in chk:
        lines.append(f"- **{'PASS' if ok else 'FAIL'}** {what}: {detail}")
    lines += ["", "## Frontier accuracy (default tail model against the closed forms)", "",
              markdown(acc), ""]
    lines += ["", "## Summary table", "", markdown(tab), "",
              "![goodhart](goodhart.png)", ""]
    if tim is not None:
        lines += ["## Timings (best of 3, wall clock)", "",
                  f"Load average at the end of the run: {load:.2f} (the machine is shared; "
                  "2 cores).", "", markdown(tim, 3), ""]
    lines.append(f"Total run time: {time.perf_counter() - t0:.1f} s.")
    (args.out / "goodhart.md").write_text("\n".join(lines) + "\n")
    print("\n".join(f"{'PASS' if ok else 'FAIL'}  {w}: {d}" for w, ok, d in chk))
    print(tab.to_string(index=False))
    print(acc.to_string(index=False))
    if tim is not None:
        print(tim.to_string(index=False))
        print(f"load average: {load:.2f}")
    print(f"wrote {args.out / 'goodhart.md'} and {args.out / 'goodhart.png'}")
    return 0 if all(ok for _, ok, _ in chk) and bool(acc["within 2%"].all()) else 1


if __name__ == "__main__":
    raise SystemExit(main())

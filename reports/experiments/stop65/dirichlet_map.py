"""Stop 65: a recalibration map on the classifier's label probabilities (not adopted).

``q = 0.97 softmax(W log p + b) + 0.01`` (Dirichlet calibration, Kull et al. 2019: W 3x3,
b 3, an L2 penalty of 0.01 toward the identity), fitted by log loss on the tuning suite's
non-hard draws at n = 10^4 and 10^5 (60 per family and size, stream "calib-tuning-s65"),
scored there in sample and by a two-fold split of the tuning families, then once on the
committed per-draw probabilities of the validation suite (``reports/accuracy_validation.csv``)
and the audit suite (``reports/audit_suite/results_*.csv``). The flags' score is untouched by
such a map (it is read before the label probabilities). The rule, written before the
out-of-sample evaluation, is in ``reports/experiments/README.md`` (stop 65).

Run: ``python reports/experiments/stop65/dirichlet_map.py [--cache /tmp/tuning_draws.csv]``
(about 40 s to draw and classify the tuning suite, once).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks import tuning_suite  # noqa: E402
from benchmarks._seeds import stream  # noqa: E402

LABELS = ("heavy", "light", "bounded")
LAM, MIX, REPS = 0.01, 0.03, 60


def tuning_draws() -> pd.DataFrame:
    rows = []
    for n in (10_000, 100_000):
        for ci, fam in enumerate(tuning_suite.FAMILIES):
            rng = stream("calib-tuning-s65", 0, ci, n)
            for rep in range(REPS):
                x = fam.draw(rng, n) * 10 ** rng.uniform(-3, 3) + rng.uniform(-100, 100)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        c = ts.classify(x)
                    except ts.DataError:
                        continue
                rows.append({"case": fam.name, "truth": fam.label, "hard": fam.hard(n), "n": n,
                             "rep": rep, **{f"p_{lab}": c.probabilities[lab] for lab in LABELS}})
    return pd.DataFrame(rows)


def _logp(df: pd.DataFrame) -> np.ndarray:
    return np.log(np.clip(df[[f"p_{lab}" for lab in LABELS]].to_numpy(), 1e-6, 1))


def mapped(theta: np.ndarray, logp: np.ndarray) -> np.ndarray:
    z = logp @ theta[:9].reshape(3, 3).T + theta[9:]
    e = np.exp(z - z.max(1, keepdims=True))
    return (1 - MIX) * e / e.sum(1, keepdims=True) + MIX / 3


def fit(df: pd.DataFrame) -> np.ndarray:
    logp = _logp(df)
    y = np.stack([(df.truth == lab).to_numpy() for lab in LABELS], 1)
    eye = np.eye(3).ravel()

    def loss(t: np.ndarray) -> float:
        return float(-np.mean(np.log(mapped(t, logp)[y])) + LAM * (
            np.sum((t[:9] - eye) ** 2) + np.sum(t[9:] ** 2)))
    return optimize.minimize(loss, np.r_[eye, np.zeros(3)], method="L-BFGS-B").x


def scores(df: pd.DataFrame, p: np.ndarray | None = None) -> dict[str, float]:
    """Non-hard accuracies, Brier scores and heavy recall per n, and the largest pooled
    reliability gap (bins of 0.1 with at least 100 probabilities)."""
    p = df[[f"p_{lab}" for lab in LABELS]].to_numpy() if p is None else p
    truth, nonhard = df.truth.to_numpy(), ~df.hard.to_numpy(dtype=bool)
    label = np.array(LABELS)[p.argmax(1)]
    out: dict[str, float] = {}
    for n in (10_000, 100_000):
        s = nonhard & (df.n.to_numpy() == n)
        y = np.stack([truth[s] == lab for lab in LABELS], 1)
        heavy = s & (truth == "heavy")
        out |= {f"heavy-vs-not {n:.0e}": np.mean((label[s] == "heavy") == (truth[s] == "heavy")),
                f"three-way {n:.0e}": np.mean(label[s] == truth[s]),
                f"Brier {n:.0e}": np.mean(np.sum((p[s] - y) ** 2, 1)),
                f"heavy recall {n:.0e}": np.mean(label[heavy] == "heavy")}
    pred = p[nonhard].T.ravel()
    obs = np.stack([truth[nonhard] == lab for lab in LABELS]).ravel()
    bins = np.minimum((pred * 10).astype(int), 9)
    out["largest gap"] = max(abs(pred[bins == b].mean() - obs[bins == b].mean())
                             for b in range(10) if np.sum(bins == b) >= 100)
    return {k: round(float(v), 4) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    if args.cache is not None and args.cache.exists():
        tune = pd.read_csv(args.cache)
    else:
        tune = tuning_draws()
        if args.cache is not None:
            tune.to_csv(args.cache, index=False)
    theta = fit(tune[~tune.hard])
    print("W, b:", np.round(theta, 3).tolist())
    print("tuning, shipped:", scores(tune))
    print("tuning, map (in sample):", scores(tune, mapped(theta, _logp(tune))))
    fams = sorted(tune.case.unique())
    for h, half in enumerate((set(fams[0::2]), set(fams[1::2]))):
        train, test = tune[tune.case.isin(half) & ~tune.hard], tune[~tune.case.isin(half)]
        print(f"tuning fold {h}, shipped:", scores(test))
        print(f"tuning fold {h}, map:", scores(test, mapped(fit(train), _logp(test))))
    audit = pd.concat([pd.read_csv(ROOT / f"reports/audit_suite/results_{n}.csv")
                       for n in (10_000, 100_000)], ignore_index=True)
    for name, df in (("validation", pd.read_csv(ROOT / "reports/accuracy_validation.csv")),
                     ("audit", audit.rename(columns={"family": "case"}))):
        print(f"{name}, shipped:", scores(df))
        print(f"{name}, map:", scores(df, mapped(theta, _logp(df))))


if __name__ == "__main__":
    main()

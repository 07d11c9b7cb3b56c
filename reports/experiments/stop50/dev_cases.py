"""Stop 50: development cases of the verdict issue on other seeds (random location and scale),
for comparing two trees: ``PYTHONPATH=<tree> python reports/experiments/stop50/dev_cases.py``."""
import numpy as np, tailstat as ts, warnings, sys
warnings.simplefilter("ignore")
def ls(r, x): return x * 10 ** r.uniform(-2, 2) + r.uniform(-50, 50)
def t2(r, n):
    a = r.normal(size=n); m = r.random(n) < 0.01; a[m] = r.standard_t(2, m.sum()); return a
def par(r, n):
    a = r.normal(size=n); m = r.random(n) < 0.001; a[m] = r.pareto(1.5, m.sum()) + 1; return a
cases = [("exponential", lambda r, n: r.exponential(size=n), 10_000, 600, "heavy"),
         ("logistic", lambda r, n: r.logistic(size=n), 10_000, 300, "heavy"),
         ("normal", lambda r, n: r.normal(size=n), 10_000, 300, "heavy"),
         ("gamma2", lambda r, n: r.gamma(2, size=n), 10_000, 300, "heavy"),
         ("0.98N+0.02N(3,.5)", lambda r, n: np.where(r.random(n) < 0.02, r.normal(3, 0.5, n), r.normal(size=n)), 100_000, 100, "light"),
         ("0.9N+0.1N(2,1)", lambda r, n: np.where(r.random(n) < 0.1, r.normal(2, 1, n), r.normal(size=n)), 100_000, 60, "light"),
         ("1% t2", t2, 50_000, 60, "heavy"), ("0.1% pareto1.5", par, 100_000, 60, "heavy")]
for name, g, n, reps, watch in cases:
    labs = []
    for s in range(reps):
        r = np.random.default_rng([91, s]); labs.append(ts.classify(ls(r, g(r, n))).label)
    print(f"{name:20s} n={n:>6} {watch}: {labs.count(watch)}/{reps}", flush=True)

"""The classifier's out-of-sample validation suite: tails shaped like reward scores in the wild.

The reference library of :mod:`tailstat.classification.calibrate` is the classifier's
*training* set; no constant of the classifier was chosen on this file (though, after a
validation run in stop 19 showed many-category normal mixtures read as bounded, random
category mixtures were added to the library: README, "How these were measured"), and
``tests/test_validation_suite.py`` checks that no family here is a library member up to
location and scale (on the upper halves of the quantile curves: README says what that does
not catch). The accuracy and reliability tables of the README that say
"out-of-sample" come from this suite (``python benchmarks/accuracy.py --suite validation``).

What reward scores look like (docs/science.md §5): ε-contamination of a light body by a heavy
component (rare exploitable errors), mixtures of light components (prompt categories, often
with a narrow component at the top), saturation (clipping: an atom at the maximum),
squashing (sigmoid or tanh of a score), discretised scores, differences of two scores
(chosen − rejected margins), and classical families that are not in the library.

Which cases are *hard* is fixed by rules stated before any result was seen, not by results:

* contamination is hard at ``n`` when fewer than 100 heavy values are expected (``ε·n < 100``):
  a heavy component of a few dozen values cannot be told from the light body's own extremes;
* a heavy family whose tail is within the classical hard region of docs/science.md §5
  (lognormal-like with σ < 0.75, Weibull-like shape > 0.7, power law with α > 8) is hard at every n.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

Draw = Callable[[np.random.Generator, int], np.ndarray]


@dataclass(frozen=True)
class Family:
    """One validation family: a sampler with its true label and when it is hard."""

    name: str
    kind: str  # contamination, mixture, saturation, squashing, discretised, difference, classic
    label: str
    draw: Draw
    eps: float | None = None  # weight of the heavy component (contamination)
    always_hard: bool = False

    def hard(self, n: int) -> bool:
        """Whether this family is a hard case at sample size ``n`` (rules in the module doc)."""
        if self.always_hard:
            return True
        return self.eps is not None and self.eps * n < 100


def _contaminate(body: Draw, heavy: Draw, eps: float) -> Draw:
    def draw(r: np.random.Generator, n: int) -> np.ndarray:
        x = body(r, n)
        hit = r.random(n) < eps
        x[hit] = heavy(r, int(hit.sum()))
        return x
    return draw


def _mixture(parts: list[tuple[float, Draw]]) -> Draw:
    w = np.array([p[0] for p in parts])
    w = w / w.sum()

    def draw(r: np.random.Generator, n: int) -> np.ndarray:
        comp = r.choice(len(parts), size=n, p=w)
        out = np.empty(n)
        for j, (_, d) in enumerate(parts):
            sel = comp == j
            out[sel] = d(r, int(sel.sum()))
        return out
    return draw


def _norm(mu: float = 0.0, sd: float = 1.0) -> Draw:
    return lambda r, n: r.normal(mu, sd, n)


def _scipy(dist: stats.rv_continuous | stats.rv_discrete) -> Draw:
    return lambda r, n: np.asarray(dist.rvs(size=n, random_state=r), dtype=float)


_N = _norm()


def _skewnorm2(r: np.random.Generator, n: int) -> np.ndarray:
    return np.asarray(stats.skewnorm(2.0).rvs(size=n, random_state=r), dtype=float)

_pareto = lambda a, s=1.0: (lambda r, n: s * (r.pareto(a, n) + 1.0))  # noqa: E731


FAMILIES: list[Family] = [
    # --- ε-contamination of a light body by heavy errors (the rare-exploit pattern) ---
    Family("normal + 0.5% pareto(1.2)", "contamination", "heavy",
           _contaminate(_N, _pareto(1.2), 0.005), eps=0.005),
    Family("normal + 3% t(2.5)x2", "contamination", "heavy",
           _contaminate(_N, lambda r, n: 2 * r.standard_t(2.5, n), 0.03), eps=0.03),
    Family("logistic + 1% frechet(2)", "contamination", "heavy",
           _contaminate(lambda r, n: r.logistic(size=n),
                        _scipy(stats.invweibull(2.0, scale=2.0)), 0.01), eps=0.01),
    Family("gamma(2) + 0.3% pareto(1)x3", "contamination", "heavy",
           _contaminate(lambda r, n: r.gamma(2.0, size=n), _pareto(1.0, 3.0), 0.003),
           eps=0.003),
    Family("normal + 5% lognormal(2)", "contamination", "heavy",
           _contaminate(_N, lambda r, n: r.lognormal(0.0, 2.0, n), 0.05), eps=0.05),
    Family("normal + 1% cauchy (two-sided)", "contamination", "heavy",
           _contaminate(_N, lambda r, n: 0.5 * r.standard_cauchy(n), 0.01), eps=0.01),
    Family("half-normal + 0.1% pareto(1.5)", "contamination", "heavy",
           _contaminate(lambda r, n: np.abs(r.normal(size=n)), _pareto(1.5), 0.001),
           eps=0.001),
    Family("beta(2,2) + 1% pareto(1.5)", "contamination", "heavy",
           _contaminate(lambda r, n: r.beta(2, 2, n), _pareto(1.5, 0.5), 0.01), eps=0.01),
    Family("normal + 2% lomax(3)", "contamination", "heavy",
           _contaminate(_N, lambda r, n: 1.5 * r.pareto(3.0, n), 0.02), eps=0.02),
    # --- mixtures of light components (prompt categories) ---
    Family("0.6 N(0,1) + 0.4 N(1,0.5)", "mixture", "light",
           _mixture([(0.6, _N), (0.4, _norm(1.0, 0.5))])),
    Family("0.5/0.3/0.2 normals", "mixture", "light",
           _mixture([(0.5, _N), (0.3, _norm(2.0, 1.0)), (0.2, _norm(3.5, 0.7))])),
    Family("0.95 N(0,1) + 0.05 N(2,0.3) narrow top", "mixture", "light",
           _mixture([(0.95, _N), (0.05, _norm(2.0, 0.3))])),
    Family("0.99 logistic + 0.01 logistic(5,0.5)", "mixture", "light",
           _mixture([(0.99, lambda r, n: r.logistic(size=n)),
                     (0.01, lambda r, n: r.logistic(5.0, 0.5, n))])),
    Family("five normal categories", "mixture", "light",
           _mixture([(0.4, _N), (0.25, _norm(1.0, 0.8)), (0.15, _norm(2.0, 0.6)),
                     (0.12, _norm(3.0, 0.5)), (0.08, _norm(4.0, 0.3))])),
    Family("0.9 gamma(2) + 0.1 gamma(6)", "mixture", "light",
           _mixture([(0.9, lambda r, n: r.gamma(2.0, size=n)),
                     (0.1, lambda r, n: r.gamma(6.0, size=n))])),
    Family("0.7 exponential + 0.3 N(3,0.5)", "mixture", "light",
           _mixture([(0.7, lambda r, n: r.exponential(size=n)), (0.3, _norm(3.0, 0.5))])),
    Family("0.8 beta(2,6) + 0.2 beta(6,3)", "mixture", "bounded",
           _mixture([(0.8, lambda r, n: r.beta(2, 6, n)), (0.2, lambda r, n: r.beta(6, 3, n))])),
    # --- saturation: an atom at the maximum ---
    Family("normal clipped at 2.5", "saturation", "bounded",
           lambda r, n: np.minimum(r.normal(size=n), 2.5)),
    Family("t(4) clipped at 4", "saturation", "bounded",
           lambda r, n: np.clip(r.standard_t(4.0, n), -4.0, 4.0)),
    Family("logistic clipped at its 99% quantile", "saturation", "bounded",
           lambda r, n: np.minimum(r.logistic(size=n), np.log(99.0))),
    # --- squashing ---
    Family("sigmoid(2 N(0,1))", "squashing", "bounded",
           lambda r, n: special.expit(2.0 * r.normal(size=n))),
    Family("tanh(t(3))", "squashing", "bounded", lambda r, n: np.tanh(r.standard_t(3.0, n))),
    Family("sigmoid(1.5 logistic)", "squashing", "bounded",
           lambda r, n: special.expit(1.5 * r.logistic(size=n))),
    # --- discretised scores ---
    Family("skew-normal(2) rounded to 0.05", "discretised", "light",
           lambda r, n: np.round(_skewnorm2(r, n) / 0.05) * 0.05),
    Family("t(2.5) rounded to 0.1", "discretised", "heavy",
           lambda r, n: np.round(r.standard_t(2.5, n), 1)),
    Family("poisson(20)", "discretised", "light",
           lambda r, n: r.poisson(20.0, n).astype(float)),
    # --- differences of two scores (chosen − rejected margins) ---
    Family("weibull(1.5) - weibull(1.5)", "difference", "light",
           lambda r, n: r.weibull(1.5, n) - r.weibull(1.5, n)),
    Family("t(3) - t(3)", "difference", "heavy",
           lambda r, n: r.standard_t(3.0, n) - r.standard_t(3.0, n)),
    Family("logistic - normal", "difference", "light",
           lambda r, n: r.logistic(size=n) - r.normal(size=n)),
    Family("sigmoid(N) - sigmoid(N)", "difference", "bounded",
           lambda r, n: special.expit(r.normal(size=n)) - special.expit(r.normal(size=n))),
    # --- classical families that are not in the library ---
    Family("exponentially modified normal (0.5)", "classic", "light",
           _scipy(stats.exponnorm(0.5))),
    Family("inverse gamma(3)", "classic", "heavy", _scipy(stats.invgamma(3.0))),
    Family("F(4, 6)", "classic", "heavy", _scipy(stats.f(4.0, 6.0))),
    Family("levy", "classic", "heavy", _scipy(stats.levy())),
    Family("johnson SU (0, 1)", "classic", "heavy", _scipy(stats.johnsonsu(0.0, 1.0))),
    Family("gompertz(0.5)", "classic", "light", _scipy(stats.gompertz(0.5))),
    Family("inverse gaussian(1)", "classic", "light", _scipy(stats.invgauss(1.0))),
    Family("rice(1.5)", "classic", "light", _scipy(stats.rice(1.5))),
    Family("kumaraswamy(2,3)", "classic", "bounded",
           lambda r, n: (1 - r.random(n) ** (1 / 3.0)) ** (1 / 2.0)),
    Family("semicircle", "classic", "bounded", _scipy(stats.semicircular())),
    Family("normal truncated above 2", "classic", "bounded",
           _scipy(stats.truncnorm(-np.inf, 2.0))),
    Family("log-gamma(2)", "classic", "light", _scipy(stats.loggamma(2.0))),
]

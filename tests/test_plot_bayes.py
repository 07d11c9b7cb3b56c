"""tailstat.plot.bayes: the posterior of ξ, its legend clear of the posterior's mass."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat import plot
from tailstat.results import Interval

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


class _Posterior:
    """The interface posterior_xi reads from a BayesTailFit (no MCMC here): normal draws."""

    def __init__(self, centre: float, sd: float) -> None:
        self._xi = np.random.default_rng(0).normal(centre, sd, 4000)
        lo, hi = np.quantile(self._xi, [0.025, 0.975])
        self.xi_ci = Interval(float(lo), float(hi), 0.95, "equal-tailed posterior")
        self.prob_heavy = float(np.mean(self._xi > 0))

    def draws(self, var: str = "xi") -> np.ndarray:
        return self._xi.copy()


@pytest.mark.parametrize("centre", [0.6, -0.4])
def test_the_legend_sits_clear_of_a_narrow_posterior(centre: float) -> None:
    """A review: loc="best" put the legend on the peak of a narrow posterior far from 0 (a
    Pareto(1.5) fit, ξ near 0.6). The legend now takes the upper corner away from the mass,
    and the peak stays below it: no bar reaches into the legend's box."""
    fig = Figure(figsize=(5, 3.5))
    FigureCanvasAgg(fig)
    ax = plot.posterior_xi(_Posterior(centre, 0.03), fig.subplots())
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    bars = [p.get_window_extent() for p in ax.patches if p.get_height() > 0]
    assert bars and not any(box.overlaps(b) for b in bars)
    left, right = ax.get_xlim()
    assert (box.x0 + box.x1) / 2 < ax.transData.transform(((left + right) / 2, 0))[0] \
        if centre > 0 else (box.x0 + box.x1) / 2 > ax.transData.transform(
            ((left + right) / 2, 0))[0]


def test_the_report_panel_gets_the_same_headroom() -> None:
    """The report's SVG axes return the histogram's heights as matplotlib does, so the
    headroom above the peak is the same there."""
    from tailstat.reporting._svg import SvgFigure

    ax = SvgFigure(5, 3.5, 100).add_axes((0.1, 0.1, 0.8, 0.8))
    plot.posterior_xi(_Posterior(0.6, 0.03), ax)
    heights, _ = np.histogram(_Posterior(0.6, 0.03).draws(), bins=60, density=True)
    assert ax.get_ylim()[1] == pytest.approx(1.3 * heights.max())


def test_a_bayesian_classification_gives_its_fit() -> None:
    """Review 404: posterior_xi(classify(x, method="bayes")) said the classification "has
    none", its fit being in evidence["bayes"]; a fast one is told how to get one."""
    from dataclasses import replace

    import tailstat as ts
    from tailstat.errors import DataError

    c = ts.classify(np.random.default_rng(0).pareto(2.0, 3000))
    with pytest.raises(DataError, match=r"method='bayes'\) keeps one in evidence"):
        plot.posterior_xi(c, Figure().subplots())
    fit = _Posterior(0.5, 0.05)
    ax = plot.posterior_xi(replace(c, evidence={**c.evidence, "bayes": fit}),
                           Figure().subplots())
    assert sum(p.get_height() for p in ax.patches) > 0

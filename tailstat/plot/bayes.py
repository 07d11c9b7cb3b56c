"""The posterior of the GPD shape ξ of a Bayesian tail fit (:func:`tailstat.bayes.fit_bayes`,
or one group of :func:`tailstat.bayes.fit_bayes_hierarchical`)."""

from __future__ import annotations

from collections.abc import Hashable
from numbers import Integral
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from tailstat import _validation as v
from tailstat._display import level_percent
from tailstat.errors import DataError
from tailstat.plot._style import AX, GREY, LABEL_COLORS, closes_on_error, get_ax, literal, note

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["posterior_xi"]


@closes_on_error
@v.validate_params({"ax": AX, "bins": [v.Interval(Integral, 1, None)]})
def posterior_xi(bayes_fit: Any, ax: Axes | None = None, *, bins: int = 60,
                 group: Hashable | None = None) -> Axes:
    """Posterior density of the GPD shape ξ with its credible interval and ``P(ξ > 0)``.

    Parameters
    ----------
    bayes_fit : BayesTailFit, BayesHierarchicalFit or TailClassification
        From :func:`tailstat.bayes.fit_bayes` (``draws("xi")``, or ``idata.posterior["xi"]``),
        a hierarchical fit with ``group=``, or ``classify(x, method="bayes")`` (its fit).
    ax : matplotlib Axes, optional
    bins : int
    group : hashable, optional
        The group of a hierarchical fit whose ξ to draw (required there: the groups' draws
        pooled are no posterior of anything).

    Returns
    -------
    matplotlib.axes.Axes
    """
    evidence = getattr(bayes_fit, "evidence", None)
    if isinstance(evidence, dict):  # a classification: its Bayesian fit (review 404)
        if evidence.get("bayes") is None:
            raise DataError("posterior_xi: this classification holds no Bayesian fit; "
                            "classify(x, method='bayes') keeps one in evidence['bayes'] (not "
                            "for saturated scores).")
        bayes_fit = evidence["bayes"]
    rows: Any = getattr(bayes_fit, "table", None)
    hierarchical = callable(getattr(bayes_fit, "draws", None)) and hasattr(bayes_fit, "groups") \
        and hasattr(bayes_fit, "label_of")
    if hierarchical and group is None:
        raise DataError(f"posterior_xi of a hierarchical fit draws one group's ξ: pass "
                        f"group= (one of {bayes_fit.groups[:5]}"
                        f"{', ...' if len(bayes_fit.groups) > 5 else ''}).")
    if group is not None and not hierarchical:
        raise DataError("group= is for a hierarchical fit (tailstat.bayes."
                        "fit_bayes_hierarchical); this fit has one sample.")
    ci: Any = getattr(bayes_fit, "xi_ci", None)
    p_heavy: float | None = getattr(bayes_fit, "prob_heavy", None)
    if hierarchical:
        label = bayes_fit.label_of(group)  # a key as the data have it, or its label
        draws = np.asarray(bayes_fit.draws("xi", group=label), dtype=float).ravel()
        row = rows.iloc[bayes_fit.groups.index(label)]  # the table is in the groups' order
        ci, p_heavy = (float(row["xi_low"]), float(row["xi_high"])), float(row["prob_heavy"])
    elif callable(getattr(bayes_fit, "draws", None)):
        draws = np.asarray(bayes_fit.draws("xi"), dtype=float).ravel()
    elif getattr(getattr(bayes_fit, "idata", None), "posterior", None) is not None:
        draws = np.asarray(bayes_fit.idata.posterior["xi"], dtype=float).ravel()
    else:
        raise DataError(f"posterior_xi draws a Bayesian fit (tailstat.fit_bayes: posterior "
                        f"draws of xi); got a {type(bayes_fit).__name__}, which has none.")
    ax = get_ax(ax)
    draws = draws[np.isfinite(draws)]
    if draws.size == 0:
        note(ax, "no posterior draws")
        return ax
    heights, _, _ = ax.hist(draws, bins=bins, density=True, color=LABEL_COLORS["light"],
                            alpha=0.55, label="posterior draws")
    if ci is not None:
        level = getattr(ci, "level", getattr(bayes_fit, "settings", {}).get("level", 0.95))
        ax.axvspan(float(ci[0]), float(ci[1]), color=LABEL_COLORS["light"], alpha=0.12,
                   label=f"{level_percent(level)} credible interval")
    ax.axvline(0.0, color=GREY, lw=1.0, ls=":")
    p_heavy = float(np.mean(draws > 0)) if p_heavy is None else float(p_heavy)
    ax.set_xlabel("ξ (GPD shape)")
    ax.set_ylabel("posterior density")
    of = f" of {literal(str(group))}" if group is not None else ""
    # the draws' share, never 0 or 1 (a review: "= 1.00" from 400 draws), as probabilities()
    shown = ("< 0.01" if p_heavy < 0.01 else "> 0.99" if p_heavy > 0.99
             else f"= {p_heavy:.2f}")
    ax.set_title(f"Posterior of ξ{of}: P(ξ > 0) {shown}")
    # the legend in the upper corner away from the posterior's mass, above the peak (a
    # review: "best" put it on the peak of a narrow posterior)
    top = float(np.max(heights))
    if np.isfinite(top) and top > 0:
        ax.set_ylim(0.0, 1.3 * top)
    left, right = ax.get_xlim()
    away: Literal["upper left", "upper right"] = (
        "upper left" if float(np.median(draws)) > (left + right) / 2 else "upper right")
    ax.legend(fontsize="small", loc=away)
    return ax

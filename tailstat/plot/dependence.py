"""The upper-tail dependence of an error and its gold score, χ(u) against the level u
(:func:`tailstat.tail_dependence`'s result)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from tailstat import _validation as v
from tailstat.plot._style import (
    AX,
    GREY,
    LABEL_COLORS,
    as_frame,
    closes_on_error,
    finish,
    get_ax,
    interval_level,
    need,
    pick,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["tail_dependence"]


@closes_on_error
@v.validate_params({"ax": AX})
def tail_dependence(result: Any, ax: Axes | None = None) -> Axes:
    """Upper-tail dependence χ(u) of (error, gold) against the level u, with intervals.

    Under independence χ(u) is ``n_exceed / n``, about 1 - u (dotted line: the table's
    ``independence`` column when it has one, else 1 - u). Points well above it mean that large
    errors come with large true utility (or the reverse): the independence the theory's good
    case needs does not hold.

    Parameters
    ----------
    result : TailDependence or DataFrame
        From :func:`tailstat.tail_dependence`: columns ``u``, ``chi``, ``ci_low``,
        ``ci_high`` and (optional) ``independence``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = get_ax(ax)
    df = as_frame(result)
    level = interval_level(result, df)  # a table: its attrs or its level column
    u = need(df, ("u",), "level u")
    chi = need(df, ("chi",), "χ")
    lo, hi = pick(df, ("ci_low",), "ci"), pick(df, ("ci_high",), "ci")
    order = np.argsort(u)
    u, chi = u[order], chi[order]
    interval = "interval" if level is None else f"{100 * float(level):g}% interval"
    if lo is not None and hi is not None:
        lo, hi = lo[order], hi[order]
        if u.size > 4:
            ax.fill_between(u, lo, hi, color=LABEL_COLORS["heavy"], alpha=0.15, lw=0,
                            label=interval)
        else:
            # a missing interval draws no bar (as 0 it drew caps at the point: "exact")
            has = np.isfinite(lo) & np.isfinite(hi)
            if has.any():
                yerr = np.clip(np.vstack([chi - lo, hi - chi])[:, has], 0.0, None)
                ax.errorbar(u[has], chi[has], yerr=yerr, fmt="none",
                            ecolor=LABEL_COLORS["heavy"], capsize=3, label=interval)
    ax.plot(u, chi, "o-" if u.size <= 20 else "-", ms=4, color=LABEL_COLORS["heavy"],
            label="χ(u) observed")
    indep = pick(df, ("independence",), "independence")
    if indep is not None:  # the table's expectation, n_exceed / n (a review: the line drew
        # 1 - u, 0.05 at u = 0.95 where independent samples average 0.033)
        ax.plot(u, indep[order], ":", color=GREY, lw=1.2, marker="_" if u.size == 1 else None,
                ms=14, label="independence (n_exceed / n)")  # (one level: a mark, review 405)
    else:
        grid = np.linspace(min(float(u.min()), 0.8), 1.0, 50)
        ax.plot(grid, 1 - grid, ":", color=GREY, lw=1.2, label="independence (1 − u)")
    # a little below 0, so that points at χ = 0 (no joint exceedance at a high level) are
    # drawn above the axis line rather than on it (a review: they were hidden in the spine)
    top = float(ax.get_ylim()[1])
    ax.set_ylim(bottom=-0.04 * top if np.isfinite(top) and top > 0 else -0.04)
    # where the points are not: a fixed upper right hid the χ points of a strong dependence,
    # the case the figure is for
    return finish(ax, "quantile level u", "χ(u)", "Tail dependence χ(u)", "best")

"""Figures that compare groups (reward models, checkpoints, prompt sets), drawn with seaborn.

seaborn is the natural tool here: it maps a tidy table with a ``group`` column to colours,
a legend and a shared axis in one call. Both functions take results computed elsewhere and
an optional Axes, and return the Axes; seaborn and matplotlib are imported inside them.

* :func:`survival_groups` -- the upper-tail survival curves of several groups on one log–log
  plot (power laws are parallel straight lines; lighter tails bend away);
* :func:`overview` -- the class probabilities of every group of an analysis as a heat map.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

from tailstat import _validation as v
from tailstat._display import cut_middle
from tailstat.classification.levels import CONFIDENT, shown_probability
from tailstat.errors import DataError
from tailstat.plot._style import (
    AX,
    GREY,
    MAX_POINTS,
    TEXT,
    as_frame,
    closes_on_error,
    get_ax,
    huge_power,
    literal,
    log_indices,
    minus_text,
    note,
    power_text,
    tidy_log_axes,
    tie_positions,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["overview", "survival_groups"]

_LABELS = ("heavy", "light", "bounded")
#: Most groups :func:`survival_groups` names in a legend (beside the axes past 10).
MAX_LEGEND = 40


def _survival_table(tails: Mapping[Any, Any], shift: str | float | None,
                    max_points: int) -> pd.DataFrame:
    """Tidy ``group, x, p`` rows: the thinned empirical survival function of each group."""
    import pandas as pd

    from tailstat.data import UpperTail, upper_tail

    parts = []
    unshifted: list[str] = []
    empty: list[str] = []
    unknown: list[str] = []  # one tie held: its share is not known
    names: set[str] = set()
    for i, key in enumerate(tails):
        item = tails[key]
        # names that print alike (1 and "1") stay apart: one hue, one line, joined, before
        name = literal(key)
        if name in names:
            name = f"{name} ({type(key).__name__})"
        if name in names:
            name = f"{name} #{i + 1}"
        names.add(name)
        # named as the group (a review: a group too small to read was called 'x')
        tail = item if isinstance(item, UpperTail) else upper_tail(item, median=True,
                                                                   name=str(key))
        desc = np.asarray(tail.desc, dtype=float)
        if shift == "median":
            s = float(tail.median) if tail.median is not None else 0.0
            if tail.median is None:  # a sketch keeps no median: drawn as it is, and said
                unshifted.append(str(key))
        else:
            s = 0.0 if shift is None else float(shift)
        # ties as one point each, the last held run left out when its share is unknown, as
        # survival() draws them (review 403: a column, the last at a wrong probability)
        idx = tie_positions(desc, tail.n, log_indices(desc.shape[0], max_points))
        x = desc[idx] - s
        p = (idx + 1.0) / (tail.n + 1.0)
        ok = x > 0
        if idx.size == 0:  # one tie held, which values not held may join (review 405)
            unknown.append(name)
        elif not ok.any():  # nothing to draw on log axes: said, not dropped in silence
            empty.append(name)
        # the name as the legend draws it literally (a "$" would start mathtext)
        parts.append(pd.DataFrame({"group": name, "x": x[ok], "p": p[ok]}))
    if not parts:
        raise DataError("tails must hold at least one group; got an empty mapping instead.")
    # long names cut in the middle, as overview cuts them (a review: the legend of sweep
    # runs 200 characters long ran off the figure, and lost the ends that tell them apart)
    drawn = [str(part["group"].iat[0]) for part in parts if len(part)] + empty + unknown
    cut = dict(zip(drawn, _cut_names(drawn), strict=True))
    out = pd.concat(parts, ignore_index=True)
    out["group"] = out["group"].map(lambda g: cut.get(g, g))
    out.attrs["unshifted"] = unshifted
    out.attrs["empty"] = [cut[g] for g in empty]
    out.attrs["unknown"] = [cut[g] for g in unknown]
    return out


class _Analysis(v.Constraint):
    text = "a TailAnalysis"

    def accepts(self, value: Any) -> bool:
        return type(value).__name__ == "TailAnalysis" and hasattr(value, "sketches")


@closes_on_error
@v.validate_params({"tails": [v.InstanceOf(Mapping, text="a mapping of group -> sample"),
                              _Analysis()],
                    "ax": AX, "max_points": MAX_POINTS, "title": TEXT,
                    "shift": [v.StrOptions({"median"}), v.Interval(Real, None, None), None]})
def survival_groups(
    tails: Any,
    ax: Axes | None = None,
    *,
    shift: str | float | None = "median",
    max_points: int = 500,
    title: str = "Survival functions by group (log–log)",
) -> Axes:
    """Empirical upper-tail survival functions of several groups on one log–log plot.

    Parameters
    ----------
    tails : mapping of group -> UpperTail, Sample, TailSketch or array-like, or TailAnalysis
        One entry per group (e.g. ``{key: upper_tail(x, median=True)}``); samples are
        reduced to their upper tail here; an analysis gives its groups' sketches, which hold
        no median (their values are drawn unshifted, and the axes say so).
    ax : matplotlib Axes, optional
    shift : {"median"}, float or None
        Subtract each group's median (default; reward offsets are arbitrary), a number, or
        nothing. Values not positive after the shift are left out (log axes).
    max_points : int
        Points per group (all of the top 200, then log-spaced ranks).
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    failed: list[Any] = []
    if not isinstance(tails, Mapping):  # an analysis: its groups' sketches (a review)
        # its failed groups have none: said, as overview says them (a review)
        failed = [k for k in getattr(tails, "failures", {}) if k not in tails.sketches]
        tails = tails.sketches
    ax = get_ax(ax, figsize=(5.5, 3.8))
    table = _survival_table(tails, shift, max_points)
    if table.empty:
        note(ax, "no value above the shift:\nnothing to draw on log axes")
        return ax
    n_groups = int(table["group"].nunique())
    # the colour-blind palette has 10 colours: past that, lines would share them
    palette = ("colorblind" if n_groups <= 10
               else sns.color_palette("husl", n_groups))
    # log axes before the lines: seaborn reads the ticks of the axes it draws on, and linear
    # ones overflowed for rewards near 1e306 ("arange: cannot compute length")
    ax.set_xscale("log")
    ax.set_yscale("log")
    # values near 1.8e308 are drawn in units of their power of ten (the label gives it): the
    # log axis's margins passed the float maximum (an overflow in matplotlib's autoscaling)
    xs = table["x"].to_numpy(dtype=float)
    # in units of the largest's power of ten too where the values (positive: what log axes
    # show) span so many powers of ten that the axis's margins overflowed: a group near
    # 1e300 beside an ordinary one was not drawn, yet named in the legend (a review)
    power = huge_power(xs, at=0.0) if xs.max() / 1e250 > xs.min() else huge_power(xs)
    sns.lineplot(data=table.assign(x=table["x"] / 10.0**power), x="x", y="p", hue="group",
                 estimator=None, sort=False, palette=palette, lw=1.2, ax=ax,
                 legend=n_groups <= MAX_LEGEND)
    # a group of one point above the shift has no line to draw: a marker shows it, in the
    # legend too (a review: named there, and nothing drawn)
    counts = table["group"].value_counts()
    single = set(counts.index[counts == 1])
    for line in ax.get_lines():
        if np.size(line.get_xdata()) == 1 or line.get_label() in single:
            line.set_marker("o")
            line.set_markersize(4)
    tidy_log_axes(ax)
    notes = []
    if shift == "median":
        unshifted = table.attrs.get("unshifted") or []
        # what is drawn, said where it is read (a review: every group of an analysis'
        # sketches unshifted under "P(reward − median > x)", the x label cut at both ends)
        if unshifted and len(unshifted) >= len(tails):
            xlabel = "reward"
            notes.append("not shifted: no median held, as sketches keep the top values only")
        elif unshifted:  # one axis, two meanings: said above it
            xlabel = "reward − median, or reward where not shifted"
            notes.append(f"{', '.join(literal(k) for k in unshifted[:3])}"
                         f"{', ...' if len(unshifted) > 3 else ''}: not shifted, no median held")
        else:
            xlabel = "reward − median"
        ylabel = f"P({xlabel} > x)" if not unshifted or xlabel == "reward" else "P(X > x)"
    else:
        xlabel = ("reward" if shift is None or float(shift) == 0.0
                  else minus_text("reward", float(shift),
                                   float(table["x"].max()) if len(table) else None))
        ylabel = f"P({xlabel} > x)"
    ax.set_xlabel(f"x = {xlabel} (log scale){power_text(power)}")
    ax.set_ylabel(ylabel)  # what is drawn: the shifted value's survival, as the x axis says
    empty = table.attrs.get("empty") or []
    if empty:  # (above 0 where nothing was shifted: a review)
        where = "0" if xlabel == "reward" else "the shift"
        notes.append(f"{', '.join(empty[:3])}{', ...' if len(empty) > 3 else ''}: no value "
                     f"above {where}, not drawn")
    unknown = table.attrs.get("unknown") or []
    if unknown:
        notes.append(f"{', '.join(unknown[:3])}{', ...' if len(unknown) > 3 else ''}: the "
                     "values held are all equal, their share unknown, not drawn")
    if failed:
        notes.append(f"{len(failed)} not analysed: not drawn")
    ax.set_title(title + "".join(f"\n({n})" for n in notes),
                 fontsize="small" if notes else None)
    ax.grid(True, which="major", alpha=0.3)
    if n_groups <= 10:
        ax.legend(fontsize="small", loc="lower left", title=None)
    elif n_groups <= MAX_LEGEND:  # beside the axes, in columns, so that it hides no line
        ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  ncol=-(-n_groups // 20), title=None, borderaxespad=0.0)
    else:
        ax.text(0.99, 0.99, f"{n_groups} groups: too many to name in a legend (plot fewer "
                "to tell them apart)", transform=ax.transAxes, ha="right", va="top",
                fontsize="x-small", color=GREY)
    return ax


@closes_on_error
@v.validate_params({"ax": AX, "title": TEXT, "max_groups": [v.Interval(Integral, 1, None)]})
def overview(analysis: Any, ax: Axes | None = None, *, max_groups: int = 60,
             title: str = "Tail class probabilities by group") -> Axes:
    """The P(heavy), P(light), P(bounded) of every group as an annotated heat map.

    Parameters
    ----------
    analysis : TailAnalysis or DataFrame
        From :func:`tailstat.analyze` (or its ``to_frame()``): columns ``group``, ``p_heavy``,
        ``p_light``, ``p_bounded``; groups that failed (no probabilities) are left out.
    ax : matplotlib Axes, optional
    max_groups : int
        At most this many groups are drawn (the first ones, in the analysis' order).
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    df = as_frame(analysis)
    cols = [f"p_{lab}" for lab in _LABELS]
    missing = [c for c in ("group", *cols) if c not in df.columns]
    if missing and "group" in df.columns and "error" in df.columns:
        # every group failed: an analysis' table then has no probability column at all
        for c in cols:
            if c not in df.columns:
                df = df.assign(**{c: np.nan})
        missing = []
    if missing:
        raise DataError(f"analysis must have the columns group, {', '.join(cols)}; got "
                        f"{[str(c) for c in df.columns]} instead.")
    shown = df.dropna(subset=cols)
    table = shown.head(max_groups)
    names = _cut_names([literal(g) for g in table["group"]])
    # wider for longer names (a fixed 4.2 in squeezed the map to a sliver past 40 characters)
    width = min(4.2 + 0.07 * max(0, max((len(n) for n in names), default=0) - 14), 8.0)
    left, failed = len(shown) - len(table), len(df) - len(shown)
    said = [f"the first {len(table)} of {len(shown)} groups; max_groups= draws more"] * bool(left)
    said += [f"{failed} not analysed: not drawn"] * bool(failed)
    values = table[cols].to_numpy(dtype=float)
    # an uncertain verdict (largest probability below CONFIDENT) marked, as the report's
    # dashed badges mark it (a review: its cells looked like any other's); said before the
    # figure is sized (a review: the note added after it collapsed the map of 2 groups)
    unsure = values.max(axis=1) < CONFIDENT if len(table) else np.zeros(0, dtype=bool)
    if unsure.any():
        said.append(f"?, names in italics: uncertain, below {CONFIDENT:g}")
    ax = get_ax(ax, figsize=(width, 1.0 + 0.3 * len(said) + 0.32 * max(len(table), 1)))
    if table.empty:
        note(ax, f"no group was analysed ({failed} failed: see the analysis' failures)"
             if failed else "no group was analysed")
        return ax
    # group names drawn as written (a "$" would start mathtext)
    grid = table.set_axis(names, axis=0)[cols].astype(float)
    grid.columns = list(_LABELS)
    # the names set after, horizontal: seaborn writes y labels vertical unless they overlap,
    # and a few long names then took the figure's whole height (the map collapsed)
    # written as the report and explain() write them: an uncertain 0.797 reads 0.79, not
    # the confident level's 0.80 (a review: fmt=".2f" wrote 0.80 beside "uncertain")
    # (the third decimal near 0.2 is P(heavy)'s alone, as in the report: a review)
    text = np.array([[shown_probability(float(p), cut=j == 0) for j, p in enumerate(row)]
                     for row in values], dtype=object)
    for i in np.flatnonzero(unsure):
        text[i, int(np.argmax(values[i]))] += "?"
    sns.heatmap(grid, vmin=0.0, vmax=1.0, cmap="rocket_r", annot=text, fmt="",
                cbar=False, linewidths=0.5, ax=ax, yticklabels=False)
    ax.set_yticks(np.arange(len(names)) + 0.5, labels=names, rotation=0)
    for label, doubt in zip(ax.get_yticklabels(), unsure, strict=True):
        if doubt:
            label.set_fontstyle("italic")
    ax.set_xlabel("")
    ax.set_ylabel("")
    # groups left out are said, as survival_groups says them (a review: 80 groups drew 60
    # under a title that spoke of every group)
    # a line each, not wrapped: matplotlib's wrapping inside a constrained layout collapsed
    # the map of 2 groups (a review)
    ax.set_title(title + ("\n(" + ";\n".join(said) + ")" if said else ""),
                 fontsize="small" if said else None)
    return ax


def _cut_names(names: list[str], limit: int = 32) -> list[str]:
    """Names past ``limit`` characters cut in the middle (start and end kept: sweep runs
    differ at their end), unless that makes two alike (then as they are)."""
    # cut as written, escaped again (a re-read: a cut between '\\' and '$' left a stray
    # backslash in the legend)
    cut = [literal(cut_middle(n.replace("\\$", "$"), limit)) for n in names]
    return cut if len(set(cut)) == len(set(names)) else names

"""One SVG figure per group (its diagnostic panels), one per Goodhart summary, and the
overview heat map, drawn by :mod:`tailstat.reporting._svg`: the panels are those of
:mod:`tailstat.plot`, written as SVG instead of drawn by matplotlib (which the report no
longer imports).
"""

from __future__ import annotations

import base64
import math
import os
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from tailstat.classification import TailClassification
from tailstat.classification.levels import CONFIDENT, shown_probability
from tailstat.reporting._compute import GroupNumbers
from tailstat.reporting._text import page_name

__all__ = ["OVERVIEW_MAX_GROUPS", "PANEL_HELP", "Figure", "goodhart_figure", "group_figure",
           "overview_task"]

#: The most groups the report's overview heat map draws (the most probably heavy first).
OVERVIEW_MAX_GROUPS = 40

#: How to read each kind of panel (shown once in the report).
PANEL_HELP: dict[str, tuple[str, str]] = {
    "probabilities": (
        "Tail class probabilities",
        "How probable each class is, given what tails of each kind look like at this sample "
        "size (calibrated, never exactly 0 or 1)."),
    "survival": (
        "Survival function (log–log)",
        "The fraction of scores above x, against x, both on log scales, for the top of the "
        "sample (x measured from the classifier's centre, an upper order statistic). A power "
        "law (heavy) is a straight line; an exponential or lighter tail bends down; a "
        "bounded tail drops steeply at its ceiling. "
        "The orange curve is the GPD fitted above the classifier's threshold."),
    "xi_path": (
        "ξ over k",
        "Estimates of the extreme-value index ξ from the k largest scores, for every k, read "
        "as reward − the classifier's centre, as the θ panel is (Hill, which is not "
        "location-invariant, reads other values from the raw scores). ξ > 0: "
        "power law; ξ = 0: exponential-type or lognormal-like; ξ < 0: bounded. Read the level "
        "where the curves are stable; small k is noisy (wide bands), large k is biased. The "
        "vertical dashed line marks the k the classifier used. Hill (solid line) assumes "
        "ξ > 0; the moment estimator (dashed) and Pickands (dash-dot) allow any sign."),
    "theta_path": (
        "θ over k",
        "The Weibull-tail coefficient θ separates tails that all have ξ ≈ 0: about 1 for "
        "exponential-type tails, below 1 for lighter ones, above 1 for heavier ones "
        "(lognormal, and power laws). Drawn on the values above the classifier's centre, read "
        "as a sample of their own (the reward's offset is arbitrary): an exponential tail "
        "reads about 1 at every n, a normal tail about 0.8 at n = 10⁴ (rising slowly towards "
        "1 with n), a lognormal one about 1.3."),
    "mean_excess": (
        "Mean excess",
        "The average amount by which scores exceed a threshold u, against u. Rising along a "
        "line: power law (lognormal and other subexponential tails rise more slowly); flat: "
        "exponential-type; falling: lighter than exponential, reaching 0 at a finite end "
        "point for a bounded tail (a normal's falls like 1/u, never reaching 0). The dashed "
        "line is the classifier's threshold."),
    "stability": (
        "Threshold stability",
        "The generalised Pareto (GPD) shape ξ fitted above each threshold u. Above a high "
        "enough threshold the estimates should stay level within their intervals."),
    "qq_exp": (
        "Exponential Q–Q plot",
        "The excesses over the classifier's threshold against exponential quantiles. On the "
        "dashed line: exponential-type tail. Curving up: heavier. Flattening: lighter or "
        "bounded."),
    "qq_gpd": (
        "GPD Q–Q plot",
        "The excesses against the quantiles of the GPD fitted to them. Points on the line mean "
        "the GPD describes the tail well."),
    "posterior": (
        "Posterior of ξ",
        "Bayesian GPD fit (PyMC): the distribution of plausible ξ given the exceedances; "
        "P(ξ > 0) is the posterior probability of a power-law tail."),
    "error_survival": (
        "Error: survival function",
        "As the survival panel, for the error reward − gold."),
    "error_probabilities": (
        "Error: class probabilities",
        "Tail class probabilities of the error reward − gold."),
    "dependence": (
        "Tail dependence χ(u)",
        "Among the responses whose error is above its u-quantile, the fraction whose gold "
        "score is also above its u-quantile. Independence gives the share of errors above u, "
        "about 1 − u (dotted). Points above "
        "it: large errors and large true utility go together."),
    "goodhart": (
        "What optimisation would do",
        "Against the KL divergence from today's outputs (nats): the least KL any policy needs "
        "to raise the mean reward by m sd (the frontier; under a heavy tail it is 0 for every "
        "m, and the points are explicit cheap policies), and what best-of-n reaches (proxy; "
        "with gold scores, the true utility in sd of the gold score). Solid: within the "
        "sample's reach; dashed: past it (the fitted tail model, or the sample's value where "
        "the model gives less, which the frontier, read from the model, does not see: there "
        "the two can cross); the dotted line marks where the sample stops (n = N/10, or "
        "less under a power-law tail, whose largest scores a sample rarely holds). The y "
        "axis is the gain in mean over today's outputs, in standard deviations of today's "
        "reward (\"sd above today\"; the true utility's in sd of the gold score v). I(m), the "
        "frontier, is the minimum KL for a mean reward m sd above today's. Cheap policies "
        "(within the KL budget, 0.01 nats unless set otherwise) are built "
        "explicitly: they send a tiny share of outputs to scores far past the rest, the "
        "exploit a heavy tail allows. A KL penalty's coefficient β is in reward units per "
        "nat: a policy maximising E[reward] − β KL."),
}


#: Panels by row: the data, the estimates over k or u, the fits, the error against gold.
LAYOUT = (
    ("probabilities", "survival", "qq_exp"),
    ("xi_path", "theta_path", "mean_excess"),
    ("stability", "qq_gpd", "posterior"),
    ("error_survival", "error_probabilities", "dependence"),
)
PANEL_WIDTH, PANEL_HEIGHT = 3.7, 2.95  # inches


@dataclass(frozen=True)
class Figure:
    """An encoded figure and the panels it holds, in order; an overview, the number of groups
    it draws (``groups``) and whether some of their names had to be numbered (``numbered``:
    names still alike when shortened, which its caption then explains)."""

    uri: str
    panels: tuple[tuple[str, str], ...]  # (letter, PANEL_HELP key)
    width: int
    height: int
    groups: int = 0
    numbered: bool = False


def _draw_marking_u(fn: Callable[[Any, Any], Any], result: Any, u: float | None,
                    ax: Any) -> None:
    """Draw ``result`` with ``fn`` and mark the classifier's threshold ``u`` (if any)."""
    fn(result, ax)
    if u is not None:
        ax.axvline(u, color="#777777", lw=1.0, ls="--")


def group_figure(c: TailClassification, numbers: GroupNumbers, *,
                 error_c: TailClassification | None = None, dependence: Any = None,
                 bayes_fit: Any = None, dpi: int = 96, max_points: int = 2000) -> Figure:
    """Draw every available panel of one group into one SVG, returned as a data URI.

    Parameters
    ----------
    c : TailClassification
    numbers : GroupNumbers
        From :func:`tailstat.reporting._compute.compute_group`.
    error_c : TailClassification, optional
        The error's classification (with gold scores).
    dependence : TailDependence, optional
        χ at the analysis' levels, drawn when ``numbers`` has no χ grid.
    bayes_fit : BayesTailFit, optional
    dpi, max_points : int
    """
    draw = _panels(c, numbers, error_c=error_c, dependence=dependence, bayes_fit=bayes_fit,
                   max_points=max_points)
    # one row per theme; missing panels close up, empty rows disappear
    rows = [[key for key in row if key in draw] for row in LAYOUT]
    rows = [row for row in rows if row]
    return _render_svg(draw, rows, dpi)


def goodhart_figure(summary: Any, *, dpi: int = 96) -> Figure:
    """One panel: :func:`tailstat.plot.goodhart` of a group's Goodhart summary, as an SVG URI.

    Parameters
    ----------
    summary : GoodhartSummary
    dpi : int
    """
    from tailstat import plot

    draw: dict[str, Callable[[Any], Any]] = {
        "goodhart": lambda ax: plot.goodhart(summary, ax, show_verdict=False)}
    return _render_svg(draw, [["goodhart"]], dpi, width=2.0)


def _panels(c: TailClassification, numbers: GroupNumbers, *, error_c: Any, dependence: Any,
            bayes_fit: Any, max_points: int) -> dict[str, Callable[[Any], Any]]:
    """One drawing function per available panel (PANEL_HELP key -> draw on an Axes)."""
    from tailstat import plot

    k = numbers.k
    gpd = numbers.gpd
    u = float(gpd.threshold) if gpd is not None else None
    tail = numbers.tail
    draw: dict[str, Callable[[Any], Any]] = {
        "probabilities": lambda ax: plot.probabilities(c, ax),
    }
    if tail is not None:
        draw["survival"] = lambda ax: plot.survival(tail, ax, fit=gpd, max_points=max_points,
                                                    shift=numbers.shift)
        if tail.k_max >= k >= 2:
            draw["qq_exp"] = lambda ax: plot.qq_exponential(tail, ax, k=k,
                                                            max_points=max_points)
    if numbers.paths:
        draw["xi_path"] = lambda ax: plot.path(numbers.paths, ax, k=k)
    if numbers.theta_path is not None:
        draw["theta_path"] = lambda ax: plot.path(numbers.theta_path, ax, k=k)
    for key, result, fn in (("mean_excess", numbers.mean_excess, plot.mean_excess),
                            ("stability", numbers.stability, plot.threshold_stability)):
        if result is not None:
            draw[key] = partial(_draw_marking_u, fn, result, u)
    if gpd is not None:
        draw["qq_gpd"] = lambda ax: plot.qq_gpd(gpd, ax=ax, max_points=max_points)
    if bayes_fit is not None:
        draw["posterior"] = lambda ax: plot.posterior_xi(bayes_fit, ax)
    if numbers.error_tail is not None:
        et = numbers.error_tail
        draw["error_survival"] = lambda ax: plot.survival(
            et, ax, max_points=max_points, color="#8B4513", title="Error: survival (log–log)",
            shift=numbers.error_shift, quantity="error")
    if error_c is not None:
        draw["error_probabilities"] = lambda ax: plot.probabilities(
            error_c, ax, title="Error: class probabilities")
    chi = dependence if dependence is not None else numbers.chi
    if chi is not None:
        draw["dependence"] = lambda ax: plot.tail_dependence(chi, ax)
    return draw


#: The note of a panel whose axes cannot be placed.
NOT_DRAWN = ("Not drawn: the values reach the\nfloating-point maximum on this panel's axes."
             "\nRescale the rewards (divide by a constant).")


def _render_svg(draw: dict[str, Callable[[Any], Any]], rows: list[list[str]], dpi: int,
                width: float = 1.0) -> Figure:
    """Draw the panels in ``rows`` as one SVG (:mod:`tailstat.reporting._svg`), letter them,
    return a data URI (``width``: panel width in units of the usual one)."""
    from tailstat.reporting._svg import SvgFigure

    cols = max(len(row) for row in rows)
    width_in, height_in = PANEL_WIDTH * cols * width, PANEL_HEIGHT * len(rows) * min(width, 1.5)
    fig = SvgFigure(width_in * dpi, height_in * dpi, dpi)
    # fixed margins (inches) and gaps (fractions of a panel), as matplotlib's subplots
    left, right, bottom, top = 0.75 * dpi, 0.3 * dpi, 0.55 * dpi, 0.35 * dpi
    wspace, hspace = 0.42, (0.6 if len(rows) > 1 else 0.2)
    cell_w = (fig.width - left - right) / (cols + wspace * (cols - 1))
    cell_h = (fig.height - top - bottom) / (len(rows) + hspace * (len(rows) - 1))
    letters = iter(string.ascii_lowercase)
    used: list[tuple[str, str]] = []
    n_panels = sum(len(row) for row in rows)
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            ax = fig.add_axes((left + c * cell_w * (1 + wspace),
                               top + r * cell_h * (1 + hspace), cell_w, cell_h))
            # values near the float maximum overflow the axes' spans: such a panel is
            # blanked with a note, not an error
            with np.errstate(over="ignore", invalid="ignore"):
                draw[key](ax)
            if not ax.drawable():
                _blank(ax)
            title = next((t for t in (ax.get_title(loc)
                                      for loc in ("left", "center", "right")) if t),
                         PANEL_HELP[key][0])
            for loc in ("center", "right"):  # the left one is replaced below
                ax.set_title("", loc=loc)
            letter = next(letters)
            # one panel (the Goodhart figure): no letter, which read as a group's name
            ax.set_title(f"({letter}) {title}" if n_panels > 1 else title, loc="left")
            used.append((letter, key))
    _fit_margins(fig, rows, left, right, bottom, wspace * cell_w)
    svg = fig.to_svg().encode("utf-8")
    return Figure(uri="data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
                  panels=tuple(used), width=round(fig.width), height=round(fig.height))


def _fit_margins(fig: Any, rows: list[list[str]], left: float, right: float, bottom: float,
                 gap: float) -> None:
    """Widen the left margin and the gaps between columns where the panels' y tick labels and
    y labels need more room than given (wide tick labels such as 10000, a two-line label):
    the panels are narrowed, nothing is cut at the figure's edge or runs into a neighbour.
    The figure grows at the bottom when the last row's x labels need it (an offset line)."""
    from tailstat.reporting._svg_write import bottom_extent, left_extent

    need_bottom = max(bottom_extent(ax) for ax in fig.axes[-len(rows[-1]):]) + fig.px(4)
    if need_bottom > bottom:
        fig.height += need_bottom - bottom

    cols = max(len(row) for row in rows)
    axes = iter(fig.axes)
    by_col: dict[int, list[Any]] = {}
    for row in rows:
        for c, _ in enumerate(row):
            by_col.setdefault(c, []).append(next(axes))
    pad = fig.px(4)
    need_left = max(left_extent(ax) for ax in by_col[0]) + pad
    need_gap = max((left_extent(ax) + 2 * pad for c in range(1, cols) for ax in by_col[c]),
                   default=0.0)
    if need_left <= left and need_gap <= gap:
        return
    left, gap = max(left, need_left), max(gap, need_gap)
    width = (fig.width - left - right - (cols - 1) * gap) / cols
    for c, col in by_col.items():
        for ax in col:
            _, top, _, height = ax.box
            ax.box = (left + c * (width + gap), top, width, height)


def overview_task(task: tuple[Any, int, int, int]) -> Figure | None:
    """The class probabilities of the groups (most probably heavy first) as one heat map, from
    the analysis' table (a picklable task for the workers); ``None`` for fewer than two
    classified groups.

    ``task``: the table (``TailAnalysis.to_frame()``), the number of classified groups, dpi
    and max_groups. Each column is shaded in its class' colour (that of the panels), as
    deep as the probability; :func:`tailstat.plot.overview` draws the same table for a
    notebook.
    """
    from tailstat.plot import LABEL_COLORS
    from tailstat.reporting._svg import LABEL_PT, TICK_PT, SvgFigure
    from tailstat.reporting._svg_write import text_svg

    frame, n_classified, dpi, max_groups = task
    frame = frame[frame["label"].notna()] if "label" in frame else frame.iloc[:0]
    if len(frame) < 2:
        return None
    frame = frame.sort_values("p_heavy", ascending=False, kind="stable").head(max_groups)
    height = 1.2 + 0.28 * len(frame)
    fig = SvgFigure(6.4 * dpi, height * dpi, dpi)
    left, top = 0.32 * fig.width, 0.5 * dpi
    room = left - fig.px(8)  # the names, right-aligned 4 pt left of the map, 4 pt from the edge
    names, numbered = _distinct_short([page_name(g) for g in frame["group"]],
                                      room / fig.px(TICK_PT))
    cell_w, cell_h = 0.6 * fig.width / 3, (fig.height - 1.0 * dpi) / len(frame)
    title = ("Class probabilities by group" if len(frame) == n_classified
             else f"Class probabilities: the {len(frame)} groups most probably heavy")
    # from the left edge: beside the names' column, a long title ran past the figure's right
    out = [text_svg(fig.px(4), top - fig.px(8), title, fig.px(10.5), weight="bold")]
    labels = ("heavy", "light", "bounded")
    for r, (name, row) in enumerate(zip(names, frame.itertuples(index=False), strict=True)):
        y = top + r * cell_h
        # an uncertain verdict looks uncertain, as in tailstat.plot.overview: its name in
        # italics, its largest probability marked "?" (a review)
        ps = [float(getattr(row, f"p_{lab}")) for lab in labels]
        unsure = max(ps) < CONFIDENT
        out.append(text_svg(left - fig.px(4), y + cell_h / 2, name, fig.px(TICK_PT),
                            ha="right", va="center", italic=unsure))
        for c, lab in enumerate(labels):
            p = ps[c]
            x = left + c * cell_w
            opacity = round(0.05 + 0.9 * p, 3)
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w:.1f}" '
                       f'height="{cell_h:.1f}" fill="{LABEL_COLORS[lab]}" '
                       f'fill-opacity="{opacity:.3f}" stroke="white"/>')
            # (the third decimal near 0.2 is P(heavy)'s alone, as in the tables)
            shown = shown_probability(p, cut=lab == "heavy") + (
                "?" if unsure and c == int(np.argmax(ps)) else "")
            out.append(text_svg(x + cell_w / 2, y + cell_h / 2, shown,
                                fig.px(TICK_PT), ha="center", va="center",
                                color=_ink_on(LABEL_COLORS[lab], opacity)))
    bottom = top + len(frame) * cell_h
    out += [text_svg(left + (c + 0.5) * cell_w, bottom + fig.px(4), lab, fig.px(LABEL_PT),
                     ha="center", va="top") for c, lab in enumerate(labels)]
    svg = fig.to_svg(extra="".join(out)).encode("utf-8")
    return Figure(uri="data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
                  panels=(), width=round(6.4 * dpi), height=round(height * dpi),
                  groups=len(frame), numbered=numbered)


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour with channels in [0, 1]."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _ink_on(color: str, opacity: float) -> str:
    """``"black"`` or ``"white"``, whichever contrasts more (WCAG 2.1 ratio) with ``color``
    (``#rrggbb``) laid at ``opacity`` over white: at least 4.58:1, so a cell's number is
    readable whatever its shade."""
    r, g, b = (1.0 - opacity + opacity * int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lum = _luminance((r, g, b))
    return "white" if 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 else "black"


#: Longest group label on the overview's axis, in characters.
LABEL_CHARS = 26


def _distinct_short(labels: list[str], ems: float) -> tuple[list[str], bool]:
    """:func:`_short` of each label, and whether some had to be numbered. When two come out
    alike (sweep runs that differ in the middle of a long name), the part all labels share
    at their start and end is left out first (``…lr1e-5…``); labels still alike keep, as the
    table at a glance does, the part where they differ with a little of their start and end
    (``AAAA…AAAxBBB…BBBB``: names all of letters lost their shared part to the first step,
    which cuts at a word's start, and were numbered: a review); should they still be alike,
    each is numbered."""
    names = [_short(lab, ems) for lab in labels]
    if len(set(names)) == len(names):
        return names, False
    pre = _shared(labels)
    suf = min(_shared([lab[::-1] for lab in labels]), min(len(lab) for lab in labels) - pre)
    names = [_short(("…" if pre else "") + lab[pre:len(lab) - suf] + ("…" if suf else ""),
                    ems) for lab in labels]
    alike: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        alike.setdefault(name, []).append(i)
    for same in (rows for rows in alike.values() if len(rows) > 1):
        for i, name in zip(same, _where_they_differ([labels[i] for i in same], ems),
                           strict=True):
            names[i] = name
    if len(set(names)) < len(names):
        return [_short(f"{i + 1}. {lab}", ems) for i, lab in enumerate(labels)], True
    return names, False


def _where_they_differ(labels: list[str], ems: float) -> list[str]:
    """Labels alike once cut, each cut to the part where they differ, with as much of their
    shared middle (up to 8 characters) and of their start and end (up to 4) as fits
    :data:`LABEL_CHARS` and ``ems``; the part alone, through :func:`_short`, when nothing
    more fits."""
    from tailstat.reporting._svg_write import text_width

    start = len(os.path.commonprefix(labels))  # noqa: RUF071 (names, not paths)
    end = min(len(os.path.commonprefix([lab[::-1] for lab in labels])),  # noqa: RUF071
              min(len(lab) for lab in labels) - start)

    def cut(lab: str, context: int, edge: int) -> str:
        lo, hi = max(start - context, 0), max(len(lab) - end + context, start + 1)
        head = lab[:lo] if lo <= edge else lab[:edge] + "…"
        tail = lab[hi:] if len(lab) - hi <= edge else "…" + lab[len(lab) - edge:]
        return head + lab[lo:hi] + tail

    for context, edge in ((8, 4), (6, 4), (4, 3), (3, 2), (2, 1), (1, 0), (0, 0)):
        shown = [cut(lab, context, edge) for lab in labels]
        if all(len(t) <= LABEL_CHARS and text_width(t, 1.0) <= ems for t in shown):
            return shown
    return [_short(cut(lab, 0, 0), ems) for lab in labels]


def _shared(labels: list[str]) -> int:
    """The length of the start all ``labels`` share, cut back to a word's start (after the
    last character that is neither a letter nor a digit: ``lr`` stays with ``1e-5``)."""
    first = labels[0]
    n = next((i for i in range(len(first)) if any(len(lab) <= i or lab[i] != first[i]
                                                  for lab in labels)), len(first))
    while n and first[n - 1].isalnum():
        n -= 1
    return n


def _short(label: str, ems: float = math.inf) -> str:
    """``label`` cut to :data:`LABEL_CHARS` characters and to ``ems`` font sizes of width
    (estimated from the characters' advance widths), with an ellipsis in the middle when cut:
    its start and its end stay (``reward_model_c…_step_1000``), since names that share a
    prefix (checkpoints, steps) differ at the end; cut at the end, they all read the same."""
    from tailstat.reporting._svg_write import text_width

    if len(label) <= LABEL_CHARS and text_width(label, 1.0) <= ems:
        return label
    head, tail = (LABEL_CHARS - 1) - (LABEL_CHARS - 1) // 2, (LABEL_CHARS - 1) // 2

    def joined() -> str:
        return label[:head] + "…" + (label[len(label) - tail:] if tail else "")

    while head + tail and text_width(joined(), 1.0) > ems:
        if head > tail:
            head -= 1
        else:
            tail -= 1
    return joined()


def _blank(ax: Any) -> None:
    """Empty ``ax`` with a note in place of a panel that cannot be drawn."""
    ax.blank(NOT_DRAWN)

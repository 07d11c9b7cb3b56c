"""One multi-panel PNG per group, drawn with :mod:`tailstat.plot` on an Agg canvas (no pyplot)
whose renderer keeps the images of the texts it draws (:mod:`tailstat.reporting._agg`).

The figure of each layout is kept from one group to the next (:mod:`tailstat.reporting._canvas`:
its Axes are reset, its tick objects and renderer reused; the PNG bytes are those of a new
figure). matplotlib is imported inside the drawing functions, never at module import.
"""

from __future__ import annotations

import base64
import contextlib
import io
import math
import string
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from tailstat.classification import TailClassification
from tailstat.reporting._compute import GroupNumbers
from tailstat.reporting._text import visible

__all__ = ["PANEL_HELP", "Figure", "goodhart_figure", "group_figure", "overview_task"]

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
        "Estimates of the extreme-value index ξ from the k largest scores, for every k. ξ > 0: "
        "power law; ξ = 0: exponential-type or lognormal-like; ξ < 0: bounded. Read the level "
        "where the curves are stable; small k is noisy (wide bands), large k is biased. The "
        "dashed line marks the k the classifier used. Hill assumes ξ > 0; the moment estimator "
        "and Pickands allow any sign."),
    "theta_path": (
        "θ over k",
        "The Weibull-tail coefficient θ separates tails that all have ξ ≈ 0: about 1 for "
        "exponential-type tails, below 1 for lighter ones, above 1 for heavier ones "
        "(lognormal, and power laws). Drawn on the values above the classifier's centre, read "
        "as a sample of their own (the reward's offset is arbitrary): an exponential tail "
        "reads about 1 at every n, a normal tail about 0.8 at n = 10^4 (rising slowly towards "
        "1 with n), a lognormal one about 1.3."),
    "mean_excess": (
        "Mean excess",
        "The average amount by which scores exceed a threshold u, against u. Rising: power "
        "law; flat: exponential-type; falling towards 0: bounded. The dashed line is the "
        "classifier's threshold."),
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
        "score is also above its u-quantile. Independence gives 1 − u (dotted). Points above "
        "it: large errors and large true utility go together."),
    "goodhart": (
        "What optimisation would do",
        "Against the KL divergence from today's outputs (nats): the least KL any policy needs "
        "to raise the mean reward by m sd (the frontier; under a heavy tail it is 0 for every "
        "m, and the points are explicit cheap policies), and what best-of-n reaches (proxy; "
        "with gold scores, the true utility in sd of the gold score). Solid: from the sample; "
        "dashed: the fitted tail model takes over; the dotted line marks where the sample "
        "stops (n = N/10)."),
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
    """An encoded figure and the panels it holds, in order."""

    uri: str
    panels: tuple[tuple[str, str], ...]  # (letter, PANEL_HELP key)
    width: int
    height: int


def _draw_marking_u(fn: Callable[[Any, Any], Any], result: Any, u: float | None,
                    ax: Any) -> None:
    """Draw ``result`` with ``fn`` and mark the classifier's threshold ``u`` (if any)."""
    fn(result, ax)
    if u is not None:
        ax.axvline(u, color="#777777", lw=1.0, ls="--")


def group_figure(c: TailClassification, numbers: GroupNumbers, *,
                 error_c: TailClassification | None = None, dependence: Any = None,
                 bayes_fit: Any = None, dpi: int = 96, max_points: int = 2000) -> Figure:
    """Draw every available panel of one group into one PNG, returned as a data URI.

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
    return _render_png(draw, rows, dpi)


def goodhart_figure(summary: Any, *, dpi: int = 96) -> Figure:
    """One panel: :func:`tailstat.plot.goodhart` of a group's Goodhart summary, as a PNG URI.

    Parameters
    ----------
    summary : GoodhartSummary
    dpi : int
    """
    from tailstat import plot

    draw: dict[str, Callable[[Any], Any]] = {
        "goodhart": lambda ax: plot.goodhart(summary, ax, show_verdict=False)}
    return _render_png(draw, [["goodhart"]], dpi, width=2.0)


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


#: Compact matplotlib style of the report's panels.
_STYLE: dict[Any, Any] = {
    "font.size": 10, "axes.titlesize": 10.5, "axes.labelsize": 9.5,
    "xtick.labelsize": 8.5, "ytick.labelsize": 8.5, "legend.fontsize": 8.5,
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.titleweight": "bold", "axes.titlelocation": "left",
    "axes.titley": 1.02,  # a fixed title position skips a costly layout pass
}


def _render_png(draw: dict[str, Callable[[Any], Any]], rows: list[list[str]], dpi: int,
                width: float = 1.0) -> Figure:
    """Draw the panels in ``rows`` on one Agg canvas, letter them, encode a PNG data URI
    (``width``: panel width in units of the usual one)."""
    import matplotlib

    from tailstat.reporting._canvas import layout_axes
    from tailstat.reporting._lean import lean_legend

    cols = max(len(row) for row in rows)
    width_in, height_in = PANEL_WIDTH * cols * width, PANEL_HEIGHT * len(rows) * min(width, 1.5)
    letters = iter(string.ascii_lowercase)
    # fixed margins (in inches) instead of constrained layout: half the drawing time
    margins = {"left": 0.75 / width_in, "right": 1 - 0.3 / width_in,
               "bottom": 0.55 / height_in, "top": 1 - 0.35 / height_in,
               "wspace": 0.42, "hspace": 0.6 if len(rows) > 1 else 0.2}
    with matplotlib.rc_context(_STYLE), _no_glyph_warnings():
        # the figure of this layout, kept from the last group (its Axes reset): only the
        # cells with a panel have an Axes (an empty one costs as much as a panel)
        fig, axes = layout_axes(rows, dpi, (width_in, height_in), margins)
        used: list[tuple[str, str]] = []
        for ax, key in zip(axes, (key for row in rows for key in row), strict=True):
            # values near the float maximum overflow inside matplotlib's autoscaling (its
            # margins): such a panel is blanked, not an error
            with np.errstate(over="ignore", invalid="ignore"):
                draw[key](ax)
                if not _drawable(ax):
                    _blank(ax)
            title = next((t for t in (ax.get_title(loc)
                                      for loc in ("left", "center", "right")) if t),
                         PANEL_HELP[key][0])
            for loc in ("center", "right"):  # the left one is replaced below
                if ax.get_title(loc):
                    ax.set_title("", loc=loc)
            letter = next(letters)
            # one panel (the Goodhart figure): no letter, which read as a group's name
            ax.set_title(f"({letter}) {title}" if len(axes) > 1 else title, loc="left")
            if ax.legend_ is not None:
                lean_legend(ax.legend_)
            used.append((letter, key))
        png = _png(fig)
    return Figure(uri="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                  panels=tuple(used), width=round(width_in * dpi), height=round(height_in * dpi))


@contextlib.contextmanager
def _no_glyph_warnings() -> Iterator[None]:
    """matplotlib's "Glyph ... missing from font" warning, once per character a group name
    has outside the bundled font (CJK, say), is not the user's concern: the page shows the
    names in full; the figure draws a box for each such character."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from",
                                category=UserWarning)
        yield


def overview_task(task: tuple[Any, int, int, int]) -> Figure | None:
    """The class probabilities of the groups (most probably heavy first) as one heat map, from
    the analysis' table (a picklable task for the workers); ``None`` for fewer than two
    classified groups.

    ``task``: the table (``TailAnalysis.to_frame()``), the number of classified groups, dpi
    and max_groups.
    """
    import matplotlib
    from matplotlib.figure import Figure as MplFigure

    from tailstat import plot
    from tailstat.reporting._agg import ReportCanvas

    frame, n_classified, dpi, max_groups = task
    frame = frame[frame["label"].notna()] if "label" in frame else frame.iloc[:0]
    if len(frame) < 2:
        return None
    frame = frame.sort_values("p_heavy", ascending=False, kind="stable").head(max_groups)
    frame = frame.assign(group=[_short(visible(str(g))) for g in frame["group"]])
    height = 1.2 + 0.28 * len(frame)
    with matplotlib.rc_context(_STYLE), _no_glyph_warnings():
        fig = MplFigure(figsize=(6.4, height), dpi=dpi)
        ReportCanvas(fig)
        ax = fig.add_axes((0.32, 0.5 / height, 0.6, 1 - 1.0 / height))
        title = ("Class probabilities by group" if len(frame) == n_classified
                 else f"Class probabilities: the {len(frame)} groups most probably heavy")
        plot.overview(frame, ax, max_groups=max_groups, title=title)
        png = _png(fig)
    return Figure(uri="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                  panels=(), width=round(6.4 * dpi), height=round(height * dpi))


#: Longest group label on the overview's axis (what fits left of the heat map at 8.5 pt, for
#: names of ordinary letters and digits).
LABEL_CHARS = 26


def _short(label: str) -> str:
    """``label`` cut to :data:`LABEL_CHARS` characters, with an ellipsis when cut."""
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _drawable(ax: Any) -> bool:
    """Whether matplotlib can place ticks on ``ax``: finite limits and tick locations it can
    compute (rewards near the float maximum make the locators fail, and with them the whole
    figure)."""
    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return False
        try:
            locs = np.asarray(axis.get_majorticklocs(), dtype=float)
        except (ValueError, OverflowError, ZeroDivisionError, FloatingPointError):
            return False
        if not np.all(np.isfinite(locs)):
            return False
    return True


def _blank(ax: Any) -> None:
    """Empty ``ax`` with a note in place of a panel that cannot be drawn."""
    from tailstat.reporting._canvas import clear_artists

    clear_artists(ax)
    ax.set_xscale("linear")
    ax.set_yscale("linear")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.text(0.5, 0.5, "Not drawn: the values reach the\nfloating-point maximum on this "
            "panel's axes.\nRescale the rewards (divide by a constant).",
            ha="center", va="center", transform=ax.transAxes, fontsize="small", color="#555555")


def _png(fig: Any) -> bytes:
    """The figure (on an Agg canvas) as a PNG with an adaptive 256-colour palette (about a
    third of the size of a full-colour PNG).

    The canvas is drawn once and its pixels quantized directly: no full-colour PNG is encoded
    and decoded again on the way (the pixels are those ``savefig`` would write).
    """
    from PIL import Image

    canvas = fig.canvas
    canvas.draw()
    with Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw",
                          "RGBA", 0, 1) as im:
        pal = im.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                          dither=Image.Dither.NONE)
    out = io.BytesIO()
    pal.save(out, format="PNG")
    return out.getvalue()

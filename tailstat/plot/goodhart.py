"""Draw a :class:`tailstat.goodhart.GoodhartSummary`: what optimisation would do.

:func:`goodhart` draws, on one Axes, against ``KL(pi || pi0)`` (nats):

* the minimum-KL frontier -- the mean proxy reward reachable at each KL, in sd above today's
  mean (solid where the sample supports it, dashed where the tail model extrapolates; under a
  heavy tail the frontier is the vertical axis itself, ``I(m) = 0``, and the cheap policies are
  drawn as points);
* best-of-n: the proxy (and, with gold scores, the true utility, in sd of ``v``) against
  ``log n - (n-1)/n``, dashed past the sample's reach (``n = N/10``, or less under a
  power-law tail) where the tail model takes over;
* a marker where the sample stops.

Nothing is computed here but what drawing needs; matplotlib is imported lazily.
"""

from __future__ import annotations

import textwrap
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np

from tailstat import _validation as v
from tailstat.errors import DataError
from tailstat.goodhart.bon import REACH, policy_kl
from tailstat.goodhart.summary import GoodhartSummary
from tailstat.plot._style import AX, DATA_COLOR, GREY, LABEL_COLORS, closes_on_error, get_ax

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["goodhart", "lines_drawn"]

_GOLD = "#CC79A7"  # Okabe–Ito purple: no label colour (the bounded frontier was this green)
_BON = "#E69F00"


def _parts(x: np.ndarray, y: np.ndarray, extrap: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, int | None, int | None]:
    """A curve's finite points, with the end of its solid part (``x[:solid]``, within the
    sample's reach) and the start of its dashed part (``x[dashed:]``), each None when it has
    none. A solid part of the first point alone (best-of-1 at (0, 0), the reach n = 1) is
    drawn dashed with the rest: it was a "solid" line in the legend that the plot had not
    (review 441)."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y, extrap = x[ok], y[ok], extrap[ok]
    inside = np.flatnonzero(~extrap)
    last = int(inside[-1]) if inside.size else -1
    if last == 0 and x.size > 1:
        last = -1
    solid = last + 1 if last >= 0 else None
    dashed = max(last, 0) if x.size and last + 1 < x.size else None
    return x, y, solid, dashed


def _split_line(ax: Axes, x: np.ndarray, y: np.ndarray, extrap: np.ndarray, color: str,
                label: str, marker: str | None = None) -> None:
    x, y, solid, dashed = _parts(x, y, extrap)
    if solid is not None:
        ax.plot(x[:solid], y[:solid], color=color, lw=1.8, marker=marker, ms=3, label=label)
    if dashed is not None:
        ax.plot(x[dashed:], y[dashed:], color=color, lw=1.5, ls="--", marker=marker, ms=3,
                label=f"{label} (past the sample's reach)")


def _curves(result: Any) -> dict[str, np.ndarray]:
    """What :func:`goodhart` draws of ``result``'s curves: best-of-n's KL, its proxy gain in
    sd and where it is past the sample's reach; a light or bounded tail's frontier."""
    fr, bon = result.frontier.table, result.best_of_n
    sd = result.sd if result.sd > 0 else 1.0
    # on the scores' own law where it is the answer (binary, ratings, clipped scores: the
    # continuous log n - (n - 1)/n drew best-of-1,024 at 5.93 nats for a KL of 1.21; a review)
    out = {"kl_bon": policy_kl(bon, getattr(result, "tail", None)),
           "u_sd": (bon["u"].to_numpy(dtype=float) - result.mean) / sd,
           # dashed past the sample's reach, as the module says: the tail model's values,
           # and a floor from the sample past its reach too (a bounded tail's curve was
           # solid to n = 10^6, 50 times past N/10, as its source said "sample")
           "past": (bon["extrapolated"].to_numpy(dtype=bool) if "extrapolated" in bon else
                    np.zeros(len(bon), dtype=bool))
           | (bon["source"] == "tail model").to_numpy(dtype=bool)}
    if not result.frontier.heavy:
        out["rate"], out["tsd"], out["ext"] = _between(
            np.concatenate([[0.0], fr["rate"].to_numpy(dtype=float)]),
            np.concatenate([[0.0], fr["target_sd"].to_numpy(dtype=float)]),
            np.concatenate([[False], fr["extrapolated"].to_numpy(dtype=bool)]))
    return out


def _right(kl_bon: np.ndarray, max_kl: float | None) -> float:
    """The right end of the KL axis: ``max_kl``, or a little past best-of-n's largest KL."""
    return max_kl if max_kl is not None else float(np.nanmax(kl_bon)) * 1.05


def _stop(result: Any, right: float) -> tuple[float, float] | None:
    """Where the dotted "sample stops" line is drawn (its KL and the reach n), or None."""
    # the reach itself (N/10, or less under a power-law tail), not the first size past it
    stop_n = result.sample_stops.get("bon_reach", result.sample_stops.get("bon_n"))
    saturated = bool(getattr(getattr(result, "tail", None), "settings", {}).get("saturated"))
    # (saturated: the sample's law is the answer at every n, and nothing past a stop is a
    # model's; a reach of 1, a power law with ξ near 1 whose plug-in misses E[max] from n = 2
    # on, put "sample stops (n = 1)" at KL = 0 over the frontier, beside gold's curve drawn
    # from the sample up to N/10: a review)
    if stop_n is None or stop_n <= 1 or saturated:
        return None
    k_stop = float(np.log(stop_n) - (stop_n - 1) / stop_n)
    # past max_kl its text sat outside the Axes and broke the layout
    return (k_stop, float(stop_n)) if k_stop <= right else None


def lines_drawn(result: Any, max_kl: float | None = None) -> dict[str, bool]:
    """Which kinds of line :func:`goodhart` draws for ``result``: ``solid`` (a curve within
    the sample's reach), ``dashed`` (past it) and ``stop`` (the dotted line where the sample
    stops), for a caption that names only those (review 441: "dashed ... dotted line: where
    the sample stops" under figures with neither). Nothing is drawn."""
    c = _curves(result)
    parts = [_parts(c["kl_bon"], c["u_sd"], c["past"])] if np.isfinite(
        c["u_sd"][1:]).any() else []
    if "rate" in c:
        parts.append(_parts(c["rate"], c["tsd"], c["ext"]))
    curve = result.true_utility_curve()
    return {"solid": curve is not None or any(p[2] is not None for p in parts),
            "dashed": any(p[3] is not None for p in parts),
            "stop": _stop(result, _right(c["kl_bon"], max_kl)) is not None}


def _between(rate: np.ndarray, tsd: np.ndarray, ext: np.ndarray, m: int = 8
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The frontier's points with ``m - 1`` more between each two, √KL linear in the target
    between them: the KL of a tilt grows as the target's square near today's mean (a normal's
    is ``t² / 2`` exactly), so straight chords between targets 0.25 sd apart drew about twice
    the KL at 0.125 sd, and past best-of-n's near a bounded tail's end (review 403). Each
    added point is extrapolated where the segment's end is."""
    f = np.linspace(0.0, 1.0, m + 1)[:-1]
    t = np.concatenate([(tsd[:-1, None] + f * np.diff(tsd)[:, None]).ravel(), tsd[-1:]])
    root = np.sqrt(np.maximum(rate, 0.0))
    ok = np.isfinite(root) & np.isfinite(tsd)
    if ok.sum() < 3 or np.any(np.diff(tsd[ok]) <= 0):
        # (no value past the last finite target: np.interp's flat end drew targets the
        # tail cannot reach at a finite KL, review 405)
        r = (np.interp(t, tsd[ok], root[ok], right=np.nan) ** 2 if ok.sum() >= 2
             else np.where(np.isin(t, tsd), np.interp(t, tsd, rate), np.nan))
    else:  # monotone cubic through √KL: it follows the curve's bend between the targets
        from scipy.interpolate import PchipInterpolator

        r = PchipInterpolator(tsd[ok], root[ok], extrapolate=False)(t) ** 2
    e = np.concatenate([np.repeat(ext[1:], m), ext[-1:]])
    e[0] = ext[0]
    return r, t, e


@closes_on_error
@v.validate_params({
    "result": [v.InstanceOf(GoodhartSummary, text="a GoodhartSummary (tailstat.goodhart_summary)")],
    "ax": AX,
    "show_verdict": [v.InstanceOf(bool, text="True or False")],
    "max_kl": [v.Interval(Real, 0, None, closed="neither"), None],
})
def goodhart(result: Any, ax: Axes | None = None, *, show_verdict: bool = True,
             max_kl: float | None = None) -> Axes:
    """Frontier and best-of-n curves of a :class:`~tailstat.goodhart.GoodhartSummary`.

    Parameters
    ----------
    result : GoodhartSummary
        From :func:`tailstat.goodhart.goodhart_summary`.
    ax : matplotlib Axes, optional
        Where to draw (a new figure when None).
    show_verdict : bool
        Put the verdict sentence (wrapped) in the title.
    max_kl : float, optional
        Right end of the KL axis (default: the largest best-of-n KL shown).

    Returns
    -------
    matplotlib.axes.Axes
    """
    for attr in ("frontier", "best_of_n", "mean", "sd", "label"):
        if not hasattr(result, attr):
            raise DataError(f"goodhart() draws a GoodhartSummary; got a "
                            f"{type(result).__name__}.")
    ax = get_ax(ax, figsize=(6.0, 4.2))
    color = LABEL_COLORS.get(result.label, DATA_COLOR)
    fr = result.frontier.table
    sd = result.sd if result.sd > 0 else 1.0
    bon = result.best_of_n
    drawn = _curves(result)
    kl_bon, u_sd, past = drawn["kl_bon"], drawn["u_sd"], drawn["past"]
    if result.frontier.heavy:
        pk = fr["policy_kl"].to_numpy(dtype=float)
        budget = result.frontier.kl_budget
        # the policies' own KL where the fitted GPD makes them dearer than the budget (a
        # review: "KL ≤ 0.01" beside points at up to 6.3 nats, under a GPD with ξ = -0.01)
        most = float(np.nanmax(pk)) if np.isfinite(pk).any() else 0.0
        ax.scatter(pk, fr["target_sd"].to_numpy(dtype=float), color=color, s=14, zorder=3,
                   label=f"cheap policies (KL ≤ {budget:g})" if most <= budget else
                   f"cheapest policies under the fitted GPD (KL up to {most:.2g})")
    else:
        _split_line(ax, drawn["rate"], drawn["tsd"], drawn["ext"], color,
                    f"frontier (min KL, {result.label} tail)")
    if np.isfinite(u_sd[1:]).any():  # (best-of-1 alone, at (0, 0): no curve to name, as
        _split_line(ax, kl_bon, u_sd, past, _BON, "best-of-n: proxy", marker="o")  # 403)
    if "u_se" in bon:  # the plug-in's 95% interval where it is given (n <= N/10)
        half = 1.96 * bon["u_se"].to_numpy(dtype=float) / sd
        ok = np.isfinite(half) & np.isfinite(u_sd)
        if ok.sum() > 1:
            ax.fill_between(kl_bon[ok], (u_sd - half)[ok], (u_sd + half)[ok], color=_BON,
                            alpha=0.18, lw=0, label="best-of-n: proxy, 95% interval "
                            "(jackknife)")
    if "u_sample" in bon and np.isnan(u_sd[1:]).all() and len(u_sd) > 1:
        # xi >= 1: the model's best-of-n is infinite; the sample's own, within its reach
        # (n <= N/10), is a lower bound
        inside = bon["n"].to_numpy(dtype=float) <= result.tail.n / REACH
        u_sd = np.where(inside, (bon["u_sample"].to_numpy(dtype=float) - result.mean) / sd,
                        np.nan)
        ax.plot(kl_bon[inside], u_sd[inside], color=_BON, lw=1.2, ls=":", marker="o", ms=2.5,
                label="best-of-n: proxy, the sample's own (a lower bound: the model's is "
                      "infinite)")
    curve = result.true_utility_curve()  # a GoodhartSummary, checked above
    if curve is not None:
        rows = result.settings.get("gold_rows")  # gold on some rows: its curve is theirs
        on = (f"the {int(rows):,} rows with gold, n ≤ rows/10" if rows
              and int(rows) < result.tail.n else "n ≤ N/10")
        ax.plot(curve["kl"], curve["gain_sd"], color=_GOLD, lw=1.6, marker="s", ms=3,
                label=f"best-of-n: true utility (sd of v; {on})")
        if "gain_se" in curve:  # its 95% interval (jackknife), where measured
            g_half = 1.96 * curve["gain_se"].to_numpy(dtype=float)
            g_ok = np.isfinite(g_half)
            if g_ok.sum() > 1:
                g_kl, g_sd = curve["kl"].to_numpy(dtype=float), curve["gain_sd"].to_numpy(float)
                ax.fill_between(g_kl[g_ok], (g_sd - g_half)[g_ok], (g_sd + g_half)[g_ok],
                                color=_GOLD, alpha=0.18, lw=0,
                                label="best-of-n: true utility, 95% interval (jackknife)")
    right = _right(kl_bon, max_kl)
    stop = _stop(result, right)
    if stop is not None:
        k_stop, stop_n = stop
        ax.axvline(k_stop, color=GREY, lw=0.8, ls=":")
        # the reach as it is (127.89 read "n = 128", a size past it: a review)
        reach = (f"n = {stop_n:,.0f}" if float(stop_n).is_integer() or stop_n >= 1000
                 else f"n ≈ {stop_n:,.1f}")
        ax.text(k_stop, 0.02, f" sample stops\n ({reach})",
                transform=ax.get_xaxis_transform(), color=GREY, fontsize="x-small",
                va="bottom", clip_on=True,  # over the zero line, not struck through it
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    ax.set_xlim(-0.02 * right, right)
    ax.set_xlabel("KL(π ‖ π₀), nats")
    # the true utility's gain is drawn on the same axis (a review: under a reward-only label)
    what = ("gain of reward or true utility,\nsd above today" if curve is not None
            else "mean reward gain, sd above today")
    ax.set_ylabel(what)
    seen = np.isfinite(u_sd) & (kl_bon <= right)  # the scale from what is shown
    top = float(np.max(u_sd[seen])) if seen.any() else 0.0
    # the y range of what is shown (within max_kl), not of all points drawn
    ys = [u_sd[seen], np.zeros(1)]
    if curve is not None:
        ys.append(np.asarray(curve["gain_sd"], dtype=float)[
            np.asarray(curve["kl"], dtype=float) <= right])
    fx = fr["policy_kl" if result.frontier.heavy else "rate"].to_numpy(dtype=float)
    ys.append(fr["target_sd"].to_numpy(dtype=float)[fx <= right])
    shown = np.concatenate(ys)
    shown = shown[np.isfinite(shown)]
    lo, hi = float(shown.min()), float(shown.max())
    if top > 20:  # an extrapolated heavy tail: keep the small gains (true utility) readable
        ax.set_yscale("symlog", linthresh=3.0)
        # limits set, not autoscaled: matplotlib's and the report's SVG axes then agree, and
        # the ticks are those of the range shown (a review: with max_kl the hidden points
        # set the top, a decade above the highest tick)
        ax.set_ylim(min(lo, -0.5) * 1.3, hi * 1.3)
        # said on the axes, not as a third line of the label: three ran past the report
        # panel's left edge (a review)
        ax.text(0.99, 0.02, "y: linear to 3, then log", transform=ax.transAxes,
                ha="right", va="bottom", fontsize="x-small", color=GREY)
        _symlog_ticks(ax, *ax.get_ylim())
    elif max_kl is not None:
        pad = 0.08 * max(hi - lo, 1e-9)
        ax.set_ylim(lo - pad, hi + pad)
    ax.axhline(0.0, color=GREY, lw=0.5)
    if result.frontier.heavy:  # I(m) = 0 from today's mean up: from 0, not below it (a review)
        ax.plot([0.0, 0.0], [0.0, ax.get_ylim()[1]], color=color, lw=2.0, zorder=2,
                scalex=False, scaley=False, label="frontier: I(m) = 0 (heavy tail)")
    # where it covers the fewest points (the curves and a heavy tail's vertical frontier at
    # KL = 0), on a white box: fixed at the upper left, the curves ran through its text
    ax.legend(fontsize="x-small", loc="best", frameon=True)
    verdict = str(getattr(result, "verdict", "") or "")
    if show_verdict and verdict:
        ax.set_title("\n".join(textwrap.wrap(verdict, 90)), fontsize="x-small",
                     loc="left")
    return ax


def _symlog_ticks(ax: Any, low: float, high: float) -> None:
    """Labelled ticks on a y axis from ``low`` to ``high``, linear within 3 of 0 and
    logarithmic beyond: 0, +-1, +-2, +-3 and the powers of ten, with 30, 300, ... up to 10^4
    (and 1 and 2 too, while the linear part is wide enough: up to 10^4): the automatic ticks
    were 0, 3 and 10 alone, and nothing between 0 and 3 could be read off, where a heavy
    tail's true-utility curve lies (a review). Set as fixed ticks and labels, which the
    report's SVG axes take as matplotlib's do."""
    side = [1.0, 2.0, 3.0] if high <= 1e4 else [1.0, 3.0]
    decade = 10.0
    while decade <= max(high, -low):
        side += [decade] + ([3.0 * decade] if high <= 1e4 else [])
        decade *= 10.0
    ticks = sorted(t for t in [0.0, *side, *(-t for t in side)] if low <= t <= high)
    ax.set_yticks(ticks)
    ax.set_yticklabels([f"{t:,.0f}".replace("-", "−") for t in ticks])

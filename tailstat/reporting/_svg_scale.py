"""Scales, autoscaling, tick positions and tick labels of the report's SVG panels
(:mod:`tailstat.reporting._svg`), by matplotlib's rules where the report relies on them.

* linear: ticks at 1, 2, 2.5 or 5 times a power of ten, about one per 45 px, two at least;
* log: 1, 2, 5 per decade when the axis spans under two decades, powers of ten otherwise
  (every second, third ... when there are too many for the axis), as
  :func:`tailstat.plot._style.tidy_log_axes` asks of matplotlib;
* symlog: linear within ``±linthresh``, logarithmic beyond (a decade as wide as the linear
  part), ticks at 0 and at ``±10^k`` beyond.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

__all__ = ["autoscale", "forward", "tick_labels", "ticks"]

#: Margin added on each side of the data when autoscaling (matplotlib's default).
MARGIN = 0.05


def forward(v: np.ndarray, scale: str, linthresh: float = 1.0) -> np.ndarray:
    """Data values in the scale's linear space (NaN where the scale cannot show them)."""
    v = np.asarray(v, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if scale == "log":
            return np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
        if scale == "symlog":
            a = np.abs(v) / linthresh
            return np.where(a <= 1, v / linthresh,
                            np.sign(v) * (1.0 + np.log10(np.maximum(a, 1.0))))
    return v


def inverse(t: float, scale: str, linthresh: float = 1.0) -> float:
    """The data value at position ``t`` of the scale's linear space (infinite beyond the
    float range)."""
    try:
        if scale == "log":
            return 10.0 ** t
        if scale == "symlog":
            return (t * linthresh if abs(t) <= 1
                    else math.copysign(linthresh * 10.0 ** (abs(t) - 1), t))
    except OverflowError:
        return math.copysign(math.inf, t)
    return t


def autoscale(lo: float, hi: float, scale: str, linthresh: float = 1.0,
              sticky_zero: bool = False) -> tuple[float, float]:
    """Limits for data in ``[lo, hi]``: :data:`MARGIN` of the span added on each side in the
    scale's space (not below 0 with ``sticky_zero`` when the data start at 0); a single value
    gets a span around it; no data gives (0, 1), or (1, 10) on a log axis."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return (1.0, 10.0) if scale == "log" else (0.0, 1.0)
    t0, t1 = (float(t) for t in forward(np.array([lo, hi]), scale, linthresh))
    if t1 <= t0:
        if scale == "linear":
            d = abs(t0) * 0.05 if t0 != 0 else 0.05
            return lo - d, hi + d
        t0, t1 = t0 - 0.5, t1 + 0.5
    with np.errstate(over="ignore"):
        span = t1 - t0
        a, b = t0 - MARGIN * span, t1 + MARGIN * span
    out_lo, out_hi = inverse(a, scale, linthresh), inverse(b, scale, linthresh)
    if scale != "linear":  # no margin where it would leave the float range
        out_lo = out_lo if math.isfinite(out_lo) and (out_lo > 0 or scale != "log") else lo
        out_hi = out_hi if math.isfinite(out_hi) else hi
    if sticky_zero and lo >= 0 and out_lo < 0:
        out_lo = 0.0
    if sticky_zero and hi <= 0 and out_hi > 0:
        out_hi = 0.0
    return out_lo, out_hi


def _nice_step(span: float, n: int) -> float:
    raw = span / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw * (1 - 1e-9):
            return m * mag
    return 10.0 * mag  # pragma: no cover - the loop always returns


def ticks(lo: float, hi: float, scale: str, length_px: float,
          linthresh: float = 1.0, gap: float = 28.0) -> list[float]:
    """Tick positions (data units) inside ``[lo, hi]`` for an axis ``length_px`` long whose
    log-scale ticks need ``gap`` pixels each (their labels' width on an x axis)."""
    lo, hi = min(lo, hi), max(lo, hi)
    n = int(max(3, min(8, length_px // 36)))
    most = int(max(2, min(12, length_px // gap)))
    if scale == "log":
        d0, d1 = math.log10(lo), math.log10(hi)
        if d1 - d0 < 0.5:  # a fraction of a decade: round steps, as a linear axis
            return ticks(lo, hi, "linear", length_px)
        out: list[float]
        top = min(math.ceil(d1), 308)  # 10^309 is beyond the float range
        if d1 - d0 < 2:
            out = [m * 10.0 ** e for e in range(math.floor(d0), top + 1)
                   for m in (1.0, 2.0, 5.0)]
            inside = [t for t in out if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]
            # 2.1 to 6.65 held 5 alone (a re-read): round linear steps
            return ticks(lo, hi, "linear", length_px) if len(inside) < 2 else inside
        # every stride-th power of ten, anchored at 10^0 where two of them fall inside; else
        # another phase, else a shorter stride (15 to 5 000 at 60 px held 100 alone: a review)
        e0 = math.floor(d0)
        for stride in range(max(1, math.ceil((top - e0) / most)), 0, -1):
            for phase in range(stride):
                out = [10.0 ** e for e in range(e0, top + 1) if (e - phase) % stride == 0]
                inside = [t for t in out if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]
                if len(inside) >= 2:
                    return inside
        return inside  # pragma: no cover - two decades always hold two powers of ten
    if scale == "symlog":
        out = [0.0, linthresh, -linthresh] + [s * 10.0 ** e for e in range(0, 309)
                                              for s in (1.0, -1.0) if 10.0 ** e > linthresh]
        out = sorted(t for t in out if lo <= t <= hi)
        t = forward(np.array(out), scale, linthresh)
        t0, t1 = forward(np.array([lo, hi]), scale, linthresh)
        least = gap * (t1 - t0) / max(length_px, 1.0)  # ``gap`` pixels, in the scale's units
        keep, last = [], -math.inf
        for v, tv in zip(out, t, strict=True):
            if tv - last >= least:
                keep.append(v)
                last = tv
        return keep
    span = hi - lo
    if math.isinf(span) and math.isfinite(lo) and math.isfinite(hi):  # beyond the float range
        return [2.0 * t for t in ticks(lo / 2.0, hi / 2.0, scale, length_px, linthresh, gap)]
    if not (span > 0 and math.isfinite(span)):
        return [lo]
    # a round step is up to twice span / n: with n = 3 (an axis under 144 px) 0.2 to 1.73
    # had one tick, 1 (a review); an axis needs two to be read, so more steps are asked for
    # until two fit (n = 4 always suffices: the step is then under half the span)
    for m in range(n, n + 8):
        step = _nice_step(span, m)
        first = math.ceil(lo / step - 1e-9)
        count = math.floor(hi / step + 1e-9) - first + 1
        out = [(first + i) * step for i in range(max(count, 0))]
        if len(set(out)) >= 2:
            return out
    return [lo, hi]  # pragma: no cover - a span of a few floats near their precision


def tick_labels(values: list[float], scale: str) -> tuple[list[str], str]:
    """Labels of ticks and the axis' offset text (``""`` when none), with a true minus sign.

    Log and symlog axes: ``g`` format. Linear axes, as matplotlib's ``ScalarFormatter``: the
    decimals of the step; ticks that agree in more than four leading digits (1000002.5,
    1000005) are written from an offset (``2.5``, ``5``, offset ``+1e+06``); values of 10^5
    and more, or under 10^-3, are written in units of their power of ten (offset ``×1e+06``).
    Every label of distinct ticks is distinct."""
    if not values:
        return [], ""
    lo, hi = min(values), max(values)
    # a log axis over a fraction of a decade has round linear steps: labelled as linear ones
    if scale != "linear" and not (scale == "log" and lo > 0 and hi < lo * 10 ** 0.5):
        return [_minus(f"{v:g}") for v in values], ""
    step = min((abs(b - a) for a, b in itertools.pairwise(values)), default=0.0)
    if not (step > 0 and math.isfinite(step)):
        return [_minus(f"{v:.4g}") for v in values], ""
    offset, text = 0.0, ""
    big = max(abs(v) for v in values)
    if big / step >= 1e4:  # more than four digits would repeat on every label
        unit = 10.0 ** math.ceil(math.log10(max(abs(values[-1] - values[0]), step)) + 1e-9)
        offset = math.floor(values[0] / unit) * unit
        # every digit of the offset down to the unit (1234560, not 1.23456e+06 rounded)
        digits = max(1, math.floor(math.log10(abs(offset))) - round(math.log10(unit)) + 1
                     ) if offset else 1
        text = _minus(f"{offset:+.{digits}g}")
    rel = [v - offset for v in values]
    big = max(abs(v) for v in rel)
    power = 0
    if big >= 1e5 or big < 1e-3:
        power = math.floor(math.log10(big))
        text = (text + " " if text else "") + f"×1e{power:+d}".replace("-", "−")
    scaled_step = step / 10.0 ** power
    # tolerances of 1e-6: a step read back from ticks beside an offset carries its rounding
    decimals = max(0, -math.floor(math.log10(scaled_step) + 1e-6))
    if round(scaled_step * 10.0 ** decimals, 4) % 1:  # e.g. a step of 0.25
        decimals += 1
    labels = [_minus(f"{0.0 if abs(v) < step * 1e-6 else v / 10.0 ** power:.{decimals}f}")
              for v in rel]
    return labels, text


def _minus(s: str) -> str:
    return s.replace("-", "−")

"""Shared intake for the Goodhart diagnostics: validation of ``u`` / ``v`` and small helpers."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from tailstat._display import resolved_digits
from tailstat._validation import check_unmasked
from tailstat._validation import resolve_seed as resolve_int_seed
from tailstat.data import check_sample
from tailstat.data.intake import MIN_SIZE
from tailstat.data.pairs import (
    BOOLEAN_REWARDS,
    binary_gold,
    check_same_index,
    without_column_option,
)
from tailstat.errors import DataError, MissingValuesError
from tailstat.goodhart._shared import shared

__all__ = [
    "about",
    "as_float_list",
    "centre_of",
    "check_level",
    "check_pair",
    "check_positive",
    "fmt_level",
    "fmt_resolved",
    "kl_best_of_n",
    "moment_scale",
    "one_in",
    "percent",
    "sort_order",
    "sorted_sample",
    "with_ceiling",
]

T = TypeVar("T")

#: Fewest values the Goodhart diagnostics accept with ``tail="empirical"`` (the intake's
#: minimum); the tail model needs at least 50 (the classifier's minimum).
MIN_SIZE_GOODHART = 5


def check_pair(u: Any, v: Any | None, *, min_size: int = MIN_SIZE_GOODHART, u_name: str = "u",
               v_name: str = "v") -> tuple[np.ndarray, np.ndarray | None, str]:
    """Validate the proxy ``u`` and the optional true utility ``v`` (same length, finite).

    Missing values are an error here (``nan="raise"``): dropping them in one of two paired
    arrays would silently misalign the pairs.

    Returns
    -------
    u, v : numpy.ndarray
        Read-only float64 arrays (the caller's data is never modified).
    name : str
        The label of ``u``.
    """
    check_same_index(u, v, (u_name, v_name))
    _same_length(u, v, (u_name, v_name))  # before either size check: say the real problem
    su = _without_missing(u, _label(u, u_name), min_size, paired=v is not None)
    name = su.name
    if v is None:
        return su.values, None, name
    v = binary_gold(v)  # True/False preferences as 1 and 0, as analyze(gold=) reads them
    try:
        sv = _without_missing(v, _label(v, v_name), min_size, paired="gold")
    except MissingValuesError:
        raise
    except DataError:
        level = _constant_level(v)
        if level is None:
            raise
        raise DataError(f"{v_name!r}, the true utility, is constant ({level:.6g}): it carries "
                        "nothing to compare the proxy with. Pass gold scores that vary, or "
                        f"leave {v_name!r} out to read the proxy alone.") from None
    if sv.n != su.n:
        raise DataError(f"{u_name!r} and {v_name!r} must have the same length (pairs of proxy and "
                        f"true scores for the same outputs), got {su.n} and {sv.n} instead.")
    return su.values, sv.values, name


#: What the Goodhart functions say of missing values they refuse (a review, stop 60: the
#: advice for a gold score missing on some rows changed the reward tail, and the one for a
#: lone sample did not say that classify and analyze drop them).
_MISSING_ADVICE = {
    False: ("the Goodhart functions do not drop missing values (classify and analyze drop "
            "them with a warning): drop them first (for a numpy array u: u[~np.isnan(u)])."),
    True: "drop those rows first, from both arrays together so that the pairs stay aligned.",
    "gold": ("drop those rows first, from both arrays together so that the pairs stay "
             "aligned. For a Goodhart summary, where only some rows have a gold score, that "
             "reads the reward tail from the gold rows alone: keep every reward, as "
             "analyze(df, reward, gold=...) does, or goodhart.with_gold_comparison("
             "goodhart_summary(u), goodhart_summary(u[has], v[has])) with has the rows with "
             "gold."),
}


def _without_missing(x: Any, name: str | None, min_size: int = MIN_SIZE, *,
                    paired: bool | str = False) -> Any:
    """``check_sample(x, nan="raise")``, its missing-value advice made right for functions
    that have no ``nan=`` option: for pairs (``paired`` True, or ``"gold"`` for the gold
    side), keep the pairs aligned, and keep every reward where gold is missing."""
    try:
        return check_sample(x, nan="raise", name=name, min_size=min_size)
    except MissingValuesError as exc:
        advice = _MISSING_ADVICE[paired]
        if isinstance(x, np.ma.MaskedArray) and paired is False:
            # masked entries are the missing ones, and u[~np.isnan(u)] keeps them (a review)
            advice = advice.replace("for a numpy array u: u[~np.isnan(u)]",
                                    "for a masked array u: u.compressed()")
        raise MissingValuesError(exc.name, exc.count, advice) from None
    except DataError as exc:  # these functions take columns, not tables (no column=)
        if name == "kl" and BOOLEAN_REWARDS in str(exc):  # (the intake's advice: a reward's)
            raise DataError("'kl' holds booleans; KL values are non-negative numbers, one per "
                            "policy (its KL from the base policy, in nats).") from None
        if name == "kl" and str(exc).startswith("cannot read rewards from"):  # (review 431)
            got = "None" if x is None else f"a {type(x).__name__}"  # (as the intake says it)
            raise DataError(f"cannot read KL values from {got} ('kl'); pass an array or a Series "
                            "of them, one per policy (its KL from the base policy, in "
                            "nats).") from None
        raise without_column_option(exc) from None


def _constant_level(x: Any) -> float | None:
    """The one value of a constant, finite numeric ``x``; None otherwise (or unreadable)."""
    try:
        arr = np.asarray(x, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    if arr.size < 2 or not np.isfinite(arr).all() or arr.min() != arr.max():
        return None
    return float(arr[0])


def _same_length(a: Any, b: Any, names: tuple[str, str]) -> None:
    """Two paired inputs of different lengths are refused as such (a short one was reported
    as "too few values"); inputs without a length are left to the intake."""
    la, lb = _vector_size(a), _vector_size(b)
    if la is not None and lb is not None and la != lb:
        raise DataError(f"{names[0]!r} and {names[1]!r} must have the same length (pairs of "
                        f"values for the same outputs), got {la} and {lb} instead.")


def _vector_size(x: Any) -> int | None:
    """How many values a vector-shaped input holds, as the intake flattens it (a row
    ``(1, n)`` or column ``(n, 1)`` is ``n``); ``None`` for anything else (left to the
    intake: scalars, ragged lists, wide tables)."""
    try:
        shape = np.shape(x)
    except (ValueError, TypeError):
        return None
    if len(shape) == 1 or (len(shape) == 2 and 1 in shape):
        return int(np.prod(shape))
    return None


def _label(x: Any, default: str) -> str:
    """A Series' own name, else ``default``."""
    nm = getattr(x, "name", None)
    return str(nm) if isinstance(x, pd.Series) and nm is not None else default


def check_positive(x: Any, what: str, *, integer: bool = False, allow_zero: bool = False
                   ) -> np.ndarray:
    """A 1-D float array of finite positive values (integers when ``integer=True``)."""
    x = check_unmasked(x, what)
    arr = np.atleast_1d(np.asarray(x))
    if arr.ndim != 1 or arr.size == 0:
        raise DataError(f"{what} must be a number or a non-empty 1-D sequence, got {x!r} instead.")
    if arr.dtype == object and all(isinstance(v, int) and not isinstance(v, bool) for v in arr):
        # Python integers beyond int64 (10**30): numbers, perhaps too big for a float
        try:
            arr = np.array([float(v) for v in arr])
        except OverflowError:
            big = max(arr, key=abs)
            digits = int(big.bit_length() * math.log10(2.0)) + 1  # str() stops at 4300 digits
            raise DataError(f"{what} must be finite numbers, got an integer of about {digits} "
                            "digits instead (floats end at 1.8e308).") from None
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf" or (
            isinstance(x, (list, tuple)) and any(isinstance(v, (bool, np.bool_)) for v in x)):
        # (numpy reads [True, 2] as integers: True was n = 1, where n=True is refused)
        raise DataError(f"{what} must be numeric, got {x!r} instead.")
    if integer and arr.dtype.kind in "iu" and np.any(arr > 2**53):
        # beyond 2^53 a float64 rounds them (2^53 + 1 read as 2^53): said as they are
        raise DataError(f"{what} must be at most 2^53 = {2**53:.4g} (whole numbers beyond it "
                        f"are not exact), got {int(arr[arr > 2**53][0])} instead.")
    a = arr.astype(np.float64)
    if not np.all(np.isfinite(a)):
        raise DataError(f"{what} must be finite, got {x!r} instead.")
    bad = a < 0 if allow_zero else a <= 0
    if np.any(bad):
        lim = ">= 0" if allow_zero else "> 0"
        raise DataError(f"{what} must be {lim}, got {a[bad][0]:g} instead.")
    if integer and np.any(a != np.round(a)):
        raise DataError(f"{what} must be whole numbers, got {float(a[a != np.round(a)][0])!r} "
                        "instead.")  # (every digit: 1e12 + 0.5 read "1e+12" with :g)
    return a


def check_positive_scalar(x: Any, what: str) -> float:
    """One finite positive number (a sequence of several is refused: its first value was
    silently kept)."""
    if np.ndim(x) != 0:
        raise DataError(f"{what} must be one number, got {x!r} instead.")
    return float(check_positive(x, what)[0])


def as_float_list(x: Any, what: str) -> np.ndarray:
    """A non-empty 1-D array of finite floats."""
    x = check_unmasked(x, what)
    arr = np.atleast_1d(np.asarray(x))
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iuf":
        raise DataError(f"{what} must be a number or a non-empty 1-D sequence of numbers, got "
                        f"{x!r} instead.")
    a = arr.astype(np.float64)
    if not np.all(np.isfinite(a)):
        raise DataError(f"{what} must be finite, got {x!r} instead.")
    return a


def check_level(level: Any, what: str = "level") -> float:
    """The level of a confidence interval, in [0.5, 1) as ``ci=`` everywhere else: ``0.05``
    (alpha, not the coverage) gave a 5% interval here where fit_gpd refuses ``ci=0.05``."""
    if not (isinstance(level, numbers.Real) and not isinstance(level, bool)
            and 0.5 <= float(level) < 1.0):
        raise DataError(f"{what} must be a level in [0.5, 1), e.g. 0.95: the coverage of the "
                        "confidence interval, not its error rate (for alpha = 0.05 pass "
                        f"{what}=0.95); got {level!r} instead.")
    return float(level)


def _once(tag: str, x: np.ndarray, make: Callable[[], T]) -> T:
    """``make()``, computed once per read-only array (a checked sample, which no one changes)
    inside a :func:`~tailstat.goodhart._shared.shared_work` scope; every time otherwise."""
    return shared(tag, (x,), make) if not x.flags.writeable else make()


def mean_sd(x: np.ndarray) -> tuple[float, float]:
    """Mean and sd of ``x`` centred on its median (:func:`centre_of`) and divided by a power of
    two (:func:`moment_scale`), so that no square overflows and no digit is lost to an offset
    (any finite ``x``; float64).

    A read-only array (a checked sample) is read once per summary (:func:`_once`)."""
    return _once("mean_sd", x, lambda: _mean_sd(x))


def _read_only(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def sorted_sample(x: np.ndarray) -> np.ndarray:
    """``np.sort(x)``, read-only: a checked sample is sorted once per summary (the tail
    model's threshold search and best-of-n sorted it each)."""
    return _once("sorted", x, lambda: _read_only(np.sort(x)))


def sort_order(x: np.ndarray) -> np.ndarray:
    """``np.argsort(x, kind="stable")``, read-only: once per checked sample and summary
    (best-of-n with gold scores and the gold comparison's ranks each sorted the proxy)."""
    return _once("order", x, lambda: _read_only(np.argsort(x, kind="stable")))


def _mean_sd(x: np.ndarray) -> tuple[float, float]:
    s = float(np.max(np.abs(x))) if x.size else 0.0
    if not (s > 0 and math.isfinite(s)):
        return (float(x.mean()) if x.size else math.nan), 0.0
    # both moments of values centred on their median first (a review: at an offset of 1e15
    # the sd of x / max|x| had lost its third digit); centre_of keeps the centring finite
    x = np.asarray(x, dtype=np.float64)  # (float32 overflowed in y / m: a re-read)
    c = centre_of(x)
    y = x - c
    m = moment_scale(float(np.max(np.abs(y))))
    z = y / m
    return c + float(z.mean()) * m, float(z.std()) * m


def centre_of(x: np.ndarray) -> float:
    """The median of ``x`` to centre second moments on, or 0 where centring would overflow
    (values spanning nearly the whole float range).

    The median, not the mean: one value far from the rest (a gold score of -1e12, a failed
    scorer's sentinel) moved the mean by 5e8, and ``E[W^2] - E[W]^2`` of the other values
    then cancelled every digit of their spread (a zero-width interval: a review, stop 60)."""
    with np.errstate(over="ignore"):
        c = float(np.median(x))  # (the mean of two middle values near 1.8e308 overflows:
        if not math.isfinite(c) and x.size:  # the upper one then; review 421)
            c = float(np.partition(x, x.size // 2)[x.size // 2])
        ok = math.isfinite(c) and math.isfinite(float(np.max(np.abs(x - c))))
    return c if ok else 0.0


def moment_scale(spread: float) -> float:
    """What to divide centred values whose largest deviation is ``spread`` by before summing
    their squares: the power of two that maps ``spread`` to about 2^470 (1e141), so that no
    square overflows and values up to 10^141 times smaller than the largest keep squares of
    normal size; a power of two, so the division is exact. Scaling by the largest deviation
    let one extreme value (-1e200 among values near 1, or -1 among values near 1e-200)
    underflow the squares of all the others to 0 (reviews, stop 60)."""
    if not (spread > 0.0 and math.isfinite(spread)):
        return 1.0
    return math.ldexp(1.0, max(math.frexp(spread)[1] - 470, -1000))


def kl_best_of_n(n: np.ndarray) -> np.ndarray:
    """``KL(best-of-n || pi0) = log n - (n - 1)/n`` (continuous proxy, no ties)."""
    n = np.asarray(n, dtype=float)
    return np.log(n) - (n - 1.0) / n


def resolve_seed(seed: int | np.random.Generator | None) -> tuple[np.random.Generator, Any]:
    """A generator and the seed to record (a fresh 32-bit seed when ``seed`` is None)."""
    if isinstance(seed, np.random.Generator):
        return seed, "generator supplied by the caller"
    if seed is None:
        # 32 bits, as every other drawn seed: JSON readers with doubles keep it exact
        drawn = resolve_int_seed(None)
        return np.random.default_rng(drawn), drawn
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise DataError(f"seed must be a non-negative integer, a numpy Generator or None, got "
                        f"{seed!r} instead.")
    return np.random.default_rng(int(seed)), int(seed)


def fmt_resolved(x: float, resolution: float) -> str:
    """``x`` with enough significant digits (4 at least, 17 at most) that a difference of
    ``resolution`` shows: an end point 6.2 above a threshold of 1e6 reads ``1000006.215``,
    not ``1e+06``."""
    return f"{x:.{resolved_digits(x, resolution)}g}"


def fmt_num(x: float) -> str:
    """A short human number (``3``, ``0.021``, ``1,234``, ``2,000,348``, ``1.2e+09``)."""
    if not math.isfinite(x):
        return "infinite" if x > 0 else str(x)
    if abs(x) < 100 and abs(float(f"{x:.2g}")) < 100:  # 99.7 rounds to 100, not "1e+02"
        return f"{x:.2g}"
    if abs(x) < 1e9:
        return f"{x:,.0f}"
    return f"{x:.2g}"


def fmt_bound(x: float, *, up: bool) -> str:
    """:func:`fmt_num`'s digits, rounded away from what a bound excludes: up for "at most",
    down for "at least" (a lower bound of 3.159 nats read "at least 3.2", a bound it does not
    give)."""
    if not math.isfinite(x) or x == 0:
        return fmt_num(x)
    a = abs(x)
    # the last digit fmt_num shows: units from 100 to 1e9, else the second significant one
    step = 1.0 if 100 <= a < 1e9 else 10.0 ** (math.floor(math.log10(a)) - 1)
    if step == 0.0:  # below 1e-322 the step underflows (x / step divided by zero)
        return fmt_num(x)
    r = x / step
    k = round(r)
    if abs(r - k) > 1e-9 * max(1.0, abs(r)):  # not already on a shown digit
        k = math.ceil(r) if up else math.floor(r)
    out = k * step
    return fmt_num(out if math.isfinite(out) else x)  # 1.79e308 up is no "infinite"


def fmt_level(x: float, centre: float, sd: float) -> str:
    """A reward level as :func:`fmt_num` writes it, unless that misplaces it by more than a
    tenth of its distance from ``centre`` (the scores' mean; at least of their ``sd``): then
    to a hundredth of that distance.

    At an offset of 1e12 a threshold 9,767 above the mean and a sample maximum 42 above it
    both read ``1e+12``; here ``1,000,000,009,767`` and ``1,000,000,000,042``.
    """
    short = fmt_num(x)
    spread = max(abs(x - centre), sd) if math.isfinite(x) else math.nan
    if not (math.isfinite(spread) and spread > 0):
        return short
    if abs(float(short.replace(",", "")) - x) <= 0.1 * spread:
        return short
    res = max(0.01 * spread, abs(x) * 1e-15)  # a float holds no more digits than that
    if abs(x) >= 1e15 or 0 < abs(x) < 1e-4:  # in e-notation, not '0.0000000100240'
        return f"{x:.{min(17, math.ceil(math.log10(abs(x) / res)) + 1)}g}"
    return f"{x:,.{max(0, -math.floor(math.log10(res)))}f}"


def about(x: float, centre: float) -> float:
    """``x`` rounded away from ``centre`` at the second significant digit of its distance
    from it: an extrapolated level, whose later digits no fit resolves (12,681 above a mean
    of 1.6 is 13,000; 9,767 above 1e12 is 1,000,000,009,800), never nearer the centre than
    ``x`` (a level past the sample's maximum stays past it: 5.4486 read "about 5.4" beside a
    maximum of 5.4126, a review). ``x`` itself where the grid is outside the float range."""
    d = abs(x - centre)
    if not (math.isfinite(d) and d > 0):
        return x
    res = 10.0 ** (math.floor(math.log10(d)) - 1)
    if not res > 0:
        return x
    q = x / res
    step = math.ceil(q) if x > centre else math.floor(q)
    if abs(step - q) > 1.0 - 1e-4:  # on the grid but for the division's rounding (1.3 / 0.1)
        step = round(q)
    out = step * res
    return out if math.isfinite(out) else x


def percent(p: float) -> str:
    """A percentage with two significant digits (``0.05%``, ``0.0012%``, ``12%``; ``99.7%``
    reads ``100%``, not ``1e+02%``)."""
    return f"{fmt_num(100 * p)}%"


def _power_of_ten(x: float) -> str:
    """``x`` as ``3.6 × 10²⁴`` (beside "260 billion", "3.6e+24" read as code; "10^24" showed
    its caret on the report's page: reviews)."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{float(mantissa):g} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def one_in(q: float) -> str:
    """A rarity in words: ``1 output in 6.4 million``, ``1 output in 3.6 × 10²⁴``; ``q`` of
    a half or more as a share (``60% of outputs``)."""
    if not (q > 0):
        return "no output"
    every = 1.0 / q  # a rarity: two significant digits from a thousand on (598,898,152 and
    # 637,799 read as a precision no extrapolated probability has), in words past a million
    r = float(f"{every:.2g}")
    count = (fmt_num(every) if every < 1e3 else f"{r:,.0f}" if r < 1e6 else
             f"{r / 1e6:.3g} million" if r < 1e9 else
             f"{r / 1e9:.3g} billion" if r < 1e12 else
             f"{r / 1e12:.3g} trillion" if r < 1e15 else _power_of_ten(every))
    return f"1 output in {count}" if q < 0.5 else f"{q:.0%} of outputs"


def with_ceiling(targets: np.ndarray, x: np.ndarray, model: Any) -> np.ndarray:
    """``targets`` (ascending), and the sample's maximum among them when the law of the tail
    model (a :class:`~tailstat.goodhart.TailModel`) holds an atom there (the sample alone,
    saturated scores): the frontier reaches it at a finite cost, ``-log P(max)``, and ends
    there, not at the last target of a grid below it (a review: the curve stopped at 1.50 sd
    while best-of-n went on to the ceiling at 1.62 sd)."""
    top = float(x.max())
    # (below the grid's first target too: 95% of binary rewards at 1 sit at 0.21 sd, under
    # the first, 0.25 sd, and every rate read inf; a review)
    if (model.empirical or model.settings.get("saturated")) and top < targets[-1]:
        return np.unique(np.append(targets, top))
    return targets


def gpd_log_excess_at(z: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """The log of :func:`tailstat.goodhart.tail.gpd_excess_at` for ``xi > 0`` and ``z > 0``:
    ``log(sigma / xi) + xi z + log(1 - e^(-xi z))``, finite where the excess overflows (a
    quadrature node's weight ``e^-z`` times its excess is then formed in logs: ``0 * inf``
    otherwise, near ``xi = 1``)."""
    xz = xi * np.asarray(z, dtype=float)
    return math.log(sigma / xi) + xz + np.log(-np.expm1(-xz))

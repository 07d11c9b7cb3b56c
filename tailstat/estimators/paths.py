"""The paths of the semi-parametric estimators over k: :func:`tail_path`, every k = 1..k_max
in one vectorised pass over the top order statistics (the estimators at one k:
:mod:`tailstat.estimators.semiparametric`).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd

from tailstat import _validation as v
from tailstat._warn import user_level
from tailstat.data.intake import check_sample, missing_note, warn_missing_note
from tailstat.data.tail import UpperTail, default_k_max, from_sketch, upper_tail
from tailstat.errors import DataError, TailstatWarning
from tailstat.estimators._tied import all_tied
from tailstat.estimators.semiparametric import (
    ESTIMATORS,
    _check_k,
    _check_positive,
    _lowest_read,
    _path,
    _sd,
)

__all__ = ["tail_path"]


@v.validate_params({"method": [v.StrOptions(ESTIMATORS)],
                    "k_max": [v.Interval(Integral, 1, None), None], "ci": [v.CI],
                    "column": v.COLUMN, "warn": [v.InstanceOf(bool, np.bool_)]})
def tail_path(
    x: Any,
    method: str = "hill",
    *,
    k_max: int | None = None,
    ci: float = 0.95,
    column: Hashable | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Estimates for every k = 1..k_max in one vectorised pass, as a tidy DataFrame.

    One ``np.partition`` keeps the top order statistics; cumulative sums give every k at once.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or an :class:`UpperTail`
    method : {"hill", "pickands", "moment", "weibull_tail"}
    k_max : int, optional
        Largest k (default :func:`~tailstat.data.tail.default_k_max`: ``n - 1`` up to
        n = 5000, then ``n // 5`` but at least 5000 and at most 200 000, so half of a sample
        of 10^4; Pickands needs 4k values, so its default is a quarter of that). For an
        :class:`UpperTail` or a :class:`tailstat.TailSketch` the default is all it holds, and
        a larger ``k_max`` is an error.
    ci : float
        Level of the pointwise asymptotic intervals, in [0.5, 1).
    column : str or int, optional
    warn : bool
        Issue a :class:`~tailstat.errors.TiesWarning` when the top order statistics are
        mostly tied, an :class:`~tailstat.errors.InputWarning` when missing values were
        dropped, and a warning when rows of a ``k_max`` asked for are NaN (default); the
        report passes ``False`` and notes the ties itself. The missing values and the NaN
        rows are recorded in ``attrs["warnings"]`` either way.

    Returns
    -------
    pandas.DataFrame
        Columns ``k, estimate, se, ci_low, ci_high, threshold``; rows where the estimator is
        undefined (non-positive threshold for log-based estimators, said in a warning when
        ``k_max`` is given; tied spacings) hold NaN.
        ``df.attrs`` records ``method``, ``parameter``, ``n``, ``ci``, ``name`` and
        ``warnings`` (a tuple: the missing values dropped, and why rows past the last positive
        threshold are NaN, whether or not they were said).
    """
    asked = k_max is not None
    spec = ESTIMATORS[method]
    z = v.z_value(ci)
    given = x
    x = from_sketch(x, column)
    # the missing values dropped: said as hill() says them, and recorded in attrs; with
    # warn=False recorded only (a review: warn=False silenced every warning but this one)
    say_missing = warn_missing_note if warn else missing_note
    if isinstance(x, UpperTail):
        tail = x
        n = tail.n
        dropped = say_missing(given, tail)  # what a sketch dropped, said as for a sample
        # Pickands at k reads desc[0 .. 4k - 1]: 4k order statistics
        avail = (tail.k_max + 1) // spec.span if spec.span > 1 else tail.k_max
        if spec.name == "weibull_tail":  # Girard's θ needs k + 1 < n, as for a sample
            avail = min(avail, n - 2)
        if k_max is not None:  # what the sample refuses, refused alike (k_max = 1 for the
            _check_k(spec, int(k_max), n, tail.name, "k_max")  # moment; n - 1 for θ)
        if k_max is not None and int(k_max) > avail:
            need = spec.span * int(k_max) if spec.span > 1 else int(k_max) + 1
            raise DataError(
                f"the upper tail of {tail.name!r} holds {tail.k_max + 1} order statistics: a "
                f"{method} path reaches k = {avail} at most, not {int(k_max)}; recompute it with "
                f"upper_tail(x, k_max={need - 1}) (for a TailSketch: TailSketch(capacity="
                f"{need})).")
        k_max = avail if k_max is None else int(k_max)
    else:
        sample = check_sample(x, column)
        dropped = say_missing(x, sample)
        n = sample.n
        if k_max is None:
            # Pickands reads 4k order statistics: k = n // 4 is its deepest (n - 1 values
            # below the top would stop it one short when 4 divides n)
            k_max = ((default_k_max(n) + 1) // spec.span if spec.span > 1
                     else default_k_max(n))
            if spec.name == "weibull_tail":
                k_max = min(k_max, n - 2)
        k_max = _check_k(spec, int(k_max), n, sample.name, "k_max")
        tail = upper_tail(sample, k_max=spec.span * k_max if spec.span > 1 else k_max)
    if k_max < 1:
        raise DataError(f"the sample is too small for a {method} path.")
    ks = np.arange(1, k_max + 1)
    desc = tail.desc
    notes: list[str] = [] if dropped is None else [f"{tail.name!r}: {dropped}."]
    if spec.needs_positive and desc[k_max] <= 0:
        # logs of the tail: estimates only where the threshold is positive
        npos = int(np.count_nonzero(desc > 0))
        if npos < 2:  # no row can be computed: say why, as the estimator itself does
            _check_positive(spec, tail, 1)
        est = np.full(k_max, np.nan)
        est[: npos - 1] = _path(method, desc[:npos], npos - 1, n)
        notes.append(f"{tail.name!r}: X(n-k) is positive up to k = {npos - 1} only, so the "
                     f"{method} path holds NaN for k = {npos} to {k_max}; shift the rewards "
                     "(x - x.min() + 1) or use pickands / fit_gpd for a deeper path.")
        if warn and asked:  # rows asked for are NaN: said, as the estimator at such a k refuses
            # it (the default k_max reaches past 0 for any scores centred there: recorded in
            # attrs only; with warn=False too, a review: the NaN rows had no word at all)
            warnings.warn(notes[-1], TailstatWarning, stacklevel=user_level())
    else:
        est = _path(method, desc, k_max, n)
    # rows whose order statistics read are all equal are undefined, as the estimator at that
    # k says (a path gave Hill 0 with a zero-width "95%" interval there)
    lowest = _lowest_read(spec, ks)
    est = np.where(desc[lowest] == desc[0], np.nan, est)
    if tail.tie_fraction(k_max) > 0 and not np.isfinite(est).any():  # ratings, 0/1 rewards
        raise DataError(all_tied(method, tail, min(k_max, tied := int(np.count_nonzero(
            desc == desc[0])) - 1), tied, None, None))  # (no ties warning: it would be moot)
    if warn:
        tail.warn_ties(k_max)
    se = _sd(method, est) / np.sqrt(ks)
    df = pd.DataFrame({"k": ks, "estimate": est, "se": se, "ci_low": est - z * se,
                       "ci_high": est + z * se, "threshold": desc[lowest]})
    df.attrs.update(method=method, parameter=spec.parameter, n=n, ci=ci, name=tail.name,
                    warnings=tuple(notes))
    return df

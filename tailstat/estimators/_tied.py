"""What an estimator is told when every order statistic it reads is one tied value: where the
top values first differ, and which k (if any) gives an estimate."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tailstat.data.intake import Sample
    from tailstat.data.tail import UpperTail
    from tailstat.estimators.choose_k import KChoice

__all__ = ["all_tied", "no_positive_k"]


def all_tied(method: str, tail: UpperTail, k: int | None, lowest: int,
             choice: KChoice | None, sample: Sample | None = None) -> str:
    """Why ``method`` at ``k`` has no information: every order statistic it reads (down to
    ``desc[lowest]``) is equal. Where the top values first differ is read from the whole
    sample when there is one (``tail`` may hold only the tied ones), else from ``tail`` (a
    sketch's: all it holds), so that both say the same. ``k`` None: no k was chosen, the
    tied values being ``desc[:lowest + 1]`` (:func:`no_positive_k`)."""
    top = tail.desc[0]
    if sample is not None:
        count = int(np.count_nonzero(sample.values >= top))
        first_below = count if count < sample.n else None
    else:
        below = np.flatnonzero(tail.desc < top)
        first_below = int(below[0]) if below.size else None
    first = (f" The top values first differ at k = {first_below}; a k well above it reads "
             "the tail rather than the atom." if first_below is not None else "")
    if first_below is not None and method == "pickands":  # (its rank was given as k: a review)
        first = (f" The top values first differ at rank {first_below + 1}: X(n-k+1) - X(n-2k+1) "
                 f"is nonzero from k = {first_below // 2 + 1}, and a k well above it reads the "
                 "tail rather than the atom.")
    how = (f"the automatic k = {k} ({choice.rule}) falls inside them" if choice is not None
           else f"k = {k} reads only them" if k is not None
           else f"every k up to {lowest} reads only them")
    fix = (" Pass a larger k, or use classify() / fit_gpd(), which read an atom at the top "
           "as a bound.")
    if first_below is not None and method != "pickands":
        after = (float(np.max(sample.values[sample.values < top])) if sample is not None
                 else float(tail.desc[first_below]))
        if after <= 0:  # (review 437: 0/1 rewards were sent to a larger k, then told that
            # X(n-k) = 0 <= 0 asked for a smaller one)
            first = ""
            fix = (f" Below them the values are <= 0 (the next is {after:.6g}), where {method} "
                   "cannot read (it needs X(n-k) > 0): no k gives an estimate. Use classify(),"
                   " which reads an atom at the top as a bound.")
    return (f"the {lowest + 1} largest values of {tail.name!r} are all equal ({tail.desc[0]:.6g}): "
            f"clipped, saturated or discretised rewards? {method}"
            f"{'' if k is None else f' at k = {k}'} has no information there (every spacing "
            "is zero: a zero estimate with an interval of zero width, or none at all): "
            f"{how}.{first}{fix}")


def no_positive_k(method: str, tail: UpperTail) -> str | None:
    """Why no k gives ``method`` (one that needs X(n-k) > 0) an estimate on the upper tail
    ``tail`` (a sketch's), when it holds values below its top and all of them are <= 0
    (0/1 rewards): every k either reads only the tied top values or has X(n-k) <= 0, and
    the values it does not hold are lower still. ``None`` when some k may give one.
    Review 440: the automatic choice asked for more order statistics than such a sketch
    held, and was told to keep more, or pass a k that none could be."""
    below = np.flatnonzero(tail.desc < tail.desc[0])
    if not below.size or tail.desc[below[0]] > 0:
        return None
    return all_tied(method, tail, None, int(below[0]) - 1, None)

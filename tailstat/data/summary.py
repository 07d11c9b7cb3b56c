"""Summaries of a sample that keep its top order statistics but not its rows: the base class
:class:`TailSummary` (:class:`tailstat.TailSketch` is the one tailstat makes), the refusal of a
summary where the rows are needed (:func:`refuse_summary`) and the checks a summary allows
(:func:`check_summary`). The intake (:mod:`tailstat.data.intake`) calls both.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import TYPE_CHECKING, Any

import numpy as np

from tailstat.data._values import _constant_problem, _size_problem
from tailstat.errors import DataError

if TYPE_CHECKING:
    from tailstat.data.tail import UpperTail

__all__ = ["MIN_SIZE", "TailSummary", "check_summary", "refuse_summary"]

#: Smallest sample the intake accepts (estimators may need more for a given ``k``).
MIN_SIZE = 5


class TailSummary:
    """Base of the summaries that keep a sample's top order statistics but not its rows.

    :class:`tailstat.TailSketch` is the one tailstat makes. It is defined here, at the
    bottom of the package, so that the intake and the tail functions recognise a summary
    without importing the module that builds it: :func:`check_sample` rejects one (a function
    that needs the rows cannot run on it), while :func:`tailstat.data.upper_tail`, the tail
    estimators, :func:`tailstat.classify` and the peaks-over-threshold functions of
    :mod:`tailstat.gpd` read the order statistics it holds.

    Subclasses provide the attributes below.
    """

    __slots__ = ()

    #: A label (group key, column) for messages and reports.
    name: str

    @property
    def n(self) -> int:
        """Number of values summarised."""
        raise NotImplementedError

    @property
    def top(self) -> np.ndarray:
        """The kept top order statistics, descending: ``top[j] = X(n-j)``."""
        raise NotImplementedError

    @property
    def complete(self) -> bool:
        """Whether every value seen is kept (then :attr:`top` is the whole sample)."""
        raise NotImplementedError

    @property
    def minimum(self) -> float:
        """The smallest value seen."""
        raise NotImplementedError

    def upper_tail(self, k_max: int | None = None, *, name: str | None = None) -> UpperTail:
        """The top ``k_max + 1`` order statistics as a :class:`tailstat.UpperTail`."""
        raise NotImplementedError


#: Intake helpers a refusal is not attributed to (with every ``check_*`` and private
#: function; see :func:`_public_caller`).
_INTAKE = frozenset({"refuse_summary", "read_table", "sample_values"})


def _public_caller() -> str:
    """``name()`` of the function the user called that refused a sketch.

    The nearest public tailstat function on the stack that is not an intake helper
    (``best_of_n()`` rather than ``check_sample``); when the user called an intake helper
    directly, that helper. Only walked when a sketch is refused.
    """
    frame: FrameType | None = sys._getframe(2)
    outermost = ""
    while frame is not None:
        module, name = str(frame.f_globals.get("__name__", "")), frame.f_code.co_name
        if module.startswith("tailstat") and module != "tailstat._validation" \
                and name[:1] not in "_<":  # validate_params' wrapper is not the caller
            if name not in _INTAKE and not name.startswith("check_"):
                return f"{name}()"
            outermost = name
        frame = frame.f_back
    return f"{outermost}()" if outermost else "this function"


def refuse_summary(x: Any, what: str | None = None) -> None:
    """Raise a :class:`DataError` if ``x`` is a :class:`TailSummary`: ``what`` needs the rows.

    :func:`check_sample` and :func:`check_groups` call it, so every function that reads its
    data through them refuses a sketch with this message; a function with its own intake of
    raw rows (paired data) calls it itself. ``what`` defaults to the nearest public tailstat
    function on the call stack.
    """
    if isinstance(x, TailSummary):
        what = what or _public_caller()
        raise DataError(
            f"{what} needs the rows of the sample, not only the top order statistics that a "
            f"{type(x).__name__} ({x.name!r}, n = {x.n}) keeps. Pass the sample itself; the "
            "tail estimators, classify, fit_gpd, fit_bayes, mean_excess, threshold_stability "
            "and select_threshold accept a sketch.")


def check_summary(x: TailSummary, *, min_size: int = MIN_SIZE) -> None:
    """The checks :func:`check_sample` makes that a summary allows, with the same messages:
    empty (all NaN), fewer than ``min_size`` values, constant.

    The tail functions call it before reading a :class:`TailSummary`, so that a sketch of a
    constant or tiny sample is refused as the sample is, rather than estimated.
    """
    problem = _size_problem(x.n, int(getattr(x, "n_nan_dropped", 0) or 0), name=x.name,
                            min_size=min_size)
    if problem is not None:
        raise problem
    if float(x.top[0]) == float(x.minimum):
        raise _constant_problem(float(x.top[0]), name=x.name)

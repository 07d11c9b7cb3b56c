"""Argument validation, written once: constraints as data and one message format.

Every public function of :mod:`tailstat.data`, :mod:`tailstat.estimators`, :mod:`tailstat.gpd`
and :mod:`tailstat.plot` declares the constraints on its arguments next to its signature::

    @validate_params({"k": [Interval(Integral, 1, None), None], "ci": [LEVEL]})
    def hill(x, k=None, *, ci=0.95): ...

An argument is valid when it satisfies *one* of its constraints (``None`` in the list means
``None`` is allowed). A violation raises :class:`tailstat.errors.DataError` (a ``ValueError``;
tailstat has no separate type-error class) with the one message format::

    ci must be a level in (0, 1), e.g. 0.95; got 95 instead.

The idea comes from scikit-learn's ``validate_params`` (``Interval``, ``StrOptions``); this is a
small implementation of our own. Besides the declarative checks, this module owns the rules
that turn an argument into the value used: confidence levels to normal quantiles
(:func:`z_value`), seeds to a recorded integer (:func:`resolve_seed`), ``k_max`` clipping
(:func:`check_k_max`), percentage thresholds (:func:`parse_percent`) and minimum sizes
(:func:`check_min_size`).
"""

from __future__ import annotations

import functools
import inspect
import math
import reprlib
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from numbers import Integral, Real
from typing import Any, TypeVar

import numpy as np
from scipy import special

from tailstat.errors import DataError

__all__ = [
    "CI",
    "CI_OR_NONE",
    "COLUMN",
    "CREDIBLE",
    "LEVEL",
    "LEVEL_OR_NONE",
    "N_BOOT",
    "SEED",
    "Constraint",
    "InstanceOf",
    "Interval",
    "IsCallable",
    "Options",
    "Percent",
    "StrOptions",
    "as_numbers",
    "check",
    "check_k_max",
    "check_min_size",
    "check_unmasked",
    "parse_percent",
    "resolve_seed",
    "validate_params",
    "z_value",
]

F = TypeVar("F", bound=Callable[..., Any])


def _fail(name: str, expected: str, value: Any) -> DataError:
    hint = ""
    if isinstance(value, np.random.Generator):  # (a seed= that takes only integers)
        hint = (" A numpy Generator's state cannot be recorded in the result: pass "
                "seed=int(rng.integers(2**32)).")
    elif isinstance(value, Decimal):  # its value may be fine: the type is what is refused
        # (a whole number as int: k=, n_boot= and seed= refuse 100.0, a review)
        whole = value.is_finite() and value == value.to_integral_value()
        hint = (f" A decimal.Decimal is not taken here: pass {'int' if whole else 'float'}"
                f"({value!r}) instead.")
    shown = repr(value)
    if len(shown) > 200:  # (review 437: a list of 5,000 excesses, a message of 160,400 chars)
        try:  # (a 0-d array has __len__ and raises TypeError: review 440)
            size: int | None = len(value)
        except TypeError:
            size = None
        what = "characters" if isinstance(value, str) else "items"
        shown = (f"{reprlib.repr(value)} ({type(value).__name__}"
                 + (f" of {size:,} {what})" if size is not None else ")"))
    return DataError(f"{name} must be {expected}; got {shown} instead.{hint}")


class Constraint:
    """A rule an argument may satisfy; :meth:`accepts` says whether, :attr:`text` what it is."""

    text: str = "valid"

    def accepts(self, value: Any) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"


class Interval(Constraint):
    """A number of type ``kind`` (``Integral`` or ``Real``) between ``low`` and ``high``.

    ``None`` for a bound means unbounded on that side; ``closed`` is ``"both"``, ``"left"``,
    ``"right"`` or ``"neither"``. Booleans and non-finite values are never accepted.
    """

    def __init__(self, kind: type, low: float | None, high: float | None, *,
                 closed: str = "both", text: str | None = None) -> None:
        if kind not in (Integral, Real):
            raise TypeError("kind must be numbers.Integral or numbers.Real")
        if closed not in ("both", "left", "right", "neither"):
            raise ValueError(f"unknown closed={closed!r}")
        self.kind, self.low, self.high, self.closed = kind, low, high, closed
        left = "[" if closed in ("both", "left") and low is not None else "("
        right = "]" if closed in ("both", "right") and high is not None else ")"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        noun = "an integer" if kind is Integral else "a number"
        self.text = text or f"{noun} in {left}{lo}, {hi}{right}"

    def accepts(self, value: Any) -> bool:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, self.kind):
            return False
        if isinstance(value, (Integral, np.integer)):
            v: float | int = int(value)  # exact: float() overflows past 1e308 (a seed 10**400)
        else:
            try:
                v = float(value)
            except OverflowError:  # a Real beyond the float range
                return False
            if not math.isfinite(v):
                return False
        if self.low is not None:
            if v < self.low or (v == self.low and self.closed in ("right", "neither")):
                return False
        if self.high is not None:
            if v > self.high or (v == self.high and self.closed in ("left", "neither")):
                return False
        return True


class Options(Constraint):
    """One of a fixed set of values (compared with ``==``, of any hashable type)."""

    def __init__(self, options: Iterable[Any], *, text: str | None = None) -> None:
        self.options = tuple(options)
        self.text = text or "one of " + ", ".join(repr(o) for o in self.options)

    def accepts(self, value: Any) -> bool:
        try:
            return any(type(value) is type(o) and value == o for o in self.options)
        except (TypeError, ValueError):
            return False


class StrOptions(Options):
    """One of a fixed set of strings."""

    def __init__(self, options: Iterable[str], *, text: str | None = None) -> None:
        super().__init__(sorted(options), text=text)

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.options


class InstanceOf(Constraint):
    """An instance of one of ``types`` (booleans excluded unless ``bool`` is listed)."""

    def __init__(self, *types: type, text: str | None = None) -> None:
        self.types = types
        self.text = text or "an instance of " + " or ".join(t.__name__ for t in types)

    def accepts(self, value: Any) -> bool:
        if isinstance(value, (bool, np.bool_)) and bool not in self.types:
            return False
        return isinstance(value, self.types)


class IsCallable(Constraint):
    """A callable (a function, a bound method, an object with ``__call__``)."""

    text = "a callable"

    def accepts(self, value: Any) -> bool:
        return callable(value)


class Percent(Constraint):
    """A percentage string strictly between 0% and 100%, such as ``"95%"``."""

    text = "a percentage strictly between 0% and 100% such as '95%'"

    def accepts(self, value: Any) -> bool:
        if not isinstance(value, str) or not value.strip().endswith("%"):
            return False
        try:
            p = float(value.strip()[:-1])
        except ValueError:
            return False
        return 0.0 < p < 100.0


class _NoneConstraint(Constraint):
    text = "None"

    def accepts(self, value: Any) -> bool:
        return value is None


def _make(c: Constraint | None) -> Constraint:
    return _NoneConstraint() if c is None else c


def _describe(constraints: Sequence[Constraint]) -> str:
    texts = [c.text for c in constraints]
    if len(texts) == 1:
        return texts[0]
    return ", ".join(texts[:-1]) + " or " + texts[-1]


def check(name: str, value: Any, constraints: Sequence[Constraint | None]) -> Any:
    """Return ``value`` if it satisfies one of ``constraints``; else raise :class:`DataError`."""
    cs = [_make(c) for c in constraints]
    if any(c.accepts(value) for c in cs):
        return value
    raise _fail(name, _describe(cs), value)


def _column_hint(func: str, name: str, value: Any, args: tuple[Any, ...]) -> str:
    """Advice when ``value``, refused as ``name``, is a column of the table passed first:
    ``analyze(df, "reward")`` takes the column second, ``fit_gpd(df, "reward")`` the
    threshold, so the same habit met "threshold must be ..." without a word of the column."""
    if name == "column" or not isinstance(value, str) or not args or (
            type(args[0]).__name__ != "DataFrame"):  # pandas or polars (a LazyFrame's
        return ""                                     # columns would resolve its schema)
    try:
        is_column = value in list(args[0].columns)
    except (TypeError, AttributeError):
        return ""
    return (f"{value!r} is a column of the data: pass it as column={value!r} ({func}'s "
            f"argument after the data is {name}, not the column)." if is_column else "")


def validate_params(constraints: Mapping[str, Sequence[Constraint | None]]) -> Callable[[F], F]:
    """Decorator: check the named arguments of every call against their constraints.

    The mapping is kept on the function as ``__tailstat_constraints__`` so that tests and
    documentation can read it. Arguments not named in the mapping are not checked here (the
    data itself goes through :func:`tailstat.data.check_sample`).
    """
    def deco(fn: F) -> F:
        sig = inspect.signature(fn)
        unknown = set(constraints) - set(sig.parameters)
        if unknown:
            raise TypeError(f"{fn.__qualname__}: constraints for unknown parameters {unknown}")
        table = {name: [_make(c) for c in cs] for name, cs in constraints.items()}
        params = list(sig.parameters.values())
        by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        n_positional = next((i for i, p in enumerate(params)
                             if p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD),
                            len(params))
        names = frozenset(p.name for p in params if p.kind in by_name)
        takes_column = "column" in names or any(  # upper_tail: column= among **intake
            p.kind is inspect.Parameter.VAR_KEYWORD for p in params)
        # each checked argument in the signature's order, and its position in a call (None:
        # keyword-only)
        where = [(p.name, table[p.name], i if i < n_positional else None)
                 for i, p in enumerate(params) if p.name in table]
        plain = all(sig.parameters[name].kind in by_name for name in table)
        # the arguments a call must pass (name, position or None): a call missing one is a
        # TypeError before any value is checked, as Signature.bind makes it
        required = tuple((p.name, i if i < n_positional else None)
                         for i, p in enumerate(params)
                         if p.kind in by_name and p.default is inspect.Parameter.empty)

        def _checked(name: str, cs: list[Constraint], value: Any, args: tuple[Any, ...],
                     kwargs: Mapping[str, Any]) -> None:
            if not any(c.accepts(value) for c in cs):
                err = _fail(name, _describe(cs), value)
                hint = (_column_hint(fn.__name__, name, value, args) if takes_column
                        and name not in kwargs and "column" not in kwargs else "")
                raise DataError(f"{err} {hint}") if hint else err

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if (not plain or len(args) > n_positional
                    or any(k not in names for k in kwargs)
                    or any(k in kwargs for k in (p.name for p in params[:len(args)]))
                    or any((pos is None or pos >= len(args)) and name not in kwargs
                           for name, pos in required)):
                # anything unusual: Signature.bind raises the call's TypeError first, named
                # as Python names it (a review: "got an unexpected keyword argument 'draw'")
                try:
                    arguments = sig.bind(*args, **kwargs).arguments
                except TypeError as exc:
                    raise TypeError(f"{fn.__name__}() {exc}") from None
                for name, cs, _ in where:
                    if name in arguments:
                        _checked(name, cs, arguments[name], args, kwargs)
                return fn(*args, **kwargs)
            for name, cs, pos in where:  # the common call, without Signature.bind
                if pos is not None and pos < len(args):
                    _checked(name, cs, args[pos], args, kwargs)
                elif name in kwargs:
                    _checked(name, cs, kwargs[name], args, kwargs)
            return fn(*args, **kwargs)

        wrapper.__tailstat_constraints__ = dict(table)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return deco


# --- shared constraints -------------------------------------------------------------------

#: A confidence (or credible) level.
LEVEL = Interval(Real, 0, 1, closed="neither", text="a level in (0, 1), e.g. 0.95")
#: A level, or ``None`` to skip the interval.
LEVEL_OR_NONE: list[Constraint | None] = [LEVEL, None]
#: The level of a confidence interval: its coverage, at least 1/2. ``ci=0.05`` meant as
#: ``alpha = 0.05`` gave a 5% interval (1/31 the width of the 95% one) without a word.
CI = Interval(Real, 0.5, 1, closed="left",
              text="a level in [0.5, 1), e.g. 0.95: the coverage of the confidence interval, "
                   "not its error rate (for alpha = 0.05 pass ci=0.95)")
#: A confidence level, or ``None`` to skip the interval.
CI_OR_NONE: list[Constraint | None] = [CI, None]
#: The level of a credible interval (``level=`` of the Bayesian fits), at least 1/2 as
#: :data:`CI`: ``level=0.05`` gave a 5% interval where fit_gpd refuses ``ci=0.05``.
CREDIBLE = Interval(Real, 0.5, 1, closed="left",
                    text="a level in [0.5, 1), e.g. 0.95: the probability of the credible "
                         "interval, not its error rate (for alpha = 0.05 pass level=0.95)")
#: Number of bootstrap replicates.
#: (At least 20: one replicate gave a zero-width "95%" interval, a p-value of 0.5 and a k 40
#: times too small, without a word.)
N_BOOT = Interval(Integral, 20, 10_000_000, text="an integer from 20 to 10,000,000 (number of "
                  "replicates; fewer give no usable interval, p-value or choice of k, and "
                  "more than ten million no longer fit in memory)")
#: A column of a table, or ``None``: one label as the table spells it, a str or (a DataFrame
#: made from an array) an int, as :func:`tailstat.data.check_sample` reads it (which then
#: says whether the table has it). ``InstanceOf(str)`` refused the int labels that
#: ``classify`` and ``analyze`` take.
COLUMN: list[Constraint | None] = [
    InstanceOf(Hashable, text="a column label (a str, or an int)"), None]
#: A seed: a non-negative integer, or ``None`` to draw one (recorded in the result).
SEED: list[Constraint | None] = [
    Interval(Integral, 0, None, text="a non-negative integer"), None]


# --- argument to value --------------------------------------------------------------------

def z_value(level: float, name: str = "ci") -> float:
    """Two-sided standard normal quantile ``z`` with ``P(|Z| <= z) = level`` (level checked)."""
    check(name, level, [LEVEL])
    return _z(float(level))


@functools.lru_cache(maxsize=64)
def _z(level: float) -> float:
    """``z_value`` of a checked level (the few levels in use, computed once each)."""
    # -ndtri((1 - level) / 2), not ndtri(0.5 + level / 2): 0.5 + level / 2 rounds to 1 (an
    # infinite z) for a level within 1e-16 of 1 that the API accepts (a review, stop 60)
    return float(-special.ndtri((1.0 - level) / 2))  # norm.ppf, without importing scipy.stats


def resolve_seed(seed: int | None, name: str = "seed") -> int:
    """The seed to use: ``seed`` itself, or a fresh one drawn from the OS entropy when ``None``.

    Results record the returned value, so a run with ``seed=None`` can be reproduced.
    """
    check(name, seed, SEED)
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    return int(seed)


def check_k_max(k_max: Any, n: int, *, default: int, name: str = "k_max") -> int:
    """``k_max`` (``default`` when ``None``) as an int, at least 1, clipped to ``n - 1``."""
    check(name, k_max, [Interval(Integral, 1, None), None])
    k = default if k_max is None else int(k_max)
    return int(min(k, n - 1))


def check_min_size(size: int, minimum: int, *, what: str, name: str = "x", advice: str = ""
                   ) -> None:
    """A :class:`DataError` when ``size`` (of ``what`` in sample ``name``) is below ``minimum``."""
    if size < minimum:
        tail = f" {advice}" if advice else ""
        raise DataError(f"{name!r} has {size} {what}; at least {minimum} are needed.{tail}")


def check_unmasked(value: Any, name: str) -> Any:
    """``value`` without its mask: a numpy masked array with a masked entry is a DataError.

    ``np.asarray`` keeps the value under a mask, so ``n=np.ma.masked_array([1, 4, 16],
    mask=[0, 1, 0])`` computed best-of-4 and ``fit.sf(masked)`` the tail probability of the
    hidden value, without a word; a masked array without masked entries is its data.
    """
    if not isinstance(value, np.ma.MaskedArray):
        return value
    if np.ma.getmaskarray(value).any():
        raise DataError(f"{name} has masked entries, whose hidden values would be used as "
                        f"numbers; pass only the values to use (e.g. {name}.compressed()).")
    return np.ma.getdata(value)


#: What :func:`as_numbers` refuses inside an object array (numpy would convert each).
_NOT_NUMBERS = (str, bytes, bool, np.bool_, complex, np.complexfloating)


def as_numbers(x: Any, what: str) -> np.ndarray:
    """``x`` (a number or an array-like of numbers) as a float array, or a :class:`DataError`
    naming ``what``. Text, booleans and complex numbers are refused: ``np.asarray(x, float)``
    read ``["0.1"]`` as the probability 0.1, ``True`` as 1 and dropped an imaginary part.
    A masked entry is refused too (:func:`check_unmasked`)."""
    x = check_unmasked(x, what)
    try:
        a = np.asarray(x)
    except (TypeError, ValueError):  # ragged nesting
        a = None
    if a is not None and (a.dtype.kind == "O" or (a.dtype.kind in "iuf"
                                                   and isinstance(x, (list, tuple)))):
        # (a list of numbers and booleans: numpy made [1.0, True] the numbers [1.0, 1.0])
        entries = (a if a.dtype.kind == "O" else np.asarray(x, dtype=object)).ravel().tolist()
        bad = any(isinstance(e, _NOT_NUMBERS) for e in entries)
    else:
        bad = a is None or a.dtype.kind not in "iuf"
    if not bad:
        assert a is not None
        try:
            return np.asarray(a, dtype=float)
        except (TypeError, ValueError, OverflowError):  # (10**400: past the float range)
            bad = True
    text = " (text is not read as a number: convert it with float() first)" if (
        a is not None and (a.dtype.kind in "US" or (
            a.dtype.kind == "O" and any(isinstance(e, (str, bytes)) for e in a.ravel().tolist()
                                        )))) else ""
    raise DataError(f"{what} must be a number or an array of numbers; got "
                    f"{reprlib.repr(x)} instead{text}.")


def parse_percent(spec: str, name: str = "threshold") -> float:
    """The number in a percentage string such as ``"95%"`` (strictly between 0 and 100)."""
    if not Percent().accepts(spec):
        raise _fail(name, Percent.text + " (that quantile of the sample), a number or 'auto'",
                    spec)
    return float(spec.strip()[:-1])


def boot_needed(level: float) -> int:
    """Fewest bootstrap replicates whose percentile interval can reach ``level``:
    ``(1 + level) / (1 - level)`` (fewer give the extreme replicates as its ends)."""
    return math.ceil((1.0 + level) / (1.0 - level) - 1e-9)

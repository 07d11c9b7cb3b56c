"""The one exception and warning tree of tailstat.

Every error tailstat raises on purpose derives from :class:`TailstatError`;
every warning from :class:`TailstatWarning`. Catch the base class to handle
them all, or a subclass for one kind of problem::

    TailstatError
    ├── DataError (also ValueError)      bad input: NaN policy, inf, empty, constant,
    │   │                                too few values, unknown column, wrong dtype
    │   └── MissingValuesError           missing values where they must not be dropped
    ├── FitError (also RuntimeError)     a fit that cannot produce an estimate
    └── OutputError (also OSError)       a file that could not be written (a report,
                                         a saved analysis, the command line's -o)

    TailstatWarning (UserWarning)
    ├── TiesWarning                      many tied values in the upper tail
    ├── ConvergenceWarning               an optimiser or sampler did not converge well
    ├── DegenerateDataWarning            data that is valid but nearly degenerate
    ├── InputWarning                     what reading the input found: missing values
    │                                    dropped, a file without a header line
    └── HeavyTailWarning                 a monitored reward's tail has become heavy
"""

from __future__ import annotations

__all__ = [
    "ConvergenceWarning",
    "DataError",
    "DegenerateDataWarning",
    "FitError",
    "HeavyTailWarning",
    "InputWarning",
    "MissingValuesError",
    "OutputError",
    "TailstatError",
    "TailstatWarning",
    "TiesWarning",
]


class TailstatError(Exception):
    """Base class of every error raised by tailstat on purpose."""


class OutputError(TailstatError, OSError):
    """An output file could not be written; the previous file, if any, is unchanged.

    Also an :class:`OSError`: ``errno``, ``strerror`` (the reason) and ``filename`` (the
    target, not the temporary file) are set as usual.

    Parameters
    ----------
    errno : int
        The :mod:`errno` code of the underlying failure (0 when there is none).
    strerror : str
        Why the file could not be written.
    filename : str
        The file that was to be written.
    """

    def __init__(self, errno: int, strerror: str, filename: str) -> None:
        super().__init__(errno, strerror, filename)

    def __str__(self) -> str:
        return f"cannot write '{self.filename}': {self.strerror}"


class DataError(TailstatError, ValueError):
    """The input cannot be analysed as given; the message says why and what to do."""


class MissingValuesError(DataError):
    """The input has missing values (NaN, NA or masked) where they cannot be dropped.

    Attributes
    ----------
    name : str
        The input's label.
    count : int
        How many values are missing.
    problem : str
        The message without its advice (callers that know a better remedy add their own).
    """

    def __init__(self, name: str, count: int, advice: str) -> None:
        self.name = name
        self.count = count
        self.problem = f"{name!r} contains {count} missing value(s) (NaN, NA or masked)"
        self.advice = advice
        super().__init__(f"{self.problem}; {advice}")

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:  # pickles, copies
        return type(self), (self.name, self.count, self.advice)


class FitError(TailstatError, RuntimeError):
    """A model fit could not produce an estimate (the message gives the reason)."""


class TailstatWarning(UserWarning):
    """Base class of every warning issued by tailstat."""


class TiesWarning(TailstatWarning):
    """Many tied values in the upper tail (discretised rewards) may bias estimators."""


class ConvergenceWarning(TailstatWarning):
    """An optimiser or MCMC sampler did not converge cleanly."""


class DegenerateDataWarning(TailstatWarning):
    """The data are valid but nearly degenerate (e.g. almost all values equal)."""


class InputWarning(TailstatWarning):
    """What reading the input found and did: missing rewards dropped (and counted), a file
    read without a header line, score lists with holes. The command line prints these."""


class HeavyTailWarning(TailstatWarning):
    """A monitored reward stream's upper tail has become probably heavy (P(heavy) ≥ level)."""

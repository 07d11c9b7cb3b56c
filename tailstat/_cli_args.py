"""The command line's argparse pieces: an option given once, and the checked types of
``--fdr``, ``--seed``, ``--level`` and ``--step-bins``."""

from __future__ import annotations

import argparse
import math
import weakref
from collections.abc import Sequence
from typing import Any

from tailstat.errors import DataError

__all__ = ["BooleanOnce", "OptionError", "StoreOnce", "fdr_arg", "level_arg", "positive_arg",
           "seed_arg"]


class OptionError(DataError):
    """A command-line option that cannot be used as given (its message names the option,
    not the input file)."""


class _Once(argparse.Action):
    """An option refused when given a second time in one command line: argparse keeps the
    last silently, so ``--column score --column gold`` analysed 'gold' alone, with exit 0
    (a review: ``--by`` may repeat, so ``--column`` looked as if it could). Mixed in before
    the action whose ``__call__`` it guards."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None
                 ) -> None:
        # the namespaces it was given in (weakly: a Namespace has no hash, and a dead one's
        # id may come back)
        given: list[weakref.ref[argparse.Namespace]] = self.__dict__.setdefault("_given", [])
        if any(ref() is namespace for ref in given):
            names = "/".join(self.option_strings)
            hint = " (use --by for several group columns)" if self.dest == "column" else ""
            parser.error(f"{names} was given twice; give it once{hint}")
        given.append(weakref.ref(namespace))
        super().__call__(parser, namespace, values, option_string)


class StoreOnce(_Once, argparse._StoreAction):
    """``store``, once (:class:`_Once`)."""


class BooleanOnce(_Once, argparse.BooleanOptionalAction):
    """``--x/--no-x``, once (``--goodhart --no-goodhart`` kept the last, exit 0)."""


def _between_0_and_1(text: str, what: str, example: str) -> float:
    """``text`` as a number strictly between 0 and 1 (NaN and inf refused), or the error
    that says so (``what``: "number" or "probability")."""
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not (0.0 < v < 1.0):
        raise argparse.ArgumentTypeError(
            f"must be a {what} strictly between 0 and 1, e.g. {example}; got {text!r} instead")
    return v


def _whole(text: str, least: int, what: str, example: str) -> int:
    """``text`` as an integer of at least ``least``, or the error that says so."""
    try:
        v = int(text)
    except ValueError:
        v = least - 1
    if v < least:
        raise argparse.ArgumentTypeError(
            f"must be a {what} integer, e.g. {example}; got {text!r} instead")
    return v


def fdr_arg(text: str) -> float:
    """``--fdr``: a number strictly between 0 and 1."""
    return _between_0_and_1(text, "number", "0.05")


def seed_arg(text: str) -> int:
    """``--seed``: a non-negative integer."""
    return _whole(text, 0, "non-negative", "0")


def level_arg(text: str) -> float:
    """``--level``: a probability strictly between 0 and 1, at most the classifier's cap."""
    v = _between_0_and_1(text, "probability", "0.9")
    from tailstat.classification import LEVEL_SLACK, MAX_PROBABILITY, MIN_PROBABILITY

    if v > MAX_PROBABILITY + LEVEL_SLACK:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_PROBABILITY:.2f}, the largest P(heavy) the classifier gives "
            f"(its calibration keeps a share for the unexpected), or the gate could never fail; "
            f"got {text!r} instead")
    if v <= MIN_PROBABILITY + LEVEL_SLACK:  # (a review: --level 1e-9 failed a bounded group)
        raise argparse.ArgumentTypeError(
            f"must be above {MIN_PROBABILITY + LEVEL_SLACK:.6g} (the smallest P(heavy) the "
            f"classifier gives, {MIN_PROBABILITY:.2f}, and a margin for its rounding), or every "
            f"group would fail; got {text!r} instead")
    return v


def positive_arg(text: str) -> int:
    """``--step-bins``, ``--min-n``: a positive integer."""
    return _whole(text, 1, "positive", "5")

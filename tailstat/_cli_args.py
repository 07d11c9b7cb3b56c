"""The command line's argparse pieces: an option given once, and the checked types of
``--fdr``, ``--seed``, ``--level`` and ``--step-bins``."""

from __future__ import annotations

import argparse
import math
import weakref
from collections.abc import Sequence
from typing import Any

__all__ = ["BooleanOnce", "StoreOnce", "bins_arg", "fdr_arg", "level_arg", "seed_arg"]


class _Once(argparse.Action):
    """An option refused when given a second time in one command line: argparse keeps the
    last silently, so ``--column score --column gold`` analysed 'gold' alone, with exit 0
    (a review: ``--by`` may repeat, so ``--column`` looked as if it could)."""

    def _once(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace) -> None:
        # the namespaces it was given in (weakly: a Namespace has no hash, and a dead one's
        # id may come back)
        given: list[weakref.ref[argparse.Namespace]] = self.__dict__.setdefault("_given", [])
        if any(ref() is namespace for ref in given):
            names = "/".join(self.option_strings)
            hint = " (use --by for several group columns)" if self.dest == "column" else ""
            parser.error(f"{names} was given twice; give it once{hint}")
        given.append(weakref.ref(namespace))


class StoreOnce(_Once, argparse._StoreAction):
    """``store``, once (:class:`_Once`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None
                 ) -> None:
        self._once(parser, namespace)
        super().__call__(parser, namespace, values, option_string)


class BooleanOnce(_Once, argparse.BooleanOptionalAction):
    """``--x/--no-x``, once (``--goodhart --no-goodhart`` kept the last, exit 0)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None
                 ) -> None:
        self._once(parser, namespace)
        super().__call__(parser, namespace, values, option_string)


def fdr_arg(text: str) -> float:
    """``--fdr``: a number strictly between 0 and 1."""
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not (0.0 < v < 1.0):  # also rejects nan and inf
        raise argparse.ArgumentTypeError(
            f"must be a number strictly between 0 and 1, e.g. 0.05; got {text!r} instead")
    return v


def seed_arg(text: str) -> int:
    """``--seed``: a non-negative integer."""
    try:
        v = int(text)
    except ValueError:
        v = -1
    if v < 0:
        raise argparse.ArgumentTypeError(
            f"must be a non-negative integer, e.g. 0; got {text!r} instead")
    return v


def level_arg(text: str) -> float:
    """``--level``: a probability strictly between 0 and 1."""
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not (0.0 < v < 1.0):
        raise argparse.ArgumentTypeError(
            f"must be a probability strictly between 0 and 1, e.g. 0.9; got {text!r} instead")
    from tailstat.classification import LEVEL_SLACK, MAX_PROBABILITY

    if v > MAX_PROBABILITY + LEVEL_SLACK:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_PROBABILITY:.2f}, the largest P(heavy) the classifier gives "
            f"(its calibration keeps a share for the unexpected), or the gate could never fail; "
            f"got {text!r} instead")
    return v


def bins_arg(text: str) -> int:
    """``--step-bins``: a positive integer."""
    try:
        v = int(text)
    except ValueError:
        v = 0
    if v < 1:
        raise argparse.ArgumentTypeError(
            f"must be a positive integer, e.g. 5; got {text!r} instead")
    return v

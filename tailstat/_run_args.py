"""The arguments :func:`tailstat.analyze` and :func:`tailstat.dask.analyze` share, checked
once before any work, and the seed of an analysis' Bayesian fits."""

from __future__ import annotations

from typing import Any

from tailstat._validation import SEED, InstanceOf, IsCallable, check, resolve_seed
from tailstat.classification.flags import benjamini_hochberg
from tailstat.errors import DataError

__all__ = ["check_run_args", "run_seed"]


def check_run_args(method: object, fdr: float, seed: int | None, progress: Any, warn: bool,
                   *, goodhart: bool = False) -> int | None:
    """Check the shared arguments; returns the seed of the run (:func:`run_seed`)."""
    if method not in ("fast", "bayes"):
        raise DataError(f"method must be 'fast' or 'bayes'; got {method!r} instead.")
    benjamini_hochberg([], fdr)  # validates fdr
    check("seed", seed, SEED)
    check("goodhart", goodhart, [InstanceOf(bool, text="True or False")])
    check("progress", progress, [IsCallable(), None])
    check("warn", warn, [InstanceOf(bool, text="True or False")])
    return run_seed(str(method), seed)


def run_seed(method: str, seed: int | None) -> int | None:
    """The seed every group's Bayesian fit uses: with ``method="bayes"`` and ``seed=None``,
    one drawn here for the whole analysis and recorded in its settings (each group drew its
    own, and the ``None`` recorded could not reproduce any of them); else ``seed``."""
    return resolve_seed(seed) if method == "bayes" and seed is None else seed

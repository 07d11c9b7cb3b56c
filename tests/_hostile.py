"""The inputs and the outcome rule shared by the hostile-input suites (not a test module).

``tests/test_hostile.py`` (functions), ``tests/test_hostile_args.py`` (arguments) and
``tests/test_hostile_cli.py`` (command line); the rules are in the first one's module doc.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from tailstat import TailstatError, TailstatWarning

RNG = np.random.default_rng(20261130)
PARETO = RNG.pareto(2.0, 2000) + 1.0  # positive, heavy: every estimator applies
NORMAL = RNG.normal(size=3000)
GOLD = RNG.normal(size=3000)


def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """``("error", exc)`` for a TailstatError, ``("ok", result)`` otherwise.

    Tailstat's own warnings are allowed; any other warning is an error (pytest's
    ``filterwarnings = error``), and so is any other exception.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        try:
            return "ok", fn(*args, **kwargs)
        except TailstatError as exc:
            assert str(exc).strip(), "an error must say what is wrong"
            assert "np.float64(" not in str(exc) and "Traceback" not in str(exc)
            return "error", exc

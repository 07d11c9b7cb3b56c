"""Settings of the whole test suite.

Hypothesis is derandomized: every run, CI's included, draws the same examples, so a change is
judged by the code and never by the luck of the draw. Set ``TAILSTAT_HYPOTHESIS_HUNT=1`` to
draw new examples (a search for counterexamples; what it finds becomes a fixed test).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("fixed", derandomize=True, database=None)
settings.register_profile("hunt", derandomize=False)
settings.load_profile("hunt" if os.environ.get("TAILSTAT_HYPOTHESIS_HUNT") else "fixed")


# large samples shared by the Goodhart tests (module scope: drawn once per module)

@pytest.fixture(scope="module")
def normal_1e6() -> np.ndarray:
    return np.random.default_rng(20260).standard_normal(10**6)


@pytest.fixture(scope="module")
def exp_1e6() -> np.ndarray:
    return np.random.default_rng(20261).exponential(size=10**6)


@pytest.fixture(scope="module")
def pareto_1e6() -> np.ndarray:
    return np.random.default_rng(20262).pareto(1.5, size=10**6) + 1.0


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker pool (the report's, the Goodhart summaries') on any machine: two workers
    whatever the cores (they run on one core too) and ``TAILSTAT_THREADS`` (review 409: on one
    usable core, or with ``TAILSTAT_THREADS=1``, the pool's test modules were skipped whole)."""
    from tailstat import _workers as _parallel

    monkeypatch.delenv("TAILSTAT_THREADS", raising=False)
    monkeypatch.setattr(_parallel, "usable_cores", lambda: 2)

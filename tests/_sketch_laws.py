"""Reward laws, discretisations and the hypothesis sample strategy shared by the sketch tests
(``tests/test_sketch.py``, ``tests/test_sketch_bytes.py``; not a test module)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

LAWS: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
    "normal": lambda rng, n: rng.standard_normal(n),
    "student3": lambda rng, n: rng.standard_t(3, n),
    "pareto": lambda rng, n: rng.pareto(1.5, n) + 1.0,
    "uniform": lambda rng, n: rng.uniform(-1.0, 1.0, n),
    "exponential": lambda rng, n: rng.exponential(1.0, n),
}

#: Discretisations: ties everywhere (and -0.0 from rounding small negatives), integers, and
#: a handful of values with an atom at the top.
TIES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "none": lambda x: x,
    "round1": lambda x: np.round(x, 1),
    "integers": lambda x: np.floor(3.0 * x),
    "few": lambda x: np.minimum(np.round(x), 2.0),
}


def draw_sample(rng: np.random.Generator, law: str, ties: str, n: int) -> np.ndarray:
    return TIES[ties](LAWS[law](rng, n))


@st.composite
def samples(draw: Any, n_min: int = 1, n_max: int = 2000, nan: bool = True) -> np.ndarray:
    """A float64 sample from one of LAWS, discretised by one of TIES, maybe with NaN."""
    law = draw(st.sampled_from(sorted(LAWS)))
    ties = draw(st.sampled_from(sorted(TIES)))
    n = draw(st.integers(n_min, n_max))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = draw_sample(rng, law, ties, n)
    if nan and n and draw(st.booleans()):
        x[rng.random(n) < 0.1] = np.nan
    return x

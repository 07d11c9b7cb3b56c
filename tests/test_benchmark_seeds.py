"""The benchmarks' random streams (``benchmarks/_seeds.py``): no two suites share draws."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._seeds import stream  # noqa: E402


def _first(g: np.random.Generator) -> np.ndarray:
    return g.random(8)


def test_purposes_and_keys_give_different_streams() -> None:
    """A review: ``default_rng([0, i, n])`` in the accuracy script and in the tuning cache
    gave the i-th validation family and the i-th tuning family the same draws (98% of one
    validation sample's values were a tuning sample's), and numpy seeds ``[a, b, 0]`` as
    ``[a, b]``, so rep 0 of the verdict cases was a validation family's whole stream."""
    draws = [_first(stream(p, *k)) for p in ("accuracy-validation", "tuning")
             for k in ((0, 3, 10_000), (0, 3, 10_000, 0), (0, 3, 10_000, 1), (0, 30, 1000))]
    for i, a in enumerate(draws):
        for b in draws[i + 1:]:
            assert not np.array_equal(a, b)
    assert np.array_equal(_first(stream("tuning", 0, 3)), _first(stream("tuning", 0, 3)))
    with pytest.raises(ValueError, match="non-negative"):
        stream("tuning", -1)


@pytest.mark.parametrize("script", ["accuracy.py", "_tune_cache.py", "verdict_cases.py",
                                    "heavy_flags.py", "classifier_limits.py",
                                    "flag_population.py"])
def test_the_suites_scripts_draw_from_their_own_streams(script: str) -> None:
    """The scripts that draw the tuning, validation and verdict samples seed only through
    :func:`stream` (a tag per purpose), never ``default_rng([seed, i, n])`` of their own."""
    text = (ROOT / "benchmarks" / script).read_text()
    seeded = re.findall(r"default_rng\(\[[^\]]*\]\)", text)
    allowed = [s for s in seeded if "name.encode()" in s]  # library draws: keyed by name
    assert seeded == allowed, seeded
    assert "stream(" in text

"""The tuner's cache of classifier inputs (``benchmarks/_tune_cache.py``): its vectorised
posterior gives what ``classify`` gives, including the overrides classify applies after the
posterior (saturation, and the cap on counts or coarsely rounded scores)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _tune_cache
from tailstat.classification._patterns import COARSE_CAP, COARSE_LEVELS


@dataclass(frozen=True)
class _Family:
    name: str
    label: str
    draw: Any

    def hard(self, n: int) -> bool:
        return False


FAMILIES = [
    _Family("normal", "light", lambda r, n: r.normal(size=n)),
    _Family("normal rounded to 0.5", "light", lambda r, n: np.round(2 * r.normal(size=n)) / 2),
    _Family("normal clipped at 1.5", "bounded", lambda r, n: np.minimum(r.normal(size=n), 1.5)),
    _Family("t(3)", "heavy", lambda r, n: r.standard_t(3.0, n)),
]


@pytest.mark.parametrize("n", [100, 5_000, 20_000])
def test_label_probabilities_reproduce_classify(n: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_tune_cache, "FAMILIES", FAMILIES)
    parts = [_tune_cache._draw_family((fi, n, 6, 3)) for fi in range(len(FAMILIES))]
    cache = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    ok = ~cache["failed"]
    assert ok.sum() >= 20
    probs, _ = _tune_cache.label_probabilities(cache)
    np.testing.assert_allclose(probs[ok], cache["p"][ok], rtol=0, atol=1e-12)
    if n == 5_000:  # the override paths are exercised: coarse scores capped, clipped saturated
        rounded = (cache["fam"] == 1) & ok
        assert np.all(cache["levels"][rounded] < COARSE_LEVELS)
        assert np.sum(np.isclose(probs[rounded].max(axis=1), COARSE_CAP)) >= 2
        assert cache["sat"][cache["fam"] == 2].all()


def test_patched_sets_the_mix_the_flags_read() -> None:
    """The heavy flags recover each group's Bayes factor with UNIFORM_MIX; under a patched
    mix they must use the patched one (tune.py scored a mix of 0.02 with 0.03: FDP 0.11),
    and the shipped one after."""
    from benchmarks import _eb_flags as flags

    shipped = flags.UNIFORM_MIX
    with _tune_cache.patched(UNIFORM_MIX=0.02):
        assert flags.UNIFORM_MIX == 0.02
        p = (1 - 0.02) * 0.999 + 0.02 / 3  # a calibrated P(heavy) under the patched mix
        assert np.isfinite(flags._log_bayes_factor(np.array([p]))[0])
    assert flags.UNIFORM_MIX == shipped

"""analyze() records the seed it used: the same call with the recorded seed reproduces it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import analysis_sketches


@pytest.fixture
def seeds_used(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The seed each group's classification is given (classified by the fast method: the
    Bayesian fit itself is seeded by it, as ``classify``'s tests check)."""
    used: list[Any] = []
    real = analysis_sketches.classify

    def fake(tail: Any, *, method: str, seed: Any, warn: bool) -> Any:
        used.append(seed)
        return real(tail, method="fast", seed=seed, warn=warn)

    monkeypatch.setattr(analysis_sketches, "classify", fake)
    return used


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    return pd.DataFrame({"m": np.repeat(["a", "b", "c"], 400),
                         "r": rng.standard_t(3.0, 1200)})


@pytest.mark.parametrize("as_sketches", [False, True])
def test_a_bayes_analysis_without_a_seed_records_the_one_every_group_used(
        seeds_used: list[Any], as_sketches: bool) -> None:
    """analyze(method="bayes", seed=None) let each group's fit draw a seed of its own and
    recorded ``seed: None``: no call could reproduce it. One seed is drawn for the analysis,
    recorded, and given to every group."""
    df = _table()
    data: Any = df
    if as_sketches:
        data = {k: ts.TailSketch.from_sample(pd.Series(g["r"].to_numpy(), name=k))
                for k, g in df.groupby("m")}
    kw: dict[str, Any] = {} if as_sketches else {"column": "r", "by": "m"}
    a = ts.analyze(data, method="bayes", seed=None, **kw)
    seed = a.settings["seed"]
    assert isinstance(seed, int) and seeds_used == [seed] * 3
    seeds_used.clear()
    b = ts.analyze(data, method="bayes", seed=seed, **kw)
    assert seeds_used == [seed] * 3 and b.settings == a.settings
    # the fast method draws nothing: None stays None, as classify() records it
    assert ts.analyze(data, seed=None, **kw).settings["seed"] is None


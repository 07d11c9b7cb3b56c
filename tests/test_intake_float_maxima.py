"""The largest float64 and float32 in the rewards are refused as an infinity is
(``tailstat/data/_drop.py``): ``numpy.nan_to_num`` puts the first for +inf, and a cast that
overflows float32 clipped ends at the second."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts

F64 = float(np.finfo(np.float64).max)
F32 = float(np.finfo(np.float32).max)


def _sample() -> np.ndarray:
    z = np.random.default_rng(0).normal(size=10_000)
    z[5] = np.inf
    z[7] = np.nan
    return z


@pytest.mark.parametrize("end", [F64, F32, -F64])
def test_a_float_maximum_is_refused_as_an_infinity(end: float) -> None:
    """A review: np.nan_to_num of a normal sample with one overflow was read as heavy,
    P = 0.98, with a shape of 0.002 and an interval reaching infinity, without a word."""
    x = np.where(np.isinf(_sample()), end, _sample())
    which = "float64" if abs(end) == F64 else "float32"
    for call in (ts.classify, ts.hill, lambda v: ts.fit_gpd(v, threshold="95%"),
                 lambda v: ts.TailSketch().update(v[~np.isnan(v)]),
                 lambda v: ts.analyze(pd.DataFrame({"r": v}), "r")):
        with pytest.raises(ts.DataError, match=rf"the largest {which} \(first at position 5"):
            call(x)


def test_values_near_but_below_the_float_maximum_are_read() -> None:
    x = np.random.default_rng(1).pareto(1.5, 5000)
    x[0] = F64 / 2
    x[1] = np.nextafter(F32, 0.0)
    assert ts.classify(x).label == "heavy"
    sk = ts.TailSketch().update(x)
    assert sk.maximum == F64 / 2


def test_a_gold_score_at_the_float_maximum_fails_its_group_as_an_infinity() -> None:
    """A re-read: the rewards' check left the gold column out, and its float maximum was read
    as a constant error."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["a", "b"], 1000), "r": rng.normal(size=2000)})
    df["gold"] = df["r"] + 0.3 * rng.normal(size=2000)
    df.loc[5, "gold"] = F64
    with pytest.warns(ts.TailstatWarning, match="1 of 2 groups could not be analysed"):
        a = ts.analyze(df, "r", by="g", gold="gold")
    assert list(a.failures) == ["a"] and "holds the largest float" in a.failures["a"]
    assert "b" in a.classifications and "b" in a.error_classifications

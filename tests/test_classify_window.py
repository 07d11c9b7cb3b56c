"""The window the classifier reads, and an atom inside it: ``classification/_window.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.classification._features import k_for
from tailstat.classification._window import FLOOR_SHARE, above_floor
from tailstat.data import check_sample, upper_tail


def _zeros(seed: int, n: int = 3000, share: float = 0.7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    x[rng.random(n) < share] = 0.0
    return x


def _quiet(x, **kw) -> ts.TailClassification:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ts.classify(x, **kw)


def test_a_floor_inside_the_window_is_read_from_the_scores_above_it() -> None:
    """70% of 3,000 normal scores set to 0: the centre sat on the atom, its zero spacings
    read as a power law's body, and 25 of 40 seeds were heavy (P(heavy) ~ 0.95, "rare
    exploits"). The scores above the atom are a sample of the same tail: read alone, the
    classification is theirs, bit for bit, with the note; 40 other seeds: at most 4 heavy
    (a half-normal of 430 values reads heavy 2.5% of the time)."""
    x = _zeros(0)
    with pytest.warns(ts.TailstatWarning, match=r"'rm': \d+ of the top 833 scores equal 0 "
                      r"\(an atom.*read from the \d+ scores above it"):
        c = ts.classify(x, name="rm")
    above = np.sort(x[x > 0])
    alone = _quiet(above, name="rm")
    assert c.n == above.size and c.probabilities == alone.probabilities
    assert c.xi == alone.xi and c.warnings[0].startswith(f"{c.warnings[0].split()[0]} of the")
    heavy = sum(_quiet(_zeros(100 + s)).label == "heavy" for s in range(40))
    assert heavy <= 4


def test_continuous_and_rounded_samples_keep_their_window() -> None:
    """No tied run in a continuous sample; rounded scores tie at every level (their ties
    caveat stands); the maximum's run is a ceiling's (saturation), not a floor."""
    rng = np.random.default_rng(3)
    samples = [rng.normal(size=5000), rng.standard_t(3.0, 3000), np.round(rng.normal(size=5000), 1),
               np.round(rng.normal(size=20_000) * 4) / 4, rng.poisson(20, 10_000).astype(float),
               np.minimum(rng.normal(size=5000), 1.5)]
    for x in samples:
        tail = upper_tail(check_sample(x), k_max=k_for(x.size))
        same, note = above_floor(tail, "x", warn=False)
        assert note is None and same is tail


def test_the_run_must_hold_a_share_of_the_window() -> None:
    """A tied run at the centre of fewer than FLOOR_SHARE of the window's values is left
    alone; one of more is an atom."""
    x = np.random.default_rng(4).normal(size=10_000)
    c = k_for(x.size)
    order = np.argsort(-x)  # descending ranks
    need = int(np.ceil(FLOOR_SHARE * (c + 1)))
    for run, found in ((need - 1, False), (need, True)):
        y = x.copy()
        y[order[c + 1 - run: c + 1]] = x[order[c]]  # the run ends at the centre X(n - c)
        tail = upper_tail(check_sample(y), k_max=c)
        assert (above_floor(tail, "x", warn=False)[1] is not None) is found, run


def test_too_few_scores_above_the_floor_is_refused() -> None:
    rng = np.random.default_rng(5)
    x = np.zeros(2000)
    x[:40] = rng.normal(size=40) ** 2 + 0.1
    x[40:700] = rng.normal(size=660) - 5.0
    with pytest.raises(ts.DataError, match=r"only 40 scores lie above it; classification "
                       r"needs at least 50 there\. Drop the atom's scores"):
        ts.classify(x, name="rm")


def test_analyze_keeps_the_group_size() -> None:
    """The table's n is the group's (the classification's counts the scores read)."""
    df = pd.DataFrame({"r": np.r_[_zeros(0), np.random.default_rng(6).normal(size=3000)],
                       "m": np.repeat(["floor", "plain"], 3000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ts.analyze(df, "r", by="m")
    t = res.table.set_index("group")
    assert t.loc["floor", "n"] == 3000 and res.classifications["floor"].n < 3000
    assert "an atom" in t.loc["floor", "warnings"]

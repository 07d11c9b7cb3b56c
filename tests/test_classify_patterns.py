"""The named readings of tailstat/classification/_patterns.py: a confident verdict that one
score far above the rest decides (``lone_maximum``)."""

from __future__ import annotations

import numpy as np
import pytest

import tailstat as ts
from tailstat.classification.levels import LONE_MAXIMUM
from tailstat.errors import TailstatWarning

RESTS = LONE_MAXIMUM


def _normal_with_outlier(copies: int = 1) -> np.ndarray:
    x = np.random.default_rng(1).normal(size=1000)
    x[np.argsort(x)[-copies:]] = x.max() + 1e6
    return x


def test_one_score_far_above_normal_ones_is_said_to_decide_the_verdict() -> None:
    """A review: one score 1e6 above 1,000 normal ones made them "heavy, 0.98" with no word;
    without it they read light (0.68 as a sample). The probabilities stay; the note, the
    warning and explain() say what the verdict rests on."""
    y = _normal_with_outlier()
    with pytest.warns(TailstatWarning, match=RESTS):
        c = ts.classify(y)
    assert c.label == "heavy" and c.probabilities["heavy"] >= 0.8
    (note,) = [w for w in c.warnings if RESTS in w]
    assert note.startswith("the largest score (1e+06) lies far above the next score")
    assert "without it the tail leans light (0.62)" in note and "read it" in note
    assert note in c.explain()
    assert not any(RESTS in w for w in ts.classify(y[y < 1e5], warn=False).warnings)


def test_copies_of_a_detached_maximum_and_a_uniform_sample() -> None:
    """Two copies are said as copies; a uniform sample with one score far above its ceiling
    read "light, 0.98, a mixture's bump" (a review), and without it reads bounded."""
    c = ts.classify(_normal_with_outlier(2), warn=False)
    assert any(w.startswith("the 2 copies of the largest score") and "without them" in w
               for w in c.warnings)
    u = np.random.default_rng(1).uniform(size=100_000)
    v = u.copy()
    v[v.argmax()] = u.max() + 2 * u.std()
    c = ts.classify(v, warn=False)
    assert c.label == "light" and any("without it the tail reads bounded" in w
                                      for w in c.warnings)
    assert not any(RESTS in w for w in ts.classify(u, warn=False).warnings)


@pytest.mark.parametrize("draw", [
    lambda r: r.pareto(1.0, 10_000),          # heavy with or without its maximum
    lambda r: r.normal(size=10_000),          # nothing detached
    lambda r: r.exponential(size=2_000),
])
def test_no_note_where_the_maximum_does_not_decide(draw) -> None:
    for seed in range(5):
        c = ts.classify(draw(np.random.default_rng(seed)), warn=False)
        assert not any(RESTS in w for w in c.warnings), (seed, c.warnings)


def test_no_note_on_an_uncertain_verdict() -> None:
    """An uncertain verdict already reads as one: the note is for a confident verdict."""
    from tailstat.classification._features import k_for
    from tailstat.classification._patterns import lone_maximum

    top = np.r_[1e6, -np.sort(-np.random.default_rng(0).normal(size=1000))[: k_for(1000)]]
    z = top - top[-1]
    assert lone_maximum(top, z, 1000, {"heavy": 0.7, "light": 0.2, "bounded": 0.1}) is None
    assert lone_maximum(top, z, 1000, {"heavy": 0.98, "light": 0.01, "bounded": 0.01})


def test_an_analysis_says_the_lone_maxima_of_its_groups_once() -> None:
    """Like the other per-group caveats: one warning names the groups, each classification
    keeps its own note."""
    import pandas as pd

    frames = []
    for g in range(3):
        x = np.random.default_rng(g).normal(size=1000)
        x[x.argmax()] += 1e6
        frames.append(pd.DataFrame({"r": x, "g": f"m{g}"}))
    with pytest.warns(TailstatWarning) as said:
        a = ts.analyze(pd.concat(frames), "r", by="g")
    rests = [str(w.message) for w in said if "rests on" in str(w.message)]
    assert rests == ["In 3 samples a confident verdict rests on the largest score, far above "
                     "the next (without it the tail reads another label; an exploit or a data "
                     "error: read it): 'm0', 'm1', 'm2'."]
    assert all(any(RESTS in w for w in c.warnings) for c in a.classifications.values())


def test_the_report_does_not_call_a_verdict_on_one_score_clear() -> None:
    """A re-read of the report: "... the verdict rests on that one score ... The evidence is
    clear: P(heavy) = 0.98." (reporting._text.certainty)."""
    from tailstat.reporting._text import certainty

    c = ts.classify(_normal_with_outlier(), warn=False)
    assert certainty(c) == "P(heavy) = 0.98, resting on the largest score."
    plain = ts.classify(np.random.default_rng(0).pareto(1.0, 10_000), warn=False)
    assert certainty(plain).startswith("The evidence is clear")


def test_the_detached_gap_reads_its_levels_from_the_head() -> None:
    """detached_gap reads the distinct values below the maximum from the head of the window,
    widened as ties need, not from np.unique of the whole window (10 ms per confident
    classification at n = 10^7): the same gap as the whole window's levels give."""
    from tailstat.classification._patterns import GAP_LEVELS, detached_gap

    def whole(desc: np.ndarray, at_max: int) -> float:
        levels = np.unique(desc[at_max:])[::-1][: GAP_LEVELS + 1]
        if levels.shape[0] < 3:
            return float("nan")
        ref = float(levels[0] - levels[-1]) / (levels.shape[0] - 1)
        return float(desc[0] - levels[0]) / ref if ref > 0 else float("inf")

    rng = np.random.default_rng(0)
    for trial in range(600):
        x = rng.normal(size=int(rng.integers(5, 3000)))
        x = (np.round(x * rng.integers(1, 6)) if trial % 3 == 1 else
             np.r_[x, [x.max() + 5] * int(rng.integers(1, 8))] if trial % 3 == 2 else x)
        desc = -np.sort(-x)
        m = int(np.count_nonzero(desc == desc[0]))
        if m < desc.shape[0]:
            np.testing.assert_equal(detached_gap(desc, m), whole(desc, m))

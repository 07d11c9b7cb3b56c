"""The minimum-KL frontier (``tailstat/goodhart/frontier.py``): which rows rest on the fitted
tail. (The frontier's closed-form checks are in ``tests/test_goodhart.py``.)"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat import kl_frontier
from tailstat.errors import DataError


def test_a_target_past_the_fitted_end_is_marked_extrapolated() -> None:
    """A review: normal scores, N = 10^4 (seed 3000): the light tail's GPD (xi < 0) ends at
    5.25, so the 6 sd target reads rate = inf against the true 18 -- and ``extrapolated`` was
    False there (``NaN > 0.01``), though the row rests on the fitted end alone."""
    x = np.random.default_rng(3000).standard_normal(10_000)
    t = kl_frontier(x, target=[1.0, 6.0]).table
    assert np.isinf(t["rate"].iloc[1]) and x.max() < 6.0
    assert list(t["extrapolated"]) == [False, True]
    # the sample alone claims nothing past its maximum: no row of it is extrapolated
    e = kl_frontier(x, target=[1.0, 6.0], tail="empirical").table
    assert np.isinf(e["rate"].iloc[1]) and not e["extrapolated"].any()


def test_target_sd_is_the_target_in_population_sds_above_the_mean() -> None:
    """A mutation review: no test read the target_sd column (ddof = 1 there went unseen)."""
    x = np.random.default_rng(3).normal(size=20)
    t = kl_frontier(x, target=[x.mean() + 2 * x.std()], tail="empirical").table
    assert t["target_sd"].iloc[0] == pytest.approx(2.0, rel=1e-12)


def test_ratings_are_not_read_past_their_maximum() -> None:
    """A review: the body's top bin, all equal ratings of 5, had a mean a few ULPs above the
    sample maximum (rounding of the sum), so every frontier row of 1-5 ratings was marked
    extrapolated, with mass "beyond the sample"."""
    u = np.random.default_rng(0).integers(1, 6, 20_000).astype(float)
    t = kl_frontier(u).table
    finite = np.isfinite(t["rate"].to_numpy())
    assert finite.any() and not t.loc[finite, "extrapolated"].any()
    assert (t.loc[finite, "beyond_sample"] == 0).all()


def test_a_heavy_target_no_policy_reaches_is_extrapolated_and_said_so() -> None:
    """A review: t(3) scores, a target of 1e300: no "move p onto U > τ" policy on the grid
    reaches it (policy columns NaN), yet the row read ``extrapolated=False`` and the note
    said the cheapest policy found costs more than the budget, when none was found."""
    x = np.random.default_rng(12).standard_t(3, 3000)
    f = kl_frontier(x, target=[-1.0, 1e6, 1e300])
    t = f.table
    assert np.isnan(t["policy_kl"].iloc[2]) and t["policy_kl"].iloc[0] == 0.0
    assert list(t["extrapolated"]) == [False, True, True]
    note, unsure = f.warnings  # (P(heavy) = 0.71 here: the label is said to be unsettled)
    assert "for 1 target(s) no policy" in note and "kl_budget" not in note
    assert "unsure whether the tail is heavy (P(heavy) = 0.71)" in unsure


def test_a_coin_flip_heavy_label_is_said_and_an_infinite_mean_is_extrapolated() -> None:
    """A review: gamma(0.5) at P(heavy) = 0.54 gave rate 0 at +3 sd (the closed form: 1.29
    nats) with no note, where kl_tilt and the summary say the label is unsettled; and on a
    Cauchy sample (fitted shape 1.04) every row said extrapolated False, though its rate of
    0 rests on the fitted tail's infinite mean alone."""
    u = np.random.default_rng(0).gamma(0.5, size=3000)
    f = kl_frontier(u, target=[u.mean() + 3 * u.std()])
    assert f.tail.provisional and f.settings["provisional"]
    assert any("unsure whether the tail is heavy" in w for w in f.warnings)
    c = np.random.default_rng(0).standard_cauchy(5000)
    f = kl_frontier(c, target=c.mean() + c.std() * np.array([0.05, 0.25, 1.0]))
    assert not math.isfinite(f.tail.model_mean)
    assert f.table["extrapolated"].all()


def test_rate_at_refuses_what_is_not_one_number() -> None:
    """A review: rate_at([1, 2]) raised a bare TypeError from float(); an unknown number is
    still a KeyError, as documented."""
    fr = kl_frontier(np.random.default_rng(0).standard_t(3, 3000))
    t = float(fr.table["target"].iloc[0])
    assert fr.rate_at(t) == fr.rate_at(np.float64(t)) == fr.rate_at(np.array(t))
    for bad in ([1, 2], np.array([t]), "1", None):
        with pytest.raises(DataError, match="target must be one number"):
            fr.rate_at(bad)
    with pytest.raises(KeyError):
        fr.rate_at(t + 1e3)

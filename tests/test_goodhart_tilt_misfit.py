"""The tilt's note where the tail model misses the sample's own tilt inside the sample, and
the sample tilt's standard error (tailstat/goodhart/tilt.py)."""

from __future__ import annotations

import warnings

import numpy as np

from tailstat.goodhart import goodhart_summary, kl_tilt


def _quiet(f, *a, **k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*a, **k)


def test_a_threshold_that_misfits_inside_the_sample_is_said() -> None:
    """A review: threshold='10%' on 2,000 normal scores gave u = 1.26 at beta = 1 against the
    sample's 1.03 (the truth 1.0), not extrapolated, without a word."""
    x = np.random.default_rng(0).standard_normal(2000)
    r = _quiet(kl_tilt, x, threshold="10%", beta=[2.0, 1.0])
    (note,) = [w for w in r.warnings if "misses the sample's own" in w]
    assert "(at beta = 1, u = 1.191 against the sample's 0.9328" in note and "auto" in note
    auto = _quiet(goodhart_summary, x)  # the automatic threshold: no note
    assert not any("misses the sample's own" in w for w in auto.tilt.warnings)


def test_the_sample_tilts_standard_error_covers_the_truth() -> None:
    # N(0, 1) tilted by 1/beta: mean 1/beta exactly; 200 samples of 2,000 at beta = 2
    hit = 0
    for s in range(200):
        x = np.random.default_rng(50 + s).standard_normal(2000)
        row = _quiet(kl_tilt, x, beta=[2.0], tail="empirical").table.iloc[0]
        hit += abs(row["u_sample"] - 0.5) <= 1.96 * row["u_sample_se"]
    assert abs(hit / 200 - 0.95) <= 3 * (0.95 * 0.05 / 200) ** 0.5

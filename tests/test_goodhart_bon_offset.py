"""Best-of-n's plug-in ``E[U]`` at a large common offset (tailstat/goodhart/bon.py): the
weights of the plug-in's law sum to ``1 - 6e-13`` at ``n = 1000`` of ``10^4``, and the sum of
weights times the raw values put ``E[U]`` ``offset x 6e-13`` low (0.59, 9 standard errors, at
``1e12``; a review). Computed about the sample's top value with the weights normalised, it
moves with the data's offset up to the rounding of the data, never passes the sample maximum
and never falls as ``n`` grows."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.goodhart import best_of_n

NS = [1, 64, 256, 1000]  # all within the reach N/10: the plug-in's rows


@pytest.mark.parametrize("offset", [1e6, 1e10, 1e12])
def test_the_plug_in_moves_with_the_offset(offset: float) -> None:
    x = np.random.default_rng(0).standard_normal(10_000)
    ref = best_of_n(x, n=NS, tail="empirical")
    shifted = x + offset
    kept = shifted.copy()
    got = best_of_n(shifted, n=NS, tail="empirical")
    np.testing.assert_array_equal(shifted, kept)  # the caller's data untouched
    # x + offset rounds each value by at most half a spacing there, which moves an expectation
    # by as much; the result's own rounding adds another half; the reference's rounding
    # (a few ulps of values near 1) is far below
    spacing = float(np.spacing(offset + np.max(np.abs(x))))
    tol = spacing + 16 * np.finfo(float).eps * float(np.max(np.abs(x)))
    u_se = ref["u_se"].to_numpy()
    assert tol < 0.05 * u_se.min()  # a check far finer than the standard error
    for col in ("u_sample", "u"):
        err = (got[col].to_numpy() - offset) - ref[col].to_numpy()
        assert np.all(np.abs(err) <= tol), (col, err, tol, err / u_se)


@pytest.mark.parametrize("offset", [0.0, 1e6, 1e12])
@pytest.mark.parametrize("with_gold", [False, True])
def test_the_plug_in_stays_under_the_maximum_and_grows_with_n(offset: float,
                                                             with_gold: bool) -> None:
    # (a review: at an offset of 1e6, with gold, u_sample at n = 65,536 was 2.7e-6 above the
    # sample maximum, and fell at larger n)
    rng = np.random.default_rng(1108)
    u = rng.uniform(size=30_000) + offset
    v = rng.standard_normal(30_000) if with_gold else None
    ns = [1, 64, 1024, 8192, 65_536, 2**20]
    got = best_of_n(u, v, n=ns, tail="empirical")["u_sample"].to_numpy()
    assert np.all(got <= u.max())
    assert np.all(np.diff(got) >= 0.0), np.diff(got)
    assert got[-1] == u.max()  # (1 - 1/N)^(2^20) = 7e-16 of mass below the top

"""The non-centred model's truncated-normal transform (``tailstat/bayes/_truncated.py``)."""

from __future__ import annotations

import numpy as np


def test_truncated_normal_transform_has_the_truncated_law() -> None:
    """The non-centred groups draw xi_g = mu + tau z(u) with u uniform: z must follow the
    standard normal truncated to z > -b (checked against scipy.stats.truncnorm)."""
    from scipy import stats

    from tailstat.bayes._truncated import NUMPY_OPS, truncated_z

    u = (np.arange(20_000) + 0.5) / 20_000
    for b in (3.0, 0.5, -2.0, -25.0):
        z = truncated_z(u, b, NUMPY_OPS)
        want = stats.truncnorm.ppf(u, -b, np.inf)
        np.testing.assert_allclose(z, want, rtol=1e-9, atol=1e-9)


def test_truncated_normal_transform_far_in_the_tail() -> None:
    """Past b = -37.5 erfc underflows: the transform gave inf, so the non-centred model could
    not reach groups held at xi = -1 (a review: half the centred posterior's mass lay there).
    Its asymptotic form holds from b = -30: continuous there, finite, increasing in u, and
    equal to the exact transform (in log space, by Newton on log P(Z > z)) to 1e-7; the
    PyTensor graph gives the same numbers and a finite gradient."""
    import pytensor
    import pytensor.tensor as pt
    from scipy import special

    from tailstat.bayes._truncated import NUMPY_OPS, truncated_z

    u = np.array([1e-9, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-9])

    def exact(b: float) -> np.ndarray:  # z with log P(Z > z) = log Phi(b) + log(1 - u)
        target = special.log_ndtr(b) + np.log1p(-u)
        z = np.full(u.shape, -b)
        for _ in range(60):
            z = z - (special.log_ndtr(-z) - target) / -np.exp(
                -0.5 * z * z - 0.5 * np.log(2 * np.pi) - special.log_ndtr(-z))
        return z

    for b in (-29.99, -30.0, -30.01, -38.0, -60.0, -500.0):
        z = truncated_z(u, b, NUMPY_OPS)
        assert np.all(np.isfinite(z)) and np.all(np.diff(z) > 0) and np.all(z > -b)
        np.testing.assert_allclose(z, exact(b), rtol=0, atol=1e-7)
    for b in (-5.0, -40.0):  # u = 1 exactly (a sigmoid rounded up): finite, as u -> 1
        z1 = truncated_z(np.array([1.0]), b, NUMPY_OPS)
        assert np.isfinite(z1[0]) and z1[0] >= truncated_z(u, b, NUMPY_OPS)[-1]
    uu, bb = pt.dvector("u"), pt.dscalar("b")
    zz = truncated_z(uu, bb, pt)
    f = pytensor.function([uu, bb], [zz, pytensor.grad(zz.sum(), bb)])
    for b in (-5.0, -40.0, -1e3):
        got, grad = f(u, b)
        np.testing.assert_allclose(got, truncated_z(u, b, NUMPY_OPS), rtol=1e-12)
        assert np.isfinite(grad)

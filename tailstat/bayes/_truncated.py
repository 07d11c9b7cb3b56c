"""The non-centred hierarchical model's shape transform: a standard normal truncated below,
as a function of a uniform variable (:func:`truncated_z`), written once for the PyTensor
model and the NumPy reconstruction of its draws."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
from scipy import special

__all__ = ["NUMPY_OPS", "truncated_z"]


def truncated_z(u: Any, b: Any, xp: Any) -> Any:
    """The standard normal truncated to ``z > -b`` as a transform of ``u`` in (0, 1): the
    ``z`` with ``P(Z > z) = Phi(b) (1 - u)`` (``u`` uniform gives that law exactly). Written
    with the functions of ``xp`` (``pytensor.tensor``, or :data:`NUMPY_OPS`) so that the
    model and the draws' reconstruction compute the same numbers.

    Below ``b = -30`` the tail beyond ``a = -b`` is taken in its asymptotic form (Mills'
    ratio: ``P(Z > a + y | Z > a) = exp(-a y - y^2 / 2) a / (a + y) (1 + 2 y / a^3)``, solved
    for ``y``; within 1e-7 of the exact transform at ``b = -30``, for u up to 1 - 1e-12):
    ``erfc`` underflows from ``b = -37.5`` on, and the transform returned ``inf`` there, so the
    non-centred model could not reach groups held at ``xi = -1`` (a review: half the centred
    posterior's mass lay there). Both branches stay finite everywhere, so neither sends a
    NaN gradient through the other.
    """
    u = xp.minimum(u, 1.0 - 2.0**-53)  # u = 1 exactly (a rounded sigmoid): finite, not NaN
    near = _SQRT2 * xp.erfcinv(2.0 * (0.5 * xp.erfc(-xp.maximum(b, _FAR_B) / _SQRT2)
                                      * (1.0 - u)))
    a = xp.maximum(-b, -_FAR_B)
    c = a + 1.0 / a
    e2 = -2.0 * xp.log1p(-u)  # 2 E, E = -log(1 - u) exponential
    y = e2 / (xp.sqrt(c * c + e2) + c)  # y = sqrt(c^2 + 2E) - c, stably: log(1 + y/a) ~ y/a
    # one Newton step on a y + y^2/2 + log(1 + y/a) - 2y/a^3 = E (Mills' ratio to 1/a^4)
    f = a * y + 0.5 * y * y + xp.log1p(y / a) - 2.0 * y / a**3 - 0.5 * e2
    y = y - f / (a + y + 1.0 / (a + y) - 2.0 / a**3)
    return xp.where(b < _FAR_B, a + y, near)


#: Where :func:`truncated_z` leaves ``erfc`` for the normal tail's asymptotic form.
_FAR_B = -30.0
#: NumPy and SciPy's functions for :func:`truncated_z` (the draws' reconstruction).
NUMPY_OPS = SimpleNamespace(erfc=special.erfc, erfcinv=special.erfcinv, maximum=np.maximum,
                            minimum=np.minimum, sqrt=np.sqrt, log1p=np.log1p, where=np.where)
_SQRT2 = math.sqrt(2.0)

"""The validation suite never meets the training library (issue: out-of-sample honesty).

``benchmarks/validation_suite.py`` holds the families on which the classifier's published
accuracy is measured; ``tailstat.classification.calibrate.LIBRARY`` is what it was built on.
No validation family may be a library member up to location and scale: for every pair, the
upper quantile curve of the family (from a large seeded sample) must not be an affine image
of the member's exact quantile curve.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.validation_suite import CI_FAMILIES, FAMILIES
from tailstat.classification.calibrate import LIBRARY, Mixture

#: Upper-tail probabilities at which the quantile curves are compared (median to 1e-3: the
#: classifier reads only the part of the sample above the median).
P = np.geomspace(1e-3, 0.5, 25)
#: Sample size of the empirical curves.
DRAWS = 2_000_000
#: Affine-fit residual (RMS, relative to the curve's range) below which two curves are the
#: same law up to location and scale. The empirical curve of a rescaled member at 2·10^6
#: draws sits within 0.05-0.2% of the exact one (``test_the_check_would_catch_a_member``);
#: laws that differ only by a polynomial factor in the tail differ by 0.3-0.5%.
SAME_LAW = 0.0025


def _member_quantiles(dist: object) -> np.ndarray:
    if isinstance(dist, Mixture):
        return dist.ppf(1 - P)
    return np.asarray(dist.isf(P), dtype=float)  # type: ignore[attr-defined]


def _residual(q_family: np.ndarray, q_member: np.ndarray) -> float:
    A = np.column_stack([np.ones_like(q_member), q_member])
    coef, *_ = np.linalg.lstsq(A, q_family, rcond=None)
    resid = q_family - A @ coef
    return float(np.sqrt(np.mean(resid**2)) / (q_family.max() - q_family.min()))


def test_suite_size_and_kinds() -> None:
    assert len(FAMILIES) >= 30
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)
    kinds = {f.kind for f in FAMILIES}
    assert {"contamination", "mixture", "saturation", "squashing", "discretised",
            "difference", "classic"} <= kinds
    assert {f.label for f in FAMILIES} == {"heavy", "light", "bounded"}
    assert set(CI_FAMILIES) <= {f.name for f in FAMILIES}
    eps = sorted(f.eps for f in FAMILIES if f.eps is not None)
    assert eps[0] <= 0.001 and eps[-1] >= 0.05  # contamination from 0.1% to 5%


def test_no_family_is_a_library_member_by_name() -> None:
    library = {name for _, _, name, _ in LIBRARY}
    assert not library & {f.name for f in FAMILIES}


@pytest.mark.slow
def test_no_family_is_a_library_member_up_to_location_and_scale() -> None:
    members = [(name, _member_quantiles(dist)) for _, _, name, dist in LIBRARY]
    closest: dict[str, tuple[str, float]] = {}
    for i, fam in enumerate(FAMILIES):
        x = fam.draw(np.random.default_rng([20261130, i]), DRAWS)
        q = np.quantile(x, 1 - P)
        if q.max() - q.min() <= 0:
            continue  # a degenerate curve (never the case in the suite) is not a member
        res = [(name, _residual(q, qm)) for name, qm in members if np.all(np.isfinite(qm))]
        closest[fam.name] = min(res, key=lambda t: t[1])
    same = {k: v for k, v in closest.items() if v[1] < SAME_LAW}
    assert not same, f"validation families equal to a library member up to loc/scale: {same}"


@pytest.mark.parametrize("member", ["logistic", "normal", "t(df=2.0)", "lognormal(sigma=1.5)",
                                    "0.97 normal + 0.03 normal(3.5, 0.4)"])
def test_the_check_would_catch_a_member(member: str) -> None:
    """The residual test is not vacuous: a relocated, rescaled library member is caught."""
    _, _, _, dist = next(m for m in LIBRARY if m[2] == member)
    x = 3.0 + 2.0 * dist.rvs(size=DRAWS, random_state=np.random.default_rng(1))
    q = np.quantile(x, 1 - P)
    assert _residual(q, _member_quantiles(dist)) < SAME_LAW

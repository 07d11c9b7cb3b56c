"""The tuning suite meets neither the training library nor the validation suite.

``benchmarks/tuning_suite.py`` holds the families on which the classifier's hyperparameters
may be tuned (``benchmarks/tune.py``). It must be disjoint from the training library
(``tailstat.classification.calibrate.LIBRARY``) and from the validation suite
(``benchmarks/validation_suite.py``), up to location and scale, with the machinery of
``tests/test_validation_suite.py``: the upper quantile curve of a tuning family (from a large
seeded sample) must not be an affine image of a member's exact curve, nor of a validation
family's empirical curve.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_validation_suite import DRAWS, SAME_LAW, _curve, _member_quantiles, _residual

from benchmarks import tuning_suite, validation_suite
from tailstat.classification.calibrate import LIBRARY

FAMILIES = tuning_suite.FAMILIES
#: Same-law threshold when *both* curves are empirical: the same as against an exact curve,
#: since the residuals are standardised by both curves' standard errors
#: (:func:`_residual_empirical`). A validation family redrawn with another seed, location
#: and scale must come in below it (checked below on the first family of every kind).
SAME_LAW_EMPIRICAL = SAME_LAW


def _residual_empirical(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
                        ) -> float:
    """:func:`_residual` of two empirical curves: ``a`` fitted by an affine image of ``b``,
    each residual over ``sqrt(se_a^2 + slope^2 se_b^2)`` (the slope from an unweighted fit
    first, then the weighted one)."""
    (qa, sa), (qb, sb) = a, b
    slope = np.polyfit(qb, qa, 1)[0]
    for _ in range(2):
        s = np.sqrt(sa**2 + slope**2 * sb**2)
        A = np.column_stack([np.ones_like(qb), qb]) / s[:, None]
        coef, *_ = np.linalg.lstsq(A, qa / s, rcond=None)
        slope = coef[1]
    return float(np.mean((qa / s - A @ coef) ** 2))


@lru_cache(maxsize=1)
def _tuning_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {f.name: _curve(f.draw(np.random.default_rng([20261201, i]), DRAWS))
            for i, f in enumerate(FAMILIES)}


@lru_cache(maxsize=1)
def _validation_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {f.name: _curve(f.draw(np.random.default_rng([20261130, i]), DRAWS))
            for i, f in enumerate(validation_suite.FAMILIES)}


def test_suite_size_kinds_and_labels() -> None:
    assert len(FAMILIES) >= 30
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)
    assert all(isinstance(f, validation_suite.Family) for f in FAMILIES)
    assert {"contamination", "mixture", "saturation", "squashing", "discretised",
            "difference", "classic"} <= {f.kind for f in FAMILIES}
    counts = {lab: sum(f.label == lab for f in FAMILIES) for lab in ("heavy", "light",
                                                                      "bounded")}
    assert min(counts.values()) >= 10, counts
    eps = sorted(f.eps for f in FAMILIES if f.eps is not None)
    assert eps[0] <= 0.002 and eps[-1] >= 0.03  # contamination from 0.2% to 3%
    assert not any(f.always_hard for f in FAMILIES)  # none in the classical hard region


def test_hard_cases_follow_the_validation_rules() -> None:
    fam = next(f for f in FAMILIES if f.eps == 0.002)
    assert fam.hard(10_000) and not fam.hard(100_000)
    assert not any(f.hard(10**5) for f in FAMILIES if f.eps is None)


def test_no_name_is_shared_with_the_library_or_the_validation_suite() -> None:
    names = {f.name for f in FAMILIES}
    assert not names & {name for _, _, name, _ in LIBRARY}
    assert not names & {f.name for f in validation_suite.FAMILIES}


def test_draws_are_finite_and_sized() -> None:
    for i, fam in enumerate(FAMILIES):
        x = fam.draw(np.random.default_rng([1, i]), 1000)
        assert x.shape == (1000,) and np.all(np.isfinite(x)), fam.name


@pytest.mark.slow
def test_no_family_is_a_library_member_up_to_location_and_scale() -> None:
    members = [(name, _member_quantiles(dist)) for _, _, name, dist in LIBRARY]
    members = [(name, q) for name, q in members if np.all(np.isfinite(q))]
    closest = {}
    for name, curve in _tuning_curves().items():
        assert curve[0].max() > curve[0].min(), name
        closest[name] = min(((m, _residual(curve, qm)) for m, qm in members),
                            key=lambda t: t[1])
    same = {k: v for k, v in closest.items() if v[1] < SAME_LAW}
    assert not same, f"tuning families equal to a library member up to loc/scale: {same}"


@pytest.mark.slow
def test_no_family_is_a_validation_family_up_to_location_and_scale() -> None:
    val = _validation_curves()
    closest = {}
    for name, curve in _tuning_curves().items():
        closest[name] = min(((v, _residual_empirical(curve, qv)) for v, qv in val.items()),
                            key=lambda t: t[1])
    same = {k: v for k, v in closest.items() if v[1] < SAME_LAW_EMPIRICAL}
    assert not same, f"tuning families equal to a validation family up to loc/scale: {same}"


@pytest.mark.slow
@pytest.mark.parametrize("name", [
    *dict.fromkeys(f.kind for f in validation_suite.FAMILIES).keys(), "heavy classic"])
def test_the_empirical_check_would_catch_a_validation_family(name: str) -> None:
    """Not vacuous: a validation family redrawn, relocated and rescaled is caught.

    Checked on the first validation family of every kind, and on the first heavy classical
    family (a fixed rule, not a choice of the easy ones).
    """
    if name == "heavy classic":
        name = next(f.name for f in validation_suite.FAMILIES
                    if f.kind == "classic" and f.label == "heavy")
    else:
        name = next(f.name for f in validation_suite.FAMILIES if f.kind == name)
    fam = next(f for f in validation_suite.FAMILIES if f.name == name)
    x = 3.0 + 2.0 * fam.draw(np.random.default_rng([7, 7]), DRAWS)
    assert _residual_empirical(_curve(x), _validation_curves()[name]) < SAME_LAW_EMPIRICAL

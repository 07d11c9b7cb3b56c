"""tailstat.goodhart.overopt: what the design of KL values allows (review 385)."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.errors import DataError
from tailstat.goodhart.overopt import fit_overoptimization, overoptimization_frame


def _gold(kl: np.ndarray, seed: int) -> np.ndarray:
    d = np.sqrt(kl)
    return d - 0.2 * d * d + np.random.default_rng(seed).normal(0, 0.05, kl.size)


@pytest.mark.parametrize("kl", [np.array([0.5, 2, 2, 2, 2, 2.0]), np.repeat([1.0, 4.0], 4)])
def test_as_many_distinct_kl_values_as_parameters_make_the_bootstrap_unreliable(
        kl: np.ndarray) -> None:
    """A review: with 1 point at one KL and 5 at another, every resample that identifies the
    curve holds the lone point, whose noise the bootstrap then never sees; 95% intervals
    covered alpha 14% of the time, and 8 points at 2 KL values 84% with no warning (it
    counted points, not KL values)."""
    fit = fit_overoptimization(kl, _gold(kl, 0), interval="bootstrap", n_boot=999)
    text = " ".join(fit.warnings)
    assert "only 2 distinct KL values" in text and "unreliable" in text
    assert "interval='t'" in text
    t = fit_overoptimization(kl, _gold(kl, 0))  # exact under its model: no such note
    assert not any("distinct KL values" in w for w in t.warnings)


def test_replicated_kl_values_count_once_for_the_rough_note() -> None:
    kl = np.repeat([0.5, 1.5, 3.0, 6.0], 2)  # 8 points, 4 KL values
    fit = fit_overoptimization(kl, _gold(kl, 1), interval="bootstrap", n_boot=999)
    assert any("only 4 distinct KL values" in w and "8 points" in w and "rough" in w
               for w in fit.warnings)
    spread = np.linspace(0.5, 6.0, 8)  # 8 distinct: no note
    fit = fit_overoptimization(spread, _gold(spread, 1), interval="bootstrap", n_boot=999)
    assert not any("distinct KL values" in w for w in fit.warnings)


def test_the_jackknife_leaves_out_deletions_that_identify_no_curve() -> None:
    """Deleting the lone KL = 0.5 point leaves one KL value: its minimum-norm 'estimate'
    (alpha 0.35, beta -0.25) entered the BCa acceleration. Left out, the interval is the one
    computed from the identifying deletions only."""
    kl = np.array([0.5, 2, 2, 2, 2, 2.0])
    g = _gold(kl, 3)
    fit = fit_overoptimization(kl, g, interval="bootstrap", n_boot=999, seed=5)
    from tailstat.goodhart import overopt

    seen: list[np.ndarray] = []
    real = overopt._bca

    def spy(theta: float, boot: np.ndarray, jack: np.ndarray, level: float
            ) -> tuple[float, float]:
        seen.append(jack.copy())
        return real(theta, boot, jack, level)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(overopt, "_bca", spy)
        again = fit_overoptimization(kl, g, interval="bootstrap", n_boot=999, seed=5)
    assert again.alpha_ci == fit.alpha_ci
    assert np.isnan(seen[0][0]) and np.all(np.isfinite(seen[0][1:]))  # alpha's jackknife


def test_constant_gold_off_zero_fits_without_an_intercept() -> None:
    """Without an intercept the curve passes through (0, 0): a gold score of 1 at every KL
    does move from the base policy's (a review: refused as 'does not move with KL')."""
    fit = fit_overoptimization([1.0, 2.0, 3.0, 4.0, 5.0], [1.0] * 5)
    assert fit.alpha > 0 and np.isfinite(fit.alpha_ci.low)
    with pytest.raises(DataError, match="'gold' is constant"):
        fit_overoptimization([1.0, 2.0, 3.0, 4.0, 5.0], [1.0] * 5, intercept=True)


def test_the_frame_checks_kl_as_predict_does_and_takes_a_number() -> None:
    kl = np.linspace(0.5, 8.0, 8)
    fit = fit_overoptimization(kl, _gold(kl, 2))
    one = overoptimization_frame(fit, 1.0)
    assert list(one.columns) == ["kl", "d", "gold"] and len(one) == 1
    assert one["gold"].iloc[0] == pytest.approx(fit.predict(1.0))
    for bad, words in ((["0.5", "2"], "text"), ([True, False], "must be a number"),
                       ([-1.0], ">= 0")):
        with pytest.raises(DataError, match=words):
            overoptimization_frame(fit, bad)


def test_a_masked_constant_gold_score_is_refused_as_masked() -> None:
    """Review 389: the constant-gold shortcut read a masked array's values, mask dropped."""
    kl = np.linspace(0.5, 4.0, 7)
    gold = np.ma.array([2.0] * 7, mask=[0] * 6 + [1])
    with pytest.raises(DataError, match="missing"):
        fit_overoptimization(kl, gold)

""":func:`tailstat.goodhart.with_gold_comparison` refuses a paired summary whose rewards are
not the reward summary's rows or a subset of them (tailstat/goodhart/_rows.py): it had joined
a heavy reward with an unrelated light sample's gold and called the heavy tail "the true
utility's" (a review). Every documented use stays accepted: all the rows, or those with a gold
score, in any order, ties and few levels included."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _helpers import raises_data_error

from tailstat.goodhart import goodhart_summary, with_gold_comparison


def test_unrelated_samples_are_refused() -> None:
    rng = np.random.default_rng(0)
    u_a = rng.standard_t(3, 50_000)  # a heavy reward, no gold
    u_b = rng.standard_normal(3000)  # an unrelated light reward with gold
    v_b = u_b + rng.standard_normal(3000)
    with raises_data_error("not of the reward summary's rows", "goodhart_summary(u[has_gold]"):
        with_gold_comparison(goodhart_summary(u_a), goodhart_summary(u_b, v_b))


@pytest.fixture(scope="module")
def sample() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    u = rng.standard_normal(4000)
    return u, 0.6 * u + rng.standard_normal(4000)


@pytest.mark.parametrize("rows", ["all", "shuffled", "subset", "few"])
def test_the_rewards_rows_or_some_of_them_are_accepted(
        sample: tuple[np.ndarray, np.ndarray], rows: str) -> None:
    u, v = sample
    keep = {"all": np.arange(u.size),
            "shuffled": np.random.default_rng(1).permutation(u.size),
            "subset": np.flatnonzero(np.random.default_rng(2).uniform(size=u.size) < 0.3),
            "few": np.arange(0, u.size, 37)}[rows]  # 109 rows
    u_kept = u.copy()
    g = with_gold_comparison(goodhart_summary(u), goodhart_summary(u[keep], v[keep]))
    assert g.gold is not None and g.gold["pairs"] == keep.size
    np.testing.assert_array_equal(u, u_kept)  # the caller's data untouched


@pytest.mark.parametrize("levels", [5, 400])
def test_tied_rewards_on_few_levels_are_accepted(levels: int) -> None:
    # fewer distinct values than the sketch holds: the check of the values is exact there
    from tailstat.goodhart._rows import SKETCH  # (new with the check)

    rng = np.random.default_rng(7)
    u = rng.integers(0, levels, 3000).astype(float)
    v = u + rng.standard_normal(3000)
    keep = rng.uniform(size=3000) < 0.5
    g = with_gold_comparison(goodhart_summary(u), goodhart_summary(u[keep], v[keep]))
    assert g.gold is not None
    assert (levels < SKETCH) == (len(g.settings["rows_fingerprint"]["sketch"]) < SKETCH)


def test_rewards_not_among_the_rows_are_refused(sample: tuple[np.ndarray, np.ndarray]) -> None:
    u, v = sample
    reward = goodhart_summary(u)
    extra = np.append(u, 0.1)  # one row more than the reward has
    with raises_data_error("4,001 rewards, more than the reward summary's 4,000"):
        with_gold_comparison(reward, goodhart_summary(extra, np.append(v, 0.0)))
    other = u.copy()
    other[7] += 1e-9  # as many rows, one value other
    with raises_data_error("as many rewards (4,000)", "other values"):
        with_gold_comparison(reward, goodhart_summary(other, v))
    past = u[:500].copy()
    past[0] = u.max() + 1.0  # past the reward's maximum
    with raises_data_error("past the reward summary's"):
        with_gold_comparison(reward, goodhart_summary(past, v[:500]))
    shifted = u[:2000] + 1e-3  # inside the range, but none of the reward's values
    with raises_data_error("are not among the reward summary's 4,000 rows"):
        with_gold_comparison(reward, goodhart_summary(shifted, v[:2000]))


def test_the_fingerprint_is_small_json_and_ignores_the_order() -> None:
    from tailstat.goodhart._rows import SKETCH, rows_fingerprint  # (new with the check)

    x = np.random.default_rng(9).standard_normal(10_000)
    fp = rows_fingerprint(x)
    assert json.loads(json.dumps(fp)) == fp
    assert len(fp["sketch"]) == SKETCH
    assert rows_fingerprint(x[::-1]) == fp
    assert rows_fingerprint(np.array([-0.0, 1.0])) == rows_fingerprint(np.array([0.0, 1.0]))

"""TailMonitor(window=...): the tail of the last updates' rewards, and checkpoints.

A review (407) found the monitor read the whole history only: a heavy episode that ended
kept P(heavy) at 0.98 for as long as training went on, and nothing could ask about recent
steps. With ``window`` the checks classify the last ``window`` updates' rewards exactly as
:func:`tailstat.classify` classifies them.
"""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.errors import DataError, HeavyTailWarning


def _episode(rng: np.random.Generator, steps: int, heavy: range) -> list[np.ndarray]:
    """Normal batches of 256; within ``heavy``, 3% of each replaced by 2 |t(2)| + 1."""
    out = []
    for step in range(steps):
        x = rng.normal(size=256)
        if step in heavy:
            hit = rng.random(256) < 0.03
            x[hit] = 2.0 * np.abs(rng.standard_t(2.0, hit.sum())) + 1.0
        out.append(x)
    return out


def _run(m: ts.TailMonitor, batches: list[np.ndarray]
         ) -> tuple[dict[int, dict[str, float]], list[int]]:
    """Feed the batches; the metrics by update (1-based) and the updates that warned heavy."""
    logged, warned = {}, []
    for i, b in enumerate(batches, start=1):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = m.update(b)
        if out:
            logged[i] = out
        if any(issubclass(w.category, HeavyTailWarning) for w in caught):
            warned.append(i)
    return logged, warned


def test_window_checks_equal_classify_on_the_window_and_forget_an_ended_episode():
    batches = _episode(np.random.default_rng(1), 900, range(300, 500))
    m = ts.TailMonitor(level=0.9, every=50, window=100)
    logged, warned = _run(m, batches)
    for update in (100, 350, 450, 600, 900):
        window = np.concatenate(batches[max(0, update - 100):update])
        c = ts.classify(window)
        got = logged[update]
        assert got["tail/n"] == window.shape[0]
        assert got["tail/since"] == max(1, update - 99)
        assert got["tail/prob_heavy"] == c.probabilities["heavy"]
        assert got["tail/xi"] == c.xi
    assert logged[450]["tail/prob_heavy"] > 0.9  # inside the episode
    assert logged[900]["tail/prob_heavy"] < 0.1  # it left the window
    # the whole-history monitor never forgets it
    whole, _ = _run(ts.TailMonitor(level=0.9, every=50), batches)
    assert whole[900]["tail/prob_heavy"] > 0.9
    assert len(warned) == 1 and 300 < warned[0] <= 400


def test_a_window_warns_again_for_a_second_episode():
    rng = np.random.default_rng(2)
    batches = _episode(rng, 700, range(100, 200))
    batches[500:600] = _episode(rng, 100, range(100))
    _, warned = _run(ts.TailMonitor(level=0.9, every=25, window=100), batches)
    assert len(warned) == 2 and 100 < warned[0] <= 200 and 500 < warned[1] <= 600


def test_the_window_keeps_a_copy_of_each_batch():
    """A trainer that fills one buffer for every batch must not change what was fed."""
    rng = np.random.default_rng(3)
    buffer = np.empty(500)
    m = ts.TailMonitor(every=4, window=4)
    fed = []
    for _ in range(4):
        buffer[:] = rng.normal(size=500)
        fed.append(buffer.copy())
        out = m.update(buffer)
    assert out["tail/prob_light"] == ts.classify(np.concatenate(fed)).probabilities["light"]


def test_window_counts_missing_values_of_its_updates_and_refuses_without_loss():
    m = ts.TailMonitor(every=3, window=2, min_n=50)
    rng = np.random.default_rng(4)
    m.update(np.r_[rng.normal(size=400), np.nan])
    m.update(np.r_[rng.normal(size=400), np.nan, np.nan])
    before = (m.updates, m._window_n, len(m._recent))
    with pytest.raises(DataError, match="infinite"):
        m.update(np.r_[rng.normal(size=10), np.inf])
    assert (m.updates, m._window_n, len(m._recent)) == before
    out = m.update(rng.normal(size=400))  # the first update has left the window
    assert out["tail/n"] == 800 and out["tail/n_missing"] == 2 and out["tail/since"] == 2


def test_window_is_checked_and_reset_empties_it():
    for bad in (0, -3, 2.5, "10"):
        with pytest.raises((DataError, TypeError), match="window"):
            ts.TailMonitor(window=bad)
    m = ts.TailMonitor(every=1, window=5, min_n=50)
    m.update(np.random.default_rng(5).normal(size=300))
    m.reset()
    with pytest.raises(DataError, match="window of the last 5 updates"):
        m.check()


@pytest.mark.parametrize("window", [None, 30])
def test_a_pickled_monitor_goes_on_bit_for_bit(window):
    batches = _episode(np.random.default_rng(6), 120, range(40, 80))
    a = ts.TailMonitor(every=10, window=window)
    _run(a, batches[:60])
    b = pickle.loads(pickle.dumps(a))
    rest_a, _ = _run(a, batches[60:])
    rest_b, _ = _run(b, batches[60:])
    assert rest_a == rest_b and rest_a


def test_a_monitor_pickled_before_since_and_window_loads_with_their_defaults():
    """A review: one pickled before ``since`` existed failed at its next update with an
    AttributeError, after taking the batch."""
    rng = np.random.default_rng(7)
    m = ts.TailMonitor(every=2)
    m.update(rng.normal(size=600))
    for later in ("since", "problem", "_batch", "window", "_recent", "_window_n",
                  "_small_window_said"):
        del m.__dict__[later]
    old = pickle.loads(pickle.dumps(m))
    out = old.update(rng.normal(size=600))
    assert out["tail/n"] == 1200 and out["tail/since"] == 1


@pytest.mark.parametrize("window", [None, 10])
def test_nan_raise_refuses_a_batch_with_missing_rewards_and_keeps_the_state(window):
    """A review: NaN rewards (usually a bug upstream) could not be made an error through the
    monitor; they were dropped and only counted."""
    rng = np.random.default_rng(8)
    m = ts.TailMonitor(every=2, window=window)
    m.update(rng.normal(size=600), nan="raise")
    with pytest.raises(DataError, match="missing"):
        m.update(np.r_[rng.normal(size=600), np.nan], nan="raise")
    assert m.updates == 1
    out = m.update(np.r_[rng.normal(size=600), np.nan])  # the default drops and counts
    assert out["tail/n"] == 1200 and out["tail/n_missing"] == 1
    with pytest.raises(DataError, match="nan"):
        m.update(rng.normal(size=10), nan="keep")


def test_the_repr_names_the_window():
    m = ts.TailMonitor(every=1, window=3)
    m.update(np.random.default_rng(9).normal(size=600))
    assert "window=3" in repr(m) and "n=600" in repr(m)
    assert "window" not in repr(ts.TailMonitor())


def test_a_window_that_can_never_be_checked_says_so_once():
    """Review 411: window=1 over batches of 256 (min_n 500) never checked and said nothing."""
    m = ts.TailMonitor(every=1, window=1)
    rng = np.random.default_rng(10)
    with pytest.warns(ts.TailstatWarning, match="window of the last 1 updates holds 256"):
        out = m.update(rng.standard_t(1.0, 256))
    assert out == {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once only
        for _ in range(5):
            assert m.update(rng.standard_t(1.0, 256)) == {}


def test_a_window_warns_again_after_a_stretch_it_could_not_classify():
    """Review 411: a constant stretch between two heavy episodes (NaN checks, a problem) kept
    the warning from re-arming, so the second episode went unsaid."""
    rng = np.random.default_rng(11)
    heavy = [rng.standard_t(1.5, 256) for _ in range(100)]
    batches = heavy + [np.zeros(256)] * 100 + [rng.standard_t(1.5, 256) for _ in range(100)]
    m = ts.TailMonitor(level=0.9, every=25, window=50)
    logged, warned = _run(m, batches[:175])
    assert np.isnan(logged[175]["tail/prob_heavy"]) and "window classifies again" in m.problem
    _, again = _run(m, batches[175:])
    assert len(warned) == 1 and warned[0] <= 100 and len(again) == 1 and 200 < again[0] + 175


def test_a_window_warning_names_the_window():
    rng = np.random.default_rng(12)
    m = ts.TailMonitor(level=0.9, every=10, window=10)
    with pytest.warns(HeavyTailWarning, match=r"the rewards of the last 10 updates .* over "
                                                r"their 2,560 rewards"):
        for _ in range(10):
            m.update(rng.standard_t(1.0, 256))

"""TailMonitor: cadence, metrics, the one warning, bounded memory, bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from _helpers import filter_changes

import tailstat as ts
from tailstat.errors import DataError, HeavyTailWarning, TailstatWarning
from tailstat.sketch import HEADROOM, capacity_for


def _feed(monitor: ts.TailMonitor, batches: list[np.ndarray]) -> list[dict[str, float]]:
    return [monitor.update(b) for b in batches]


def test_metrics_every_n_updates_and_keys():
    rng = np.random.default_rng(0)
    m = ts.TailMonitor(every=4, min_n=500)
    out = _feed(m, [rng.normal(size=100) for _ in range(12)])
    # before 500 rewards nothing; then every 4th call
    assert [bool(o) for o in out] == [False] * 7 + [True] + [False] * 3 + [True]
    keys = {"tail/xi", "tail/xi_low", "tail/xi_high", "tail/prob_heavy", "tail/prob_light",
            "tail/prob_bounded", "tail/theta", "tail/n", "tail/n_missing", "tail/since"}
    assert set(out[-1]) == keys
    assert out[-1]["tail/n"] == 1200.0 and out[-1]["tail/since"] == 1.0
    assert sum(out[-1][f"tail/prob_{lab}"] for lab in ("heavy", "light", "bounded")) == \
        pytest.approx(1.0)
    assert m.latest == out[-1] and m.classification is not None


def test_metrics_equal_classify_on_all_rewards_seen():
    rng = np.random.default_rng(1)
    batches = [rng.standard_t(3, size=1000) for _ in range(20)]
    m = ts.TailMonitor(every=20, prefix="rm/")
    with pytest.warns(HeavyTailWarning):
        out = _feed(m, batches)[-1]
    c = ts.classify(np.concatenate(batches), warn=False)
    # every metric (a review's mutant logged xi_ci.high as xi_low and passed)
    assert out["rm/xi"] == c.xi and out["rm/theta"] == c.theta
    assert (out["rm/xi_low"], out["rm/xi_high"]) == (c.xi_ci.low, c.xi_ci.high)
    assert c.xi_ci.low < c.xi_ci.high
    for lab in ("heavy", "light", "bounded"):
        assert out[f"rm/prob_{lab}"] == c.probabilities[lab]


def test_warns_once_when_the_tail_turns_heavy():
    rng = np.random.default_rng(2)
    m = ts.TailMonitor(level=0.9, every=5, name="policy reward")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        for i in range(300):
            x = rng.normal(size=256)
            if i >= 100:  # the policy starts finding rare, huge rewards
                x = np.concatenate([x, 3 * rng.pareto(1.0, size=3)])
            m.update(x)
    heavy = [w for w in rec if issubclass(w.category, HeavyTailWarning)]
    assert len(heavy) == 1
    assert "policy reward" in str(heavy[0].message)
    assert heavy[0].filename == __file__  # points at the caller's line
    assert m.warned


def test_light_stream_does_not_warn_and_memory_is_bounded():
    rng = np.random.default_rng(3)
    m = ts.TailMonitor(level=0.9, every=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeavyTailWarning)
        for _ in range(200):
            m.update(rng.normal(size=1000))
    n = m.sketch.n
    assert n == 200_000
    assert m.sketch.top.size <= HEADROOM * capacity_for(n) < n / 5
    assert not m.warned


def test_plain_lists_and_nan():
    m = ts.TailMonitor(every=1, min_n=50)
    assert m.update([1.0, 2.0, float("nan")]) == {}
    assert m.sketch.n == 2 and m.sketch.n_nan_dropped == 1


@pytest.mark.parametrize("kwargs", [{"level": 1.0}, {"level": 0}, {"every": 0},
                                    {"min_n": 10}, {"prefix": 3}])
def test_bad_parameters(kwargs):
    with pytest.raises(DataError):
        ts.TailMonitor(**kwargs)


def test_check_too_early_and_bad_rewards():
    m = ts.TailMonitor()
    m.update(np.arange(10.0))
    with pytest.raises(DataError, match="at least 50"):
        m.check()
    with pytest.raises(DataError, match="infinite"):
        m.update([1.0, float("inf")])
    with pytest.raises(DataError):
        m.update(["a", "b"])


def test_a_level_the_classifier_cannot_reach_is_refused_and_the_top_one_is_reached():
    from tailstat.monitor import MAX_LEVEL

    assert MAX_LEVEL == pytest.approx(0.98)
    with pytest.raises(DataError, match=r"at most 0\.98"):
        ts.TailMonitor(level=0.99)
    # the cube of Cauchy draws: as heavy as it gets, P(heavy) = MAX_LEVEL up to rounding
    rng = np.random.default_rng(5)
    m = ts.TailMonitor(level=MAX_LEVEL, every=1, min_n=500)
    with pytest.warns(HeavyTailWarning):
        m.update(rng.standard_cauchy(5000) ** 3)
    assert m.warned and m.latest["tail/prob_heavy"] == pytest.approx(MAX_LEVEL)


def test_the_top_level_is_reached_by_a_clear_heavy_tail():
    """t(2) rewards (infinite variance): P(heavy) peaks at 0.98 - 2e-6 or so, never within 1e-6
    of the cap, so level=0.98 never warned; a level at the cap reads as 0.979."""
    from tailstat.classification import reaches_level

    rng = np.random.default_rng(3)
    m = ts.TailMonitor(level=0.98, every=20)
    with pytest.warns(HeavyTailWarning):
        for _ in range(200):
            m.update(rng.standard_t(2, 256))
    assert m.warned
    assert reaches_level(0.9795, 0.98) and not reaches_level(0.978, 0.98)
    assert reaches_level(0.9, 0.9) and not reaches_level(0.8989, 0.9)


@pytest.mark.parametrize("binary", [False, True])
def test_rewards_without_a_tail_do_not_stop_the_trainer(binary):
    """Constant or binary rewards (common early in training): no exception from update();
    where there is no tail to classify the metrics are NaN and ``problem`` says why. Binary
    rewards are bounded by construction: a ceiling, however much of the sample it holds."""
    rng = np.random.default_rng(6)
    m = ts.TailMonitor(every=2, min_n=100)
    for i in range(1, 9):
        # half ones: the top of the sample is one level, a ceiling atom (refused as
        # "degenerate" once the ceiling filled the classifier's window, while 0.3 ones were
        # bounded: a review)
        batch = (rng.random(64) < 0.5).astype(float) if binary else np.zeros(64)
        out = m.update(batch)
        assert bool(out) == (i % 2 == 0)  # a check every 2nd update (n >= 128 >= min_n)
        if not out:
            continue
        assert out["tail/n"] == 64.0 * i
        if m.problem is not None:
            assert m.classification is None
            assert all(np.isnan(v) for k, v in out.items()
                       if k not in ("tail/n", "tail/n_missing", "tail/since"))
        else:
            assert np.isfinite(out["tail/prob_heavy"])
    if binary:
        assert m.problem is None and m.classification.label == "bounded"
        assert m.classification.pattern == "saturated"
        assert out["tail/prob_heavy"] == pytest.approx(0.01)
    else:
        assert m.problem is not None and "constant" in m.problem  # the branch was taken
    # the tail appears: the metrics come back and the problem is cleared
    m.update(rng.normal(size=2000))
    out = m.update(rng.normal(size=2000))
    assert np.isfinite(out["tail/prob_heavy"]) and m.problem is None


def test_a_reward_drop_restarts_the_sketch_instead_of_going_blind():
    # rewards fall 2 sd at update 200 (a new reward model, a penalty switched on): the top
    # values the sketch kept are the early ones, and as n grows the classifier needs values
    # it dropped. The monitor restarts from the next batch, says so once, and still sees
    # the rare exploits that appear later (2% Pareto(1) scores from update 1000)
    rng = np.random.default_rng(0)
    m = ts.TailMonitor(level=0.9, every=50)
    seen = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for step in range(1400):
            r = rng.normal(loc=0.0 if step < 200 else -2.0, size=256)
            if step >= 1000:
                hit = rng.random(256) < 0.02
                r[hit] = 1 + 2 * rng.pareto(1.0, hit.sum())
            out = m.update(r)
            if out:
                seen.append((step, out))
    restarts = [w for w in caught if "can no longer classify them" in str(w.message)]
    assert len(restarts) == 1 and m.since > 200
    # said once per stream: once, or once more when the restart comes after the onset (the
    # sketch keeps what the classifier needs for longer since the waiting batches of stop 57:
    # the restart came at update 1101 on this stream, 901 before)
    heavy = [w for w in caught if issubclass(w.category, ts.errors.HeavyTailWarning)]
    assert len(heavy) == 1 + any(o["tail/prob_heavy"] >= 0.9 for step, o in seen
                                 if step < m.since)
    # no check is blind after the restart's own, and the heavy tail is found within 100
    # updates of its onset
    after = [(step, o) for step, o in seen if step >= m.since]
    assert all(np.isfinite(o["tail/prob_heavy"]) for _, o in after)
    first = min(step for step, o in seen if o["tail/prob_heavy"] >= 0.9)
    assert 1000 <= first < 1100


def test_missing_rewards_are_counted():
    rng = np.random.default_rng(2)
    m = ts.TailMonitor(every=1, min_n=100)
    batch = rng.normal(size=600)
    batch[:7] = np.nan
    out = m.update(batch)
    assert out["tail/n"] == 593.0 and out["tail/n_missing"] == 7.0


def test_a_check_right_after_a_restart_says_why_it_has_seen_nothing():
    """A review: check() just after a restart said "the monitor has seen 0 rewards" after
    20,000 of them."""
    rng = np.random.default_rng(1)
    m = ts.TailMonitor(every=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for _ in range(40):
            m.update(rng.normal(5.0, 1.0, 500))
        for _ in range(400):
            m.update(rng.normal(0.0, 1.0, 500))
            if m.since > 1:
                break
    # the batch whose check restarted it is the first one kept (a review: it was dropped,
    # and "since" named the update after it)
    assert m.since == m.updates > 1 and m.sketch.n == 500
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        m._restart()  # outside an update (a check() of the user's): nothing is kept
    assert m.sketch.n == 0 and m.since == m.updates + 1
    with pytest.raises(ts.DataError, match=r"has seen 0 rewards since its restart at update "):
        m.check()


def test_a_check_never_touches_the_process_wide_warning_filters() -> None:
    """The classification's caveats are kept in the result (warn=False); a warnings filter
    around it (``catch_warnings`` + "ignore", process-wide) silenced the warnings of every
    other thread while a check ran (30 of 40 of a concurrent ``classify`` were lost)."""
    rng = np.random.default_rng(4)
    monitor = ts.TailMonitor(every=1, min_n=500)
    with filter_changes() as calls:
        metrics = monitor.update(np.round(rng.normal(size=4000) / 0.01) * 0.01)  # ties noted
    assert calls == []
    assert math.isfinite(metrics["tail/prob_heavy"]) and monitor.classification is not None
    assert any("tied" in w for w in monitor.classification.warnings)


def test_a_restart_re_arms_the_heavy_tail_warning():
    """A review: after a restart (a new stream, say a new reward model) ``warned`` stayed
    True, so a heavy tail in the new stream was never said."""
    rng = np.random.default_rng(5)
    m = ts.TailMonitor(level=0.9, every=1, min_n=100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m.update(rng.pareto(1.0, 5000))
        m._restart()  # what a drop of the rewards far below those seen does
        m.update(rng.pareto(1.0, 5000))
    heavy = [w for w in caught if issubclass(w.category, ts.errors.HeavyTailWarning)]
    assert len(heavy) == 2 and m.since == 2


def test_the_warning_shows_an_uncertain_probability_as_its_verdict_does() -> None:
    """A review: P(heavy) = 0.7992 read "P(heavy) = 0.80 >= 0.7" and, in the same message,
    "Uncertain ... (P(heavy) = 0.79)"."""
    x = np.random.default_rng(0).standard_t(4, 3000)
    c = ts.classify(x)
    assert 0.795 <= c.probabilities["heavy"] < 0.8
    with pytest.warns(ts.HeavyTailWarning) as caught:
        ts.TailMonitor(level=0.7, every=1).update(x)
    text = str(caught[0].message)
    assert "P(heavy) = 0.79 >= 0.7" in text and "0.80" not in text


def test_reset_follows_the_stream_after_a_constant_warm_up() -> None:
    """A review: 640 rewards of exactly 5.0, then normal ones: every later check was NaN (the
    sketch's top stays the tied 5.0, which the new rewards never reach) and nothing could
    start it afresh. reset() does, keeping the update count; since is the next update."""
    rng = np.random.default_rng(0)
    m = ts.TailMonitor(every=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for _ in range(10):
            m.update(np.full(64, 5.0))
        for _ in range(6):  # checks at updates 4, 8, 12, 16
            out = m.update(rng.normal(size=256))
    assert m.problem is not None and math.isnan(out["tail/prob_heavy"])
    # the problem says how, in a monitor (it ended with a sample's x[x < x.max()]: a review)
    assert m.problem.startswith("'reward': 640 values equal the maximum 5")
    assert m.problem.endswith("call reset() to follow the rewards from the next update.")
    m.reset()
    assert m.updates == 16 and m.sketch.n == 0 and m.latest == {} and m.problem is None
    # review 368: "since its restart ... see problem", of no restart and no problem
    with pytest.raises(ts.DataError, match=r"has seen 0 rewards since reset\(\) \(from update "
                                           r"17\); a tail check needs at least 50\.$"):
        m.check()
    batches = [rng.normal(size=256) for _ in range(8)]
    for b in batches:
        out = m.update(b)
    assert out["tail/since"] == 17.0 and out["tail/n"] == 8 * 256.0
    assert m.problem is None
    c = ts.classify(np.concatenate(batches), warn=False)
    assert out["tail/prob_heavy"] == c.probabilities["heavy"] and out["tail/xi"] == c.xi


def test_a_restart_raised_as_an_error_leaves_the_monitor_whole():
    """A review: with warnings raised as errors the restart's warning came before its state
    was set, and the monitor was left restarted with no problem and no metrics."""
    r = np.random.default_rng(0)
    m = ts.TailMonitor(every=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TailstatWarning)
        for _ in range(400):
            try:
                m.update(r.normal(size=256) - (3 if m.updates >= 50 else 0))
            except TailstatWarning as w:
                assert "can no longer classify them" in str(w)
                break
        else:
            pytest.fail("no restart")
    assert m.problem is not None and m.problem.startswith(f"restarted from update {m.since:,}")
    assert m.latest["tail/n"] == 256 and m.latest["tail/since"] == m.since
    assert math.isnan(m.latest["tail/prob_heavy"]) and m.classification is None


def test_a_level_no_probability_stays_below_is_refused_and_a_low_one_named() -> None:
    """Review 405: level=1e-9 warned "probably heavy" of a normal stream (no P(heavy) is
    below 0.01), as the CLI's --level did before; a level below one half is named."""
    for low in (1e-9, 0.01, 0.0100009):  # (review 420: "above 0.01" refused 0.0100001)
        with pytest.raises(ts.DataError, match=r"must be above 0\.010001 \(the smallest"):
            ts.TailMonitor(level=low)
    ts.TailMonitor(level=0.0100011)
    monitor = ts.TailMonitor(level=0.05, every=1)  # an exponential: P(heavy) = 0.08
    with pytest.warns(ts.HeavyTailWarning, match="reaches P\\(heavy\\) 0.05 "):
        monitor.update(np.random.default_rng(0).exponential(size=5000))


def test_the_first_check_comes_at_exactly_min_n_rewards():
    """Review 409: a check at n == min_n (not only above it) was not pinned."""
    rng = np.random.default_rng(12)
    m = ts.TailMonitor(every=1, min_n=600)
    assert m.update(rng.normal(size=599)) == {}
    assert m.update(rng.normal(size=1)) != {}
    w = ts.TailMonitor(every=1, min_n=600, window=2)
    assert w.update(rng.normal(size=300)) == {}
    assert w.update(rng.normal(size=300))["tail/n"] == 600

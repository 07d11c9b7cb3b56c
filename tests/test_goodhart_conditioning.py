"""Conditioning on a high proxy score (``tailstat/goodhart/conditioning.py``): closed forms,
the return to the mean under a heavy error, and what it says at the model's end points."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from _helpers import raises_data_error
from scipy import stats

from tailstat.errors import TailstatWarning
from tailstat.goodhart import conditioning, simulate


def test_conditioning_light_independent_matches_closed_form() -> None:
    d = simulate(200_000, error="normal", seed=11)
    res = conditioning(d.u, d.v, threshold="fast")
    t = res.table
    a = t["threshold"].to_numpy() / math.sqrt(2)
    exact = stats.norm.pdf(a) / stats.norm.sf(a) / math.sqrt(2)  # E[V | U > t]
    inside = t["n_above"].to_numpy() >= 100
    se = t["v_sd"].to_numpy()[inside] / np.sqrt(t["n_above"].to_numpy()[inside])
    assert np.all(np.abs(t["v_mean"].to_numpy()[inside] - exact[inside]) <= 4 * se)
    # the independence model, inside the sample (past it, the GPD's penultimate xi < 0 gives
    # the normal error an end point and the model runs high)
    vm = t["v_model"].to_numpy()
    seen = ~t["extrapolated"].to_numpy()
    assert np.all(np.abs(vm[seen] - exact[seen]) <= 0.05 + 0.02 * exact[seen])
    assert np.all(np.diff(vm) > 0)  # grows: light independent error
    assert abs(res.corr_xv) < 4 / math.sqrt(200_000)  # four s.e. of a correlation of 0


def test_conditioning_heavy_error_returns_to_mean() -> None:
    d = simulate(200_000, error="t", df=2.0, seed=12)
    res = conditioning(d.u, d.v, thresholds=[0.0, 50.0, 1e3, 1e5], threshold="fast")
    vm = res.table["v_model"].to_numpy()
    assert vm[0] > 0.3
    assert abs(vm[-1] - res.v_mean0) < 0.05  # heavy error: E[V | U > t] -> E[V]
    assert res.tail_x.label == "heavy"
    assert res.table["extrapolated"].iloc[-1]


def test_conditioning_says_why_it_has_no_model_value_past_both_end_points() -> None:
    """Past the fitted end points of two light tails v_model is 0/0; it was NaN without a
    word."""
    rng = np.random.default_rng(2)
    v = rng.normal(size=200_000)
    res = conditioning(v + rng.normal(size=200_000), v, thresholds=[8, 12, 20])
    row = res.table.set_index("threshold")
    assert row.loc[20.0, "p_model"] == 0 and math.isnan(row.loc[20.0, "v_model"])
    assert math.isfinite(row.loc[12.0, "v_model"])
    (note,) = [w for w in res.warnings if "no model value" in w]
    assert "threshold(s) 20:" in note and "the fitted tails end" in note


def test_conditioning_takes_one_threshold_per_tail() -> None:
    """A review: conditioning(u + 10, v + 10, threshold=2.5) gave X a threshold of 2.5 (153
    exceedances) and V the same 2.5, below every value (its GPD fitted to all of them)."""
    rng = np.random.default_rng(6)
    v = rng.normal(size=20_000) + 10.0
    u = v + rng.normal(size=20_000)
    with raises_data_error("a pair of numbers", "different scales"):
        conditioning(u, v, threshold=2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        c = conditioning(u, v, threshold=(2.5, 12.5))
    assert c.tail_x.threshold == 2.5 and c.tail_v.threshold == 12.5


def test_the_independence_model_is_scale_equivariant_up_to_the_float_maximum():
    """A review: for rewards near 1e306 the far quadrature nodes of V's GPD overflowed (a
    RuntimeWarning, an error under filterwarnings) and their share of ``E[V | U > t]`` was
    lost; the nodes are placed in units of a power of two, so ``p_model`` is the same and
    ``v_model`` scales, near the float maximum and for subnormal rewards alike."""
    rng = np.random.default_rng(0)
    u = np.abs(rng.standard_t(3, 4000)) + 1
    v = u + rng.normal(size=4000)
    one = conditioning(u, v).table
    for scale in (1e306, 1e-310):
        got = conditioning(u * scale, v * scale).table
        np.testing.assert_allclose(got["p_model"], one["p_model"], rtol=1e-12)
        np.testing.assert_allclose(got["v_model"] / scale, one["v_model"], rtol=1e-12)


def test_binary_gold_is_refused_up_front_with_where_it_can_be_used() -> None:
    """check_pair reads True/False gold as 1 and 0 (for goodhart_summary); conditioning then
    stopped at V's tail fit: "the upper tail is degenerate: 739 of the top 833 values ...
    equal the maximum 1", naming neither the binary gold nor what reads it."""
    d = simulate(5000, error="normal", seed=3)
    for gold in (d.v > 1.0, (d.v > 1.0).astype(float) * 2.0 + 3.0):  # booleans, two numbers
        with raises_data_error("continuous gold score", "binary gold", "goodhart_summary",
                               "analyze(df, gold="):
            conditioning(d.u, gold)


def test_the_end_point_note_keeps_the_digits_of_levels_at_a_large_offset() -> None:
    """A review: u = V + X + 1e12 with V, X uniform said "no model value at threshold(s)
    1e+12 ... as the fitted tails end (X at 1; V at 1e+12)", for a threshold 3 above the
    offset and an end 1 above it."""
    r = np.random.default_rng(0)
    v, x = r.uniform(size=3000), r.uniform(size=3000)
    c = conditioning(v + x + 1e12, v + 1e12, thresholds=[1e12 + 1, 1e12 + 3])
    (note,) = [w for w in c.warnings if "no model value" in w]
    assert "1e+12" not in note
    assert "threshold(s) 1,000,000,000,003.00:" in note and "V at 1,000,000,000,001.0" in note


def test_the_frame_says_the_level_of_its_interval() -> None:
    """``to_frame()`` gave ``v_low``/``v_high`` with no level, as a column or in ``attrs``:
    a frame at 80% read as one at 95%."""
    d = simulate(4000, error="normal", seed=3)
    frames = [conditioning(d.u, d.v, level=level, threshold="fast").to_frame()
              for level in (0.8, 0.95)]
    assert [f.attrs["level"] for f in frames] == [0.8, 0.95]
    assert set(frames[0]["level"]) == {0.8} and set(frames[1]["level"]) == {0.95}


def test_the_interval_is_student_t_over_the_rows_above() -> None:
    """A review: the interval used the normal quantile at every k, so on the rows it trusts
    (k >= 10) a 95% interval covered E[V | U > t] 0.926 of the time (Student-t: 0.944)."""
    d = simulate(2000, error="normal", seed=5)
    t = conditioning(d.u, d.v, thresholds=[0.0, 2.0, 2.5], threshold="fast").table
    k = t["n_above"].to_numpy()
    assert np.all(k >= 2)
    q = stats.t.ppf(0.975, k - 1)
    half = q * t["v_sd"].to_numpy() / np.sqrt(k)
    np.testing.assert_allclose(t["v_high"] - t["v_mean"], half, rtol=1e-10)
    np.testing.assert_allclose(t["v_mean"] - t["v_low"], half, rtol=1e-10)


def test_the_default_thresholds_keep_the_quantile_that_leaves_ten_rows() -> None:
    """A review: ``100 * (1 - 0.9)`` is 9.999999999999998, so the quantile leaving exactly 10
    rows above it was dropped at N = 100 and N = 10^5 (kept at 10^3 and 10^4)."""
    for big_n in (100, 1000, 100_000):
        d = simulate(big_n, error="normal", seed=1)
        k = conditioning(d.u, d.v, threshold="fast").table["n_above"].to_numpy()
        assert 10 in k


def test_the_model_of_saturated_gold_keeps_its_atoms() -> None:
    """Gold clipped at a ceiling (or ratings 1-5) is saturated: the GPD of its tail ends at
    the ceiling with no mass there, and the independence model spread the atom below it
    (v_model 0.686 and 0.801 against exact 0.7215 and 0.8472, 8 and 5 standard errors away;
    a review). X is independent of V by construction, so the model holds exactly."""
    from scipy import integrate

    rng = np.random.default_rng(3)
    v = np.minimum(rng.normal(size=20_000), 1.0)
    u = v + 0.5 * rng.normal(size=20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        c = conditioning(u, v, thresholds=[0.5, 1.0])
    assert c.tail_v.settings["saturated"]
    atom = stats.norm.sf(1.0)
    for t, row in zip((0.5, 1.0), c.table.itertuples(), strict=True):
        def above(z: float, t: float = t) -> float:
            return stats.norm.pdf(z) * stats.norm.sf(t - z, scale=0.5)

        p = integrate.quad(above, -np.inf, 1.0)[0] + atom * stats.norm.sf(t - 1.0, scale=0.5)
        ev = (integrate.quad(lambda z: z * above(z), -np.inf, 1.0)[0]
              + atom * stats.norm.sf(t - 1.0, scale=0.5)) / p
        se = (row.v_high - row.v_low) / (2 * 1.96)  # of the sample's mean above t
        assert abs(row.v_model - ev) < 2 * se, (t, row.v_model, ev)


def test_one_extreme_gold_score_does_not_erase_the_others_spread() -> None:
    """A review (stop 60): one gold score of -1e12 (a failed scorer's sentinel) on the row of
    lowest proxy, below every threshold and never picked by best-of-n, moved the mean the
    gold scores were centred at by 5e8; E[W^2] - E[W]^2 then cancelled every digit, and
    v_sd was 0 with zero-width intervals. Likewise one reward of -1e200 underflowed the
    squares of every other reward, and best_of_n's u_sd was 0."""
    import tailstat as ts

    rng = np.random.default_rng(42)
    u = rng.standard_normal(2000)
    v = u + rng.standard_normal(2000)
    lo = int(np.argmin(u))
    v_bad, u_bad = v.copy(), u.copy()
    v_bad[lo], u_bad[lo] = -1e12, -1e200
    cols = ["v_mean", "v_sd", "v_low", "v_high"]
    clean = ts.conditioning(u, v, [0.0, 1.0, 2.0]).table[cols].to_numpy()
    outlier = ts.conditioning(u, v_bad, [0.0, 1.0, 2.0]).table[cols].to_numpy()
    np.testing.assert_allclose(outlier, clean, rtol=1e-6)
    ns = [16, 64, 256]
    a = ts.best_of_n(u, v, n=ns, tail="empirical")
    b = ts.best_of_n(u, v_bad, n=ns, tail="empirical")
    np.testing.assert_allclose(b["v_sd"], a["v_sd"], rtol=1e-6)
    c = ts.best_of_n(u_bad, n=ns, tail="empirical")
    np.testing.assert_allclose(c["u_sd"], ts.best_of_n(u, n=ns, tail="empirical")["u_sd"],
                               rtol=1e-6)
    # the mirror case (a second review): values near 1e-200 with one sentinel of -1
    tiny, tiny_bad = u * 1e-200, u * 1e-200
    tiny_bad[lo] = -1.0
    d, e = (ts.best_of_n(w, w, n=ns, tail="empirical") for w in (tiny, tiny_bad))
    for column in ("u_sd", "v_sd"):
        np.testing.assert_allclose(e[column], d[column], rtol=1e-6)


def test_a_gold_tail_of_infinite_mean_is_said_and_rating_thresholds_are_not_repeated() -> None:
    """A review (stop 60): a Cauchy-like gold score gave p_model NaN and v_model inf at every
    threshold without a word; on a 1-5 rating scale the default grid listed t = 5 three times
    (the 0.99 and 0.999 quantiles and the maximum)."""
    rng = np.random.default_rng(34)
    v = rng.standard_cauchy(20000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        c = conditioning(v + rng.standard_normal(20000), v)
    assert c.tail_v.xi >= 1.0 and np.isinf(c.table["v_model"]).all()
    assert any("infinite mean" in w and "p_model NaN" in w for w in c.warnings), c.warnings
    u = np.minimum(np.floor(rng.gamma(4.0, 0.6, 20000)) + 1.0, 5.0)  # ratings 1-5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        t = conditioning(u, u + rng.normal(0, 0.5, 20000)).table["threshold"]
    assert t.is_unique and t.is_monotonic_increasing


def test_an_end_point_of_the_error_tail_is_said_to_push_v_model_up() -> None:
    """A review: the note said 'p_model and v_model past the sample are likely low' for an
    end point of X's fitted tail too, where a large U is then left to V and v_model comes
    out high."""
    d = simulate(20_000, "normal", "normal", seed=1)
    c = conditioning(d.u, d.v, [6, 8, 10])
    x_note = [w for w in c.warnings if w.startswith("X:")]
    v_note = [w for w in c.warnings if w.startswith("V:")]
    assert x_note and "v_model high (a large U is left to V)" in x_note[0]
    assert v_note and "p_model and v_model past the sample are likely low" in v_note[0]


def test_an_error_within_noise_of_exponential_gives_both_readings_past_the_sample() -> None:
    """A review: V ~ N(0, 1), X ~ Exp(1) (exact E[V | U > t] -> 1); X's fitted shape -0.02,
    within noise of 0, gave v_model 1.15-1.69 at t = 10-25 without a word. The note gives
    the exponential reading's values beside them."""
    rng = np.random.default_rng(1005)
    v = rng.normal(size=10_000)
    u = v + rng.exponential(size=10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        c = conditioning(u, v, thresholds=[10, 15, 20, 25])
    assert -0.05 < c.tail_x.xi < 0 and c.table["v_model"].iloc[-1] > 1.5
    said = [w for w in c.warnings if "within noise of an exponential" in w]
    assert len(said) == 1 and "0.99, 0.99, 0.99, 0.99 instead of 1.1, 1.3, 1.5, 1.7" in said[0]


def test_a_heavy_gold_tail_says_the_sample_interval_misses_high() -> None:
    """A review measured the Student-t interval of E[V | U > t] at 95% covering 0.90 with
    about 100 rows above t and 0.85 with 10 when V is t(3) (the truth above it): said when
    V's tail is heavy (its label: the fitted xi of t(3) is under 1/4 in a third of samples);
    a normal V's interval (0.94-0.97) is left alone."""
    rng = np.random.default_rng(11)
    heavy_v = rng.standard_t(3.0, 20_000)
    light_v = rng.standard_normal(20_000)
    u_noise = rng.standard_normal(20_000)
    heavy = conditioning(heavy_v + u_noise, heavy_v)
    light = conditioning(light_v + u_noise, light_v)
    assert heavy.tail_v.label == "heavy" != light.tail_v.label
    said = [w for w in heavy.warnings if "misses high" in w]
    assert len(said) == 1 and f"ξ = {heavy.tail_v.xi:.2g}" in said[0]
    assert not any("misses high" in w for w in light.warnings)


def test_a_model_that_misses_the_samples_exceedance_rate_says_so() -> None:
    """Review 367: a proxy rounded to whole numbers gave p_model 0.497 against p_above 0.360
    at t = 0, and v_model 0.55 against the sample's 0.73 [0.69, 0.76], with no word (the
    Spearman check, 0.1, did not fire). Continuous independent X and V give no such note
    (0 of 120 samples of normal, exponential and t(3) errors at n = 5,000 when written)."""
    rng = np.random.default_rng(18)
    v = rng.standard_normal(5000)
    u = np.round(v + rng.standard_normal(5000))
    notes = [w for w in conditioning(u, v).warnings if "does not reproduce" in w]
    assert len(notes) == 1 and "t = 0: 0.497 against 0.36" in notes[0]
    assert "13 distinct values over 5,000 rows" in notes[0]
    for seed in range(5):
        r = np.random.default_rng(seed)
        v = r.standard_normal(5000)
        c = conditioning(v + r.exponential(size=5000), v)
        assert not any("does not reproduce" in w for w in c.warnings)


def test_v_model_finite_for_a_tail_near_infinite_mean():
    """A fitted shape between 0.92 and 1: the far nodes' excess overflows where their weight
    has underflowed; v_model was NaN (0 * inf) with no word (a review). It equals the same
    model's expectation by a fine log-space rectangle rule."""
    rng = np.random.default_rng(0)
    n = 5000
    v = (1 - rng.uniform(size=n)) ** -0.95
    u = v + rng.normal(size=n)
    c = conditioning(u, v, [2.0, 10.0, 100.0])
    m = c.tail_v
    assert 0.92 < m.xi < 1.0  # the range the defect lived in
    xs, body = np.sort(u - v), np.sort(v[v <= m.threshold])
    z = np.linspace(0.0, 1100.0, 1_100_001)[1:]
    dz = z[1] - z[0]
    log_ex = np.log(m.sigma / m.xi) + m.xi * z + np.log(-np.expm1(-m.xi * z))
    with np.errstate(over="ignore"):
        lv = m.threshold + np.exp(log_ex)
    for t, got in zip((2.0, 10.0, 100.0), c.table["v_model"], strict=True):
        sb = (n - np.searchsorted(xs, t - body, side="right")) / n
        st = (n - np.searchsorted(xs, np.where(np.isfinite(lv), t - lv, -np.inf),
                                  side="right")) / n
        num = sb @ body / n + np.sum(np.exp(np.log(m.zeta) - z + np.log(dz)
                                            + np.logaddexp(np.log(m.threshold), log_ex)) * st)
        den = sb.sum() / n + np.sum(m.zeta * np.exp(-z) * dz * st)
        assert np.isfinite(got)
        assert got == pytest.approx(num / den, rel=0.01)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gold_ratings_on_ten_levels_are_read_from_their_sample(seed):
    """Gold on a 1-10 rating scale that the classifier does not call saturated (its top on 5
    levels): a GPD fitted above 8 spread the atoms at 9 and 10, and v_model ran 0.10-0.15
    below the exact value under independence, outside the sample's own interval (a review).
    Against the exact value for V's sample law and X ~ N(0, 1), the error's sd over 30 seeds
    is 0.017 at the 90% threshold: the tolerance is 3 sd."""
    rng = np.random.default_rng(seed)
    n = 5000
    v = np.clip(np.round(5 + 2 * rng.normal(size=n)), 1, 10)
    u = v + rng.normal(size=n)
    c = conditioning(u, v)
    assert c.tail_v.settings.get("coarse_levels") is not None
    assert not c.tail_v.settings.get("saturated")
    levels, counts = np.unique(v, return_counts=True)
    row = c.table.iloc[1]  # the 90% quantile of u
    w = counts / n * stats.norm.sf(row["threshold"] - levels)
    assert abs(row["v_model"] - w @ levels / w.sum()) <= 0.05
    assert row["v_low"] <= row["v_model"] <= row["v_high"]

"""tailstat.data.tail: the one partial sort, checked against a full sort (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import raises_data_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tailstat as ts
from tailstat.data import UpperTail, tie_fraction, upper_tail
from tailstat.data.tail import float_rounding, refuse_column, row_copies

_LEVELS = (None, None, 2, 3, 7, 50)  # None: continuous; else ties from rounding


def _case(n: int, seed: int, k_pick: int) -> tuple[np.ndarray, int | None]:
    """A sample (continuous, or with ties) and a k_max around the edge cases (n/2, n - 1)."""
    rng = np.random.default_rng(seed)
    levels = _LEVELS[seed % len(_LEVELS)]
    x = rng.standard_normal(n) if levels is None else rng.integers(0, levels, n).astype(float)
    if x.max() == x.min():  # the intake rejects constant samples
        x[0] += 1.0
    half = n // 2
    edges = (None, 1, half - 2, half - 1, half, half + 1, n - 2, n - 1, n, n + 3)
    k_max = edges[k_pick] if k_pick < len(edges) else int(rng.integers(1, n + 5))
    return x, (k_max if k_max is None or k_max >= 1 else 1)


# few draws per example keep hypothesis' own overhead low (10,000 cases in a few seconds)
samples = st.builds(_case, st.integers(5, 300), st.integers(0, 2**32 - 1), st.integers(0, 13))


@settings(max_examples=10_000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(samples)
def test_upper_tail_matches_a_full_sort(case: tuple[np.ndarray, int | None]) -> None:
    x, k_max = case
    before = x.copy()
    n = x.shape[0]
    t = upper_tail(x, k_max=k_max, median=True)
    full = np.sort(x)[::-1]
    expected_k = ts.data.tail.default_k_max(n) if k_max is None else min(k_max, n - 1)
    assert t.n == n and t.k_max == expected_k
    np.testing.assert_array_equal(t.desc, full[: expected_k + 1])
    assert t.median == np.median(x)
    assert t.name == "x"
    for k in {1, expected_k // 2, expected_k}:
        assert t.tie_fraction(k) == tie_fraction(full[: k + 1])
    # the caller's array is neither changed nor frozen; the result's is read-only
    np.testing.assert_array_equal(x, before)
    assert x.flags.writeable and not t.desc.flags.writeable


def test_median_regression_even_n_half_k() -> None:
    """The case of issue 10: k_max = n/2 - 1 with even n read the median from the unsorted
    lower block."""
    rng = np.random.default_rng(3)
    for n in (10, 100, 1000):
        for _ in range(50):
            x = rng.standard_normal(n)
            assert upper_tail(x, k_max=n // 2 - 1, median=True).median == np.median(x)


def test_tie_fraction() -> None:
    assert tie_fraction(np.array([])) == 0.0
    assert tie_fraction(np.array([1.0])) == 0.0
    assert tie_fraction(np.array([1.0, 1.0, 2.0])) == 0.5
    assert tie_fraction(np.array([3.0, 2.0, 2.0, 2.0, 1.0])) == 0.5


@pytest.mark.parametrize("k_max", [0, -1, True, 2.5, "10"])
def test_bad_k_max(k_max: object) -> None:
    with pytest.raises(ts.DataError, match="k_max must be"):
        upper_tail(np.arange(10.0), k_max=k_max)  # type: ignore[arg-type]


@pytest.mark.parametrize("order", ["random", "ascending", "descending", "periodic", "ties",
                                   "spike"])
@pytest.mark.parametrize("m", [1, 37, 5000, 20000])
def test_top_values_exact_on_adversarial_orders(order, m):
    """The pilot-cut selection equals a full sort whatever the order (fast path n >= 65536)."""
    from tailstat.data.tail import top_values

    rng = np.random.default_rng(m)
    n = 150_000
    x = rng.standard_t(3, n)
    if order == "ascending":
        x.sort()
    elif order == "descending":
        x = np.sort(x)[::-1].copy()
    elif order == "periodic":  # the largest values sit exactly between the pilot's stride
        x = np.sort(x)
        x = x.reshape(-1, 10).T.reshape(-1).copy()
    elif order == "ties":
        x = np.round(x)
    elif order == "spike":  # the top values all at positions the pilot skips
        x = np.zeros(n)
        x[1::36][:m] = np.arange(1, min(m, x[1::36].size) + 1)
    before = x.copy()
    got = top_values(x, m)
    np.testing.assert_array_equal(got, np.sort(x)[n - m:])
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("order", ["random", "ascending", "descending", "spike"])
@pytest.mark.parametrize("n", [1000, 150_000])
def test_scan_top_reads_the_top_sums_and_minimum_in_one_pass(order: str, n: int) -> None:
    """scan_top's top values are top_values'; its sums and minimum are the sample's (the
    block path from n = 65 536, the direct one below)."""
    from tailstat.data.tail import scan_top, top_values

    rng = np.random.default_rng(n)
    x = rng.standard_t(3, n) * 1e3 + 5e3
    if order == "ascending":
        x.sort()
    elif order == "descending":
        x = np.sort(x)[::-1].copy()
    elif order == "spike":
        spikes = x[1::36][:500]
        x[1::36][:500] = np.arange(1, spikes.size + 1) * 1e6
    before = x.copy()
    m = max(1, n // 20)
    scan = scan_top(x, m)
    np.testing.assert_array_equal(scan.top, top_values(x, m))
    np.testing.assert_array_equal(scan.top, np.sort(x)[n - m:])
    assert scan.minimum == x.min()
    dev = x - scan.shift
    assert abs(scan.total - math.fsum(dev)) <= 1e-14 * float(np.abs(dev).sum())
    assert abs(scan.squares - math.fsum(dev * dev)) <= 1e-14 * float(np.sum(dev * dev))
    # the shift sits within the spread of the values (little cancellation in the moments)
    assert abs(scan.shift - math.fsum(x) / n) <= 2 * float(np.std(x))
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("entry", ["hill", "pickands", "moment", "weibull_tail", "choose_k",
                                   "tail_path", "fit_gpd", "mean_excess",
                                   "threshold_stability", "select_threshold", "classify"])
def test_column_with_a_sketch_or_an_upper_tail_is_refused_by_every_entry_point(entry):
    # hill, pickands, moment, weibull_tail and tail_path ignored column= (a user naming
    # another column read the sketched one's estimate as its own); choose_k blamed the
    # sketch for not holding rows; the GPD functions said it in other words
    x = np.random.default_rng(0).pareto(2.0, size=4000)
    sketch = ts.TailSketch.from_sample(x, capacity=3000)
    with pytest.raises(ts.DataError, match=r"column='r' is for a table; a TailSketch holds "
                                           r"one sample's values already: leave column= out"):
        getattr(ts, entry)(sketch, column="r")
    with pytest.raises(ts.DataError, match="column='r' is for a table; an UpperTail holds"):
        refuse_column(upper_tail(x, k_max=100), "r")
    refuse_column(sketch, None)  # no column: nothing to refuse


def test_ties_from_float64_rounding_of_an_offset_say_so() -> None:
    """A review: exponential scores + 1e15 (float64 steps of 0.125 there) were read heavy
    under a TiesWarning asking "discretised rewards?"; the ties are float64's own, and the
    advice is to subtract the offset, not to jitter. Rounded scores keep the old advice."""
    e = np.random.default_rng(9).exponential(size=3000)
    with pytest.warns(ts.TiesWarning) as got:
        upper_tail(e + 1e15, k_max=300).warn_ties(200)
    (msg,) = [str(w.message) for w in got]
    assert "float64 rounding" in msg and "steps of 0.125" in msg and "median" in msg
    assert "discretised" not in msg and "jitter" not in msg
    with pytest.warns(ts.TiesWarning, match="discretised rewards") as got:
        upper_tail(np.round(e * 8) / 8, k_max=300).warn_ties(200)
    assert "float64 rounding" not in str(got[0].message)


def test_one_huge_value_does_not_make_rounded_scores_float64_ties() -> None:
    """A review: rounded scores near 13 with one value of 1e14 above them were told their ties
    were float64's ("common offset about 12.9 ... steps of 0.015625 there"): the step was
    taken at the largest value. Each gap is now measured at its own pair."""
    x = np.round(np.random.default_rng(1).standard_t(3, 5000), 2) + 10
    x[0] = 1e14
    with pytest.warns(ts.TiesWarning) as got:
        upper_tail(x, k_max=400).warn_ties(300)
    (msg,) = [str(w.message) for w in got]
    assert "discretised rewards" in msg and "float64 rounding" not in msg
    # the offset's rounding is still found beside a value far above it
    e = np.random.default_rng(9).exponential(size=3000) + 1e15
    e[0] = 1e17
    with pytest.warns(ts.TiesWarning, match="float64 rounding.*steps of 0.125"):
        upper_tail(e, k_max=300).warn_ties(200)


def test_an_upper_tail_built_by_hand_is_checked() -> None:
    """A review: an UpperTail with a NaN was classified without a word, one of 1 858 values
    with n = 500 accepted, and a column or a string n raised AttributeError, ValueError or
    TypeError from deep inside."""
    from tailstat import UpperTail

    n = 10_000
    t = ts.upper_tail(np.random.default_rng(0).standard_t(3, n), k_max=1857)
    holed = t.desc.copy()
    holed[5] = np.nan
    for kw, said in ((dict(desc=holed, n=n), "1 missing or infinite"),
                     (dict(desc=t.desc, n=500), "at least the 1,858 values"),
                     (dict(desc=t.desc[::-1], n=n), "descending order"),
                     (dict(desc=t.desc[:, None], n=n), r"shape \(1858, 1\)"),
                     (dict(desc=np.array([]), n=n), "non-empty"),
                     (dict(desc=["a", "b"], n=n), "must hold numbers"),
                     (dict(desc=t.desc, n="10000"), "an integer"),
                     (dict(desc=t.desc, n=True), "an integer")):
        with pytest.raises(ts.DataError, match=said):
            UpperTail(**kw)  # type: ignore[arg-type]
    # what converts exactly is accepted: a list, an object array, a whole float n
    for same in (UpperTail(desc=list(t.desc), n=n), UpperTail(desc=t.desc.astype(object), n=n),
                 UpperTail(desc=t.desc, n=float(n))):
        assert same.desc.dtype == np.float64 and same.n == n
        np.testing.assert_array_equal(same.desc, t.desc)
        assert ts.classify(same).probabilities == ts.classify(t).probabilities


def test_tie_fraction_of_an_upper_tail_checks_k() -> None:
    """A review: UpperTail.tie_fraction(-1) read 0.0 of a tail all tied at the top, 10**6 was
    cut to k_max without a word, and 2.5 raised "slice indices must be integers"."""
    ut = upper_tail(np.r_[np.full(50, 5.0), np.arange(1.0, 1000) / 1000], k_max=20)
    assert ut.tie_fraction(20) == 1.0 and ut.tie_fraction(np.int64(3)) == 1.0
    assert ut.tie_fraction(0) == 0.0  # the maximum alone
    for bad in (-1, 2.5, "3", None):
        with pytest.raises(ts.DataError, match="k must be"):
            ut.tie_fraction(bad)
    with pytest.raises(ts.DataError, match=r"k = 1000000 is beyond the 21 order statistics"
                                           r".*upper_tail\(x, k_max=1000000\)"):
        ut.tie_fraction(10**6)
    with pytest.raises(ts.DataError, match="beyond"):
        ut.warn_ties(21)


def test_repeated_rows_are_told_from_rounding_in_the_ties_note() -> None:
    """A review: every row five times (a table joined to itself) was said as "discretised
    rewards?", with advice to jitter; nearly every top value appearing exactly m times is
    repeated rows, which rounding never gives (its ties vary in number)."""
    x = np.random.default_rng(0).weibull(0.5, 10_000)
    for m in (2, 5):
        t = ts.upper_tail(np.tile(x, m), k_max=500)
        assert t.row_copies(500) == m == row_copies(t.desc)
        note = t.ties_note(500)
        assert f"duplicated rows? nearly every one of these values appears {m} times" in note
        assert "drop_duplicates" in note and "jitter" not in note
    rounded = ts.upper_tail(np.round(np.random.default_rng(0).normal(size=100_000), 2), 2000)
    assert rounded.row_copies(2000) is None and "discretised rewards?" in rounded.ties_note(2000)
    counts = ts.upper_tail(np.random.default_rng(0).poisson(20, 10_000).astype(float), 1000)
    assert counts.row_copies(1000) is None
    assert ts.upper_tail(x, k_max=500).row_copies(500) is None  # no ties at all


def test_the_count_at_the_maximum_is_carried_and_checked() -> None:
    """A review: UpperTail.n_at_max (a sketch's exact count at its maximum) took 10**9, -5
    and "x" and the classifier printed them ("1,000,000,000 scores (5000000%) equal the
    maximum"); tailstat.upper_tail of a sketch dropped the count, and of rows whose kept
    values are all the maximum it was not counted ("at least 8,001 scores")."""
    x = (np.random.default_rng(0).uniform(size=20_000) < 0.48).astype(float)
    sketch = ts.TailSketch.from_sample(x)
    for tail in (sketch.upper_tail(), ts.upper_tail(sketch), ts.upper_tail(x, k_max=8000)):
        assert tail.n_at_max == 9527
        note = ts.classify(tail, warn=False).warnings[0]
        assert note.startswith("9,527 scores (48%) equal the maximum 1")
    assert ts.upper_tail(np.arange(100.0)).n_at_max is None  # the kept values count it
    t = sketch.upper_tail()
    for bad in (10**9, -5, 2.5, "x", True, 10):  # 10: fewer than desc holds
        with pytest.raises(ts.DataError, match="n_at_max must count the values equal"):
            UpperTail(desc=t.desc, n=t.n, n_at_max=bad)
    with pytest.raises(ts.DataError, match="n_at_max"):  # a smaller value held: the run
        UpperTail(desc=np.array([3.0, 3.0, 1.0]), n=100, n_at_max=50)


def test_ties_from_float32_rounding_of_an_offset_name_float32() -> None:
    """A review: float32 scores with an offset of 1e5 (float32's step of 0.0078125 there) were
    told "discretised rewards", where float64 ones with an offset of 1e14 were named as float
    rounding; integer counts that float32 holds exactly stay discretised."""
    y = np.random.default_rng(0).normal(size=20_000)
    with pytest.warns(ts.TiesWarning) as got:
        upper_tail((y + 1e5).astype(np.float32), k_max=1000).warn_ties(700)
    (msg,) = [str(w.message) for w in got]
    assert "float32 rounding" in msg and "steps of 0.0078125" in msg and "float64" not in msg
    c = np.random.default_rng(1).poisson(5e6, 20_000).astype(float)  # integers near 2^22
    assert float_rounding(np.sort(c)[::-1][:500]) is None
    assert float_rounding(np.sort(y + 1e14)[::-1][:500]) == (2.0**-6, "float64")


def test_an_upper_tails_floor_is_checked() -> None:
    """``UpperTail.floor``: the sample's minimum and its count (a sketch's), checked like
    ``n_at_max``: a count from 1 to n, a value at most the smallest held, and, where desc
    holds the whole sample, the count it holds."""
    d = np.array([5.0, 4.0, 3.0])
    assert UpperTail(desc=d, n=10, floor=(0.0, 7)).floor == (0.0, 7)
    assert UpperTail(desc=np.array([2.0, 1.0, 1.0]), n=3, floor=(1.0, 2)).floor == (1.0, 2)
    for bad in ((0.0, 0), (0.0, 11), (0.0, 8), (3.5, 2), (math.inf, 2), (0.0, True),
                (0.0, 2.5), "x", (0.0,)):  # (8 at the floor and 3 held above it: 11 of 10)
        with raises_data_error("UpperTail.floor"):
            UpperTail(desc=d, n=10, floor=bad)
    with raises_data_error("UpperTail.floor"):
        UpperTail(desc=np.array([2.0, 1.0, 1.0]), n=3, floor=(1.0, 1))


def test_held_samples_refuse_column_and_keep_the_name_given() -> None:
    """A review: upper_tail and as_upper_tail ignored column= and name= for a sketch, an
    upper tail or a checked Sample (upper_tail(sketch, column='other') gave the sketched
    column's tail, to be read as the other's; name='rm' left 'x'). column= is refused as
    the estimators refuse it; name= names the result."""
    from tailstat.data import as_upper_tail, check_sample

    x = np.random.default_rng(0).standard_normal(1000)
    held = [upper_tail(x, 50), ts.TailSketch.from_sample(x), check_sample(x)]
    for h in held:
        with raises_data_error("column='other' is for a table", "holds one sample's values"):
            upper_tail(h, column="other")
        with raises_data_error("column='other' is for a table", "holds one sample's values"):
            as_upper_tail(h, 10, column="other")
        assert upper_tail(h, name="rm").name == "rm"
        assert as_upper_tail(h, 10, name="rm").name == "rm"
        assert upper_tail(h).name == "x"
        # name= checked as a sample's, and '' kept (a review: [1] was taken, '' dropped)
        assert upper_tail(h, name="").name == "" and as_upper_tail(h, 10, name="").name == ""
        for call in (upper_tail, lambda h, name: as_upper_tail(h, 10, name=name)):
            with raises_data_error("name must be a string or None; got [1]"):
                call(h, name=[1])
    assert check_sample(held[2], name="rm").name == "rm" and held[2].name == "x"
    with raises_data_error("name must be a string"):
        check_sample(held[2], name=[1])


def test_an_upper_tails_median_is_checked_and_its_row_complete() -> None:
    """A review: ``UpperTail(desc, n, median="a")`` and ``median=nan`` were taken (a plot
    centres on the median); its table row lacked ``k_max`` (the repr and to_dict give it) and
    lost its ``floor`` column when the floor was known."""
    d = np.array([5.0, 4.0, 3.0])
    assert UpperTail(desc=d, n=10, median=np.float32(0.5)).median == 0.5
    assert UpperTail(desc=d, n=3, median=4).median == 4.0
    assert UpperTail(desc=d, n=10, median=-7.0).median == -7.0  # below what desc holds: fine
    for n, bad in ((10, "a"), (10, math.nan), (10, math.inf), (10, True), (10, 5.5),
                   (3, 2.9), (3, [4.0])):
        with raises_data_error("UpperTail.median"):
            UpperTail(desc=d, n=n, median=bad)
    row = UpperTail(desc=d, n=10, median=1.0, floor=(0.0, 7)).to_frame()
    assert list(row.columns) == ["name", "n", "k_max", "median", "n_at_max", "floor",
                                 "floor_count"]
    assert row.iloc[0][["k_max", "floor", "floor_count"]].tolist() == [2, 0.0, 7]
    plain = UpperTail(desc=d, n=10).to_frame()
    assert list(plain.columns) == list(row.columns) and plain["floor"].isna().all()
    assert plain["floor"].dtype == np.float64  # NaN, so that rows stack as numbers
    for t in (upper_tail(np.arange(10.0), median=True),
              ts.TailSketch.from_sample(np.arange(10.0)).upper_tail()):
        assert t.to_frame().iloc[0]["k_max"] == t.k_max == t.to_dict()["k_max"]


def test_a_median_held_is_between_the_middle_values_and_finite_at_the_float_range_end() -> None:
    """A review: with the middle order statistics held, any median up to the maximum was
    taken; and two middle values near 1.7e308 made a median of inf (as numpy's does), which
    the check then refused: the midpoint is formed without the overflow."""
    d = np.sort(np.random.default_rng(0).normal(size=3000))[::-1]
    mid = upper_tail(d, median=True).median
    assert mid == np.median(d) and UpperTail(desc=d[:2000], n=3000, median=mid).median == mid
    for bad in (d[5], d[1498], d[1501]):
        with raises_data_error("middle values desc holds"):
            UpperTail(desc=d[:2000], n=3000, median=bad)
    with raises_data_error("the smallest value desc holds"):
        UpperTail(desc=d[:100], n=3000, median=d[50])
    x = np.linspace(1.6e308, 1.7e308, 100)
    for t in (upper_tail(x, median=True), ts.TailSketch.from_sample(x).upper_tail()):
        assert t.median == pytest.approx(1.65e308, rel=1e-15)


def test_an_unknown_keyword_is_named_with_the_function_that_was_called() -> None:
    """Review 365: upper_tail(x, bogus=1) raised "check_sample() got an unexpected keyword
    argument 'bogus'", of a function the caller never called."""
    from tailstat.data.tail import as_upper_tail

    x = np.arange(100.0)
    with pytest.raises(TypeError, match=r"^upper_tail\(\) got an unexpected keyword "
                                        r"argument 'bogus' \(of check_sample's, it takes"):
        upper_tail(x, bogus=1)
    with pytest.raises(TypeError, match=r"^as_upper_tail\(\) got an unexpected keyword "
                                        r"argument 'colum'"):
        as_upper_tail(x, 5, colum="r")
    assert upper_tail(x, 5, name="a", nan="raise", min_size=10).name == "a"


def test_a_read_only_view_of_writeable_memory_is_copied() -> None:
    """A review: an UpperTail built on a read-only view of a writeable array kept the view,
    and writing NaN into the base changed values already checked as finite."""
    base = np.sort(np.random.default_rng(0).pareto(2, 1000))[::-1].copy()
    view = base.view()
    view.setflags(write=False)
    tail = ts.UpperTail(desc=view, n=1000)
    before = tail.desc.copy()
    base[0] = np.nan
    assert np.array_equal(tail.desc, before) and not np.shares_memory(tail.desc, base)
    frozen = base.copy()
    frozen[0] = before[0]
    frozen.setflags(write=False)  # read-only all the way down: kept as it is, not copied
    assert np.shares_memory(ts.UpperTail(desc=frozen, n=1000).desc, frozen)
    buf = bytearray(frozen.tobytes())  # a writeable buffer under a read-only array
    ro = np.frombuffer(buf, dtype=np.float64)
    ro.setflags(write=False)
    assert not np.shares_memory(ts.UpperTail(desc=ro, n=1000).desc, ro)

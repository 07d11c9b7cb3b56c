"""Warnings point at the user's line: ``tailstat/_warn.py``."""

from __future__ import annotations

import _thread
import threading
import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat._warn import user_level


def _caught(fn, *args, **kwargs) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn(*args, **kwargs)
    return caught


def _fake_module(name: str) -> dict:
    """A namespace whose functions run as if defined in module ``name``."""
    ns: dict = {"__name__": name, "user_level": user_level}
    exec("def level():\n    return user_level()\n"
         "def twice():\n    return level()\n", ns)
    return ns


def test_levels_count_the_frames_inside_tailstat() -> None:
    """Called from this file: 1 (this frame); through one or two tailstat frames: 2 or 3;
    through a frame of a module merely named like tailstat ('tailstats'): 1 beyond it."""
    assert user_level() == 1
    assert _fake_module("tailstat.fake")["level"]() == 2
    assert _fake_module("tailstat.fake")["twice"]() == 3
    assert _fake_module("tailstat")["level"]() == 2
    assert _fake_module("tailstats.x")["level"]() == 1


def test_a_stack_entirely_inside_tailstat_points_at_its_outermost_frame() -> None:
    """A bare thread whose only Python frames are tailstat's (no caller to point at): the
    outermost frame, never a level past the stack (which Python reports as 'sys')."""
    ns = _fake_module("tailstat.fake")
    out: list[int] = []
    done = threading.Event()

    def run() -> None:
        out.append(ns["twice"]())
        done.set()

    ns["run"] = run
    exec("def go():\n    run()\n", ns)
    _thread.start_new_thread(ns["go"], ())
    assert done.wait(10)
    # frames: level (1), twice (2), run (this file: outside, 3)
    assert out == [3]
    inside: list[int] = []
    done.clear()
    ns2 = _fake_module("tailstat.fake")
    exec("def go2(sink, ev):\n    sink.append(twice())\n    ev.set()\n", ns2)
    _thread.start_new_thread(ns2["go2"], (inside, done))
    assert done.wait(10)
    assert inside == [3]  # level, twice, go2: all inside, go2 the outermost


@pytest.fixture(scope="module")
def ties() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    x = np.round(rng.normal(size=20_000), 1)
    return pd.DataFrame({"r": x, "m": np.repeat(["a", "b"], 10_000)})


def test_classify_and_analyze_warnings_point_here(ties: pd.DataFrame) -> None:
    """The ties caveat of a classification made inside analyze() pointed at
    tailstat/analysis.py; now at the caller's line, as classify()'s own does."""
    for caught in (_caught(ts.classify, ties.r[:10_000]),
                   _caught(ts.analyze, ties, column="r", by="m")):
        tied = [w for w in caught if issubclass(w.category, ts.TiesWarning)]
        assert tied and all(w.filename == __file__ for w in tied)


def test_estimator_gpd_and_flag_warnings_point_here(ties: pd.DataFrame) -> None:
    x = ties.r.to_numpy()
    for fn, args, kwargs in ((ts.hill, (np.abs(x),), {"k": 2000}),
                             (ts.fit_gpd, (x,), {"threshold": "90%"})):
        caught = _caught(fn, *args, **kwargs)
        assert caught, fn.__name__
        assert all(w.filename == __file__ for w in caught), (
            fn.__name__, [(w.filename, str(w.message)[:60]) for w in caught])


def test_analyze_says_which_groups_lost_missing_rewards() -> None:
    """analyze() dropped missing rewards silently (classify() of one sample says so): one
    warning names the groups and counts, at the caller's line; none without missing values,
    and none with warn=False."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=3_000)
    x[:7] = np.nan
    x[2_500:2_502] = np.nan
    df = pd.DataFrame({"r": x, "m": np.repeat(["a", "b", "c"], 1_000)})
    caught = [w for w in _caught(ts.analyze, df, column="r", by="m")
              if "missing" in str(w.message)]
    assert len(caught) == 1 and caught[0].filename == __file__
    text = str(caught[0].message)
    assert text.startswith("2 of 3 groups had missing rewards (NaN), dropped: 'a' (7), "
                           "'c' (2)")
    assert "'b'" not in text
    clean = df.fillna(0.0)
    assert not [w for w in _caught(ts.analyze, clean, column="r", by="m")
                if "missing" in str(w.message)]
    assert not [w for w in _caught(ts.analyze, df, column="r", by="m", warn=False)
                if "missing" in str(w.message)]
    sketches = {k: ts.TailSketch.from_sample(g.r.to_numpy()) for k, g in df.groupby("m")}
    caught = [w for w in _caught(ts.analyze, sketches) if "missing" in str(w.message)]
    assert len(caught) == 1 and "'a' (7), 'c' (2)" in str(caught[0].message)


def test_missing_values_dropped_are_input_warnings_at_the_callers_line() -> None:
    """Every function that drops missing rewards says so with InputWarning (what the
    command line prints of reading the input), pointing here."""
    x = np.random.default_rng(6).standard_t(3.0, 5_000)
    x[:4] = np.nan
    for fn, kwargs in ((ts.classify, {}), (ts.hill, {"k": 200}), (ts.fit_gpd, {})):
        caught = [w for w in _caught(fn, x, **kwargs) if "missing" in str(w.message)]
        assert len(caught) == 1, fn.__name__
        assert caught[0].category is ts.InputWarning and caught[0].filename == __file__


def test_analyze_of_one_sample_says_it_dropped_missing_rewards() -> None:
    """Without by= the analysis built its one group without the count, and said nothing."""
    x = np.random.default_rng(8).normal(size=2000)
    x[:5] = np.nan
    caught = [w for w in _caught(ts.analyze, pd.DataFrame({"r": x}), "r")
              if "missing" in str(w.message)]
    assert len(caught) == 1 and caught[0].category is ts.InputWarning
    assert "1 of 1 group had missing rewards (NaN), dropped: 'r' (5)" in str(caught[0].message)


def test_warnings_of_the_goodhart_functions_point_at_the_caller() -> None:
    """A review: the Goodhart functions are decorated with ``@np.errstate``, whose wrapper
    is a numpy frame between the caller and tailstat: their warnings (the new one of
    integers beyond 2**53 included) pointed at numpy's ``_ufunc_config.py``."""
    x = (np.random.default_rng(0).pareto(2.0, 3000) * 1e6).astype(np.int64) + 2 ** 53
    caught = _caught(ts.goodhart_summary, x)
    assert caught and {w.filename for w in caught} == {__file__}, [w.filename for w in caught]

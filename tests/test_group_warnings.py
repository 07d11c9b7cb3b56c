"""The small-sample caveat of many groups issued once: ``tailstat/_group_warnings.py``."""

from __future__ import annotations

import threading
import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def _small_frame(keys: list, n: int = 150, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"m": np.repeat(keys, n), "r": rng.normal(size=n * len(keys))})


def test_small_groups_give_one_warning_at_the_callers_line() -> None:
    """12 groups of 150 values: one small-sample warning naming 8 of them and "4 more", at
    this file's line (30 small groups gave 30 warnings pointing inside tailstat); other
    caveats still come, once per group as before."""
    df = _small_frame([f"c{i:02d}" for i in range(12)])
    df.loc[df.m == "c03", "r"] = np.round(df.loc[df.m == "c03", "r"], 1)  # ties: own caveat
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ts.analyze(df, "r", by="m")
    small = [w for w in caught if "small sample" in str(w.message)
             or "316 values or fewer" in str(w.message)]
    assert len(small) == 1
    text = str(small[0].message)
    assert text.startswith("12 samples have 316 values or fewer") and text.endswith(
        "and 4 more.")
    assert "'c00' (n = 150)" in text and small[0].filename == __file__
    assert issubclass(small[0].category, ts.TailstatWarning)
    assert any("c03" in str(w.message) and "tied" in str(w.message) for w in caught)
    # one small group: the classifier's own words
    with warnings.catch_warnings(record=True) as one:
        warnings.simplefilter("always")
        ts.analyze(df[df.m == "c00"], "r", by="m")
    assert [str(w.message) for w in one] == [
        "'c00': small sample (n = 150); classification probabilities are rough"]


def test_keys_of_several_columns_and_quotes_are_gathered_too() -> None:
    df = _small_frame(["it's", "b", "c"])
    df["k"] = 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ts.analyze(df, "r", by=["m", "k"])
    texts = [str(w.message) for w in caught if "316 values or fewer" in str(w.message)
             or "small sample" in str(w.message)]
    assert len(texts) == 1 and texts[0].startswith("3 samples") and "it" in texts[0]


def test_gathering_is_per_thread_and_leaves_other_warnings_alone() -> None:
    """Two analyses at once in threads each issue their own combined caveat (the gathering is
    a context variable, not a process-wide warnings filter); a warning of the user's own
    afterwards is not swallowed; classify alone still warns at once."""
    barrier = threading.Barrier(2)

    def run(i: int) -> None:
        barrier.wait()
        ts.analyze(_small_frame(["a", "b"], seed=i), "r", by="m")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        warnings.warn("mine", UserWarning, stacklevel=1)
        ts.classify(np.random.default_rng(0).normal(size=100))
    texts = [str(w.message) for w in caught]
    assert sum(t.startswith("2 samples have 316 values or fewer") for t in texts) == 2
    assert "mine" in texts
    assert "'x': small sample (n = 100); classification probabilities are rough" in texts

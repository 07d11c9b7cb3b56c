"""The small-sample caveat of many groups issued once: ``tailstat/_group_warnings.py``."""

from __future__ import annotations

import re
import threading
import warnings

import numpy as np
import pandas as pd
import pytest

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


def test_ties_and_a_xi_at_its_bound_are_said_once_for_all_groups() -> None:
    """A review: 60 groups of 120 rewards logged to two decimals gave 31 warnings, one per
    group whose top scores tied (and, since, one per group whose ξ sat at the fit's bound);
    each kind is now one warning naming the groups, and each group keeps its own note."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"category": np.repeat([f"cat{i:02d}" for i in range(60)], 120),
                       "reward": np.round(rng.normal(size=7200), 2)})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        a = ts.analyze(df, "reward", by="category")
    kinds = sorted(w.category.__name__ for w in seen)
    assert kinds == ["DegenerateDataWarning", "TailstatWarning", "TiesWarning"], kinds
    ties = next(str(w.message) for w in seen if w.category is ts.TiesWarning)
    tied = [k for k, c in a.classifications.items()
            if any("order statistics are tied" in w for w in c.warnings)]
    assert ties.startswith(f"{len(tied)} samples have tied top scores") and len(tied) > 8
    bound = next(str(w.message) for w in seen if w.category is ts.TailstatWarning)
    at_bound = [k for k, c in a.classifications.items()
                if any("sits at its constraint" in w for w in c.warnings)]
    assert bound.startswith(f"In {len(at_bound)} samples the GPD fit") and at_bound
    # one group alone: its own words
    with pytest.warns(ts.TailstatWarning) as seen_one:
        ts.analyze(df[df["category"] == "cat03"], "reward", by="category")
    assert any(w.category is ts.TiesWarning and re.match(
        r"'cat03': \d+% of the top 12 order statistics", str(w.message)) for w in seen_one)


def test_counts_on_few_levels_are_said_once_for_all_groups() -> None:
    """A re-read: the coarse-levels caveat (a lean, at most 0.75), newly warned, came once
    per group of an analysis again."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(list("abcde"), 5000),
                       "reward": rng.poisson(3, 25_000).astype(float)})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        a = ts.analyze(df, "reward", by="g")
    coarse = [str(w.message) for w in seen if "distinct value" in str(w.message)]
    capped = [k for k, c in a.classifications.items()
              if any("distinct value" in w for w in c.warnings)]
    assert len(capped) >= 2 and len(coarse) == 1
    assert coarse[0].startswith(f"{len(capped)} samples take only a few distinct values")


def test_copies_at_the_top_warn_what_the_note_says() -> None:
    """A re-read: beside copies of one output at the top the ties warning counted them
    (72% of the top 40) while the note did not (69%)."""
    rng = np.random.default_rng(0)
    x = np.concatenate([np.round(rng.normal(size=400), 1), [12.0] * 5])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        c = ts.classify(x)
    (note,) = [w for w in c.warnings if "order statistics" in w and "tied" in w]
    assert "are tied, below the copies at the maximum," in note
    assert note in c.explain()  # explain() says the ties caveat (a re-read: it dropped it)
    ties = [str(w.message) for w in seen if w.category is ts.TiesWarning]
    assert ties and all(note in t for t in ties)


def test_the_missing_steps_note_names_the_logs_step_column() -> None:
    """TRL logs read in step bins are grouped by the reader's ``steps`` column, missing
    where the logs' ``step`` is: the note named ``'steps'``, which the user's logs lack."""
    from tailstat._group_warnings import missing_keys_note

    note = missing_keys_note({"nan": 30}, ["steps"], {"step_bins": 2})
    assert note is not None and "'step'" in note and "'steps'" not in note
    # a frame with a real 'steps' column (no step bins read) keeps its name
    assert "'steps'" in (missing_keys_note({"nan": 3}, ["steps"]) or "")

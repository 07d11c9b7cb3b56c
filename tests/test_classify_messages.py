"""What a stop-62 review of the classifier's software (not its accuracy) found: a ceiling's
count said three ways, caveats recorded but never warned, copies of one output warned as
discretised rewards, and p-values given as a set, booleans or text."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.analysis_sketches import classify_sketch
from tailstat.classification.flags import benjamini_hochberg


def test_a_ceiling_is_counted_in_the_whole_sample_on_every_path() -> None:
    """"6,786 of the top 5,429 values": the count was of what each path held (5,429, 6,786
    and 12,507 for one sample), beside the window's size."""
    x = np.minimum(np.random.default_rng(0).standard_normal(50_000), 0.67)
    exact = int(np.count_nonzero(x == x.max()))
    whole = ts.classify(x, warn=False).warnings[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.DegenerateDataWarning)
        sketch = classify_sketch(ts.TailSketch.from_sample(x), "fast", 0).warnings[0]
        analysed = next(iter(ts.analyze(pd.DataFrame({"x": x}), "x").classifications.values()))
    for note in (whole, sketch):
        assert note.startswith(f"{exact:,} scores (25%) equal the maximum 0.67, all 5,429 "
                               "values the classifier reads")
    note = analysed.warnings[0]
    assert note.startswith(f"{exact:,} scores") or (
        note.startswith("at least ") and "all 5,429 values the classifier reads" in note)
    held = int(note.split()[2].replace(",", "")) if note.startswith("at least") else exact
    assert 5_429 <= held <= exact


def test_every_caveat_of_a_classification_is_warned() -> None:
    rng = np.random.default_rng(0)
    copies = np.r_[rng.standard_normal(3000), [12.0] * 5]
    with pytest.warns(ts.DegenerateDataWarning, match="5 values equal the maximum 12") as got:
        ts.classify(copies)
    # copies of one output are not discretised rewards
    assert not any(issubclass(w.category, ts.TiesWarning) for w in got)
    with pytest.warns(ts.TiesWarning) as got:
        c = ts.classify(rng.poisson(5, 10_000).astype(float))
    said = [str(w.message) for w in got]
    assert c.probability <= 0.75
    cap = [w for w in c.warnings if "verdict is" in w]
    assert cap and any(cap[0] in s for s in said)


@pytest.mark.parametrize(("given", "said"), [
    ({0.5, 0.01}, "not a set"),
    ([True, False], "not text or booleans"),
    (["0.01"], "not text or booleans"),
    ("0.01", "not text or booleans"),
    (np.array([True, False]), "not text or booleans"),
])
def test_p_values_that_are_no_numbers_in_order_are_refused(given: object, said: str) -> None:
    with pytest.raises(ts.DataError, match=said):
        benjamini_hochberg(given)  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(benjamini_hochberg([0.01, pd.NA, 0.5]),
                                      [True, False, False])
        np.testing.assert_array_equal(benjamini_hochberg(np.array([0.01, 0.2], np.float32)),
                                      [True, False])


@pytest.mark.parametrize("share", [0.02, 0.3])
def test_binary_scores_read_alike_from_an_array_and_from_a_sketch(share: float) -> None:
    """A review: binary scores with 30% ones were a ceiling in classify(x) and "a scale of a
    few levels" (another note, a ties warning besides) in an analysis of their sketch, which
    holds more than the classifier's window: the atom is looked for in the window alone."""
    x = (np.random.default_rng(3).random(10_000) < share).astype(float)
    whole = ts.classify(x, warn=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        sketched = next(iter(ts.analyze(ts.TailSketch.from_sample(x)).classifications.values()))
    assert (sketched.label, sketched.pattern) == (whole.label, whole.pattern) == (
        "bounded", "saturated")
    assert sketched.warnings == whole.warnings


def test_the_column_is_the_second_argument_as_in_analyze() -> None:
    """Review 413: ``ts.classify(df, "reward")`` was a TypeError (the column was keyword-only
    here and second in ``analyze``); both spellings now give the same verdict."""
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"prompt": "p", "reward": rng.standard_t(3, size=5_000)})
    by_place = ts.classify(df, "reward")
    by_name = ts.classify(df, column="reward")
    assert by_place.to_dict() == by_name.to_dict()
    assert by_place.name == "reward"

"""A saved analysis whose table rows say what repr(), explain() and the report cannot read is
refused when read back (``tailstat/saved.py``), as any other damage is."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts


def _saved() -> tuple[ts.TailAnalysis, str]:
    r = np.random.default_rng(0).standard_t(3, 3000)
    r[2500] = np.inf  # group c fails
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"g": np.repeat(["a", "b", "c"], 1000), "r": r}), "r",
                       by="g")
    return a, a.to_json()


@pytest.mark.parametrize(("old", "new", "words"), [
    ('{"dtype":"boolean","values":[true,true,{"$missing":"NA"}]}',
     '{"dtype":"object","values":["yes","no",{"$missing":"NA"}]}',
     "heavy_flag of 'a' is 'yes', not true/false"),
    ('"values":["heavy","heavy",{"$float":"NaN"}]', '"values":["heavy","heavy","heavy"]',
     "gives the failed group 'c' the label 'heavy'"),
])
def test_rows_repr_cannot_read_are_refused(old: str, new: str, words: str) -> None:
    """A review: heavy_flag strings, or a label on a failed group's row, were read back, and
    repr() failed with a TypeError (and the report with it)."""
    a, text = _saved()
    assert text.count(old) == 1
    assert repr(ts.read_analysis(text)) == repr(a)
    with pytest.raises(ts.DataError, match=words):
        ts.read_analysis(text.replace(old, new))


def test_a_group_both_classified_and_failed_is_refused() -> None:
    import dataclasses

    a, _ = _saved()
    both = dataclasses.replace(a, failures={**a.failures, "a": "an edited failure"})
    with pytest.raises(ts.DataError, match="its group 'a' is both classified and failed"):
        both.to_json()

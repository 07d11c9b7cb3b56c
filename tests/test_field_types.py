"""Fields read back from a saved analysis, checked against their annotations:
``tailstat/_field_types.py``."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat._field_types import field_problem
from tailstat.results import Interval

_ONE = ts.analyze(np.random.default_rng(13).normal(size=3000), warn=False)


def test_field_problem_reads_the_annotation() -> None:
    assert field_problem(Interval, "low", 0.5) is None
    assert field_problem(Interval, "low", float("nan")) is None
    assert field_problem(Interval, "level", None) == "Interval.level is None, not a number"
    assert field_problem(Interval, "method", 3) == "Interval.method is 3, not a string"


@pytest.mark.parametrize("edit, words", [
    (lambda f: f["xi_ci"]["fields"].update(low="a", level=None),
     "Interval.low is 'a', not a number"),
    (lambda f: f.__setitem__("evidence", None), "TailClassification.evidence is None"),
    (lambda f: f.__setitem__("subtype_probabilities", "x"),
     "TailClassification.subtype_probabilities is 'x'"),
    (lambda f: f.__setitem__("warnings", 5), "TailClassification.warnings is 5"),
])
def test_fields_of_the_wrong_kind_are_damage_not_a_crash_in_repr_or_report(
        edit: Any, words: str) -> None:
    """A review: an interval's level null crashed read_analysis with a TypeError (from the
    repr of its own message), and a classification's evidence null, subtype probabilities a
    string or warnings a number were read, then crashed the report ("probably a bug"). Every
    field of a result is checked against its annotation when read."""
    doc = json.loads(_ONE.to_json())
    edit(next(iter(doc["analysis"]["fields"]["classifications"].values()))["fields"])
    with raises_data_error("damaged", words):
        ts.read_analysis(json.dumps(doc))

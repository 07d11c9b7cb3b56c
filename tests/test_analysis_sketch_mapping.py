"""A mapping of sketches other than a dict (``tailstat/analysis_sketches.py``)."""

from __future__ import annotations

import types

import numpy as np

import tailstat as ts


def test_any_mapping_of_sketches_is_analysed_as_a_dict_of_them() -> None:
    """Review 425: a MappingProxyType of sketches was refused as "a mapping; ... a dict of
    TailSketch is one group per key", exactly what it is."""
    rng = np.random.default_rng(0)
    groups = {k: ts.TailSketch.from_sample(rng.normal(size=3000)) for k in ("a", "b")}
    got = ts.analyze(types.MappingProxyType(groups))
    want = ts.analyze(groups)
    assert list(got.classifications) == ["a", "b"]
    for key in groups:
        assert got.classifications[key].probabilities == want.classifications[key].probabilities

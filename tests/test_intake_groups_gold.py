"""The gold pairs of :func:`tailstat.data.check_groups` (``gold=``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tailstat.data import check_groups


def test_gold_pairs_are_read_only() -> None:
    """A frozen Groups' gold pairs could be changed in place (a review); the caller's frame
    is not touched."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=300), "g": rng.normal(size=300), "k": ["a"] * 300})
    before = df.copy()
    groups = check_groups(df, "r", by="k", gold="g")
    proxy, gold = groups.gold["a"]
    for a in (proxy, gold):
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 0.0
    df.loc[0, "g"] = 5.0  # the caller's frame stays its own, and writeable
    assert gold[0] == before.loc[0, "g"]

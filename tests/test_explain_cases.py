"""explain() on exponential-type shares and on scales of few levels
(``tailstat/classification/levels.py``, ``_explain.py``)."""

from __future__ import annotations

import numpy as np

import tailstat as ts
from tailstat.classification.levels import exponential_share


def test_an_exponential_type_share_below_08_is_given_as_a_split_not_named_flatly() -> None:
    """Review 428: at a share of 0.6-0.8 the subtype was named ("show an exponential-type
    upper tail") and the same sentence then said "unless the tail is exponential-type (a 73%
    share of P(light))"; one threshold now, CONFIDENT, for both."""
    c = ts.classify(np.random.default_rng(0).exponential(size=10_000))
    assert c.subtype == "exponential-type" and 0.6 <= exponential_share(c) < 0.8
    text = c.explain()
    assert "show a light upper tail (P(light) = 0.96, of which 73% exponential-type" in text
    assert "exponential-type upper tail" not in text
    sure = ts.classify(np.random.default_rng(2).exponential(size=100_000))
    assert exponential_share(sure) >= 0.8 and "show an exponential-type upper tail" in (
        sure.explain())


def test_a_scale_of_few_levels_is_not_told_to_read_its_tail_as_light() -> None:
    """Review 428: 1-10 ratings at n = 1,000 read "uncertain — leaning bounded (0.75)" (a few
    levels) and were told "if these scores have no natural maximum, read the tail as light",
    advice for a continuous mixture's top category, not for a ratings scale."""
    x = np.random.default_rng(1).integers(1, 11, size=1000).astype(float)
    c = ts.classify(x, warn=False)
    assert c.label == "bounded" and c.settings["coarse_levels"] is not None
    assert "read the tail as light" not in c.explain()
    mixture = ts.classify(np.random.default_rng(3).uniform(size=10_000))  # (no levels)
    assert mixture.label == "bounded" and "read the tail as light" in mixture.explain()

"""The Goodhart functions check their arguments before they fit a tail model
(``tailstat/goodhart/tilt.py``, ``frontier.py``, ``summary.py``, ``conditioning.py``)."""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import raises_data_error

from tailstat.goodhart import conditioning, goodhart_summary, kl_frontier, kl_tilt

#: 60 values: too few for the automatic threshold (62), so a fit fails with its own error.
_U = np.random.default_rng(0).normal(size=60)


@pytest.mark.parametrize(("call", "words"), [
    (lambda: kl_tilt(_U, beta=-1.0), ("beta must be > 0",)),
    (lambda: kl_tilt(_U, beta="a"), ("beta must be numeric",)),
    (lambda: kl_frontier(_U, "x"), ("target must be",)),
    (lambda: goodhart_summary(_U, n=0), ("n must be > 0",)),
    (lambda: goodhart_summary(_U, target_sd=-1), ("target_sd must be > 0",)),
    (lambda: goodhart_summary(_U, kl_budget=-1), ("kl_budget must be > 0",)),
    (lambda: goodhart_summary(_U, warn="no"), ("warn must be True or False",)),
    (lambda: conditioning(_U, _U + 1.0, "a"), ("thresholds must be",)),
], ids=["beta<0", "beta-text", "target", "n", "target_sd", "kl_budget", "warn", "thresholds"])
def test_a_bad_argument_is_named_before_the_tail_is_fitted(call, words) -> None:
    """A review: kl_tilt(60 values, beta=-1) reported the tail fit's "needs at least 62
    values" (the same for a bad target, target_sd, n, kl_budget or thresholds): the
    arguments are checked first, at the entry point."""
    with raises_data_error(*words) as info:
        call()
    assert "tail model" not in str(info.value) and "62" not in str(info.value)

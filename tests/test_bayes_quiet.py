"""Quiet logging during a fit (``tailstat/bayes/_quiet.py``): PyMC's and ArviZ's chatter held
back, every level restored, nothing else touched."""

from __future__ import annotations

import logging
import threading
import warnings

import numpy as np
import pytest
from _helpers import BAYES_SHORT_RUN, gpd_draws

pytest.importorskip("pymc")

from tailstat.bayes import fit_bayes
from tailstat.bayes._quiet import QUIET_LOGGERS, quiet_logging

SHORT = {"draws": 400, "tune": 400, "chains": 2}
short_run = BAYES_SHORT_RUN


@short_run
def test_fit_leaves_global_state_as_it_found_it() -> None:
    """Logger levels, warning filters and numpy's global random state are untouched.

    (PyMC before 5.18 seeded numpy's global generator inside ``pm.sample``: the reason
    for the lower bound ``pymc>=5.18``.)
    """
    x = gpd_draws(0.2, 300, seed=15)
    fit_bayes(x, 0.0, seed=1, **SHORT)  # first imports may add filters of their own
    loggers = [logging.getLogger(n) for n in ("pymc", "arviz")]
    before = [lg.level for lg in loggers]
    filters = list(warnings.filters)
    # numpy's legacy global generator is what is checked here, hence the noqa
    before_rng = np.random.get_state()  # noqa: NPY002
    fit_bayes(x, 0.0, seed=2, **SHORT)
    after_rng = np.random.get_state()  # noqa: NPY002
    assert np.array_equal(after_rng[1], before_rng[1]) and after_rng[2] == before_rng[2]
    assert [lg.level for lg in loggers] == before
    assert warnings.filters == filters


def test_nested_and_concurrent_quiet_blocks_restore_the_levels_once_all_have_left() -> None:
    """Within a block the loggers stand at ERROR (or higher, if set so); nested blocks and
    blocks in other threads share one saved state, which the last to leave restores -- a
    level set before is kept, and an INFO message inside is held back."""
    loggers = [logging.getLogger(n) for n in QUIET_LOGGERS]
    before = [lg.level for lg in loggers]
    loggers[0].setLevel(logging.DEBUG)
    try:
        inside, outer_left = threading.Event(), threading.Event()
        seen: list[list[int]] = []

        def other() -> None:
            with quiet_logging():
                inside.set()
                outer_left.wait(5)
                seen.append([lg.level for lg in loggers])  # the outer block has left

        with quiet_logging():
            assert all(lg.getEffectiveLevel() >= logging.ERROR for lg in loggers)
            assert not loggers[0].isEnabledFor(logging.INFO)
            with quiet_logging():
                assert loggers[0].level == logging.ERROR
            assert loggers[0].level == logging.ERROR  # the inner block left, the outer holds
            t = threading.Thread(target=other)
            t.start()
            assert inside.wait(5)
        outer_left.set()
        t.join(5)
        assert seen and all(level >= logging.ERROR for level in seen[0])
        assert loggers[0].level == logging.DEBUG  # restored when the last block left
    finally:
        for lg, level in zip(loggers, before, strict=True):
            lg.setLevel(level)

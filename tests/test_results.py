"""The result base class (``tailstat.results``): frozen results whose arrays stay read-only."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import tailstat as ts
from tailstat.data import check_sample

_COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle-2": lambda r: pickle.loads(pickle.dumps(r, protocol=2)),
    "pickle-5": lambda r: pickle.loads(pickle.dumps(r, protocol=5)),
    "deepcopy": copy.deepcopy,
    "copy": copy.copy,
}


@pytest.mark.parametrize("how", sorted(_COPIES))
def test_copied_and_unpickled_results_keep_their_arrays_read_only(how: str) -> None:
    """pickle with protocol < 5 and deepcopy rebuild arrays writeable: a copy of a result
    whose arrays could be changed in place (``fit.excesses[:] = 0``) was no longer frozen."""
    x = np.random.default_rng(3).standard_t(3, 4000)
    fit = ts.fit_gpd(x, "95%")
    for r in (check_sample(x), ts.upper_tail(x), fit, fit.return_level([100, 1000]),
              ts.mean_excess(x), ts.hill(x, k=200, ci_method="bootstrap", n_boot=20, seed=0)):
        back = _COPIES[how](r)
        arrays = {name: value for name, value in vars(back).items()
                  if isinstance(value, np.ndarray)}
        assert arrays, type(r).__name__
        for name, value in arrays.items():
            assert not value.flags.writeable, (type(r).__name__, name)
            np.testing.assert_array_equal(value, getattr(r, name))
        with pytest.raises(ValueError, match="read-only"):
            next(iter(arrays.values()))[...] = 0
    # the original's arrays are untouched, and a caller's writeable array stays writeable
    mine = x.copy()
    s = check_sample(mine)
    _COPIES[how](s)
    assert mine.flags.writeable and not s.values.flags.writeable

"""tailstat._blas: one BLAS thread inside the context, and nothing changed after it."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import numpy as np
import pytest
import threadpoolctl
from _helpers import BLAS_THREADS, fresh_python


def test_the_first_call_leaves_no_environment_variable_behind() -> None:
    """A review: importing threadpoolctl sets KMP_DUPLICATE_LIB_OK=True, which stayed set
    for the rest of the process (read in a fresh one: this one has imported it already)."""
    code = ("import os\n"
            "os.environ.pop('KMP_DUPLICATE_LIB_OK', None)\n"
            "from tailstat._blas import one_blas_thread\n"
            "with one_blas_thread():  # (threadpoolctl imported by it: no setdefault below)\n"
            f"    inside = {BLAS_THREADS}\n"
            "print(os.environ.get('KMP_DUPLICATE_LIB_OK'), set(inside) <= {1})\n")
    out = fresh_python(code).split()
    assert out == ["None", "True"]


# (entry point, its module's helper the work runs through, a call of the entry point)
_ENTRIES = [
    ("fit_gpd", "numpy.linalg.eigvalsh", lambda ts, x, v: ts.fit_gpd(x)),
    ("select_threshold", "tailstat.gpd.select.null_sf", lambda ts, x, v: ts.select_threshold(x)),
    ("threshold_stability", "tailstat.gpd.threshold._stability_row",
     lambda ts, x, v: ts.threshold_stability(x)),
    ("return_level", "tailstat.gpd.return_level._profile_bounds",
     lambda ts, x, v: ts.fit_gpd(x, threshold="90%").return_level([100.0, 1e4])),
    ("best_of_n", "tailstat.goodhart.bon._plugin_sums", lambda ts, x, v: ts.best_of_n(x)),
    ("kl_frontier", "tailstat.goodhart.frontier._rates", lambda ts, x, v: ts.kl_frontier(x)),
    ("kl_tilt", "tailstat.goodhart.tilt._sample_tilt", lambda ts, x, v: ts.kl_tilt(x)),
    ("conditioning", "tailstat.goodhart.conditioning._sf_x",
     lambda ts, x, v: ts.conditioning(x + v, v)),
    ("goodhart_summary", "tailstat.goodhart.frontier._rates",
     lambda ts, x, v: ts.goodhart_summary(x)),
    ("fit_overoptimization", "tailstat.goodhart.overopt._t_intervals",
     lambda ts, x, v: ts.fit_overoptimization(np.arange(8.0), np.sqrt(np.arange(8.0))
                                              * (1.0 - 0.1 * np.sqrt(np.arange(8.0))) + 0.01
                                              * np.cos(np.arange(8.0)))),
    ("tail_dependence", "tailstat.dependence._blocks", lambda ts, x, v: ts.tail_dependence(x, v)),
    ("analyze", "tailstat.analysis.heavy_pvalues", lambda ts, x, v: ts.analyze(x)),
]


@pytest.mark.parametrize(("entry", "helper", "call"), _ENTRIES, ids=[e[0] for e in _ENTRIES])
def test_public_entry_points_compute_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch,
                                                        entry: str, helper: str,
                                                        call: Any) -> None:
    """A review: the public entry points left BLAS on all its threads, where every small
    product and 120 x 120 eigenvalue problem waited for the second thread of a busy 2-core
    machine (fit_gpd's automatic threshold 3x slower, best_of_n at 10^7 2-4x). Inside the
    work BLAS has one thread; after it, the caller's setting is back."""
    import tailstat as ts

    module_name, attr = helper.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, attr)
    seen: list[set[int]] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append({p["num_threads"] for p in threadpoolctl.threadpool_info()
                     if p["user_api"] == "blas"})
        return original(*args, **kwargs)

    monkeypatch.setattr(module, attr, recording)
    rng = np.random.default_rng(3)
    v = rng.standard_normal(4000)
    x = rng.standard_t(4.0, 4000) + 0.5 * v
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call(ts, x, v)
        after = {p["num_threads"] for p in threadpoolctl.threadpool_info()
                 if p["user_api"] == "blas"}
    assert seen, f"{entry} did not reach {helper}"
    assert all(s == {1} for s in seen), (entry, seen)
    assert after == {2}

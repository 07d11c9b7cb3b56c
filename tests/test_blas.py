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


def _blas_threads() -> set[int]:
    return {p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"}


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
    ("goodhart_summary", "tailstat.goodhart.summary.resolve_tail",
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

    if not _blas_threads():
        pytest.skip("threadpoolctl sees no BLAS library here (nothing to limit)")
    # the package's modules loaded first, as the call's own imports are not the call's work
    # (gof's Gauss-Legendre rule takes an eigvalsh at import)
    [getattr(ts, name) for name in ts.__all__ if name != "plot"]
    module_name, attr = helper.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, attr)
    seen: list[set[int]] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(_blas_threads())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, attr, recording)
    rng = np.random.default_rng(3)
    v = rng.standard_normal(4000)
    x = rng.standard_t(4.0, 4000) + 0.5 * v
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call(ts, x, v)
        after = _blas_threads()
    assert seen, f"{entry} did not reach {helper}"
    assert all(s == {1} for s in seen), (entry, seen)
    assert after == {2}


def test_a_limit_set_in_one_thread_is_lifted_by_the_thread_leaving_last() -> None:
    """A review: threadpoolctl lets only the thread that first set OpenBLAS's count change
    it; a block entered in one thread and left last in another left BLAS on one thread,
    and after one tailstat call a user's own threadpool_limits in another thread did
    nothing. Fresh process: blocks overlap in two threads, the first to enter leaving
    first; then another thread's own limit holds."""
    code = ("import threading\n"
            "import numpy  # (its BLAS loaded before the limit)\n"
            "from threadpoolctl import threadpool_limits\n"
            "import tailstat\n"
            "from tailstat._blas import one_blas_thread\n"
            "def blas(): return " + BLAS_THREADS + "\n"
            "with threadpool_limits(limits=2, user_api='blas'):\n"
            "    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()\n"
            "    seen = []\n"
            "    def a():\n"
            "        with one_blas_thread():\n"
            "            a_in.set(); b_in.wait(5)\n"
            "        a_out.set()\n"
            "    def b():\n"
            "        a_in.wait(5)\n"
            "        with one_blas_thread():\n"
            "            b_in.set(); a_out.wait(5); seen.append(blas())\n"
            "    ts = [threading.Thread(target=f) for f in (a, b)]\n"
            "    [t.start() for t in ts]; [t.join(10) for t in ts]\n"
            "    after = blas()\n"
            "    def user(): seen.append(('user', blas_in()))\n"
            "    def blas_in():\n"
            "        with threadpool_limits(limits=1, user_api='blas'): return blas()\n"
            "    t = threading.Thread(target=user); t.start(); t.join(10)\n"
            "    print(seen[0], after, seen[1][1])\n")
    out = fresh_python(code).split("] ")
    assert [part.strip(" []\n") for part in out] == ["1", "2", "1"], out


def test_a_fork_while_another_thread_sets_the_limit_leaves_the_child_usable() -> None:
    """A review: the lock was held across the library calls (which release the GIL), so a
    child forked meanwhile inherited it held and hung on its first call. Fresh process: a
    thread holds the lock while the main thread forks; the child's call returns."""
    code = ("import os, sys, threading, time\n"
            "import tailstat._blas as b\n"
            "held = threading.Event()\n"
            "def hold():\n"
            "    with b._LOCK:\n"
            "        held.set(); time.sleep(0.3)\n"
            "t = threading.Thread(target=hold); t.start(); held.wait(5)\n"
            "pid = os.fork()\n"
            "if pid == 0:\n"
            "    with b.one_blas_thread(): pass\n"
            "    os._exit(0)\n"
            "for _ in range(100):\n"
            "    done, status = os.waitpid(pid, os.WNOHANG)\n"
            "    if done: break\n"
            "    time.sleep(0.05)\n"
            "else:\n"
            "    os.kill(pid, 9); os.waitpid(pid, 0); print('hung'); sys.exit()\n"
            "print('returned', os.waitstatus_to_exitcode(status))\n")
    assert fresh_python(code).split() == ["returned", "0"]


def test_a_child_forked_while_another_thread_is_inside_a_call_gets_blas_back() -> None:
    """A review: the child inherited the open count of a thread it does not hold, so the
    limit was never lifted there: BLAS on one thread for the child's life. Fresh process:
    a thread is inside a block when the main thread forks; the child is back at two
    threads at once and after a call of its own, as is the parent afterwards."""
    code = ("import os, sys, threading\n"
            "import numpy  # (its BLAS loaded before the limit)\n"
            "from threadpoolctl import threadpool_limits\n"
            "from tailstat._blas import one_blas_thread\n"
            "def blas(): return sorted(" + BLAS_THREADS + ")\n"
            "with threadpool_limits(limits=2, user_api='blas'):\n"
            "    inside, go = threading.Event(), threading.Event()\n"
            "    def hold():\n"
            "        with one_blas_thread():\n"
            "            inside.set(); go.wait(10)\n"
            "    t = threading.Thread(target=hold); t.start(); inside.wait(5)\n"
            "    held = blas()\n"
            "    pid = os.fork()\n"
            "    if pid == 0:\n"
            "        at_fork = blas()\n"
            "        with one_blas_thread():\n"
            "            during = blas()\n"
            "        print(held, at_fork, during, blas()); sys.stdout.flush(); os._exit(0)\n"
            "    os.waitpid(pid, 0); go.set(); t.join(10)\n"
            "    print(blas())\n")
    out = fresh_python(code).replace(" ", "").split()
    assert out == ["[1][2][1][2]", "[2]"], out


def test_openblas_on_openmp_is_limited_in_each_thread_for_its_own_blocks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: OpenBLAS built on OpenMP limits the calling thread only; with one limit
    shared across threads, set in the first thread to enter and lifted in the last to
    leave, the first stayed on one thread after its call. Such a library is limited by
    each thread for its own blocks, set and lifted in that thread; the others' limit stays
    shared. (This machine's OpenBLAS is on pthreads: its threading layer is read as OpenMP
    for the routing, and a recording controller stands for the per-thread one.)"""

    from threadpoolctl import OpenBLASController

    from tailstat import _blas

    monkeypatch.setattr(OpenBLASController, "_get_threading_layer", lambda self: "openmp")
    kept = _blas._STATE[1]
    try:
        _blas._STATE[1] = None
        ctls = _blas._controllers()
        _run_two_threads(_blas, ctls)
    finally:
        _blas._STATE[1] = kept


def _run_two_threads(_blas: Any, ctls: Any) -> None:
    """The routing of the test above, then two threads' blocks on a recording controller."""
    import threading

    if not _blas_threads():
        pytest.skip("threadpoolctl sees no BLAS library here")
    assert ctls is not None and ctls[1] is not None
    assert {lib.internal_api for lib in ctls[1].lib_controllers} == {"openblas"}
    assert not any(lib.internal_api == "openblas" for lib in
                   (ctls[0].lib_controllers if ctls[0] is not None else []))
    log: list[tuple[str, int]] = []

    class Limiter:
        def __init__(self) -> None:
            log.append(("set", threading.get_ident()))

        def restore_original_limits(self) -> None:
            log.append(("lift", threading.get_ident()))

    class PerThread:
        def limit(self, limits: int, user_api: str) -> Limiter:
            assert (limits, user_api) == (1, "blas")
            return Limiter()

    _blas._STATE[1] = (None, PerThread())
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    idents: dict[str, int] = {}

    def a() -> None:
        idents["a"] = threading.get_ident()
        with _blas.one_blas_thread():
            with _blas.one_blas_thread():  # nested: its own limit inside the outer one
                a_in.set()
            b_in.wait(5)
        a_out.set()

    def b() -> None:
        idents["b"] = threading.get_ident()
        a_in.wait(5)
        with _blas.one_blas_thread():
            b_in.set()
            a_out.wait(5)

    threads = [threading.Thread(target=f) for f in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    ia, ib = idents["a"], idents["b"]
    assert [e for e in log if e[1] == ia] == [("set", ia), ("set", ia), ("lift", ia),
                                              ("lift", ia)]
    assert [e for e in log if e[1] == ib] == [("set", ib), ("lift", ib)]
    assert not _blas._OPEN and _blas._STATE[0] is None

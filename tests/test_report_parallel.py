"""The report's worker processes: same results as the serial path, to the byte; serial fallback."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import _workers as _parallel
from tailstat._workers import Pending, Workers
from tailstat.analysis import analyze_groups
from tailstat.analysis_goodhart import add_goodhart
from tailstat.classification.classifier import MIN_N
from tailstat.data import check_groups
from tailstat.reporting import build_report
from tailstat.reporting._build import _started_first
from tailstat.reporting._groups import group_contexts

pytestmark = pytest.mark.usefixtures("two_workers")  # (tests/conftest.py)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 3000
    makers = [lambda: rng.standard_t(3.0, n), lambda: rng.normal(size=n),
              lambda: np.tanh(rng.normal(size=n)), lambda: rng.lognormal(0.0, 1.0, n),
              lambda: rng.gumbel(size=n)]
    parts = []
    for i, make in enumerate(makers):
        v = rng.normal(size=n)
        parts.append(pd.DataFrame({"model": f"m{i}", "reward": make() + 0.3 * v, "gold": v}))
    tiny = pd.DataFrame({"model": "tiny", "reward": rng.normal(size=20), "gold": 0.0})
    return pd.concat([*parts, tiny], ignore_index=True)


@pytest.fixture(scope="module")
def groups(frame: pd.DataFrame) -> object:
    return check_groups(frame, "reward", by="model", gold="gold", min_size=MIN_N)  # as analyze


@pytest.fixture(scope="module")
def analysis(groups: object) -> ts.TailAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return analyze_groups(groups, warn=False)  # type: ignore[arg-type]


def _no_progress(msg: str) -> None:
    return None


def test_goodhart_in_workers_equals_serial_and_analyze(frame: pd.DataFrame, groups: object,
                                                       analysis: ts.TailAnalysis) -> None:
    serial = add_goodhart(analysis, groups, mapper=Workers().map)  # type: ignore[arg-type]
    with Workers() as workers:  # (not started: here)
        workers.start(10)
        assert workers.pool is not None
        pooled = add_goodhart(analysis, groups, mapper=workers.map)  # type: ignore[arg-type]
        assert workers.pool is not None  # the pool did the work (no fallback)
    pd.testing.assert_frame_equal(serial.table, pooled.table, check_exact=True)
    assert list(serial.goodhart) == list(pooled.goodhart)
    assert serial.goodhart_failures == pooled.goodhart_failures
    for key, g in serial.goodhart.items():
        assert g.verdict == pooled.goodhart[key].verdict
        pd.testing.assert_frame_equal(g.best_of_n, pooled.goodhart[key].best_of_n,
                                      check_exact=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        direct = ts.analyze(frame, "reward", by="model", gold="gold", goodhart=True, warn=False)
    pd.testing.assert_frame_equal(direct.table, serial.table, check_exact=True)
    assert serial.settings == direct.settings


def test_figures_in_workers_are_byte_identical(groups: object,
                                               analysis: ts.TailAnalysis) -> None:
    full = add_goodhart(analysis, groups)  # type: ignore[arg-type]
    serial = group_contexts(full, _no_progress, dpi=60, max_points=300)
    seen: list[str] = []
    with Workers() as workers:
        workers.start(10)
        pooled = group_contexts(full, seen.append, dpi=60, max_points=300, workers=workers)
        assert workers.pool is not None
    assert len(serial) == len(pooled) == len(full.classifications) >= _parallel.MIN_TASKS
    assert seen == [f"[{i}/{len(pooled)}] figures for 'm{i - 1}'"
                    for i in range(1, len(pooled) + 1)]
    for a, b in zip(serial, pooled, strict=True):
        assert a["figure"].uri == b["figure"].uri
        assert a["goodhart"]["figure"].uri == b["goodhart"]["figure"].uri
        assert a == b


def _unpicklable_task(task: object) -> int:
    return 1


def test_pool_failure_falls_back_to_serial() -> None:
    tasks = [lambda j=i: j for i in range(5)]  # lambdas do not pickle
    with Workers() as workers:
        workers.start(len(tasks))
        out = workers.map(_unpicklable_task, tasks)
        assert workers.pool is None  # closed after the failure
    assert out == [1] * 5


def _dies_in_a_worker(task: int) -> int:
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None:
        os._exit(3)  # a worker that crashes
    return task * 2


def test_worker_crash_falls_back_to_serial() -> None:
    with Workers() as workers:
        workers.start(6)
        out = workers.map(_dies_in_a_worker, list(range(6)))
        assert workers.pool is None
    assert out == [0, 2, 4, 6, 8, 10]


def _dies_late(task: int) -> tuple[int, bool]:
    import multiprocessing
    import os
    import time

    in_worker = multiprocessing.parent_process() is not None
    if in_worker and task >= 3:
        time.sleep(1.0)  # the earlier results are back first
        os._exit(3)
    return task * 2, in_worker


def test_worker_crash_keeps_the_results_so_far() -> None:
    seen: list[int] = []
    with Workers() as workers:
        workers.start(6)
        out = workers.map(_dies_late, list(range(6)), seen.append)
        assert workers.pool is None
    assert [v for v, _ in out] == [0, 2, 4, 6, 8, 10]
    assert [w for _, w in out] == [True] * 3 + [False] * 3  # only the rest rerun here
    assert seen == list(range(6))


def _where(task: int) -> tuple[int, bool]:
    import multiprocessing

    return task * 3, multiprocessing.parent_process() is not None


def test_submitted_task_runs_in_a_worker_or_here() -> None:
    with Workers() as workers:
        workers.start(_parallel.MIN_TASKS)
        assert workers.submit(_where, 2).result() == (6, True)  # in a worker
        assert workers.submit(_dies_in_a_worker, 4).result() == 8  # crashed there: run here
        assert workers.submit(_unpicklable_task, lambda: 0).result() == 1  # stays here
    assert Workers().submit(_where, 1).result() == (3, False)  # no pool: here


def test_started_tasks_are_taken_all_or_none() -> None:
    mapped: list[list[int]] = []

    def mapper(fn: Any, tasks: Any, on_result: Any) -> list[int]:
        mapped.append([t[0] for t in tasks])
        return [fn(t) for t in tasks]

    early = {k: Pending(_where, k, None) for k in (1, 2)}
    done: list[int] = []
    assert _started_first(early, mapper, _where, [(1,), (2,)], done.append) == [(3, False),
                                                                                (6, False)]
    assert mapped == [] and done == [0, 1]
    assert _started_first(early, mapper, len, [(1,), (5,)], done.append) == [1, 1]
    assert mapped == [[1, 5]]


def test_few_tasks_run_here() -> None:
    with Workers() as workers:
        workers.start(_parallel.MIN_TASKS - 1)
        assert workers.pool is None
        assert workers.map(abs, [-1, 2]) == [1, 2]


def test_report_with_and_without_workers(frame: pd.DataFrame, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    submitted: list[str] = []
    submit = Workers.submit

    def counting(self: Workers, fn: Any, task: Any) -> Any:
        submitted.append(fn.__name__)
        return submit(self, fn, task)

    monkeypatch.setattr(Workers, "submit", counting)
    pooled = build_report(frame, tmp_path / "a.html", column="reward", by="model", gold="gold",
                          dpi=50, max_points=200)
    # each group's Goodhart summary (and figure) started as soon as it was classified; then
    # the overview and the figure of each classified group, queued before any result is read
    n_ok = len(pooled.analysis.classifications)
    assert submitted == (["goodhart_report_task"] * frame["model"].nunique()
                         + ["overview_task"] + ["_figures_task"] * n_ok)
    monkeypatch.setattr(_parallel, "MIN_TASKS", 10_000)
    serial = build_report(frame, tmp_path / "b.html", column="reward", by="model",
                          gold="gold", dpi=50, max_points=200)

    def strip(p: Path) -> str:  # the time of generation differs
        return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d UTC", "T", p.read_text("utf-8"))

    assert strip(pooled.path) == strip(serial.path)
    pd.testing.assert_frame_equal(pooled.analysis.table, serial.analysis.table,
                                  check_exact=True)


def test_tailstat_threads_1_keeps_the_report_in_this_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: the report's pool read only the usable cores, so ``TAILSTAT_THREADS=1`` (the
    setting for a virtual machine whose second core is busy) still forked two workers, and
    the report was slower than on one core (4.7-5.6 s against 3.9 s)."""
    monkeypatch.setenv("TAILSTAT_THREADS", "1")
    assert _parallel.worker_count() == 1
    with Workers() as w:
        w.start(10_000)
        assert w.pool is None
    monkeypatch.setenv("TAILSTAT_THREADS", "2")
    monkeypatch.setattr(_parallel, "usable_cores", lambda: 8)
    assert _parallel.worker_count() == 2


def test_a_worker_keeps_blas_on_one_thread_for_its_life() -> None:
    """A review: once one_blas_thread() became a context of its own, the worker's bare call
    to it set no limit (BLAS threads 2 -> 2 on two cores). Read in a fresh process, as a
    worker is one."""
    from _helpers import BLAS_THREADS, fresh_python

    code = ("import numpy  # noqa: F401  (loaded in the process a worker is forked from)\n"
            "from threadpoolctl import threadpool_limits\n"
            "threadpool_limits(limits=2, user_api='blas')\n"
            "from tailstat._workers import _init_worker\n"
            "_init_worker()\n"
            f"print({BLAS_THREADS})\n")
    out = fresh_python(code).strip()
    assert out == "[1]"


def test_the_report_workers_import_the_drawing_code_as_they_start() -> None:
    """The pool is shared with ``analyze(goodhart=True)``, whose workers import no drawing
    code; the report's import it while the analysis runs here (their first figure is not
    slowed by it)."""
    from _helpers import fresh_python

    code = ("import sys\n"
            "from tailstat._workers import _init_worker\n"
            "from tailstat.reporting._build import WORKER_MODULES\n"
            "before = 'tailstat.plot' in sys.modules\n"
            "_init_worker(WORKER_MODULES)\n"
            "print(before, all(m in sys.modules for m in WORKER_MODULES))\n")
    assert fresh_python(code).strip() == "False True"

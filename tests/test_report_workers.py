"""Review 63: the report's worker processes on an interrupt, their warnings and errors; a
group's unexpected Goodhart error names the group; ``tail_dependence`` leaves the environment
as it was, takes any 1-D array-like of levels, and ``chi_interval`` says the levels it takes."""

from __future__ import annotations

import multiprocessing
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import analysis_goodhart
from tailstat._workers import Workers
from tailstat.analysis_goodhart import run_goodhart_task
from tailstat.dependence import chi_interval

pytestmark = pytest.mark.usefixtures("two_workers")  # (tests/conftest.py)


def _in_worker() -> bool:
    return multiprocessing.parent_process() is not None


def _sleepy(marker: str) -> int:
    Path(marker).touch()  # started
    time.sleep(4.0)
    Path(marker + ".done").touch()  # finished: the block waited for it
    return 1


def test_an_interrupt_in_the_block_ends_the_workers_at_once(tmp_path: Path) -> None:
    """A review: Ctrl-C (or SIGTERM, made KeyboardInterrupt by the command line) in the block
    waited for the workers' running tasks, and queued ones started meanwhile: the interrupt
    reached the caller after 6.1 s for 3 s tasks (24-36 s by the command line)."""
    markers = [str(tmp_path / f"started-{i}") for i in range(4)]
    procs: list[Any] = []
    with pytest.raises(KeyboardInterrupt), Workers() as workers:
        workers.start(len(markers))
        assert workers.pool is not None
        for marker in markers:
            workers.submit(_sleepy, marker)
        deadline = time.monotonic() + 8.0
        while not any(Path(m).exists() for m in markers) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert any(Path(m).exists() for m in markers)  # a task is running
        procs = list(workers.pool._processes.values())
        assert procs and all(p.is_alive() for p in procs)
        raise KeyboardInterrupt
    # the running task was ended, not waited for (an event, not a clock: review 409)
    assert not any(p.is_alive() for p in procs)  # the workers are gone, and no task
    assert not any(Path(m + ".done").exists() for m in markers)  # ran to its end
    assert sum(Path(m).exists() for m in markers) <= 2  # no queued task started


def _fails_at_2(task: int) -> int:
    if task == 2:
        raise ValueError(f"task 2 failed in the {'worker' if _in_worker() else 'caller'}")
    return task


def test_a_tasks_own_error_in_a_worker_is_raised_here_without_running_it_again() -> None:
    """A review: a task that failed in a worker was run a second time here to get its error
    (its work and its warnings twice)."""
    with pytest.raises(ValueError, match="failed in the worker"), Workers() as workers:
        workers.start(5)
        workers.map(_fails_at_2, list(range(5)))
    with pytest.raises(ValueError, match="failed in the worker"), Workers() as workers:
        workers.start(5)
        assert workers.pool is not None
        workers.submit(_fails_at_2, 2).result()


def _warns(task: int) -> bool:
    warnings.warn(f"task {task} warns", UserWarning, stacklevel=1)
    if task == 2:
        raise RuntimeError("task 2 failed")
    return _in_worker()


def _warns_alike(task: int) -> bool:
    warnings.warn("every task warns alike", UserWarning, stacklevel=1)
    return _in_worker()


def test_the_warnings_of_the_tasks_in_workers_are_given_here_once() -> None:
    """A review: a worker's warnings went to its stderr, past a catch_warnings(record=True)
    here, and a task that warned and failed was run again here: its warning twice."""
    with warnings.catch_warnings(record=True) as seen, Workers() as workers:
        warnings.simplefilter("always")
        workers.start(5)
        assert workers.map(_warns, [0, 1]) == [False, False]  # too few: here
        with pytest.raises(RuntimeError, match="task 2 failed"):
            workers.map(_warns, list(range(5)))
        assert workers.pool is not None
        assert workers.submit(_warns, 7).result() is True
    assert [str(w.message) for w in seen] == [f"task {i} warns" for i in (0, 1, 0, 1, 2, 7)]
    assert {w.category for w in seen} == {UserWarning}
    assert {w.filename for w in seen} == {__file__}


def _warnings_here_and_pooled(fn: Any, tasks: list[Any], action: str
                              ) -> list[tuple[list[Any], list[warnings.WarningMessage]]]:
    """The results and warnings of ``Workers.map(fn, tasks)`` under the filter ``action``,
    run here and then in the pool."""
    out = []
    for serial in (True, False):
        with warnings.catch_warnings(record=True) as seen, Workers() as workers:
            warnings.simplefilter(action)  # type: ignore[arg-type]
            if not serial:
                workers.start(5)
            results = workers.map(fn, tasks)
        out.append((results, list(seen)))
    return out


def test_worker_warnings_are_filtered_here_as_the_same_warnings_given_here() -> None:
    """The "default" action shows a warning once per place, as for tasks run here; "error"
    makes it the task's error, raised here."""
    runs = _warnings_here_and_pooled(_warns_alike, list(range(5)), "default")
    assert [results for results, _ in runs] == [[False] * 5, [True] * 5]  # here, then pooled
    assert [[str(w.message) for w in seen] for _, seen in runs] == [
        ["every task warns alike"]] * 2
    with warnings.catch_warnings(), Workers() as workers:
        warnings.simplefilter("error", UserWarning)
        workers.start(5)
        with pytest.raises(UserWarning, match="alike"):
            workers.map(_warns_alike, list(range(5)))


def _boom(key: Any, *args: Any) -> Any:
    if key == "c":
        raise KeyError("missing")
    raise FloatingPointError("overflow in a fit")


def test_an_unexpected_error_of_a_group_summary_names_the_group(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: an error other than DataError in one group's Goodhart summary (e.g. a
    FloatingPointError) did not say which group it came from."""
    monkeypatch.setattr(analysis_goodhart, "_goodhart_group", _boom)
    with pytest.raises(FloatingPointError,
                       match=r"^Goodhart summary of group 'b': overflow in a fit$") as info:
        run_goodhart_task(("b", None, None, None, "x"))
    assert isinstance(info.value.__cause__, FloatingPointError)  # the original, kept
    with pytest.raises(FloatingPointError, match="group 'a / 1': overflow"):
        run_goodhart_task((("a", 1), None, None, None, "x"))
    # a type whose message cannot be replaced (KeyError quotes it): a note, the error as is
    with pytest.raises(KeyError) as key_info:
        run_goodhart_task(("c", None, None, None, "x"))
    assert key_info.value.args == ("missing",)
    assert any("group 'c'" in note for note in getattr(key_info.value, "__notes__", []))


def test_the_command_line_names_the_group_of_a_numerical_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What the review saw: "numerical failure ... rescale the rewards", of no group."""
    from tailstat.cli import main

    rng = np.random.default_rng(3)
    data = tmp_path / "d.csv"
    pd.DataFrame({"model": np.repeat(["a", "b"], 300),
                  "reward": rng.standard_t(4.0, 600)}).to_csv(data, index=False)
    monkeypatch.setattr(analysis_goodhart, "_goodhart_group", _boom)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        code = main(["classify", str(data), "--column", "reward", "--by", "model",
                     "--goodhart", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "numerical failure (FloatingPointError: Goodhart summary of group 'a':" in err


def test_tail_dependence_leaves_the_environment_as_it_was() -> None:
    """A review: tail_dependence imported statsmodels, which imports polars, which sets
    ``_RJEM_MALLOC_CONF`` in the process's environment (the README promises none)."""
    from _helpers import fresh_python

    code = ("import os, numpy as np\n"
            "from tailstat import tail_dependence\n"
            "before = dict(os.environ)\n"
            "x = np.random.default_rng(0).normal(size=(2, 300))\n"
            "tail_dependence(x[0], x[0] + x[1])\n"
            "after = dict(os.environ)\n"
            "print(sorted(k for k in before.keys() | after.keys()"
            " if before.get(k) != after.get(k)))\n")
    assert fresh_python(code).strip() == "[]"


def test_chi_interval_is_wilsons_to_the_bit_without_statsmodels() -> None:
    """The Wilson interval made here: the numbers statsmodels gave (pinned from it)."""
    assert chi_interval(3, 40, 0.95) == (0.025836025774588198, 0.19864233524310543)
    assert chi_interval(7.5, 200, 0.9) == (0.020872715930349405, 0.06647340767531805)
    assert chi_interval(120.25, 130, 0.99) == (0.8427610158516389, 0.965963568781114)
    assert chi_interval(0, 500, 0.95) == (0.0, 0.007624340461552241)
    lo, hi = chi_interval(np.array([0.0, 1, 2.5, 10, 60]), np.full(5, 60.0), 0.8)
    assert lo.tolist() == [0.0, 0.0037190591885701615, 0.019049908202471336,
                           0.11407124411087183, 0.9733564057073998]
    assert hi.tolist() == [0.026643594292600298, 0.0540901779419479, 0.08870671989907894,
                           0.2370244854175284, 1.0]


def test_chi_interval_says_the_levels_it_takes() -> None:
    """A review: the docstring said a level in (0, 1); levels below 0.5 are refused."""
    doc = chi_interval.__doc__ or ""
    assert "level : float in [0.5, 1)" in doc
    assert "level : float in (0, 1)" not in doc
    assert chi_interval(1, 10, 0.5)[0] < 0.1
    with pytest.raises(ts.DataError, match=r"level in \[0.5, 1\)"):
        chi_interval(1, 10, 0.49)


def test_levels_may_be_any_one_dimensional_array_like() -> None:
    """A review: a pandas Series of levels was refused, though the docstring said "sequence
    of float"; bools, strings, NaN and tables stay refused."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=400)
    v = x + rng.normal(size=400)
    want = ts.tail_dependence(x, v, [0.9, 0.95]).table
    for levels in (pd.Series([0.9, 0.95], index=[7, 3]), (0.9, 0.95), np.array([0.9, 0.95]),
                   pd.Index([0.9, 0.95])):
        pd.testing.assert_frame_equal(ts.tail_dependence(x, v, levels).table, want)
    for bad, words in ((pd.Series([True, False]), "got True"), (["0.9"], "got '0.9'"),
                       (pd.Series([0.9, np.nan]), "got nan"), ((0.9, float("nan")), "got nan"),
                       (np.array([[0.9, 0.95]]), "shape (1, 2)"),
                       (pd.DataFrame({"u": [0.9]}), "DataFrame"), ({0.9}, "set"),
                       ("0.9", "str"), (0.9, "float"), ([[0.9], 0.95], "ragged"),
                       (pd.Series([], dtype=float), "at least one")):
        with pytest.raises(ts.DataError, match="levels") as info:
            ts.tail_dependence(x, v, bad)
        assert words in str(info.value)


def test_a_tailstat_warning_from_a_worker_points_at_the_caller() -> None:
    """A re-read: a tailstat warning names the first frame outside tailstat, which in a
    worker is the pool's own (concurrent/futures/process.py); given here, it names the
    caller, as the same call run here does."""
    x = np.random.default_rng(0).normal(size=3000)
    x[:10] = np.nan
    seen_at = []
    for _, seen in _warnings_here_and_pooled(ts.gpd.mean_excess, [x] * 5, "always"):
        said = [w for w in seen if "missing values" in str(w.message)]
        assert len(said) == 5
        seen_at.append({w.filename for w in said})
    assert seen_at == [{__file__}, {__file__}]


def test_a_worker_warning_from_a_module_not_loaded_here_is_shown_once() -> None:
    # a review: a warning located in a module only the workers import (matplotlib.pyplot in
    # a fresh `tailstat report`) was given again with module=None, which shows nothing
    from tailstat._workers import _Outcome

    where = "/nowhere/site-packages/notloaded_here/drawing.py"
    outcome = _Outcome(1, None, "", [(UserWarning("drawn twice"), UserWarning, where, 7)])
    again = _Outcome(1, None, "", [(UserWarning("drawn twice"), UserWarning, where, 7)])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        assert outcome.take() == 1 and again.take() == 1
    assert [str(w.message) for w in seen] == ["drawn twice"]  # shown, and once

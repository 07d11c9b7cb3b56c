"""tailstat._threads: independent NumPy-heavy tasks on the usable cores."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import tailstat._threads as th


def _where(x: int) -> tuple[int, str]:
    return x * x, threading.current_thread().name


@pytest.mark.parametrize("cores", [1, 2, 3, 8])
def test_thread_map_keeps_order_and_sends_only_large_items_to_threads(cores, monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: cores)
    items = list(range(9))
    sizes = [th.MIN_ROWS if i % 3 else 10 for i in items]  # items 0, 3, 6 are small
    out = th.thread_map(_where, items, sizes, name="tailstat-test")
    assert [v for v, _ in out] == [i * i for i in items]
    on_threads = [i for i, (_, name) in zip(items, out, strict=True)
                  if name.startswith("tailstat-test")]
    assert on_threads == ([i for i in items if i % 3] if cores >= 2 else [])
    used = {name for _, name in out if name.startswith("tailstat-test")}
    assert len(used) <= min(cores, th.MAX_THREADS)


def test_thread_map_results_equal_the_loop_bit_for_bit(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 2)
    rng = np.random.default_rng(0)
    arrays = [rng.standard_t(3, size=th.MIN_ROWS + i) for i in range(5)]

    def work(a: np.ndarray) -> bytes:
        return (np.sort(a)[-100:].sum() + np.einsum("i,i->", a, a)).tobytes()

    assert th.thread_map(work, arrays, [a.size for a in arrays]) == [work(a) for a in arrays]


def test_thread_map_raises_the_tasks_error(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 2)

    def fail_on_two(x: int) -> int:
        if x == 2:
            raise ValueError("two")
        return x

    with pytest.raises(ValueError, match="two"):
        th.thread_map(fail_on_two, [1, 2, 3], [th.MIN_ROWS] * 3)
    with pytest.raises(ValueError, match="two"):
        th.thread_map(fail_on_two, [1, 2, 3], [0] * 3)  # all on the calling thread


def test_in_background_runs_on_another_thread_or_says_none(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 1)
    assert th.in_background(_where, 3) is None
    monkeypatch.setattr(th, "usable_cores", lambda: 2)
    pending = th.in_background(_where, 3, name="tailstat-bg")
    assert pending is not None
    value, name = pending.result()
    assert value == 9 and name.startswith("tailstat-bg")


def test_usable_cores_is_a_positive_count():
    assert th.usable_cores() >= 1


def test_a_background_task_hands_its_error_to_result_and_its_thread_has_ended(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 2)

    def fail() -> None:
        raise KeyError("lost")

    pending = th.in_background(fail, name="tailstat-bg-fail")
    assert pending is not None
    with pytest.raises(KeyError, match="lost"):
        pending.result()
    assert not any(t.name.startswith("tailstat-bg-fail") for t in threading.enumerate())


def test_without_threads_to_be_had_the_work_runs_here(monkeypatch):
    """A platform or a limit that refuses new threads: the tasks run on the calling thread,
    with the same results."""
    monkeypatch.setattr(th, "usable_cores", lambda: 2)

    def refuse(self, *args, **kwargs):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(th.threading.Thread, "start", refuse)
    out = th.thread_map(_where, [1, 2, 3], [th.MIN_ROWS] * 3)
    assert out == [(i * i, threading.current_thread().name) for i in (1, 2, 3)]
    assert th.in_background(_where, 3) is None


def test_when_only_some_threads_start_each_item_is_computed_once(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 4)
    real_start = threading.Thread.start
    started = []

    def second_refused(self):
        if self.name.startswith("tailstat-some"):
            started.append(self.name)
            if len(started) == 2:
                raise RuntimeError("can't start new thread")
        real_start(self)

    monkeypatch.setattr(th.threading.Thread, "start", second_refused)
    calls: list[int] = []
    lock = threading.Lock()

    def counted(x: int) -> int:
        with lock:
            calls.append(x)
        return -x

    out = th.thread_map(counted, list(range(12)), [th.MIN_ROWS] * 12, name="tailstat-some")
    assert out == [-x for x in range(12)]
    assert sorted(calls) == list(range(12))  # none twice


def test_after_an_error_the_threads_stop_and_the_first_error_in_order_is_raised(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 2)
    seen: list[int] = []

    def fail_from_five(x: int) -> int:
        seen.append(x)
        if x >= 5:
            raise ValueError(f"item {x}")
        return x

    with pytest.raises(ValueError, match="item 5"):
        th.thread_map(fail_from_five, list(range(40)), [th.MIN_ROWS] * 40)
    assert len(seen) < 40  # the threads took no new item after the errors


def test_the_environment_caps_the_threads(monkeypatch):
    monkeypatch.setattr(th, "usable_cores", lambda: 8)
    monkeypatch.delenv("TAILSTAT_THREADS", raising=False)
    assert th.thread_limit() == th.MAX_THREADS
    monkeypatch.setenv("TAILSTAT_THREADS", "1")
    assert th.thread_limit() == 1
    out = th.thread_map(_where, [1, 2], [th.MIN_ROWS] * 2)
    assert all(name == threading.current_thread().name for _, name in out)
    assert th.in_background(_where, 2) is None
    monkeypatch.setenv("TAILSTAT_THREADS", " 3 ")
    assert th.thread_limit() == 3
    for bad in ("0", "-2", "two", "1.5"):
        monkeypatch.setenv("TAILSTAT_THREADS", bad)
        with pytest.raises(ValueError, match="TAILSTAT_THREADS must be a positive integer"):
            th.thread_limit()

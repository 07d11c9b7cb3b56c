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

    monkeypatch.setattr(th.ThreadPoolExecutor, "submit", refuse)
    monkeypatch.setattr(th.threading.Thread, "start", refuse)
    out = th.thread_map(_where, [1, 2, 3], [th.MIN_ROWS] * 3)
    assert out == [(i * i, threading.current_thread().name) for i in (1, 2, 3)]
    assert th.in_background(_where, 3) is None

""":func:`tailstat.dask.local_client` when its workers do not start."""

from __future__ import annotations

import contextlib
import os
import types

import pytest

pytest.importorskip("distributed")

import tailstat.dask as tsd


def test_workers_that_do_not_start_name_the_usual_cause(monkeypatch) -> None:
    """A review: in a script without a main guard each worker process imports the script
    again and Dask said only 'RuntimeError: Nanny failed to start.'; the error now names
    the guard, keeps Dask's words and cause, and the environment is restored."""
    cause = RuntimeError("Nanny failed to start.")

    def cluster(**_: object) -> None:
        os.environ["TAILSTAT_TEST_LEFT_BEHIND"] = "1"  # as Dask's launcher writes its own
        raise cause

    monkeypatch.setattr(tsd, "_distributed", lambda: types.SimpleNamespace(LocalCluster=cluster))
    before = dict(os.environ)
    with pytest.raises(RuntimeError) as info, tsd.local_client(n_workers=1):
        pass
    text = str(info.value)
    assert "(RuntimeError: Nanny failed to start)" in text
    assert "if __name__ == \"__main__\":" in text and info.value.__cause__ is cause
    assert dict(os.environ) == before


def test_the_callers_own_environment_changes_inside_the_block_stay(monkeypatch) -> None:
    """Review 425: on exit the context manager took back every variable set or changed
    since it began, the caller's own too; now only what the cluster's start wrote, and
    only where it still holds the value written."""
    def cluster(**_: object) -> contextlib.AbstractContextManager[None]:
        os.environ["TAILSTAT_TEST_BY_DASK"] = "1"  # as Dask's launcher writes its own
        os.environ["TAILSTAT_TEST_KEEP"] = "dask"
        return contextlib.nullcontext()

    class Client:
        def __init__(self, *_: object, **__: object) -> None:
            pass

        def __enter__(self) -> Client:
            return self

        def __exit__(self, *_: object) -> None:
            pass

    monkeypatch.setattr(tsd, "_distributed",
                        lambda: types.SimpleNamespace(LocalCluster=cluster, Client=Client))
    for key in ("TAILSTAT_TEST_BY_DASK", "TAILSTAT_TEST_MINE", "TAILSTAT_TEST_KEEP"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TAILSTAT_TEST_CHANGED", "before")
    with tsd.local_client(n_workers=1):
        assert os.environ["TAILSTAT_TEST_BY_DASK"] == "1"
        os.environ["TAILSTAT_TEST_MINE"] = "1"
        os.environ["TAILSTAT_TEST_CHANGED"] = "inside"
        os.environ["TAILSTAT_TEST_KEEP"] = "mine"  # written over Dask's: the caller's
    assert "TAILSTAT_TEST_BY_DASK" not in os.environ
    assert os.environ["TAILSTAT_TEST_MINE"] == "1"
    assert os.environ["TAILSTAT_TEST_CHANGED"] == "inside"
    assert os.environ["TAILSTAT_TEST_KEEP"] == "mine"
    monkeypatch.delenv("TAILSTAT_TEST_MINE")
    monkeypatch.delenv("TAILSTAT_TEST_KEEP")

""":func:`tailstat.dask.local_client` when its workers do not start."""

from __future__ import annotations

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

"""The scheduler's address (``tailstat/_dask_address.py``) and how long tailstat waits for
it (``tailstat.dask.CONNECT_TIMEOUT``)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

pytest.importorskip("distributed")

import tailstat.dask as tsd
from tailstat._dask_address import check_address
from tailstat.errors import DataError


@pytest.mark.parametrize("address", ["http://10.0.0.5:8787", "tcp://:8786"])
def test_what_is_no_scheduler_address_is_refused(address: str) -> None:
    with pytest.raises(DataError, match="not the address of a Dask scheduler"):
        check_address(address)


def test_a_scheduler_address_passes() -> None:
    check_address("tcp://10.0.0.5:8786")


def test_an_address_is_tried_for_ten_seconds_not_thirty(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Any) -> None:
    """A typo in the address took 31.6 s to fail, Dask's default (a review)."""
    import dask.distributed

    seen: dict[str, Any] = {}

    def refused(*args: Any, **kwargs: Any) -> None:
        seen.update(kwargs)
        raise OSError("connection refused")

    monkeypatch.setattr(dask.distributed, "Client", refused)
    path = tmp_path / "s.parquet"
    pd.DataFrame({"r": [1.0, 2.0]}).to_parquet(path)
    with pytest.raises(DataError, match=tsd.NO_SCHEDULER):
        tsd.analyze(str(path), "r", client="tcp://127.0.0.1:1")
    assert seen["timeout"] == tsd.CONNECT_TIMEOUT == 10

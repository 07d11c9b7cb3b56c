"""The scheduler's address (``tailstat/_dask_address.py``) and how long tailstat waits for
it (``tailstat.dask.CONNECT_TIMEOUT``)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

pytest.importorskip("distributed")

import tailstat.dask as tsd
from tailstat._dask_address import NO_SCHEDULER, check_address
from tailstat.errors import DataError


@pytest.mark.parametrize("address", ["http://10.0.0.5:8787", "tcp://:8786",
                                     "tcp://127.0.0.1:99999", "127.0.0.1:0"])
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
    probed: list[float] = []
    monkeypatch.setattr(tsd, "probe_scheduler", lambda address, timeout: probed.append(timeout))
    path = tmp_path / "s.parquet"
    pd.DataFrame({"r": [1.0, 2.0]}).to_parquet(path)
    with pytest.raises(DataError, match=NO_SCHEDULER):
        tsd.analyze(str(path), "r", client="tcp://127.0.0.1:1")
    assert seen["timeout"] == tsd.CONNECT_TIMEOUT == 10 and probed == [10]


def _service(reply: bytes) -> Any:
    """A listening socket on a free port that answers each connection with ``reply``, or
    with silence (a web server waiting for a request line) when it is empty."""
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:  # closed
                return
            if reply:
                conn.sendall(reply)
            else:
                time.sleep(5)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server


def test_a_service_that_is_no_scheduler_is_said_within_the_timeout(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """A review: a web server's address (the dashboard's port given by mistake) hung past
    the 10 s timeout (distributed.Client waits for a handshake that never comes); one that
    answers other bytes failed with a MemoryError, exit 70 on the command line."""
    import time

    monkeypatch.setattr(tsd, "CONNECT_TIMEOUT", 2)
    path = tmp_path / "s.parquet"
    pd.DataFrame({"r": [1.0, 2.0]}).to_parquet(path)
    for reply in (b"\xff" * 64, b""):  # bytes read as a huge length; silence
        server = _service(reply)
        address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        start = time.monotonic()
        with pytest.raises(DataError, match=f"{NO_SCHEDULER} at '{address}'") as said:
            tsd.analyze(str(path), "r", client=address)
        assert time.monotonic() - start < 8
        assert "allocate" not in str(said.value)  # (review 410: "Unable to allocate 3.07 EiB")
        server.close()


def test_a_tls_scheduler_is_reached_with_dasks_security_settings(tmp_path: Any) -> None:
    """A review: the handshake tried before the Client did not take the TLS settings of
    Dask's config, and refused every TLS scheduler ("TLS expects a ssl_context argument")
    that distributed.Client reaches."""
    import shutil
    import subprocess

    import dask
    import numpy as np

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    roles = ("scheduler", "worker", "client")
    cfg = {"distributed.comm.tls.ca-file": str(cert),
           **{f"distributed.comm.tls.{r}.cert": str(cert) for r in roles},
           **{f"distributed.comm.tls.{r}.key": str(key) for r in roles}}
    path = tmp_path / "t.parquet"
    pd.DataFrame({"r": np.random.default_rng(0).standard_normal(3000)}).to_parquet(path)
    from distributed import LocalCluster
    from distributed.security import Security

    with dask.config.set(cfg), LocalCluster(n_workers=1, processes=False, protocol="tls://",
                                            host="127.0.0.1", dashboard_address=None,
                                            security=Security()) as cluster:
        a = tsd.analyze(str(path), "r", client=cluster.scheduler_address)
    assert len(a.classifications) == 1


def test_a_closed_port_is_said_refused_at_once(tmp_path) -> None:
    """Review 410: Dask's connect retried a refused port until its timeout, and the error said
    "no answer in 10 s" after 11.6 s."""
    import socket

    path = tmp_path / "s.parquet"
    pd.DataFrame({"r": [1.0, 2.0]}).to_parquet(path)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for address in (f"tcp://127.0.0.1:{port}", f"127.0.0.1:{port}"):  # review 425: Dask
        # reads an address without a scheme as TCP; it waited 10 s
        with pytest.raises(DataError, match="connection refused: nothing listens on that"):
            tsd.analyze(str(path), "r", client=address)

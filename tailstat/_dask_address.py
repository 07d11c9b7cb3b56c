"""Whether a string is the address of a Dask scheduler, checked before a ``Client`` exists
(a failed one hangs on closing). Needs ``distributed``, imported when called."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

from tailstat.errors import DataError

__all__ = ["NO_SCHEDULER", "check_address", "dask_address_last", "no_scheduler",
           "probe_scheduler"]

#: How an error that no scheduler could be reached begins (the command line blames --dask
#: for it, not the input file).
NO_SCHEDULER = "could not connect to the Dask scheduler"


def check_address(address: str) -> None:
    """A DataError naming ``address`` when it is no scheduler address (a scheme Dask knows;
    a TCP or TLS one needs a host and a port)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)  # e.g. a dashboard's http:// address: an unknown scheme
        if scheme in ("tcp", "tls"):
            host, port = parse_host_port(location)
            if not host:
                raise ValueError(f"no host in address {address!r}")
            if not 1 <= port <= 65535:  # else a 10 s wait for no answer (review 425)
                raise ValueError(f"port {port} is not in 1..65535")
    except ValueError as exc:
        raise DataError(f"{address!r} is not the address of a Dask scheduler ({exc}): give "
                        "one such as 'tcp://10.0.0.5:8786' (host and port), or --dask without "
                        "an address for a local cluster.") from None


def probe_scheduler(address: str, timeout: float) -> str | None:
    """Why no Dask scheduler answers Dask's handshake at ``address`` within ``timeout``
    seconds, or None when one does. ``distributed.Client`` alone hung past its own timeout on
    a service that is no scheduler (a web server: the dashboard's port given by mistake), and failed
    with a MemoryError on one whose bytes it read as a message length (a review). Run in a
    thread of its own, so that a notebook's running event loop is left alone."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as Late

    from distributed.comm.core import connect
    from distributed.security import Security

    # the TLS settings of Dask's config, as distributed.Client takes them (a review: a TLS
    # scheduler was refused, "TLS expects a ssl_context argument")
    security = Security().get_connection_args("client")

    async def handshake() -> None:
        comm = await connect(address, timeout=timeout, **security)
        await comm.close()

    refused = _refused(address, timeout)
    if refused is not None:  # Dask's connect retries a refused port until its timeout and
        return refused  # then says "timed out" (a review: 11.6 s for a closed port)
    pool = ThreadPoolExecutor(1)
    try:
        pool.submit(asyncio.run, asyncio.wait_for(handshake(), timeout)).result(timeout + 1)
    except (Late, TimeoutError):
        why = f"no answer in {timeout:g} s"
    except MemoryError:  # its first bytes read as a message length (a review: the error
        # quoted "Unable to allocate 3.07 EiB")
        why = "the service there answers, but not in Dask's protocol"
    except Exception as exc:  # any failure of the handshake: not a scheduler we can use
        why = f"{type(exc).__name__}: {str(exc)[:200]}"
    else:
        return None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return why


def _refused(address: str, timeout: float) -> str | None:
    """"connection refused" when a TCP address's port is closed (one plain connect), else
    None (open, or not a plain TCP address: the handshake tells). An address without a
    scheme is TCP, as Dask reads it (review 425: ``127.0.0.1:1`` waited 10 s)."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except ValueError:
        return None
    if scheme != "tcp" or not host or not isinstance(port, int):
        return None
    try:
        socket.create_connection((host, port), timeout=min(timeout, 3.0)).close()
    except ConnectionRefusedError:
        return "connection refused: nothing listens on that port"
    except OSError:  # unreachable, filtered, slow: the handshake's own answer
        return None
    return None


def no_scheduler(address: str, why: str) -> DataError:
    """The error that no Dask scheduler could be reached at ``address``, and ``why``."""
    return DataError(f"{NO_SCHEDULER} at {address!r} ({why}): is it the scheduler's address "
                     "(e.g. 'tcp://10.0.0.5:8786'; the dashboard's port, 8787, serves web "
                     "pages), and does the scheduler run?")


def dask_address_last(argv: Sequence[str] | None) -> list[str]:
    """``argv`` with a ``--dask`` that took a file as its address moved after it.

    ``--dask`` takes an optional address, so ``tailstat classify --dask one.parquet ...``
    read the file as the scheduler's address and said only "the following arguments are
    required: input" (a review). A word after ``--dask`` that names an existing path, a
    Parquet file or a glob, and is no ``scheme://`` address, is the input.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    end = words.index("--") if "--" in words else len(words)  # options stop at "--"
    for i, word in enumerate(words[:end - 1]):
        nxt = words[i + 1]
        if word == "--dask" and not nxt.startswith("-") and "://" not in nxt and (
                not re.fullmatch(r"\[[0-9A-Fa-f:.]+\](:\d+)?", nxt)) and (  # IPv6 [::1]:1
                os.path.exists(nxt) or nxt.lower().endswith((".parquet", ".pq", ".parq"))
                or any(c in nxt for c in "*?[")):
            return words[:i] + words[i + 1:end] + ["--dask"] + words[end:]
    return words

"""Whether a string is the address of a Dask scheduler, checked before a ``Client`` exists
(a failed one hangs on closing). Needs ``distributed``, imported when called."""

from __future__ import annotations

from tailstat.errors import DataError

__all__ = ["check_address"]


def check_address(address: str) -> None:
    """A DataError naming ``address`` when it is no scheduler address (a scheme Dask knows;
    a TCP or TLS one needs a host and a port)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)  # e.g. a dashboard's http:// address: an unknown scheme
        if scheme in ("tcp", "tls"):
            host, _ = parse_host_port(location)
            if not host:
                raise ValueError(f"no host in address {address!r}")
    except ValueError as exc:
        raise DataError(f"{address!r} is not the address of a Dask scheduler ({exc}): give "
                        "one such as 'tcp://10.0.0.5:8786' (host and port), or --dask without "
                        "an address for a local cluster.") from None

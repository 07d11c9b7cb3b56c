"""The versioned binary form of a :class:`tailstat.TailSketch` (``to_bytes`` / ``from_bytes``).

Layout: the magic ``b"TAILSKETCH"``, the format version and the header length (``<HI``), a JSON
header (the version again, n, NaN count, capacity, completeness, the running moments and
minimum as exact float text, the number of values kept; ``m2_exp`` when the sum of squared
deviations is ``m2 * 2**m2_exp``, beyond the float range, in version 3 only; ``n_max``, the
count of values equal to the maximum, when every value kept is the maximum and some were not
kept: an optional key, which older readers ignore; ``n_min``, the count of values equal to the
minimum (a floor), likewise optional), the kept order statistics as little-endian
float64, descending, and (from version 2) the CRC-32 of everything before it (``<I``).
Reading checks the checksum, then the header and the values against each other, so truncated
or damaged bytes are an error, never a wrong sketch. Version 1 (no checksum) is still read: its
damage is caught only where it makes the header and the values disagree.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from typing import Any

import numpy as np

from tailstat.errors import DataError

__all__ = ["SKETCH_VERSION", "decode", "encode"]

#: The newest version of the binary form (readers accept it and older ones). Version 3 adds
#: ``m2_exp`` and is written only for a sketch that needs it; every other sketch is written as
#: version 2, byte for byte as before, which older tailstat reads. (A version-2 header with
#: ``m2_exp`` was read by older tailstat as a plain ``m2``: a wrong ``std``, without a word;
#: they refuse version 3, saying to upgrade.)
SKETCH_VERSION = 3
#: The version written for a sketch without ``m2_exp``.
_PLAIN_VERSION = 2
_MAGIC = b"TAILSKETCH"


def encode(fields: dict[str, Any], top: np.ndarray) -> bytes:
    """The bytes of a sketch: ``fields`` (name, n, n_nan, capacity, complete, mean, m2, min,
    and optionally m2_exp, n_max and n_min, the counts at the maximum and the minimum) and its
    kept order statistics ``top`` (descending)."""
    version = SKETCH_VERSION if fields.get("m2_exp", 0) else _PLAIN_VERSION
    meta = {"version": version, "name": fields["name"], "n": fields["n"],
            "n_nan": fields["n_nan"], "capacity": fields["capacity"],
            "complete": fields["complete"], "mean": _float_text(fields["mean"]),
            "m2": _float_text(fields["m2"]), "min": _float_text(fields["min"]),
            "kept": int(top.shape[0])}
    if fields.get("m2_exp", 0):  # only beyond the float range: the usual bytes are unchanged
        meta["m2_exp"] = int(fields["m2_exp"])
    count = fields.get("n_max")
    if count is not None and top.shape[0] and top[-1] == top[0] and not fields["complete"]:
        # the count at the maximum, where the kept values (all of them the maximum) cannot
        # give it; older tailstat ignores the key and says "at least" the values kept
        meta["n_max"] = int(count)
    if fields.get("n_min") is not None and fields["n"]:  # the count at the minimum (a floor);
        meta["n_min"] = int(fields["n_min"])  # older tailstat ignores the key
    head = json.dumps(meta, separators=(",", ":")).encode()
    out = (_MAGIC + struct.pack("<HI", version, len(head)) + head
           + top.astype("<f8").tobytes())
    return out + struct.pack("<I", zlib.crc32(out))


def decode(data: Any) -> tuple[dict[str, Any], np.ndarray]:
    """``(fields, top)`` from bytes written by :func:`encode`.

    Raises
    ------
    DataError
        Not a tailstat sketch, written by a newer tailstat, truncated or damaged.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DataError(f"from_bytes() takes bytes (TailSketch.to_bytes()); got "
                        f"{type(data).__name__}.")
    data = bytes(data)
    start = len(_MAGIC) + 6
    if not data.startswith(_MAGIC) or len(data) < start:
        raise DataError("these bytes are not a tailstat sketch (TailSketch.to_bytes()).")
    version, size = struct.unpack_from("<HI", data, len(_MAGIC))
    if version > SKETCH_VERSION:
        raise DataError(f"this sketch was written in format version {version} by a newer "
                        f"tailstat (this one reads up to {SKETCH_VERSION}); upgrade "
                        "tailstat to read it.")
    if len(data) < start + size:
        raise DataError(f"the sketch bytes are truncated: {len(data)} bytes, the header "
                        f"alone needs {start + size}.")
    if version >= 2:
        if len(data) < start + size + 4:
            raise DataError("the sketch bytes are truncated: no room for their checksum.")
        data, (crc,) = data[:-4], struct.unpack_from("<I", data, len(data) - 4)
        if zlib.crc32(data) != crc:
            raise DataError("the sketch bytes are damaged or truncated: their checksum does "
                            "not match (write them again with TailSketch.to_bytes()).")
    try:
        meta = _read_meta(data[start:start + size], version)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError) as exc:
        # (a header of thousands of nested brackets exhausts the JSON parser's recursion)
        what = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise DataError(f"the sketch bytes are damaged (header: {what}).") from None
    body = data[start + size:]
    if len(body) != 8 * meta["kept"]:
        what = "truncated" if len(body) < 8 * meta["kept"] else "damaged"
        raise DataError(f"the sketch bytes are {what}: {len(body)} bytes of order "
                        f"statistics where {meta['kept']} values take {8 * meta['kept']}.")
    top = np.frombuffer(body, dtype="<f8").astype(np.float64)
    problem = _inconsistency(meta, top)
    if problem:
        raise DataError(f"the sketch bytes are damaged: {problem}.")
    return meta, top


def _read_meta(head: bytes, version: int) -> dict[str, Any]:
    """The header of :func:`encode`, typed (``ValueError`` etc. when damaged)."""
    if version < 1:
        raise ValueError(f"format version {version}")
    meta = json.loads(head)
    if not isinstance(meta, dict):
        raise TypeError("not a JSON object")
    if meta.get("version") != version:
        raise ValueError(f"header version {meta.get('version')!r} where the format says "
                         f"{version}")
    out: dict[str, Any] = {}
    for key in ("n", "n_nan", "kept"):
        val = meta[key]
        if type(val) is not int or not 0 <= val < 2**63:  # (len() and int64 counts: a review)
            raise ValueError(f"{key} = {val!r}")
        out[key] = val
    cap = meta["capacity"]
    if cap is not None and (type(cap) is not int or cap < 2):
        raise ValueError(f"capacity = {cap!r}")
    if not isinstance(meta["name"], str) or not isinstance(meta["complete"], bool):
        raise TypeError("name or complete")
    for key in ("mean", "m2", "min"):
        if not isinstance(meta[key], str):
            raise TypeError(key)
        out[key] = float(meta[key])
    exp = meta.get("m2_exp", 0)
    if "m2_exp" in meta and version < 3:  # (older tailstat read it as a plain m2)
        raise ValueError(f"m2_exp in a version-{version} header")
    if type(exp) is not int or abs(exp) > 4000:
        raise ValueError(f"m2_exp = {exp!r}")
    out.update(capacity=cap, name=meta["name"], complete=meta["complete"], m2_exp=exp)
    if "n_max" in meta:
        count = meta["n_max"]
        if type(count) is not int or not 0 <= count < 2**63:
            raise ValueError(f"n_max = {count!r}")
        out["n_max"] = count
    if "n_min" in meta:
        count = meta["n_min"]
        if type(count) is not int or not 1 <= count <= meta["n"]:
            raise ValueError(f"n_min = {count!r}")
        out["n_min"] = count
    return out


def _inconsistency(meta: dict[str, Any], top: np.ndarray) -> str:
    """What is inconsistent between a sketch's header and its order statistics ('' if all)."""
    n, kept = meta["n"], meta["kept"]
    # (a sketch that kept every value is complete: only a dropped value makes it not)
    if kept > n or (meta["complete"] != (kept == n)) or (n and not kept):
        return f"{kept} order statistics kept of n = {n} (complete: {meta['complete']})"
    if "n_max" in meta and not (kept and top[-1] == top[0] and not meta["complete"]
                                and kept <= meta["n_max"] <= n):
        return (f"{meta['n_max']} values counted at the maximum, with {kept} kept of n = {n} "
                "(a count written only where every value kept is the maximum)")
    if meta["capacity"] is not None and kept > meta["capacity"]:
        return f"{kept} order statistics kept with capacity {meta['capacity']}"
    if not np.isfinite(top).all() or np.any(top[1:] > top[:-1]):
        return "the order statistics are not finite and descending"
    if n and not (meta["min"] <= top[-1] and math.isfinite(meta["min"])):
        return f"the minimum {meta['min']!r} is not at most the smallest kept value"
    if meta["complete"] and n and meta["min"] != top[-1]:
        return (f"the minimum {meta['min']!r} is not the smallest value of a sketch that kept "
                f"every value ({float(top[-1])!r})")
    if "n_min" in meta and ((meta["complete"] and meta["n_min"] != int(np.count_nonzero(
            top == top[-1]))) or meta["n_min"] + int(np.count_nonzero(top > meta["min"])) > n):
        return (f"{meta['n_min']} values counted at the minimum {meta['min']!r}, which the "
                f"order statistics held contradict (n = {n}, {kept} kept)")
    if n and not (math.isfinite(meta["mean"]) and 0 <= meta["m2"] < math.inf):
        return "the running moments are not finite"
    lo, hi = meta["min"], float(top[0]) if kept else meta["min"]
    slack = 1e-9 * max(abs(lo), abs(hi), hi - lo)  # a merged mean is rounded, not exact
    if n and not lo - slack <= meta["mean"] <= hi + slack:
        return (f"the mean {meta['mean']!r} lies outside the values' range [{lo!r}, "
                f"{hi!r}]")
    with np.errstate(over="ignore"):
        span = hi - lo  # (inf across the float range: no bound then)
    # sd at most the range, with room for the moments' rounding (values a few float steps
    # apart near 1e-300 give up to 2.6 times it): a review found sd 7e147 in [-4, 3.8]
    if n > 1 and meta["m2"] > 0 and 0 < span < math.inf and (
            math.log(meta["m2"]) + meta.get("m2_exp", 0) * math.log(2.0) - math.log(n)
            > 2.0 * math.log(16.0 * span)):
        return (f"the running moments give a standard deviation far above the values' range "
                f"{span!r}")
    return ""


def _float_text(x: float) -> str:
    """A float as exact text (``repr`` round-trips; JSON has no NaN or infinity)."""
    return repr(float(x))

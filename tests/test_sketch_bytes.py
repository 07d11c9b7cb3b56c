"""TailSketch serialisation: ``to_bytes`` / ``from_bytes`` and pickling round-trip exactly;
damaged, truncated or future-version bytes are a :class:`tailstat.DataError`, never another
exception."""

from __future__ import annotations

import copy
import math
import pickle
import struct
import zlib
from typing import Any

import numpy as np
import pytest
from _helpers import default_recursion_limit, raises_data_error
from _sketch_laws import samples
from hypothesis import given, settings
from hypothesis import strategies as st

import tailstat as ts
from tailstat.sketch import SKETCH_VERSION, TailSketch

# --------------------------------------------------------------------------------------------
# serialisation
# --------------------------------------------------------------------------------------------


def _fields(s: TailSketch) -> tuple[Any, ...]:
    return (s.name, s.capacity, s.n, s.n_nan_dropped, s.complete, s.top.tobytes(),
            float(s.mean).hex(), float(s.var).hex(), float(s.minimum).hex())


@settings(max_examples=80, deadline=None)
@given(x=samples(n_min=0, n_max=500), name=st.text(max_size=20),
       capacity=st.one_of(st.none(), st.integers(2, 50)))
def test_bytes_and_pickle_round_trip_exactly(x, name, capacity):
    s = TailSketch(capacity, name=name).update(x)
    for back in (TailSketch.from_bytes(s.to_bytes()), pickle.loads(pickle.dumps(s)),
                 s.copy(), copy.deepcopy(s), TailSketch.from_bytes(bytearray(s.to_bytes()))):
        assert _fields(back) == _fields(s)
        assert back.to_bytes() == s.to_bytes()
        assert not back.top.flags.writeable


def test_round_trip_of_special_sketches():
    empty = TailSketch(name="ümlaut ☃ 名前")
    back = TailSketch.from_bytes(empty.to_bytes())
    assert _fields(back) == _fields(empty) and back.n == 0 and back.name == "ümlaut ☃ 名前"
    nan_only = TailSketch(capacity=4).update([np.nan, np.nan])
    assert TailSketch.from_bytes(nan_only.to_bytes()).n_nan_dropped == 2
    huge = TailSketch.from_sample([1.7e308, -1.7e308, 1.0])  # moments beyond the float range
    assert _fields(TailSketch.from_bytes(huge.to_bytes())) == _fields(huge)
    merged = TailSketch.from_sample([1.7e308]) | TailSketch.from_sample([-1.7e308, 1.0])
    assert merged.same_as(huge) and math.isfinite(merged.mean)
    assert merged.std == pytest.approx(1.7e308, rel=1e-12)  # (the variance itself is inf)


def _valid_bytes() -> bytes:
    x = np.random.default_rng(3).standard_normal(300)
    return TailSketch.from_sample(x, capacity=20, name="r").to_bytes()


@settings(max_examples=200, deadline=None)
@given(junk=st.binary(max_size=300))
def test_from_bytes_on_garbage_is_a_data_error(junk):
    with raises_data_error("not a tailstat sketch"):
        TailSketch.from_bytes(b"x" + junk)


@settings(max_examples=200, deadline=None)
@given(junk=st.binary(max_size=300))
def test_from_bytes_after_the_magic_never_fails_otherwise(junk):
    try:
        TailSketch.from_bytes(b"TAILSKETCH" + junk)
    except ts.DataError:
        pass


def test_from_bytes_on_every_truncation():
    data = _valid_bytes()
    for cut in range(len(data)):
        with pytest.raises(ts.DataError) as info:
            TailSketch.from_bytes(data[:cut])
        msg = str(info.value)
        assert "truncated" in msg or "not a tailstat sketch" in msg, msg


def test_from_bytes_on_every_single_byte_change():
    """The checksum catches every change of one byte: never a different sketch."""
    data = _valid_bytes()
    for i in range(len(data)):
        for new in {0, 0xFF, data[i] ^ 0x01, data[i] ^ 0x80} - {data[i]}:
            damaged = data[:i] + bytes([new]) + data[i + 1:]
            with pytest.raises(ts.DataError) as info:
                TailSketch.from_bytes(damaged)
            msg = str(info.value)
            assert any(w in msg for w in ("damaged", "truncated", "not a tailstat sketch",
                                          "newer")), msg


def _resealed(blob: bytes) -> bytes:
    """``blob`` (without its checksum) with a valid checksum: damage the CRC cannot see."""
    return blob + struct.pack("<I", zlib.crc32(blob))


def _as_version_1(data: bytes) -> bytes:
    """The version-1 bytes of the same sketch: no checksum, version 1 in both places."""
    body = data[:-4]
    head = body.index(b"{")
    size = int.from_bytes(body[12:16], "little")
    meta = body[head:head + size].replace(b'"version":2', b'"version":1')
    return (body[:10] + (1).to_bytes(2, "little") + len(meta).to_bytes(4, "little") + meta
            + body[head + size:])


def test_version_1_bytes_are_still_read():
    s = TailSketch.from_sample(np.random.default_rng(11).standard_t(3.0, 300), capacity=20)
    old = TailSketch.from_bytes(_as_version_1(s.to_bytes()))
    assert old.to_bytes() == s.to_bytes()  # read back exactly, written as the newest version


def test_from_bytes_rejects_a_newer_format_and_bad_headers():
    data = _valid_bytes()
    newer = data[:10] + (SKETCH_VERSION + 1).to_bytes(2, "little") + data[12:]
    with raises_data_error("newer", "upgrade", f"version {SKETCH_VERSION + 1}"):
        TailSketch.from_bytes(newer)
    with raises_data_error("damaged"):
        TailSketch.from_bytes(data + b"\x00" * 8)
    with raises_data_error("takes bytes"):
        TailSketch.from_bytes("TAILSKETCH")  # type: ignore[arg-type]
    head = data.index(b"{")
    size = int.from_bytes(data[12:16], "little")
    meta = data[head:head + size]
    # header contents that contradict the values are refused even under a valid checksum
    for old, new in ((b'"kept":20', b'"kept":21'), (b'"complete":false', b'"complete":true'),
                     (b'"n":300', b'"n":-30'), (b'"capacity":20', b'"capacity":1'),
                     (b'"version":2', b'"version":1')):
        assert old in meta
        bad = meta.replace(old, new)
        blob = _resealed(data[:12] + len(bad).to_bytes(4, "little") + bad
                         + data[head + size:-4])
        with raises_data_error("damaged") if old != b'"kept":20' else pytest.raises(ts.DataError):
            TailSketch.from_bytes(blob)


def test_a_deeply_nested_header_is_damage_not_a_recursion_error() -> None:
    """A review's case: a header of 5000 nested brackets, with magic and checksum right,
    escaped as a raw RecursionError."""
    import json

    from tailstat._sketch_bytes import _MAGIC

    head = b"[" * 5000 + b"]" * 5000
    raw = _MAGIC + struct.pack("<HI", 2, len(head)) + head
    # Python 3.13's json parses this depth (a list: "not a JSON object"); 3.11-3.12 recurse
    with default_recursion_limit():
        try:
            json.loads(head)
            words = ("damaged", "not a JSON object")
        except RecursionError:
            words = ("damaged", "nested too deeply")
        with raises_data_error(*words):
            TailSketch.from_bytes(raw + struct.pack("<I", zlib.crc32(raw)))


def test_a_forged_mean_outside_the_values_is_damage() -> None:
    """A review's case: a header whose mean (100) lies outside its values [1, 3] loaded under
    a valid checksum."""
    import json

    data = TailSketch.from_sample(np.array([1.0, 2.0, 3.0])).to_bytes()
    head = data.index(b"{")
    size = int.from_bytes(data[12:16], "little")
    meta = json.loads(data[head:head + size])
    assert TailSketch.from_bytes(data).mean == float(meta["mean"]) == 2.0  # exact text
    for mean in ("100.0", "0.5"):
        bad = data[head:head + size].replace(b'"mean":"2.0"', f'"mean":"{mean}"'.encode())
        assert bad != data[head:head + size]
        blob = _resealed(data[:12] + len(bad).to_bytes(4, "little") + bad
                         + data[head + size:-4])
        with raises_data_error("damaged", "outside the values' range"):
            TailSketch.from_bytes(blob)
    # review 368: running moments whose sd (7e147) no sample in [1, 3] can have
    m2 = json.dumps(meta["m2"]).encode()
    bad = data[head:head + size].replace(b'"m2":' + m2, b'"m2":"1e296"')
    assert bad != data[head:head + size]
    blob = _resealed(data[:12] + len(bad).to_bytes(4, "little") + bad + data[head + size:-4])
    with raises_data_error("damaged", "standard deviation far above the values' range 2.0"):
        TailSketch.from_bytes(blob)


def test_a_sketch_with_an_exponent_is_version_3_the_others_stay_version_2():
    """A sum of squared deviations beyond the float range is written with ``m2_exp``, which a
    version-2 reader ignored: it read ``m2 ~ 1.2`` as the whole sum (``std`` 0.93 for values
    near 1e300, 0.64 for subnormal ones), without a word. Such a sketch is version 3, which
    older readers refuse ("newer tailstat"); the others keep their version-2 bytes."""
    rng = np.random.default_rng(0)
    big = TailSketch.from_sample(rng.normal(size=100) * 1e300)
    plain = TailSketch.from_sample(rng.normal(size=100))
    for s, version in ((big, 3), (plain, 2)):
        data = s.to_bytes()
        assert data[10:12] == version.to_bytes(2, "little")
        assert f'"version":{version}'.encode() in data
        assert (b"m2_exp" in data) == (version == 3)
        back = TailSketch.from_bytes(data)
        assert back.to_bytes() == data and back.std == s.std
    assert SKETCH_VERSION == 3


def test_counts_beyond_int64_are_damage() -> None:
    """A review: n = 10**30 in a re-sealed header was read, and len() of the sketch then
    failed with an OverflowError; counts are int64s."""
    data = _valid_bytes()
    body = data[:-4]
    head = body.index(b"{")
    size = int.from_bytes(body[12:16], "little")
    meta = body[head:head + size]
    n = meta[meta.index(b'"n":') + 4:].split(b",")[0]
    forged = meta.replace(b'"n":' + n, b'"n":' + str(10**30).encode())
    blob = (body[:12] + len(forged).to_bytes(4, "little") + forged + body[head + size:])
    with pytest.raises(ts.DataError, match=r"damaged \(header: n = 10{30}"):
        TailSketch.from_bytes(_resealed(blob))


def _reforged(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in its header, resealed."""
    head = data.index(b"{")
    size = int.from_bytes(data[12:16], "little")
    meta = data[head:head + size]
    assert old in meta, meta
    bad = meta.replace(old, new)
    return _resealed(data[:12] + len(bad).to_bytes(4, "little") + bad + data[head + size:-4])


def test_headers_that_contradict_a_complete_sketch_are_damage() -> None:
    """A review: under a valid checksum, a complete sketch with a minimum below every value it
    kept (-102 where every value is >= -2.3), an infinite m2, every value kept but "not
    complete", and m2_exp in a version-2 header (the misreading version 3 exists to prevent)
    were all read."""
    whole = TailSketch.from_sample(np.array([1.0, 2.0, 3.0])).to_bytes()
    for old, new, words in (
            (b'"min":"1.0"', b'"min":"-102.0"', "not the smallest value of a sketch that kept"),
            (b'"m2":"2.0"', b'"m2":"inf"', "running moments are not finite"),
            (b'"complete":true', b'"complete":false', "3 order statistics kept of n = 3"),
            (b'"m2":"2.0"', b'"m2":"2.0","m2_exp":0', "m2_exp in a version-2 header")):
        with raises_data_error("damaged", words):
            TailSketch.from_bytes(_reforged(whole, old, new))


def test_the_count_at_the_maximum_in_bytes_is_checked_and_optional() -> None:
    """``n_max`` is written only where every value kept is the maximum: bytes without it (an
    older tailstat's) read as a count not known; a count the values contradict is damage."""
    import json

    s = TailSketch(capacity=10).update(np.r_[np.ones(100), np.zeros(100)])
    raw = s.to_bytes()
    assert TailSketch.from_bytes(raw).n_at_max == 100

    def rewritten(edit: Any) -> bytes:
        start = len(b"TAILSKETCH") + 6
        (size,) = struct.unpack_from("<I", raw, len(b"TAILSKETCH") + 2)
        meta = json.loads(raw[start:start + size])
        edit(meta)
        head = json.dumps(meta, separators=(",", ":")).encode()
        body = (raw[:len(b"TAILSKETCH")] + struct.pack("<HI", meta["version"], len(head))
                + head + raw[start + size:-4])
        return body + struct.pack("<I", zlib.crc32(body))

    assert TailSketch.from_bytes(rewritten(lambda m: m.pop("n_max"))).n_at_max is None
    for bad in (5, 201, -1, "100", 1.5):
        with pytest.raises(ts.DataError, match="damaged"):
            TailSketch.from_bytes(rewritten(lambda m, b=bad: m.update(n_max=b)))


def test_the_count_at_the_minimum_is_exact_everywhere_and_optional_in_bytes() -> None:
    """A sketch counts the values equal to its minimum (a floor) past its capacity, through
    batches, merges, bytes and pickling; a count that a complete sketch's values contradict
    is damage (bytes without it: the next test)."""
    import json

    r = np.random.default_rng(5)
    x = np.where(r.random(30_000) < 0.7, -1.0, np.abs(r.normal(size=30_000)))
    want = int(np.count_nonzero(x == -1.0))
    parts = [TailSketch(capacity=50).update(b) for b in np.array_split(x, 7)]
    merged = parts[0]
    for p in parts[1:]:
        merged = merged.merge(p)
    for s in (TailSketch.from_sample(x), merged, TailSketch.from_bytes(merged.to_bytes()),
              pickle.loads(pickle.dumps(merged)), merged.copy()):
        assert s.n_at_min == want and s.minimum == -1.0
    assert TailSketch.from_sample(x).upper_tail().floor == (-1.0, want)
    assert TailSketch().n_at_min == 0

    raw = TailSketch.from_sample(np.array([1.0, 1.0, 2.0, 3.0])).to_bytes()
    start = len(b"TAILSKETCH") + 6
    (size,) = struct.unpack("<I", raw[len(b"TAILSKETCH") + 2: start])
    head = json.loads(raw[start: start + size])
    assert head["n_min"] == 2

    def rewritten(edit: Any) -> bytes:
        h = dict(head)
        edit(h)
        body = json.dumps(h, separators=(",", ":")).encode()
        out = (raw[: len(b"TAILSKETCH")] + struct.pack("<HI", h["version"], len(body)) + body
               + raw[start + size: -4])
        return out + struct.pack("<I", zlib.crc32(out))

    # (a complete sketch's older bytes count it from the values they keep)
    assert TailSketch.from_bytes(rewritten(lambda h: h.pop("n_min"))).n_at_min == 2
    for bad in (3, 0, 5, "2", 2.0):
        with raises_data_error("damaged"):
            TailSketch.from_bytes(rewritten(lambda h, v=bad: h.update(n_min=v)))


def test_older_bytes_give_the_count_at_the_minimum_where_they_can() -> None:
    """A review: bytes without n_min (an older tailstat's) lost the floor even where they kept
    every value, and an empty sketch was no longer the same as its copy (0 against None);
    an n_min that the values held above the minimum leave no room for is damage."""
    import json

    def without(raw: bytes, edit: Any = None) -> bytes:
        start = len(b"TAILSKETCH") + 6
        (size,) = struct.unpack("<I", raw[len(b"TAILSKETCH") + 2: start])
        head = json.loads(raw[start: start + size])
        head.pop("n_min", None)
        if edit is not None:
            edit(head)
        body = json.dumps(head, separators=(",", ":")).encode()
        out = (raw[: len(b"TAILSKETCH")] + struct.pack("<HI", head["version"], len(body)) + body
               + raw[start + size: -4])
        return out + struct.pack("<I", zlib.crc32(out))

    x = np.r_[np.zeros(30), np.arange(1.0, 21.0)]
    whole = TailSketch.from_sample(x, capacity=100)
    assert TailSketch.from_bytes(without(whole.to_bytes())).n_at_min == 30
    assert TailSketch().same_as(TailSketch().copy()) and TailSketch().copy().n_at_min == 0
    part = TailSketch.from_sample(x, capacity=10)
    assert TailSketch.from_bytes(without(part.to_bytes())).n_at_min is None
    with raises_data_error("damaged"):  # 45 at the minimum and 10 held above it, of n = 50
        TailSketch.from_bytes(without(part.to_bytes(), lambda h: h.update(n_min=45)))


def test_a_sketch_of_values_a_few_float_steps_apart_reads_back() -> None:
    """Review 370: the moments of 2,000 values one float step apart near 1e-200 (and 1e-280 to
    1e-305) give an sd 1.6-2.6 times their range, and the check of the running moments
    refused the library's own bytes (to_json, pickle and from_bytes failed)."""
    rng = np.random.default_rng(0)
    for base in (1e-200, 1e-280, 1e-300, 1e-305):
        y = base + rng.integers(0, 2, 2000) * np.spacing(base)
        sk = TailSketch.from_sample(y)
        assert TailSketch.from_bytes(sk.to_bytes()).n == 2000

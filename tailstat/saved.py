"""Saving an analysis and reading it back: exact, versioned JSON.

:meth:`tailstat.TailAnalysis.to_json` writes an analysis, :func:`read_analysis` reads it back,
so that a report can be made later, elsewhere, without the data. The round trip is exact:
every table comes back with its dtypes, index and ``attrs``, every float bit for bit (except
the payload bits of a NaN: all NaNs read back as the same NaN), every group key with its type
(``1`` and ``"1"`` stay different groups; tuple keys stay tuples), and every result (the
classifications with their evidence, the tail dependence, the Goodhart summaries) with all of
its fields, and every group's :class:`~tailstat.TailSketch` as its ``to_bytes()``. Reading a
file and saving it again gives the identical text, and the report of the copy is the report
of the original.

A Bayesian fit (``method="bayes"``: a :class:`~tailstat.BayesTailFit` in a classification's
evidence) comes back with all its fields and, of its ``idata``, the posterior group: every
variable's draws exactly, with their dimensions and coordinates (so ``draws()`` and the
report's posterior figure are the same), but not the sampler statistics, the observed and
constant data or the attributes of the ArviZ object.

Layout
------
One JSON object::

    {"format": "tailstat.analysis", "version": 1, "written_by": "tailstat 0.1.0",
     "analysis": {"$result": "TailAnalysis", "fields": {"table": ..., ...}}}

``written_by`` names the tailstat that wrote the file; an analysis read from a file another
version wrote keeps that version, which computed it, as ``"computed_by"`` when saved again
(:func:`computed_by`; a report of the file names both).

Values are JSON values where JSON has them, and objects tagged by one key starting with ``$``
where it has not (non-finite floats, numpy scalars, missing values, tuples, dicts with
non-string keys, results, tables, arrays, bytes, sketches): the layout is in
:mod:`tailstat._tagged_json`.
"""

from __future__ import annotations

import io
import json
import lzma
import math
import numbers
import os
import stat
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tailstat._file_bytes import file_bytes
from tailstat._saved_checks import (
    classification_problem,
    frames_problem,
    gold_problem,
    goodhart_problem,
    parts_problem,
    rows_problem,
    settings_problem,
)
from tailstat._tagged_decode import _DamagedError, _decode
from tailstat._tagged_json import SKETCH_READERS, decode, encode
from tailstat.data.readers import (
    PEEK,
    SAVED_FORMAT,
    SAVED_FORMAT_KEY,
    compression_of,
    decompress,
    saved_file_ends,
    saved_json_ends,
    unpacked_ends,
)
from tailstat.errors import DataError
from tailstat.results import Result

if TYPE_CHECKING:
    from tailstat.analysis import TailAnalysis

__all__ = ["FORMAT", "SKETCH_READERS", "VERSION", "analysis_json", "computed_by", "decode",
           "encode", "file_bytes", "holds_saved_analysis", "read_analysis", "read_from",
           "written_by"]

#: The ``"format"`` of a saved analysis (defined where the readers refuse it as data).
FORMAT = SAVED_FORMAT
#: The layout version this tailstat writes and reads.
VERSION = 1
def written_by() -> str:
    """``"tailstat X"``: the version this tailstat writes into a saved analysis (and names a
    report's maker by, beside the version that computed a saved one): the running code's
    ``tailstat.__version__``, as ``classify --json`` names it (review 439: the installed
    distribution's, which a source checkout lacks and a stale install misstates)."""
    from tailstat import __version__

    return f"tailstat {__version__}"


def analysis_json(analysis: TailAnalysis) -> str:
    """The JSON text of a saved analysis (what :meth:`TailAnalysis.to_json` writes).

    Parameters
    ----------
    analysis : TailAnalysis

    Returns
    -------
    str
        One line of JSON (UTF-8 text; see the module docstring for the layout).

    Raises
    ------
    TypeError
        The analysis holds a value that cannot be saved (the message says where).
    DataError
        Its table and its classifications disagree (a table given to
        ``dataclasses.replace``: the table an analysis hands out is a copy, whose edits never
        reach it).
    """
    if type(analysis).__name__ != "TailAnalysis" or not isinstance(analysis, Result):
        raise TypeError(f"analysis must be a TailAnalysis; got {type(analysis).__name__}")
    problem = _structure_problem(analysis) or _columns_lacking(analysis)
    if problem:  # what read_analysis would refuse is not written (a review: a table
        # changed in place was saved, and the file could never be read)
        raise DataError(f"this analysis cannot be saved ({problem}). Was it made with an "
                        "edited table (dataclasses.replace)? Save the analysis as analyze() "
                        "made it, and an edited copy of its table (result.table.copy()) "
                        "beside it.")
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "written_by": written_by()}
    if computed_by(analysis) not in (None, doc["written_by"]):  # read from a file another
        # tailstat wrote: the version that computed it stays named (a review: a report of
        # it named the reporting version alone)
        doc["computed_by"] = computed_by(analysis)
    doc["analysis"] = encode(analysis, "analysis")
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


_HOW = "save an analysis with TailAnalysis.to_json(path) and read that file"


def is_saved_analysis(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file written by :meth:`TailAnalysis.to_json` (reads its ends,
    decompressed as plain ones are read: :func:`~tailstat.data.readers.saved_file_ends`).

    The command line uses it to tell a saved analysis from a ``.json`` data file.
    """
    ends = saved_file_ends(path)
    return ends is not None and saved_json_ends(*ends)


def holds_saved_analysis(raw: bytes) -> bool:
    """Whether ``raw`` (the bytes of standard input or a pipe) is a saved analysis, as
    :func:`is_saved_analysis` tells a file: its ``"format"`` key near either end.

    Parameters
    ----------
    raw : bytes

    Returns
    -------
    bool
    """
    found = compression_of(raw)  # (the data readers' test of compression)
    if found is None:
        return saved_json_ends(raw[:PEEK], raw[-PEEK:])
    try:  # its ends only, a chunk at a time: a decompression bomb is refused as data, by the
        # readers' guard (it was decompressed whole here first; a review)
        with found[1].open(io.BytesIO(raw), "rb") as unpacked:
            ends = unpacked_ends(unpacked, len(raw), whole=True)
    except (OSError, EOFError, zlib.error, lzma.LZMAError):  # damaged: read as data, refused
        return False
    return ends is not None and saved_json_ends(*ends)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def read_analysis(source: str | bytes | os.PathLike[str]) -> TailAnalysis:
    """Read an analysis saved by :meth:`TailAnalysis.to_json`.

    Parameters
    ----------
    source : path or str or bytes
        A file path, or the JSON text itself (a string starting with ``{``), either of them
        possibly compressed with gzip, bzip2 or xz.

    Returns
    -------
    TailAnalysis
        Equal to the saved analysis in every field, tables and floats exactly (see
        :mod:`tailstat.saved`; a Bayesian fit in a classification's evidence keeps, of its
        ``idata``, the posterior draws only).

    Raises
    ------
    DataError
        No such file; not JSON; JSON that is not a saved analysis; a saved analysis of a
        format version this tailstat cannot read; damaged content.

    Examples
    --------
    >>> a = tailstat.analyze(df, "reward", by="model")     # doctest: +SKIP
    >>> a.to_json("run.json")                              # doctest: +SKIP
    >>> b = tailstat.read_analysis("run.json")             # doctest: +SKIP
    """
    text, what, path = _read_text(source)
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        detail = (f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
                  if isinstance(exc, json.JSONDecodeError) else str(exc))
        if SAVED_FORMAT_KEY.search(text[:PEEK].encode("utf-8", "replace")):
            # its head says it is one: cut short (a full disk, a copy stopped) or edited
            raise DataError(f"{what} is a damaged saved analysis: it is not valid JSON "
                            f"({detail}); was it cut short? Save the analysis again.") from None
        raise DataError(f"{what} is not a saved tailstat analysis: it is not valid JSON "
                        f"({detail}); {_HOW}.") from None
    except RecursionError:  # thousands of nested brackets: no analysis is written so
        raise DataError(f"{what} is not a saved tailstat analysis: its JSON is nested too "
                        f"deeply to be one; {_HOW}.") from None
    _check_header(doc, what)
    try:
        analysis = _decode(doc.get("analysis"), "analysis")
    except _DamagedError as exc:
        raise DataError(_damaged(what, str(exc), doc)) from None
    except RecursionError:  # the decoder recurses a few frames per level of nesting
        raise DataError(f"{what} is a damaged saved analysis (nested too deeply to be one); "
                        "save the analysis again.") from None
    except DataError as exc:
        raise DataError(f"{what}: {exc}") from None
    if type(analysis).__name__ != "TailAnalysis":
        raise DataError(f"{what} is a damaged saved analysis: it holds a "
                        f"{type(analysis).__name__}, not a TailAnalysis; save the analysis "
                        "again.")
    problem = _structure_problem(analysis)
    if problem:
        raise DataError(_damaged(what, problem, doc))
    lacking = _columns_lacking(analysis)
    if lacking:  # an earlier build's file (a review: read, then KeyError and exit 70)
        by = doc.get("written_by") if isinstance(doc.get("written_by"), str) else "tailstat"
        raise DataError(f"{what} cannot be used by this tailstat: {lacking}, which it reads "
                        f"(the file was saved by {by}, an earlier build, or edited). The "
                        "values are not guessed: analyse the data again with this tailstat "
                        "(and save that analysis with TailAnalysis.to_json).")
    if path is not None:  # not a field: equality and the saved form do not see it
        object.__setattr__(analysis, "_read_from", os.path.abspath(path))
    by = doc.get("computed_by", doc.get("written_by"))
    if isinstance(by, str) and by.startswith("tailstat") and len(by) < 100:  # kept, and saved
        # again with the analysis (not a field either); a report names it
        object.__setattr__(analysis, "_computed_by", by)
    return analysis  # type: ignore[no-any-return]


def read_from(analysis: Any) -> str | None:
    """The file :func:`read_analysis` read ``analysis`` from (absolute), if it did: a report
    written there would destroy it.

    Parameters
    ----------
    analysis : TailAnalysis
    """
    return getattr(analysis, "_read_from", None)


def computed_by(analysis: Any) -> str | None:
    """The tailstat that computed ``analysis`` (``"tailstat 0.1.0"``), when
    :func:`read_analysis` read it from a saved file (None for an analysis made here).

    Parameters
    ----------
    analysis : TailAnalysis
    """
    return getattr(analysis, "_computed_by", None)


def _damaged(what: str, problem: str, doc: dict[str, Any]) -> str:
    """The message for content this tailstat cannot read: damaged, or -- when another
    version wrote it (a field added or made required since) -- that version's (a file of a
    newer tailstat was called damaged; a review)."""
    by, this = doc.get("written_by"), written_by()
    if isinstance(by, str) and by != this:
        return (f"{what} cannot be read by this tailstat ({problem}): it was saved by {by}, "
                f"and this is {this}. Read it with that version (upgrade tailstat if it is "
                "newer: pip install -U tailstat), or save the analysis again with this one.")
    return f"{what} is a damaged saved analysis ({problem}); save the analysis again."


def _structure_problem(analysis: Any) -> str | None:
    """What is wrong with the fields of a decoded analysis (each of the kind its class
    declares), or None: a file can be valid tagged JSON and still not an analysis."""
    from tailstat.classification import TailClassification
    from tailstat.dependence import TailDependence
    from tailstat.goodhart import GoodhartSummary

    table = analysis.table
    if not isinstance(table, pd.DataFrame):
        return f"its table is a {type(table).__name__}, not a table"
    needed = [c for c in ("group", "n", "label", "heavy_flag",  # (+ confident: review 420)
                          *(("p_heavy", "confident") if analysis.classifications else ()))
              if c not in table.columns] if len(table) else []  # (every group failed: no P)
    if needed:  # the columns repr, explain and the report read (a KeyError later, if not)
        return f"its table has no {', '.join(map(repr, needed))} column"
    def sketch(v: Any) -> bool:  # whatever SKETCH_READERS read back: it has to_bytes(), as
        # an int has (review 420: 1 in a sketch's place was read, and the report failed)
        return callable(getattr(v, "to_bytes", None)) and not isinstance(v, numbers.Number)

    def kind(cls: type) -> Callable[[Any], bool]:
        return lambda v: isinstance(v, cls)

    checks: dict[str, tuple[Callable[[Any], bool], str]] = {
        "classifications": (kind(TailClassification), "TailClassification"),
        "error_classifications": (kind(TailClassification), "TailClassification"),
        "failures": (kind(str), "str"), "goodhart_failures": (kind(str), "str"),
        "dependence": (kind(TailDependence), "TailDependence"),
        "goodhart": (kind(GoodhartSummary), "GoodhartSummary"),
        "sketches": (sketch, "sketch"), "error_sketches": (sketch, "sketch")}
    for name, (ok, what) in checks.items():
        value = getattr(analysis, name)
        if not isinstance(value, dict):
            return f"its {name} are a {type(value).__name__}, not a mapping"
        bad = next((k for k, v in value.items() if not ok(v)), None)
        if bad is not None:
            return f"its {name}[{bad!r}] is a {type(value[bad]).__name__}, not a {what}"
    if (problem := settings_problem(analysis.settings)) is not None:
        return problem
    for name in ("classifications", "error_classifications"):
        for key, c in getattr(analysis, name).items():
            problem = classification_problem(c)
            if problem is not None:
                return f"its {name}[{key!r}] {problem}"
    for key, g in analysis.goodhart.items():
        problem = goodhart_problem(g)
        if problem is not None:
            return f"its goodhart[{key!r}] {problem}"
    if (problem := gold_problem(analysis, _row_key) or parts_problem(analysis, _row_key)):
        return problem
    rows = {_row_key(g) for g in table["group"]} if len(table) else set()
    lost = next((k for k in analysis.classifications if _row_key(k) not in rows), None)
    if lost is not None:
        return f"its classification of {lost!r} has no row in its table"
    known = {_row_key(k) for k in (*analysis.classifications, *analysis.failures)}
    orphan = next((g for g in table["group"] if _row_key(g) not in known), None) \
        if len(table) else None
    if orphan is not None:  # a group's classification cut out of the file
        return f"its table row {orphan!r} has neither a classification nor a failure"
    classified = {_row_key(c) for c in analysis.classifications}
    both = next((k for k in analysis.failures if _row_key(k) in classified), None)
    if both is not None:
        return f"its group {both!r} is both classified and failed"
    # what repr, explain and the report read of every row (a review: heavy_flag strings, or a
    # label on a failed group's row, were read back, and repr() failed with a TypeError)
    failed = {_row_key(k) for k in analysis.failures}
    for row in table.to_dict("records") if len(table) else []:
        flag = row["heavy_flag"]
        if not (flag is None or flag is pd.NA or isinstance(flag, (bool, np.bool_))
                or (isinstance(flag, float) and math.isnan(flag))):
            return f"its table's heavy_flag of {row['group']!r} is {flag!r}, not true/false"
        if _row_key(row["group"]) in classified and not isinstance(flag, (bool, np.bool_)):
            # (a review: a classified group's flag read back null, and explain() failed
            # with "boolean value of NA is ambiguous", the command line with exit 70)
            return (f"its table's heavy_flag of the classified group {row['group']!r} is "
                    f"{flag!r}, not true/false")
        if _row_key(row["group"]) in failed and isinstance(row["label"], str):
            return (f"its table gives the failed group {row['group']!r} the label "
                    f"{row['label']!r}")
    if len(table) and {"group", "p_heavy"} <= set(table.columns):
        for row in table.to_dict("records"):
            key, p = row["group"], row["p_heavy"]
            c = analysis.classifications.get(key)
            if c is None:
                continue
            if not (isinstance(p, (int, float)) and abs(
                    float(p) - float(c.probabilities["heavy"])) <= 1e-9):
                return (f"its table and its classification of {key!r} disagree on P(heavy) "
                        f"({p!r} against {c.probabilities['heavy']!r})")
            for col in ("label", "n"):
                if col in row and row[col] != getattr(c, col):
                    return (f"its table and its classification of {key!r} disagree on {col} "
                            f"({row[col]!r} against {getattr(c, col)!r})")
    # a group's sketch is its own (a review: a sketch of 100 values put in the place of a
    # group of 3,000 was read, and the report failed with a raw IndexError); a sketch of no
    # group of the table (an edited table) is left out of the report, as before
    counts = dict(zip(map(_row_key, table["group"]), table["n"], strict=True)) \
        if len(table) else {}
    thresholds = (dict(zip(map(_row_key, table["group"]), table["threshold"], strict=True))
                  if len(table) and "threshold" in table.columns else {})
    for key, sk in analysis.sketches.items():
        n = counts.get(_row_key(key))
        if isinstance(n, numbers.Integral) and getattr(sk, "n", n) != n:
            return (f"its sketch of {key!r} holds {getattr(sk, 'n', '?')} values where its "
                    f"table counts {n}")
        problem = _sketch_mismatch(key, sk, analysis.classifications.get(key),
                                   thresholds.get(_row_key(key)))
        if problem is not None:
            return problem
    for key, sk in analysis.error_sketches.items():
        problem = _sketch_mismatch(key, sk, analysis.error_classifications.get(key), None)
        if problem is not None:
            return f"{problem} (the error's)"
    return frames_problem(analysis) or rows_problem(analysis, _row_key)  # (review 439)


def _sketch_mismatch(key: Any, sk: Any, c: Any, threshold: Any) -> str | None:
    """Whether a group's sketch is the one its classification read: named as it is, holding
    the ``k_for(n) + 1`` top values classify reads, its ``k``-th the table's threshold
    (reviews: sketches of 10 and of ``k + 1`` values were read, and the report failed; two
    groups' sketches swapped were read, and one group's figures drawn from the other's)."""
    from tailstat.classification import k_for

    if c is None or not hasattr(sk, "upper_tail"):
        return None
    if isinstance(getattr(sk, "name", None), str) and sk.name != c.name:
        return f"its sketch of {key!r} is named {sk.name!r}, not {c.name!r} as its group"
    held, need = getattr(sk, "k_max", c.k), max(min(k_for(c.n), c.n - 1), c.k)
    if isinstance(held, numbers.Integral) and held < need:
        return (f"its sketch of {key!r} holds {held + 1} top values, fewer than the "
                f"{need + 1} its classification read")
    if isinstance(threshold, float) and math.isfinite(threshold):
        try:
            at = float(sk.upper_tail(c.k).desc[c.k])
        except DataError as exc:  # (a constant sketch: its own words, said as damage)
            return f"its sketch of {key!r} cannot be read: {exc}"
        if at != threshold:
            return (f"its sketch of {key!r} has {at!r} where its table's threshold is "
                    f"{threshold!r}: not the sample its classification read")
    return None


#: The columns the report, ``to_dict``, ``explain`` and the command line read by name from
#: an analysis' tables (every one written by this tailstat), by table: a file of an earlier
#: build lacked some, was read, and then failed with a KeyError (exit 70; a review).
_COLUMNS_READ: dict[str, tuple[str, ...]] = {
    "table": ("heavy_pvalue",), "classified": ("p_light", "p_bounded"),
    "frontier table": ("target", "target_sd", "rate", "extrapolated", "policy_kl"),
    "best-of-n table": ("n", "kl", "u", "u_sample", "source", "extrapolated"),
    "tilt table": ("exists_settled",),
    "tail dependence table": ("u", "chi", "ci_low", "ci_high", "independence", "n_exceed")}


def _columns_lacking(analysis: Any) -> str | None:
    """Which of :data:`_COLUMNS_READ` the tables of ``analysis`` lack (its table; each
    Goodhart summary's frontier, best-of-n and tilt tables; each tail dependence's table),
    or None when none is lacking."""
    def lacks(frame: Any, kind: str) -> tuple[str, ...]:
        need = _COLUMNS_READ[kind] + (("v_sd",) if kind.startswith("best") and isinstance(
            frame, pd.DataFrame) and "v" in frame.columns else ())  # (the gold's unit)
        return tuple(c for c in need if not isinstance(frame, pd.DataFrame)
                     or c not in frame.columns)

    table, said = analysis.table, []
    cols = lacks(table, "table") + (lacks(table, "classified") if analysis.classifications
                                    else ())
    if cols and len(table):  # (no rows: nothing is read)
        said.append(f"its table has no {' or '.join(map(repr, cols))} column")
    frames = [(kind, "Goodhart summary", key, frame) for key, g in analysis.goodhart.items()
              for kind, frame in (("frontier table", getattr(g.frontier, "table", None)),
                                  ("best-of-n table", g.best_of_n),
                                  ("tilt table", getattr(g.tilt, "table", None)))]
    frames += [("tail dependence table", "tail dependence", key, d.table)
               for key, d in analysis.dependence.items()]
    found: dict[tuple[str, tuple[str, ...]], list[Any]] = {}  # each lack once, with its keys
    for kind, name, key, frame in frames:
        if cols := lacks(frame, kind):
            found.setdefault((f"the {kind} of its {name} of", cols), []).append(key)
    for (where, cols), keys in found.items():
        more = f" (and {len(keys) - 1} more)" if len(keys) > 1 else ""
        said.append(f"{where} {keys[0]!r}{more} has no {' or '.join(map(repr, cols))} column")
    return "; ".join(said) or None


def _row_key(key: Any) -> Any:
    """A group key as a set member: every NaN the same (no NaN equals another after a round
    trip, so a NaN key would never find its row)."""
    return _NAN_KEY if isinstance(key, float) and math.isnan(key) else key


_NAN_KEY = object()  # stands for every NaN key; equal to no other key


def _is_file(text: str) -> bool:
    """Whether ``text`` names an existing file (JSON text is too long, or not a name)."""
    try:
        return len(text) < 4096 and "\n" not in text and os.path.isfile(text)
    except (OSError, ValueError):
        return False


def _decompressed(raw: bytes, subject: str) -> bytes:
    """``raw``, decompressed when it is gzip, bzip2 or xz (an analysis saved as .json.gz,
    .json.bz2 or .json.xz) as the data readers decompress a file (a chunk at a time, a
    decompression bomb refused: :func:`~tailstat.data.readers.decompress`), in a saved
    analysis' words; ``subject`` names it ("the bytes are", "'run.json.gz' is")."""
    return decompress(raw, subject, damaged="{source} a damaged {name} file; " + _HOW + ".",
                      bomb="{source} compressed data that expand to more than {mib} MiB, far "
                      "more than a saved analysis (a decompression bomb?); decompress it "
                      "yourself to see what it holds.")


def _read_text(source: Any) -> tuple[str, str, str | None]:
    """The text to parse, how to name it in messages, and the file it was read from."""
    if isinstance(source, (bytes, bytearray)) and compression_of(bytes(source)) is not None:
        source = _decompressed(bytes(source), "the bytes are")  # read as its file is
    if isinstance(source, (bytes, bytearray)) and bytes(source).lstrip(
            b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        try:  # JSON text as bytes: strict UTF-8, as a file is read (other bytes are a path)
            source = bytes(source).decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(f"the bytes are not a saved tailstat analysis: they are not UTF-8 "
                            f"text; {_HOW}.") from None
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") \
            and not _is_file(source):  # "[v1] run.json" is a file name
        # (a byte-order mark, as some editors write, is not part of the JSON: drop it)
        return source.lstrip("\ufeff"), "the text", None
    try:
        path = os.fspath(source)
    except TypeError:
        raise DataError("read_analysis takes a file path or the JSON text of a saved "
                        f"analysis; got {type(source).__name__} instead.") from None
    what = repr(os.fsdecode(path))
    if (b"\0" if isinstance(path, bytes) else "\0") in path:  # bytes of no format it reads
        raise DataError("read_analysis takes a file path or the JSON text of a saved analysis "
                        "(plain, or compressed with gzip, bzip2 or xz); this input is neither "
                        f"(they hold a NUL byte, so no file name); {_HOW}.")
    mode = os.stat(path).st_mode if os.path.exists(path) else 0
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):  # /dev/zero was read until memory ran out
        raise DataError(f"{what} is a device, not a saved tailstat analysis; {_HOW}.")
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        return _decompressed(raw, f"{what} is").decode("utf-8-sig"), what, os.fsdecode(path)
    except FileNotFoundError:
        raise DataError(f"there is no file {what}; {_HOW}.") from None
    except UnicodeDecodeError:
        raise DataError(f"{what} is not a saved tailstat analysis: it is not UTF-8 text (a "
                        f"binary file?); {_HOW}.") from None
    except OSError as exc:
        raise DataError(f"{what} cannot be read ({exc.strerror or exc}).") from None


def _check_header(doc: Any, what: str) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        if isinstance(doc, dict) and doc.get("command") == "classify" and "schema_version" in doc:
            kind = ("the output of 'tailstat classify --json': verdicts for reading, which "
                    "leave out what a report needs and cannot be read back")
        elif isinstance(doc, dict) and doc.get("result") == "TailAnalysis":
            kind = ("the summary written by TailAnalysis.to_dict(), which leaves out what a "
                    "report needs and cannot be read back")
        elif isinstance(doc, dict) and "format" in doc:
            kind = f"of format {doc['format']!r}"
        else:
            kind = f"a JSON {type(doc).__name__} without a tailstat format"
        raise DataError(f"{what} is JSON but not a saved tailstat analysis ({kind}; a saved "
                        f"analysis has \"format\": {FORMAT!r}); {_HOW}.")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DataError(f"{what} is a damaged saved analysis: its format version "
                        f"{version!r} is not a whole number; save the analysis again.")
    if version > VERSION:
        raise DataError(f"{what} was saved by a newer tailstat ({doc.get('written_by', '?')}"
                        f", format version {version}); this tailstat reads version {VERSION}. "
                        "Upgrade tailstat (pip install -U tailstat) to read it.")
    if version < 1:
        raise DataError(f"{what} has format version {version}, which no tailstat wrote; save "
                        "the analysis again.")

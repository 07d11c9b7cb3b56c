"""Readers for the files and objects reward-model users already have.

Every reader returns a pandas DataFrame in the long layout the intake expects (one reward per
row, grouping columns beside it) and records in ``DataFrame.attrs`` what the analysis should
use by default: ``"tailstat_column"`` (the reward column), ``"tailstat_by"`` (the grouping
columns, e.g. RewardBench's ``subset``), ``"tailstat_format"`` and ``"tailstat_source"``.
:func:`tailstat.data.check_groups` honours these defaults when ``column=`` / ``by=`` are not
given, so a reader's frame and the equivalent hand-made frame give the same analysis.

Formats (``format=`` / ``tailstat --format``):

* ``"rewardbench"`` -- RewardBench outputs, in any of their three layouts: rows of
  ``*_outputs.jsonl`` with ``scores_chosen`` / ``scores_rejected`` / ``subset`` (numbers, or
  lists for best-of-n subsets); the column-oriented ``eval-set-scores/<model>.json`` (one
  object whose keys hold lists: ``{"scores_chosen": [...], "subset": [...], ...}``); and
  RewardBench 2 rows with a ``scores`` list whose first ``num_correct`` entries score the
  correct (chosen) completions. ``scores=`` picks ``"chosen"``, ``"rejected"``, ``"both"``
  (pooled) or ``"margin"`` (the row's chosen score, the smallest when there are several,
  minus its highest rejected score; missing scores inside a list are ignored).
* ``"trl"`` -- TRL ``GRPOTrainer`` completion logs (``log_completions=True``): a folder of
  ``completions_<step>.parquet`` files (``step, prompt, completion, <one column per reward
  function>, advantage``), or one such file. ``by="step"`` groups by training step;
  ``step_bins=m`` groups the steps into ``m`` consecutive bins of equal width.
* ``"rewards-json"`` -- one JSON object with a ``rewards`` (or ``scores``) list of numbers.
* ``"csv"``, ``"tsv"``, ``"parquet"``, ``"arrow"`` (Feather, Arrow IPC file or stream),
  ``"jsonl"``, ``"json"`` -- plain tables.

With ``format=None`` the format is chosen by the file's shape: a folder holding
``completions_*.parquet`` is a TRL log (refused when it also holds other Parquet files: say
which to read); a table with ``scores_chosen`` and ``scores_rejected``
(or a list-valued ``scores`` column) is RewardBench; a JSON object with a ``rewards`` list is
``"rewards-json"``; anything else is read by its extension. ``"-"`` reads standard input (its
format sniffed from the first bytes: parquet, Feather / Arrow IPC, JSON, JSON lines or CSV;
so are a pipe and a compressed file).

In-memory inputs: a ``pyarrow.Table`` (or ``RecordBatch``), a Hugging Face
``datasets.Dataset`` (recognised by the module of its class, so ``datasets`` is never imported
unless you pass one) and any object with ``__arrow_c_stream__`` (the Arrow PyCapsule
interface) become pandas DataFrames; ``format="rewardbench"`` / ``"trl"`` then reshapes them
as for files.

References
----------
Lambert et al. (2024), "RewardBench: Evaluating Reward Models for Language Modeling",
arXiv:2403.13787; Malik et al. (2025), "RewardBench 2", arXiv:2506.01937; TRL
``GRPOTrainer`` documentation (``log_completions``).
"""

from __future__ import annotations

import json
import lzma
import os
import re
import stat
import sys
import tempfile
import zlib
from functools import partial
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from tailstat._formats import FORMATS
from tailstat._validation import StrOptions, check
from tailstat.data import _files
from tailstat.data._arrow import to_pandas
from tailstat.data._defaults import tag as _tag
from tailstat.data._file_problems import delimited_hint, packed_problem
from tailstat.data._files import (
    compression_of,
    decompress,
    not_found,
    read_plain_table,
    unpack_limit,
)
from tailstat.data._json_layouts import json_lines
from tailstat.data._read_frames import register_read
from tailstat.data._streams import read_stream
from tailstat.data.rewardbench import (
    SCORES,
    _rewardbench_columns,
    _rewardbench_kind,
    _rewardbench_rows,
    lists_from_text,
    read_rewardbench,
)
from tailstat.data.shards import (
    PARQUET_SUFFIXES,
    empty_path,
    parquet_files,
    read_parquet_folder,
    say_other_tables,
)
from tailstat.data.trl import TRL_FIXED, read_trl_completions, refuse_mixed_folder, trl_files
from tailstat.errors import DataError

__all__ = ["COPY_SUFFIXES", "FORMATS", "JSON_LEAD", "PEEK", "SAVED_FORMAT", "SAVED_FORMAT_KEY",
           "SCORES", "compression_of", "decompress", "file_stem", "read_bytes", "read_options",
           "read_rewardbench", "read_rewards_json", "read_trl_completions", "saved_file_ends",
           "saved_json_ends", "stream_bytes", "stream_copy_names", "to_pandas", "unpack_limit",
           "unpacked_ends"]


def file_stem(path: str | os.PathLike[str]) -> str:
    """A file's name without its suffix, and for a compressed file without the suffix
    before it too (``rewards.csv.gz``: ``rewards``)."""
    p = Path(path)
    return (p.with_suffix("") if _files.compressed(p) else p).stem

#: The ``"format"`` key of an analysis saved by :meth:`tailstat.TailAnalysis.to_json`
#: (:data:`tailstat.saved.FORMAT`): the readers refuse such a file as data, in clear words.
SAVED_FORMAT = "tailstat.analysis"
#: That key as written, with any white space (a file re-indented by a JSON tool too).
SAVED_FORMAT_KEY = re.compile(rb'"format"\s*:\s*"' + re.escape(SAVED_FORMAT.encode()) + rb'"')
#: Bytes read at each end of a file to find its ``"format"`` key.
PEEK = 4096
#: The head of a saved analysis whose keys a JSON tool sorted: "analysis" comes first.
_SORTED_SAVED_HEAD = re.compile(rb'\{\s*"analysis"\s*:')
#: What may come before a JSON document's first brace: a UTF-8 byte-order mark (as some
#: editors write) and white space.
JSON_LEAD = b"\xef\xbb\xbf \t\r\n"


def saved_json_ends(head: bytes, tail: bytes = b"") -> bool:
    """Whether the first and last bytes of a (decompressed) file are those of a saved
    analysis: JSON, after a byte-order mark or white space, whose ``"format"`` key is near
    either end (first as written, last when a JSON tool sorted the keys).

    Parameters
    ----------
    head, tail : bytes
        The first and last :data:`PEEK` bytes.

    Returns
    -------
    bool
    """
    return head.lstrip(JSON_LEAD)[:1] == b"{" and any(
        SAVED_FORMAT_KEY.search(part) for part in (head, tail))


def unpacked_ends(unpacked: IO[bytes], packed: int, *, whole: bool = False
                  ) -> tuple[bytes, bytes] | None:
    """The first and last :data:`PEEK` bytes a decompressing reader yields, read a chunk at
    a time, as :func:`saved_json_ends` takes them: the end only of JSON whose ``"format"``
    key is not in its head and whose first key is ``"analysis"`` (a saved analysis whose keys
    a JSON tool sorted, then compressed: its key was never seen, and the file was refused as
    data; a review).

    Parameters
    ----------
    unpacked : binary file
        The decompressing reader (``gzip.GzipFile`` ...), at its start.
    packed : int
        The size of the compressed bytes it reads, for :func:`unpack_limit`.
    whole : bool
        Read JSON to the end whatever its head holds (bytes in memory, standard input: a
        damaged compression raises, as the reader's error, and the bytes are read as data).

    Returns
    -------
    tuple of bytes, or None
        ``(head, tail)`` (``tail`` empty when it is not needed); None when the data expand
        past :func:`unpack_limit` (a decompression bomb: the data readers refuse it).
    """
    head = unpacked.read(PEEK)
    if head.lstrip(JSON_LEAD)[:1] != b"{" or (not whole and SAVED_FORMAT_KEY.search(head)):
        return head, b""
    if not whole and not _SORTED_SAVED_HEAD.match(head.lstrip(JSON_LEAD)):
        # JSON whose first key is not a sorted saved analysis's: data, whose end is not
        # read (a review: an 18 MB .jsonl.gz was decompressed whole, twice per report)
        return head, b""
    limit, total, tail = unpack_limit(packed), len(head), head
    while chunk := unpacked.read(1 << 20):
        total += len(chunk)
        if total > limit:
            return None
        tail = (tail + chunk)[-PEEK:]
    return head, tail


def saved_file_ends(path: str | os.PathLike[str]) -> tuple[bytes, bytes] | None:
    """The first and last :data:`PEEK` bytes of a regular file as :func:`saved_json_ends`
    takes them; of a gzip, bzip2 or xz file, decompressed as a plain file is read
    (:func:`unpacked_ends`).

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    tuple of bytes, or None
        ``(head, tail)``; None for no regular file (a pipe or FIFO would lose what is
        peeked), a damaged compression or a decompression bomb (read as data, and refused).
    """
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(PEEK)
            found = compression_of(head)
            if found is not None:  # the handle open already, not the file a second time
                fh.seek(0)
                with found[1].open(fh, "rb") as unpacked:
                    return unpacked_ends(unpacked, os.fstat(fh.fileno()).st_size)
            if head.lstrip(JSON_LEAD)[:1] != b"{":  # no JSON: its tail is not read
                return head, b""
            fh.seek(0, os.SEEK_END)
            fh.seek(max(fh.tell() - PEEK, len(head)))
            return head, fh.read(PEEK)
    except (OSError, EOFError, zlib.error, lzma.LZMAError):
        return None


def read_options(format: str | None, scores: str, step_bins: int | None) -> dict[str, Any]:
    """The reader options given, the defaults left out (``{"scores": "rejected"}``): what
    reads the file again as it was read.

    Parameters
    ----------
    format, scores, step_bins
        As for :func:`read_any`.

    Returns
    -------
    dict
    """
    given = (("format", None if format in (None, "auto") else format),
             ("scores", None if scores == "chosen" else scores), ("step_bins", step_bins))
    return {k: v for k, v in given if v is not None}


# --- plain JSON object of rewards ------------------------------------------------------------

def read_rewards_json(data: Any) -> pd.DataFrame:
    """A JSON object with a ``rewards`` (or ``scores``) list of numbers, as a one-column table.

    Parameters
    ----------
    data : path or dict
        The file, or the already-parsed object.

    Returns
    -------
    pandas.DataFrame
        One column, named by the key as written (``rewards`` or ``scores``: review 426, it
        was ``reward``, and ``--column rewards`` an unknown column).
    """
    source = str(data) if isinstance(data, (str, os.PathLike)) else "in-memory dict"
    obj = _load_json(Path(data)) if isinstance(data, (str, os.PathLike)) else data
    key = _rewards_key(obj)
    if key is None:
        raise DataError(f"{source} is not a JSON object with a 'rewards' or 'scores' list of "
                        "numbers.")
    try:
        arr = np.array([np.nan if v is None else v for v in obj[key]], dtype=float)
    except OverflowError:  # an integer beyond the float range (10**400)
        raise DataError(f"{source}: the '{key}' list holds an integer too large for a float "
                        "(beyond 1.8e308); rescale the rewards or remove it.") from None
    except (TypeError, ValueError):
        raise DataError(f"{source}: the '{key}' list holds non-numbers; it must be a flat "
                        "list of rewards.") from None
    return _tag(pd.DataFrame({key: arr}), column=key, by=None, fmt="rewards-json",
                source=source)


def _rewards_key(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    for key in ("rewards", "scores"):
        v = obj.get(key)
        if isinstance(v, list) and all(e is None or (isinstance(e, (int, float))
                                                     and not isinstance(e, bool)) for e in v):
            if any(isinstance(w, list) and len(w) == len(v) and k != key
                   for k, w in obj.items()):
                return None  # other columns of the same length: a table of columns
            return key
    return None


def _load_json(path: Path) -> Any:
    if not _files.compressed(path):  # gzip bytes named .json: said so, not "not UTF-8"
        packed_problem(path, "JSON")
    try:
        with path.open("rb") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        hint = ""
        if isinstance(exc, ValueError):  # its head only: the file could not be parsed
            with path.open("rb") as fh:
                hint = delimited_hint(fh.read(4096).decode("utf-8", errors="replace"), path)
        raise DataError(f"could not read '{path}' as JSON: {exc}{hint}") from None
    except RecursionError:  # thousands of nested brackets: was "probably a bug in tailstat"
        raise DataError(f"could not read '{path}' as JSON: its values are nested too deeply "
                        "to be read; a scores file is a flat table.") from None


# --- dispatch --------------------------------------------------------------------------------

def sniff_format(path: Path) -> str:
    """The format of a file or folder from its shape (see the module docstring)."""
    if path.is_dir():
        return "trl" if trl_files(path, warn=False) else "dir"
    suffix = path.suffix.lower()
    return {".json": "json", **dict.fromkeys(PARQUET_SUFFIXES, "parquet"),
            ".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", ".csv": "csv", ".txt": "csv"
            }.get(suffix, "unknown")


def read_any(data: Any, *, format: str | None = None,
             scores: str = "chosen", by: str | None = None,
             step_bins: int | None = None) -> Any:
    """Read ``data`` in the given format, or in the format its shape says.

    Parameters
    ----------
    data : path, ``"-"``, or in-memory object
    format : str, optional
        One of :data:`FORMATS`; ``None`` / ``"auto"`` sniffs.
    scores : str
        RewardBench: which scores (:data:`SCORES`).
    by : {"step"}, optional
        TRL: group by training step.
    step_bins : int, optional
        TRL: group the steps into this many bins.

    Returns
    -------
    pandas.DataFrame, or the in-memory input unchanged when it needs no reader (a table of
    RewardBench 2 rows, lists of ``scores`` beside ``num_correct`` and ``subset``, is read
    as a file of them is).
    """
    check("format", format, [StrOptions(set(FORMATS)), None])
    fmt = None if format in (None, "auto") else format
    out = _read_path(data, fmt, scores, by, step_bins)
    given = read_options(format, scores, step_bins)
    if given and isinstance(out, pd.DataFrame) and isinstance(data, (str, os.PathLike)):
        # how it was read: an analysis of this frame records it, and a report of that
        # analysis reads the file so again (it dropped scores='rejected' and gave another
        # verdict: a review). (A report of the frame itself treats it as in memory.)
        out.attrs["tailstat_read_options"] = given
    # read here from a file or standard input: only this frame names its source
    return register_read(out) if isinstance(data, (str, os.PathLike)) else out


def _naming(path: Path, read: Any, *args: Any) -> pd.DataFrame:
    """``read(*args)`` of a table read from ``path``, its errors starting with the file's name
    (the reader, given the table, cannot name it: a review found "row 7 (counting from 0):
    ..." of no file when the format was detected), and ``path`` its source."""
    try:
        out = read(*args)
    except DataError as exc:
        if str(exc).startswith(f"{path}: "):
            raise
        raise DataError(f"{path}: {exc}") from None
    out.attrs["tailstat_source"] = str(path)
    return out  # type: ignore[no-any-return]


def _read_path(data: Any, fmt: str | None, scores: str, by: str | None,
               step_bins: int | None) -> Any:
    """:func:`read_any` (its ``format`` checked, as ``fmt``: None sniffs)."""
    if isinstance(data, str) and data == "-":
        return _read_stdin(fmt, scores=scores, by=by, step_bins=step_bins)
    if isinstance(data, str) and not data.strip():  # Path("") is ".": the working folder's
        # Parquet files were read as the input (an empty shell variable, a review)
        raise empty_path(data)
    if not isinstance(data, (str, os.PathLike)):
        if fmt == "rewardbench":
            return read_rewardbench(data, scores)  # type: ignore[arg-type]
        if fmt == "trl":
            return read_trl_completions(data, by=by, step_bins=step_bins)  # type: ignore[arg-type]
        if fmt == "rewards-json" or (fmt is None and _rewards_key(data) is not None):
            return read_rewards_json(data)
        table = to_pandas(data)
        if fmt is None and _rewardbench_rows(table, lists_only=True):
            # RewardBench 2 rows in a frame, as a file of them is read (a review: they were
            # analysed as their only numeric column, num_correct: "bounded (0.98)"); version
            # 1's number columns stay a table whose column= can be chosen
            return read_rewardbench(table, scores)  # type: ignore[arg-type]
        return table
    path = Path(data)
    if not _files.exists(path):
        raise not_found(path)
    if path.is_char_device() or path.is_block_device():  # /dev/zero was read until memory ran out
        raise DataError(f"input '{path}' is a device, not a file of rewards; save the scores to "
                        "a file (or pipe them in with '-') and give that.")
    if not path.is_dir() and (_files.compressed(path) or not path.is_file()):
        # rewards.csv.gz (read as what it holds), a pipe such as <(...), a FIFO: read once
        with open(path, "rb") as fh:  # bounded for a pipe: it may never end
            raw = fh.read() if path.is_file() else read_stream(fh, f"input '{path}'")
        if not raw.strip():
            raise DataError(f"input '{path}' is empty: it holds no rewards.")
        return _read_bytes(raw, fmt, str(path), scores=scores, by=by, step_bins=step_bins)
    shape = sniff_format(path)
    lined = (fmt in ("rewardbench", "trl") and shape == "json" and not path.is_dir()
             and json_lines(path))  # JSON lines in a .json file: read as sniffed (a review)
    trl = partial(read_trl_completions, by=by, step_bins=step_bins)  # type: ignore[arg-type]
    if fmt == "trl" or (fmt is None and shape == "trl"):
        if fmt is None:  # logs beside other tables: which one was meant?
            refuse_mixed_folder(path)
        return _naming(path, trl, read_plain_table(path, kind="jsonl")) if lined else trl(path)
    if path.is_dir():
        if fmt not in (None, "parquet"):  # a folder is read as a Parquet dataset only
            raise DataError(f"input '{path}' is a directory, read as a Parquet dataset (or "
                            f"TRL completion logs); format={fmt!r} (--format) names a file's "
                            "format: leave it out, or give a file.")
        if files := parquet_files(path):  # a dataset written in parts, hive-style (the rule
            # tailstat.dask reads a folder by)
            say_other_tables(path, len(files))
            return read_parquet_folder(path, files)
        raise DataError(f"input '{path}' is a directory without Parquet files (or TRL "
                        "completion logs); pass a .parquet, .csv or .jsonl file.")
    if fmt == "rewardbench":
        if lined:
            return _naming(path, read_rewardbench, read_plain_table(path, kind="jsonl"), scores)
        return read_rewardbench(path, scores)  # type: ignore[arg-type]
    if fmt == "rewards-json":
        return read_rewards_json(path)
    lines = fmt is None and shape == "json" and json_lines(path)  # Hugging Face's to_json
    if fmt is None and shape == "json" and path.stat().st_size > 0 and not lines:
        obj = _load_json(path)
        _refuse_saved_analysis(obj, path)
        if _rewards_key(obj) is not None:
            return read_rewards_json(path)
        if isinstance(obj, dict):
            cols = _rewardbench_columns(obj)
            if cols is not None:
                return _naming(path, read_rewardbench, cols, scores)
    df = read_plain_table(path, kind="jsonl" if lines else fmt)
    _refuse_saved_analysis(df, path)  # one line of JSON: read as JSON lines
    if fmt is None and isinstance(df, pd.DataFrame) and _rewardbench_kind(
            df) == "v2" and "num_correct" in df and (
                lists := lists_from_text(df["scores"], f"{path}: ")) is not None:
        df = df.assign(scores=lists)  # RewardBench 2 rows saved as CSV: lists as text
    if fmt is None and isinstance(df, pd.DataFrame):
        if _rewardbench_rows(df):
            return _naming(path, read_rewardbench, df, scores)
        if set(TRL_FIXED) <= set(map(str, df.columns)):
            return _naming(path, trl, df)
    return df


def _refuse_saved_analysis(table: Any, path: Path) -> None:
    """A saved analysis (:meth:`tailstat.TailAnalysis.to_json`) read as data: say what it is.

    Read as a table, its top-level keys became columns and the analysis failed on a column
    "'version' has only 2 value(s)" (a review); ``table`` is the parsed JSON or the frame.
    """
    if isinstance(table, dict):
        saved = table.get("format") == SAVED_FORMAT
    else:
        cols = getattr(table, "columns", ())
        saved = "format" in cols and "analysis" in cols and bool(
            (table["format"] == SAVED_FORMAT).any())
    if saved:
        raise _saved_as_data(str(path))


def _saved_as_data(source: str) -> DataError:
    """The error for a saved analysis read as data: how to read it, from a file or from
    standard input (``"<stdin>"``: its advice named a file, "read_analysis(<stdin>)")."""
    if source == "<stdin>":
        return DataError("standard input holds a saved tailstat analysis (written by "
                         "TailAnalysis.to_json), not a table of rewards: read it with "
                         "tailstat.read_analysis(sys.stdin.buffer.read()), or pipe it to the "
                         "command line ('... | tailstat report - -o report.html').")
    return DataError(f"input file '{source}' is a saved tailstat analysis (written by "
                     "TailAnalysis.to_json), not a table of rewards: read it with "
                     f"tailstat.read_analysis('{source}'), or give it to the command line "
                     f"as it is ('tailstat report {source} -o report.html').")


def stream_bytes(data: Any) -> bytes | None:
    """The whole of standard input (``"-"``) or of a pipe (a FIFO, ``<(...)``), read once
    (at most an eighth of the machine's memory, as every stream); None for any other input (a
    file, a folder, an object), which is read where it lies.

    A stream cannot be looked at and read again: a caller that must see what it holds before
    choosing a reader (the command line: a saved analysis, or data?) reads it here and passes
    the bytes to :func:`read_bytes`.

    Parameters
    ----------
    data : object
        The input as given: ``"-"``, a path, or anything else.

    Returns
    -------
    bytes or None
    """
    if isinstance(data, str) and data == "-":
        if sys.stdin is None:  # started with it closed (<&-): bad input, not a crash
            raise DataError("standard input is closed: pipe the data in (on the command "
                            "line: ... | tailstat COMMAND -), or give a file.")
        stream = getattr(sys.stdin, "buffer", None)
        return read_stream(sys.stdin if stream is None else stream, "standard input")
    if not isinstance(data, (str, os.PathLike)) or not str(data).strip():
        return None
    try:
        fifo = stat.S_ISFIFO(os.stat(data).st_mode)
    except (OSError, ValueError):  # no such file (read_any says so), a NUL in the name
        return None
    if not fifo:
        return None
    with open(data, "rb") as fh:  # bounded: a pipe may never end
        return read_stream(fh, f"input '{os.fsdecode(data)}'")


def read_bytes(raw: bytes, source: str, *, format: str | None = None,
               scores: str = "chosen", by: str | None = None,
               step_bins: int | None = None) -> Any:
    """Read the bytes of standard input or of a pipe (from :func:`stream_bytes`) as
    :func:`read_any` reads that input.

    Parameters
    ----------
    raw : bytes
        Everything the stream held.
    source : str
        ``"-"`` for standard input, else the pipe's path: errors and reports name it.
    format, scores, by, step_bins
        As for :func:`read_any`.

    Returns
    -------
    pandas.DataFrame
    """
    check("format", format, [StrOptions(set(FORMATS)), None])
    fmt = None if format in (None, "auto") else format
    if not raw.strip():
        if source == "-":
            raise DataError("standard input is empty: it holds no rewards. Pipe a file into "
                            "'tailstat ... -', e.g. 'cat rewards.csv | tailstat classify -'.")
        raise DataError(f"input '{source}' is empty: it holds no rewards.")
    name = "<stdin>" if source == "-" else source
    return register_read(_read_bytes(raw, fmt, name, scores=scores, by=by,
                                     step_bins=step_bins))


def _read_stdin(fmt: str | None, **options: Any) -> Any:
    """Standard input, copied to a temporary file whose suffix says its format."""
    raw = stream_bytes("-")
    assert raw is not None
    return read_bytes(raw, "-", format=fmt, **options)


#: The suffixes a stream's temporary copy can take (:func:`_read_bytes`).
COPY_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".parquet", ".arrow")


def stream_copy_names(source: str) -> tuple[str, ...]:
    """The names a stream's temporary copy can have (``63.csv``, ``63.json``, ... for
    /dev/fd/63; ``h.csv`` for a pipe named h.csv.gz): the reader's warnings name the copy,
    and the command line names the stream there instead (exactly these names: a pattern on
    the stem had renamed a group '63' too; a review)."""
    return tuple(dict.fromkeys(_files.copy_name(source, s) for s in COPY_SUFFIXES))


def _read_bytes(raw: bytes, fmt: str | None, source: str, **options: Any) -> Any:
    """A stream's bytes (standard input, a pipe) read as a temporary file whose suffix says
    its format; ``source`` names it, in errors too (never the file, gone by then)."""
    said = "standard input" if source == "<stdin>" else source  # (it said "<stdin> is ...")
    raw = decompress(raw, said).removeprefix(b"\xef\xbb\xbf")  # and a UTF-8 BOM
    if fmt in (None, "json", "jsonl") and saved_json_ends(raw[:PEEK], raw[-PEEK:]):
        raise _saved_as_data(source)
    if fmt in (None, "rewardbench", "rewards-json", "trl"):
        if raw[:4] == b"PAR1":
            suffix = ".parquet"
        elif raw[:6] == b"ARROW1" or raw[:4] == b"FEA1" or raw[:4] == b"\xff\xff\xff\xff":
            suffix = ".arrow"  # Feather v2 / Arrow IPC file, Feather v1, an IPC stream
        elif raw.lstrip()[:1] in (b"{", b"["):
            try:
                json.loads(raw)
                suffix = ".json"
            except (ValueError, RecursionError):  # the JSON reader then says which
                suffix = ".jsonl"
        else:
            suffix = ".csv"
    else:  # parquet, arrow, jsonl, json, tsv, csv: the suffix is the format
        suffix = f".{fmt}"
    with tempfile.TemporaryDirectory(prefix="tailstat-stdin-") as tmp:
        path = Path(tmp) / _files.copy_name(source, suffix)  # warnings name it: 'h.csv' of h.csv.gz
        path.write_bytes(raw)
        try:
            out = read_any(path, format=fmt, **options)
        except DataError as exc:
            text = _files.renamed(str(exc), path, source)
            # a stream (or what a compressed file holds) has no name of its own to change
            text = re.sub(r"Name it '[^']*', or give", "Give", text)
            text = text.replace("input file '<stdin>'", "standard input")  # and 'read <stdin>'
            raise DataError(text.replace("'<stdin>'", "standard input")) from None
        if isinstance(out, pd.DataFrame):
            out.attrs["tailstat_source"] = source
        return out

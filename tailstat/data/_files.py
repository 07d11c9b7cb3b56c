"""Plain table files: CSV / TSV (separator and decimal mark sniffed, misreads refused),
parquet (a file, or a folder of them), Feather / Arrow IPC, JSON and JSON lines, read by
their extension, and the same compressed with gzip, bzip2 or xz (``rewards.csv.gz``). Used
by :mod:`tailstat.data.intake` and :mod:`tailstat.data.readers`."""

from __future__ import annotations

import io
import lzma
import os
import re
import tempfile
import warnings
import zlib
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._warn import user_level
from tailstat.data._arrow import arrow_to_pandas
from tailstat.data._csv_keys import keys_as_text
from tailstat.data._csv_lines import (
    _COMMA_DECIMAL,
    _DOT_DECIMAL,
    _SEPARATORS,
    _rows,
    _sample_lines,
    check_split_decimals,
    header_is_numbers,
    preamble,
    repeated_header,
    sniff_csv,
    spreadsheet_numbers,
    whitespace_table,
    without_comment_footer,
)
from tailstat.data._csv_missing import missing_words
from tailstat.data._csv_short import warn_short_rows
from tailstat.data._csv_whole import whole_number_columns
from tailstat.data._file_problems import (
    COMPRESSIONS,
    compression_of,
    encoding_problem,
    json_problem,
    packed_problem,
    parser_problem,
    unread_compression,
)
from tailstat.data._json_layouts import flattened, json_layout, rows_as_columns
from tailstat.data._json_values import (
    big_whole_floats,
    json_lines_exactly,
    json_records_exactly,
    not_a_record_line,
    numbers_from_text,
    records_of_lines,
    refuse_duplicate_keys,
    whole_floats_with_missing,
)
from tailstat.data._values import INTEGER_TEXT, PANDAS_VERSION
from tailstat.data.shards import PARQUET_SUFFIXES
from tailstat.errors import DataError, InputWarning

#: Read CSV floats back exactly as written: the default of pandas >= 3.1, an option before
#: (where the fast parser can be off by one unit in the last place).
_ROUND_TRIP: dict[str, str] = (
    {} if PANDAS_VERSION >= (3, 1) else {"float_precision": "round_trip"})


__all__ = ["compressed", "compression_of", "copy_name", "decompress", "exists",
           "not_found", "read_plain_table", "renamed", "unpack_limit"]

_READERS = {
    **dict.fromkeys(PARQUET_SUFFIXES, "parquet"),
    ".feather": "arrow", ".arrow": "arrow", ".arrows": "arrow", ".ipc": "arrow",
    ".csv": "csv", ".tsv": "tsv", ".txt": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
}



def plain_kind(name: str) -> str | None:
    """The reader a file's name says (``"jsonl"`` for ``scores.jsonl.bz2``), by
    :data:`_READERS` under a compression suffix; None for an unknown or no extension."""
    path = Path(name)
    if compressed(path):
        path = path.with_suffix("")
    return _READERS.get(path.suffix.lower())


def compressed(path: Path) -> bool:
    """Whether ``path`` is named as a gzip, bzip2 or xz file (``rewards.csv.gz``)."""
    return path.suffix.lower() in COMPRESSIONS


#: A compressed input is refused once it expands past both this many bytes and
#: :data:`BOMB_RATIO` times its own size: a few kilobytes of gzip can stand for gigabytes of
#: one repeated byte (a decompression bomb), which were decompressed whole into memory.
BOMB_BYTES = 1 << 30
#: Text tables of scores compress by 2-30 times; 200 is far beyond any of them.
BOMB_RATIO = 200


def unpack_limit(packed: int) -> int:
    """The size past which ``packed`` bytes of gzip, bzip2 or xz are refused as a
    decompression bomb: past both :data:`BOMB_BYTES` (1 GiB) and :data:`BOMB_RATIO` (200)
    times their size (:func:`decompress`, and the readers' look at a compressed file's ends).

    Parameters
    ----------
    packed : int
        The size of the compressed bytes.

    Returns
    -------
    int
        The most bytes they may expand to.
    """
    return max(BOMB_BYTES, BOMB_RATIO * packed)


#: The errors :func:`decompress` raises, by default (a data file's): templates of
#: ``{source}``, ``{name}`` (of the compression), ``{mib}`` (the limit), ``{ratio}``
#: (:data:`BOMB_RATIO`) and ``{exc}``.
BOMB = ("{source} is {name}-compressed and expands to more than {mib} MiB ({ratio} times its "
        "size or more: a decompression bomb?). If it is a real table of scores, decompress it "
        "yourself and give the file, which is read at any size.")
DAMAGED = ("{source} is {name}-compressed but could not be decompressed ({exc}): is the "
           "file complete? Decompress it yourself to check.")


def decompress(raw: bytes, source: str, *, bomb: str = BOMB, damaged: str = DAMAGED
               ) -> bytes:
    """``raw`` decompressed when it is gzip, bzip2 or xz data (:func:`compression_of`),
    else as it is, read a chunk at a time up to :func:`unpack_limit` (so that a decompression
    bomb is refused before memory runs out): a data file's, standard input's, a saved
    analysis'. ``source`` names it in the DataError of a bomb or of damaged data, worded as
    ``bomb`` and ``damaged`` say (:data:`BOMB`, :data:`DAMAGED`: a saved analysis' are its
    own)."""
    found = compression_of(raw)
    if found is None:
        return raw
    name, module = found
    limit, total, parts = unpack_limit(len(raw)), 0, []
    try:
        with module.open(io.BytesIO(raw), "rb") as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    raise DataError(bomb.format(source=source, name=name, ratio=BOMB_RATIO,
                                                mib=f"{limit / 2**20:,.0f}"))
                parts.append(chunk)
        return b"".join(parts)
    except DataError:  # (a ValueError)
        raise
    except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error) as exc:
        raise DataError(damaged.format(source=source, name=name, exc=exc)) from None


def copy_name(source: str, suffix: str) -> str:
    """The file name of a stream's temporary copy, which the reader's warnings name:
    ``stdin.csv`` for standard input, else the source's name without its compression suffix
    (``h.csv`` for ``h.csv.gz``), ending in the format's ``suffix``."""
    if source == "<stdin>":
        return f"stdin{suffix}"
    name = Path(source).name
    if compressed(Path(name)):
        name = name[: -len(Path(name).suffix)]
    return name if name.lower().endswith(suffix) else f"{name}{suffix}"


def renamed(text: str, copy: Path, source: str) -> str:
    """``text`` (an error about the temporary ``copy``) naming ``source`` instead, in one
    pass: the copy's path, its quoted name, its name (``h.csv`` inside ``h.csv.gz`` is left
    alone once replaced)."""
    pattern = "|".join(re.escape(t) for t in (str(copy), f"'{copy.name}'", copy.name))
    return re.sub(pattern, lambda _: source, text)


def read_plain_table(data: str | os.PathLike[str], kind: str | None = None) -> pd.DataFrame:
    """Read a file as a plain table, by its extension (or as ``kind``).

    Parameters
    ----------
    data : path
    kind : {"parquet", "arrow", "csv", "tsv", "jsonl", "json"}, optional
        Read as this, whatever the extension.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        As :func:`read_table`.
    """
    path = Path(data)
    if not exists(path):
        raise not_found(path)
    if path.is_dir():
        raise DataError(f"input '{path}' is a directory; pass a .parquet, .csv or .jsonl file.")
    explicit = kind
    kind = kind or _READERS.get(path.suffix.lower())
    if kind is None:
        unread = unread_compression(path)
        if unread is not None:
            raise unread
        raise DataError(
            f"cannot read '{path.name}': unknown file type '{path.suffix}'. "
            f"Use one of {', '.join(sorted(_READERS))} (or one of those compressed: "
            f"{', '.join(COMPRESSIONS)}), give --format (in Python: tailstat.data.read_table("
            "path, format=...)), or load it yourself "
            "and pass a DataFrame."
        )
    if path.stat().st_size == 0:
        raise DataError(f"input file '{path}' is empty: it holds no rewards.")
    if kind not in ("parquet", "arrow") and not compressed(path):
        packed_problem(path, kind)
    if kind in ("csv", "tsv"):
        with open(path, "rb") as fh:
            if fh.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # before any sniffing reads it
                raise DataError(f"could not read '{path}' as {kind}: "
                                f"{encoding_problem(path, UnicodeError('UTF-16'))}")
        skip, comments = preamble(path)
        spaced = None if skip or kind == "tsv" else whitespace_table(path)  # np.savetxt
        if skip or spaced is not None:
            return _without_preamble(path, explicit, skip, comments, spaced)
    sep, decimal = ",", "."
    headerless = False
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            # (ParquetFile, not read_table: its dataset layer refused duplicate column names
            # with "Multiple matches for FieldRef.Name", before the intake could name them)
            df = flattened(arrow_to_pandas(pq.ParquetFile(path).read()))  # nullable ints stay
        elif kind == "arrow":  # Feather / Arrow IPC, as a file or as a stream
            df = flattened(arrow_to_pandas(_read_arrow(path)))
        elif kind in ("csv", "tsv"):
            sep, decimal, thousands, ambiguous = sniff_csv(path, "\t" if kind == "tsv" else None)
            if ambiguous is not None:  # '5,674' beside '110': 5.674 or 5674? said, not guessed
                mark, grouped, whole = ambiguous
                beside = (f"beside whole numbers ({whole!r})" if whole else
                          "(and no whole number below 1000 beside them)")
                warnings.warn(f"'{path.name}': numbers such as {grouped!r} {beside} are "
                              "read as decimals "
                              f"({grouped.replace(mark, '.')}), but '{mark}' may separate "
                              f"thousands ({grouped.replace(mark, '')}) instead. If it does, "
                              f"read the file yourself (pandas.read_csv(path, sep={sep!r}, "
                              f"thousands={mark!r}"
                              f"{', decimal=' + repr(',') if mark == '.' else ''})) and "
                              "pass the DataFrame (on the command line: save the table as "
                              "Parquet, or write the numbers without the thousands mark).",
                              InputWarning, stacklevel=user_level())
            if explicit is None and path.suffix.lower() == ".txt":
                _check_txt_is_table(path, sep)
            # no header line: the first line holds scores, read as data (it was lost as
            # column names); said once the shape checks below have passed. Read once (a
            # review: read twice, a savetxt footer was said twice)
            headerless = header_is_numbers(path, sep, decimal, thousands)
            df = _read_rows(path, sep, decimal, header=None if headerless else "infer",
                            thousands=thousands)
            if headerless:
                df.columns = (["reward"] if df.shape[1] == 1
                              else [f"column_{i + 1}" for i in range(df.shape[1])])
            df = _with_header_as_written(df, path, sep)
            df, repeats, notes = (df, [], []) if headerless else repeated_header(df, decimal)
            if repeats:
                also = (f", with the {len(notes)} comment line(s) above them ({notes[0][:60]!r}"
                        f"{', ...' if len(notes) > 1 else ''})" if notes else "")
                warnings.warn(f"'{path.name}' repeats its header line {len(repeats)} "
                              f"time(s) (first as data row {repeats[0]}, counting from 0: "
                              "files concatenated with their headers?); those lines were "
                              f"skipped{also}.", InputWarning, stacklevel=user_level())
            df, unsure = spreadsheet_numbers(df, sep, decimal)
            for name, grouped, whole in unsure:
                warnings.warn(f"'{path.name}': numbers such as {grouped!r} in column {name!r} "
                              f"beside whole numbers ({whole!r}) are read as thousands "
                              f"({grouped.replace(',', '')}): the file separates its fields "
                              "with commas, so its decimal mark is the point. If ',' is a "
                              f"decimal mark there ({grouped.replace(',', '.')}), read the "
                              f"file with pandas.read_csv(path, dtype={{{name!r}: str}}), "
                              "convert the column (.str.replace(',', '.').astype(float)) and "
                              "pass the DataFrame.", InputWarning,
                              stacklevel=user_level())
        elif kind == "jsonl":
            # JSON's own types, then numbers from strings as _numbers_from_text says
            # (pandas' inference read the group keys "1" and "01" as one number)
            refuse_duplicate_keys(path, kind)
            try:
                df = pd.read_json(path, lines=True, precise_float=True, encoding="utf-8-sig",
                                  dtype=False)
            except ValueError as exc:
                if "too big" not in str(exc):
                    raise
                df = json_lines_exactly(path)  # an integer beyond 64 bits (a 128-bit hash)
            if big_whole_floats(df) or whole_floats_with_missing(df):
                # ids beyond 2**53, keys 1, 2 beside a missing one (not 1.0): read again as
                # records; lines of arrays stand as pandas read them (a review)
                exact = records_of_lines(path)
                df = df if exact is None else exact
            if len(df) == 1 and list(df.columns) == list(range(df.shape[1])) and all(
                    isinstance(c, dict) for c in df.iloc[0]):
                # one line, one array of records (columns '0.reward', '1.reward', ...; not a
                # record whose fields are all objects, whose columns are its keys: reviews)
                raise DataError(f"input '{path}' holds one JSON array of records, not one "
                                "record per line: read it as JSON (--format json on the "
                                "command line, format='json' in Python).")
            df = numbers_from_text(flattened(df))
        else:
            refuse_duplicate_keys(path, kind)
            df = pd.read_json(path, precise_float=True, encoding="utf-8-sig", dtype=False)
            exact = (json_records_exactly(path)
                     if big_whole_floats(df) or whole_floats_with_missing(df) else None)
            if exact is not None:  # ids beyond 2**53 beside a missing one, as in JSON lines
                df = exact
            shaped = (json_layout(path) if {"columns", "data"} <= set(map(str, df.columns))
                      or {"schema", "data"} <= set(map(str, df.columns))
                      else rows_as_columns(df, path))
            df = numbers_from_text(flattened(df if shaped is None else shaped))
    except pd.errors.EmptyDataError:
        raise DataError(f"input file '{path}' is empty: it holds no rewards.") from None
    except DataError:
        raise
    except UnicodeError as exc:  # Excel's "CSV" (Windows-1252) or "Unicode Text" (UTF-16)
        raise DataError(f"could not read '{path}' as {kind}: "
                        f"{encoding_problem(path, exc, kind)}"
                        ) from None
    except Exception as exc:
        shaped = json_layout(path) if kind == "json" else None  # W&B, orient="split"/"table"
        if shaped is None:
            detail = json_problem(path, kind) if kind in ("json", "jsonl") else None
            if detail is None and kind == "jsonl":  # a line of null, 3.5 or [1, 2]
                detail = not_a_record_line(path)
            named = plain_kind(str(path))
            other = (f" Its name says {named}: leave --format out to read it so (in Python: "
                     "format=None)." if explicit and named not in (None, kind) else "")
            said = detail or parser_problem(exc)
            said += "." if other and not said.endswith(".") else ""
            raise DataError(f"could not read '{path}' as {kind}: {said}{other}"  # (a review:
                            ) from None  # no advice for a --format the name contradicts)
        df = numbers_from_text(shaped)
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if kind in ("csv", "tsv"):
        if df.shape[0] == 0:  # as tailstat report says it (and intake for a table)
            raise DataError(f"input file '{path}' has no rows (only a header?): it holds no "
                            "rewards. Give a file with one row per reward (were the scores "
                            "written to it?).")
        _check_csv_shape(df, path, sep, decimal, header=not headerless)
        df = keys_as_text(df, path, sep, header=not headerless, decimal=decimal)
        whole_number_columns(df, path, sep, header=not headerless)
    if headerless:
        warnings.warn(
            f"'{path.name}' has no header line (its first line is a row of data): read as "
            f"data, the column{'s' if df.shape[1] > 1 else ''} named "
            f"{', '.join(map(repr, df.columns[:3]))}"
            f"{', ...' if df.shape[1] > 3 else ''}.", InputWarning, stacklevel=user_level())
    df.attrs["tailstat_source"] = str(path)
    return df


def _without_preamble(path: Path, kind: str | None, skip: int, comments: list[str],
                      text: bytes | None = None) -> pd.DataFrame:
    """The table of a CSV below its first ``skip`` lines (Excel's ``sep=;`` line, comment
    lines: :func:`~tailstat.data._csv_lines.preamble`), or ``text`` (the file rewritten),
    read from a copy (whose name errors and warnings give as the file's own); the comments
    are said in a warning."""
    if comments:
        shown = "; ".join(repr(c[:60]) for c in comments[:2])
        warnings.warn(f"'{path.name}': {len(comments)} comment line(s) above the header "
                      f"skipped ({shown}{'; ...' if len(comments) > 2 else ''}).",
                      InputWarning, stacklevel=user_level())
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    cut = sum(len(line) for line in raw.split(b"\n")[:skip]) + skip
    with tempfile.TemporaryDirectory(prefix="tailstat-csv-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_bytes(raw[cut:] if text is None else text)
        try:
            df = read_plain_table(copy, kind)
        except DataError as exc:
            raise DataError(renamed(str(exc), copy, str(path))) from None
    df.attrs["tailstat_source"] = str(path)
    return df


def _read_rows(path: Path, sep: str, decimal: str, header: Literal["infer"] | None, *,
               thousands: str | None = None) -> pd.DataFrame:
    """The CSV's rows. An empty line of a one-column file is an empty field, a missing score
    (pandas before 3, and writers that print a missing value as nothing, write a NaN so): it
    is kept as NaN and counted with the other missing values (skipped, ``n_missing``
    depended on the number of columns, and a position named in a message was off by the
    lines skipped). In a file of several columns an empty line is no row, and is skipped."""
    kw: dict[str, Any] = {"sep": sep, "decimal": decimal, "header": header,
                          "thousands": thousands, "keep_default_na": False, "na_values": [""],
                          **_ROUND_TRIP}
    df = pd.read_csv(path, skip_blank_lines=False, **kw)
    skip = df.shape[1] > 1 and _some_row_empty(df)  # empty lines, or rows of empty fields
    df = pd.read_csv(path, **kw) if skip else df
    warn_short_rows(df, path, sep, header=header is not None)
    return missing_words(without_comment_footer(df, decimal), decimal, thousands)


def _some_row_empty(df: pd.DataFrame) -> bool:
    """Whether some row of ``df`` is missing in every column: ``df.isna().all(axis=1).any()``
    a column at a time, stopping at the first column with no missing value (0.4 s of 1.9 s of
    a 10^7-row CSV's intake, a review: most files stop at their first column)."""
    empty = np.ones(len(df), dtype=bool)
    for col in range(df.shape[1]):
        empty &= df.iloc[:, col].isna().to_numpy()
        if not empty.any():
            return False
    return bool(empty.any())


#: A column name as pandas renames a repeated one (``reward.1``).
_RENAMED = re.compile(r".+\.\d+")


def _with_header_as_written(df: pd.DataFrame, path: Path, sep: str) -> pd.DataFrame:
    """``df`` with its column names as the file's header has them: pandas renames a repeated
    name (``reward``, ``reward.1``), which would let a column that is not in the file be
    chosen and the repeat go unnoticed; the names as written make the repeat the same error
    as in a DataFrame ("appears 2 times"). The header is read again only when a name looks
    renamed so."""
    if not any(_RENAMED.fullmatch(str(c)) for c in df.columns):
        return df
    header = pd.read_csv(path, sep=sep, header=None, nrows=1, dtype=str,
                         keep_default_na=False).iloc[0].tolist()
    if len(header) == df.shape[1] and len(set(header)) < len(header):
        df = df.set_axis(header, axis=1)
    return df


def _check_txt_is_table(path: Path, sep: str) -> None:
    """A ``.txt`` file is read as a table only when it looks like one: every sampled line has
    the same number of fields, and below the header at least one field is a number."""
    lines = _sample_lines(path)
    rows = _rows(lines, sep)
    counts = {len(r) for r in rows}
    numbers = any(_DOT_DECIMAL.match(f) or INTEGER_TEXT.match(f) or _COMMA_DECIMAL.match(f)
                  for r in rows[1:] for f in r)
    if len(counts) != 1 or not numbers:
        raise DataError(f"'{path}' does not look like a table of scores (its lines do not "
                        "split into the same columns of numbers). Save the scores as .csv, "
                        ".parquet or .jsonl, or give --format csv (in Python: tailstat.data."
                        "read_table(path, format='csv')) to read it "
                        "as CSV anyway.")


def _check_csv_shape(df: pd.DataFrame, path: Path, sep: str, decimal: str, *,
                     header: bool = True) -> None:
    """Refuse a CSV table whose shape says it was read with the wrong separator or decimal.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read.
    path : Path
        The file.
    sep, decimal : str
        The separator and decimal mark it was read with.
    header : bool
        Whether the file's first line is a header of names (False: it is numbers, read as
        data).

    Raises
    ------
    DataError
        Rows with more fields than the header has names; a header name holding another
        separator that splits every data line too (the file was split at the wrong
        character); whole-number columns that are the halves of decimal numbers
        (:func:`~tailstat.data._csv_lines.check_split_decimals`).
    """
    shown = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}
    fix = ("Save it with one separator and a decimal point (e.g. pandas "
           "df.to_csv(path, index=False)), or read it yourself (pandas.read_csv with sep= and "
           "decimal=) and pass the DataFrame.")
    if not isinstance(df.index, pd.RangeIndex):
        raise DataError(
            f"'{path}' looks misread: its rows have more fields than its header has names when "
            f"split at {shown[sep]}, so numbers may have been cut at a decimal comma. {fix}"
        )
    lines = _sample_lines(path)
    body = lines[1:] if header else lines
    for col in df.columns:
        name = str(col)
        # another separator in a name is a sign of a misread only when it separates the data
        # too: in every data line ('a;b' over '1;2'), not only in the name ('log p(y|x)' in a
        # comma-separated file, whose data lines have no '|'); a comma that is the decimal
        # mark is explained by the numbers
        others = [c for c in _SEPARATORS
                  if c not in (sep, decimal) and c in name
                  and body and all(c in line for line in body)]
        if others:
            raise DataError(
                f"'{path}' looks misread: the header name {name!r} contains the separator "
                f"{shown[others[0]]}, as does every line of data, while the file was split at "
                f"{shown[sep]}. {fix}"
            )
    if sep == ",":
        check_split_decimals(df, path, lines, fix, header=header)


def _read_arrow(path: Path) -> Any:
    """A Feather (v1 or v2) or Arrow IPC file, or an Arrow IPC stream, as a pyarrow table
    (``.feather`` / ``.arrow`` files were refused as of an unknown type)."""
    import pyarrow as pa
    import pyarrow.feather as feather

    try:
        return feather.read_table(path)
    except (pa.ArrowInvalid, OSError):
        with pa.ipc.open_stream(path) as reader:  # the stream format (.arrows)
            return reader.read_all()


def exists(path: Path) -> bool:
    """Whether the input ``path`` exists; a name the file system cannot hold (too long: often
    text or data passed where a path was expected) is a DataError, not a bare OSError."""
    try:
        return path.exists()
    except OSError as exc:
        raise DataError(f"input '{str(path)[:60]}...' ({len(str(path))} characters) is not a "
                        f"file name ({exc.strerror}): pass the path of a file of rewards, or "
                        "the rewards themselves (an array, a Series, a DataFrame with "
                        "column=).") from None


def not_found(path: Path) -> DataError:
    """The error for an input path that does not exist (a glob pattern gets a hint)."""
    glob = any(ch in str(path) for ch in "*?[")
    return DataError(f"input file not found: '{path}'. Check the path" + (
        "; a pattern such as shards/*.parquet is expanded by the shell when unquoted, or "
        "read as shards by tailstat.dask.analyze (the command line's --dask)."
        if glob else "."))


def nulls_as_numbers(df: pd.DataFrame, skip: frozenset[str] | set[str]) -> None:
    """Columns of ``df`` (but ``skip``) that hold only numbers and nulls, as floats, in place:
    a TRL reward function may return None for a whole step, and the step files' column then
    concatenates to objects, no longer offered as a reward column (or, the only one, lost)."""
    def number(v: Any) -> bool:
        return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))

    for c in df.columns:
        col = df[c]
        # text columns (prompts, completions) are told by their first values, unread further
        if (col.dtype == object and str(c) not in skip and all(map(number, col.head(50)))
                and all(map(number, col))):
            df[c] = pd.to_numeric(col).astype(float)

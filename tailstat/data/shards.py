"""Parquet shards as tailstat.dask reads them: paths, folders and globs expanded and checked,
and the columns of local shards compared from their footers before any work; and a folder
of them read whole into pandas (:func:`read_parquet_folder`, for :func:`tailstat.data.read_table`).

Dask itself is imported by the caller (:mod:`tailstat.dask`), which passes
``dask.dataframe`` in; this module imports only pyarrow's Parquet footer reader, and only
when it compares shards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import traceback
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tailstat._warn import user_level
from tailstat.data._arrow import arrow_to_pandas, nullable_integers, pandas_metadata_for
from tailstat.data._file_problems import COMPRESSIONS, PARQUET_SUFFIXES
from tailstat.errors import DataError, InputWarning

__all__ = [
    "PARQUET_SUFFIXES",
    "check_read_columns",
    "check_same_columns",
    "empty_path",
    "expand_paths",
    "parquet_files",
    "read_parquet_folder",
    "read_shards",
    "say_other_tables",
    "unreadable_shards",
]



def empty_path(given: str) -> DataError:
    """The error for an input path that is an empty (or blank) string."""
    return DataError(f"the input path is empty ({given!r}): pass a file, a folder of Parquet "
                     "files, or '-' for standard input.")


def read_shards(source: Any, dd: Any
                ) -> tuple[Any, str, tuple[str, ...] | None, dict[str, frozenset[str]]]:
    """A Dask DataFrame of the source, what it is for people, the paths given (files,
    folders, globs, as given: the call that reads them again names them; None for a Dask
    DataFrame) and the columns of each local file (:func:`check_read_columns`)."""
    if isinstance(source, dd.Series):  # an unnamed one named as tailstat.analyze names it
        source = source.to_frame() if source.name is not None else source.to_frame(name="x")
    if isinstance(source, dd.DataFrame):
        return source, f"Dask DataFrame ({source.npartitions} partitions)", None, {}
    if isinstance(source, (str, os.PathLike)):
        given = [os.fspath(source)]
    elif (isinstance(source, (list, tuple)) and source
          and all(isinstance(p, (str, os.PathLike)) for p in source)):
        given = [os.fspath(p) for p in source]
    elif isinstance(source, (list, tuple)) and not source:
        raise DataError("the list of paths is empty: give at least one Parquet file, folder "
                        "or glob.")
    else:
        hint = (" (an in-memory table: use tailstat.analyze, or dask.dataframe.from_pandas)"
                if isinstance(source, pd.DataFrame) else "")
        raise DataError("tailstat.dask.analyze reads a Dask DataFrame or Parquet files (a "
                        "path, a folder, a glob or a list of them); got a "
                        f"{type(source).__name__}{hint}.")
    files = expand_paths(given)
    where = given[0] if len(given) == 1 else (
        f"{len(files)} Parquet files ({given[0]}, ...)")
    # dd.read_parquet takes a list of files, not of folders; and it reads every Parquet file
    # of a folder, a Spark job's leftover _temporary/ parts too: folders become their files
    files = _folders_as_files(files)
    index_differs, names = check_same_columns(files)
    if index_differs:
        raise DataError("the Parquet shards store different index columns (a named or Dask "
                        "index in some, not in others), which Dask cannot read as one "
                        "dataset: write "
                        "every shard alike, e.g. df.reset_index().to_parquet(path, "
                        "index=False).")
    base, keyed = _keyed_files(files, given)
    keys = _hive_keys(base, keyed) if keyed else {}
    extra: dict[str, Any] = {}
    if keyed:  # key=value folders are read below the base only (a folder given that is itself
        # one, or a lone file in one, has no key column, as in memory; Dask read the whole
        # path's and failed on a file column of the same name: a review)
        extra["dataset"] = {"partition_base_dir": str(base)}
    if keys:  # the folder names' keys read as text, then whole numbers as integers, as the
        import pyarrow as pa  # in-memory reader reads them (a review: Dask's own reading
        import pyarrow.dataset as ds  # failed on a null key and on day=1 beside day=01)

        _same_key_layout(base, keyed, len(given) == 1 and os.path.isdir(given[0]))
        _key_clash(keyed, list(keys), _column_names(keyed, where))
        text = pa.schema([(k, pa.string()) for k in keys])
        # (the base: a list of the files of key=value folders, a glob, is read with the keys
        # of the folders below their first common ancestor that is no key folder itself)
        extra["dataset"]["partitioning"] = ds.partitioning(text, flavor="hive")
    try:
        # integers as pandas' nullable integers, as the in-memory reader has them: pandas'
        # default made a column with a missing value floats, so the keys 1, 2 read as 1.0,
        # 2.0 and the ids 2**60 and 2**60 + 1 became one group (a review)
        # index=False: a named index stored by pandas (df.set_index("g").to_parquet) is a
        # column, as the in-memory reader has it, and unnamed ones (row numbers) are left
        # out (review 443: --by g read 2 groups in memory, and under Dask "'g' names the
        # table's index ... pass df.reset_index()"; a named RangeIndex stored as metadata
        # alone made Dask's own reading fail with "KeyError: '[nan] not in index'")
        _forget_dask_plans()
        out = dd.read_parquet(files if len(files) > 1 else files[0], index=False,
                              arrow_to_pandas={"types_mapper": nullable_integers().get}, **extra)
    except (OSError, ValueError) as exc:
        raise DataError(f"could not read {where!r} as Parquet ({type(exc).__name__}: "
                        f"{exc}).") from None
    for k, values in keys.items():
        if whole_numbers(values):
            out[k] = out[k].astype("Int64")
    return out, where, tuple(given), names


def _forget_dask_plans() -> None:
    """Empty Dask's cache of Parquet reading plans: a plan cached by one call holds Dask's own
    types-mapper closure, which the next call's expression cannot hash, and a second
    ``tailstat.dask.analyze(..., by=...)`` of a folder of 34 files or more failed with Dask's
    TokenizationError (a review; dask 2026.8). Dask's private cache: nothing is done where it
    is not (another version), and a plan costs one more read of the files' footers."""
    with contextlib.suppress(ImportError, AttributeError, TypeError):
        from dask.dataframe.dask_expr.io import parquet

        parquet._cached_plan.clear()


def _hive_keys(folder: Path, files: list[Path]) -> dict[str, list[str]]:
    """The keys of the key=value sub-folders of ``folder`` that hold ``files``, in order, and
    the values they take (Spark's null partition left out)."""
    keys: dict[str, list[str]] = {}
    for f in files:
        for part in f.relative_to(folder).parts[:-1]:
            if "=" in part:
                k, val = part.split("=", 1)
                keys.setdefault(k, [])
                if val != "__HIVE_DEFAULT_PARTITION__":
                    keys[k].append(val)
    return keys


def _keyed_files(files: list[str], given: list[str]) -> tuple[Path, list[Path]]:
    """The folder whose key=value sub-folders name columns, and the local Parquet files below
    it: the folder given (its files, whatever their number), one file's own folder, or for a
    list (a glob) of several files their first common folder that is no key folder itself (a
    review: the files of ``day=1/`` and ``day=01/`` given by a glob were left to Dask, which
    failed). Nothing for remote paths."""
    if any("://" in f for f in files):
        return Path("."), []
    if len(files) == 1 and os.path.isdir(files[0]):
        return Path(files[0]), parquet_files(files[0])
    if len(given) == 1 and os.path.isdir(given[0]):  # a folder without key folders
        return Path(os.path.abspath(given[0])), [Path(os.path.abspath(f)) for f in files]
    if len(files) == 1:
        return Path(os.path.abspath(os.path.dirname(files[0]))), [Path(os.path.abspath(files[0]))]
    base = Path(os.path.commonpath([os.path.abspath(os.path.dirname(f)) for f in files]))
    while "=" in base.name:
        base = base.parent
    return base, [Path(os.path.abspath(f)) for f in files]


def _column_names(files: list[Path], where: str) -> list[list[str]]:
    """The column names of each Parquet file, from its footer; a file that cannot be read is
    a :class:`DataError` naming it (a review: a raw ArrowInvalid)."""
    import pyarrow.parquet as pq

    names = []
    for f in files:
        try:
            names.append(pq.read_schema(f).names)
        except (OSError, ValueError) as exc:
            raise DataError(f"could not read the Parquet shard '{f}' of {where!r} "
                            f"({type(exc).__name__}: {exc}); write it again, or leave it "
                            "out.") from None
    return names


def _same_key_layout(base: Path, files: list[Path], folder: bool) -> None:
    """A :class:`DataError` when the ``files`` lie under different key=value folders (some
    under ``model=a/``, one beside them), which Dask cannot read as one dataset (a review: a
    raw ``KeyError`` from inside a worker)."""
    layouts: dict[tuple[str, ...], Path] = {}
    for f in files:
        layout = tuple(sorted(part.split("=", 1)[0] for part in f.relative_to(base).parts[:-1]
                              if "=" in part))  # (in any order: hive reads them by name)
        layouts.setdefault(layout, f)
    if len(layouts) > 1:
        (one, f1), (two, f2) = list(layouts.items())[:2]

        def words(layout: tuple[str, ...]) -> str:
            return ("no key folder" if not layout
                    else "the key folders " + "/".join(f"{k}=..." for k in layout))

        raise DataError(
            f"the Parquet files under '{base}' lie in different key=value folders: "
            f"'{f1}' under {words(one)}, '{f2}' under {words(two)}. Dask reads them as one "
            "dataset only when every file lies under the same keys: move the files so, or give "
            "each layout's folder on its own" + (
                "; or analyse the folder without Dask (tailstat.analyze reads a key a file "
                "lacks as missing)." if folder else "."))


def _key_clash(files: list[Path], keys: list[str], names: list[list[str]]) -> None:
    """A :class:`DataError` when a Parquet file (column ``names`` of each of ``files``) holds
    a column that a key=value folder also names: one would overwrite the other (a review: the
    folder's value replaced the file's, relabelling 8,900 rows without a word)."""
    for f, cols in zip(files, names, strict=True):
        both = [k for k in keys if k in cols]
        if both:
            raise DataError(
                f"'{f}' has a column {both[0]!r} and lies in a key=value folder "
                f"{both[0]}=...: the folder's name and the column both give {both[0]!r}, and "
                "one would overwrite the other. Drop the column from the files, or rename the "
                "folders (e.g. by_model=a/).")


def whole_numbers(values: list[str]) -> bool:
    """Whether key values read from folder names are whole numbers written plainly (``100``,
    ``-3``; not ``01``, ``+1`` or ``1.0``) within int64, which are read as integers."""
    return bool(values) and all(v.lstrip("-").isascii() and v.lstrip("-").isdecimal()
                                and str(int(v)) == v and -2**63 <= int(v) < 2**63
                                for v in values)  # (beyond int64: text, not an error)


@contextlib.contextmanager
def unreadable_shards(where: str, paths: Sequence[str] | None = None,
                      columns: list[str] | None = None) -> Iterator[None]:
    """Within it, a shard that cannot be read while Dask computes (damaged data pages: only
    the footers are read before) is a :class:`DataError` naming the source, as the in-memory
    reader says it (a review: a raw OSError, "Couldn't deserialize thrift"), and the first
    local file among ``paths`` whose ``columns`` cannot be read (review 410: the error named
    the folder only)."""
    import pyarrow as pa

    try:
        yield
    except (OSError, pa.lib.ArrowException) as exc:
        # pyarrow's own (a connection reset or a closed comm of the cluster is an OSError
        # too, and not a damaged file: a re-read)
        frames = traceback.extract_tb(exc.__traceback__)
        if isinstance(exc, DataError) or not any("pyarrow" in f.filename for f in frames):
            raise
        said = " ".join(str(exc).split())  # (pyarrow's text holds line breaks)
        bad = _first_unreadable(paths, columns)
        which = (f"the file {bad!r} is damaged or unreadable" if bad is not None else
                 "a file among the shards is damaged or unreadable")
        raise DataError(f"could not read {where!r} as Parquet ({type(exc).__name__}: {said}); "
                        f"{which}: write it again, or leave it out.") from None


def _first_unreadable(paths: Sequence[str] | None, columns: list[str] | None) -> str | None:
    """The first local Parquet file of ``paths`` (files or folders) whose ``columns`` cannot
    be read, or None (remote paths, or every file reads: the failure was elsewhere). Read on
    the error path only, one file at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        files = _folders_as_files(expand_paths([str(p) for p in paths or ()]))
    except DataError:  # (they were read before: nothing to add)
        return None
    for f in files:
        if "://" in f:
            continue
        try:
            pq.read_table(f, columns=columns)
        except (OSError, ValueError, pa.lib.ArrowException):
            return f
    return None


def parquet_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The Parquet files (``.parquet``, ``.pq``, ``.parq``) under ``folder``, searched
    recursively and in order of their path; those whose name or folder starts with ``.`` or
    ``_`` (Spark's ``_temporary/`` and ``_SUCCESS``, Dask's ``_metadata``) are left out, as
    pyarrow leaves them out of a dataset read from the folder."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES
                  and p.is_file() and not any(part.startswith((".", "_"))
                                              for part in p.relative_to(root).parts))


def _folders_as_files(files: list[str]) -> list[str]:
    """Each local folder replaced by its Parquet files (:func:`parquet_files`). A folder
    partitioned by key (``year=2024/...``) is kept whole when it is the only path (Dask reads
    the key's column from the folder names) and refused in a list, since its files alone
    lose the key's column."""
    out: list[str] = []
    for f in files:
        if "://" in f or not os.path.isdir(f):
            out.append(f)
            continue
        inner = [str(h) for h in parquet_files(f)]
        partitioned = any("=" in os.path.relpath(os.path.dirname(h), f) for h in inner)
        if partitioned and len(files) == 1:
            say_other_tables(f, len(inner))
            out.append(f)
            continue
        if partitioned:
            raise DataError(f"the folder {f!r} is partitioned by key (key=value sub-folders), "
                            "and a list of folders is read file by file, which would lose the "
                            "key's column: give one folder (their common parent, or one at a "
                            "time).")
        if not inner:
            raise DataError(f"the folder {f!r} holds no Parquet file "
                            f"({', '.join(PARQUET_SUFFIXES)}).")
        say_other_tables(f, len(inner))
        out.extend(inner)
    return out


def check_same_columns(files: list[str]) -> tuple[bool, dict[str, frozenset[str]]]:
    """The columns of local Parquet shards (files, or the files of a folder), read from each
    file's footer (no data): whether they store different pandas indexes (a named index in
    some), which Dask cannot read as one dataset, and each file's columns, which
    :func:`check_read_columns` compares once the columns read are known. A column holding
    text in one shard and numbers in another is a :class:`DataError` here."""
    import pyarrow.parquet as pq

    local: list[str] = []
    for f in files:
        if "://" in f:
            continue
        if os.path.isdir(f):
            local.extend(str(h) for h in parquet_files(f))
        else:
            local.append(f)
    if len(local) < 2:
        return False, {}
    indexes: set[frozenset[str]] = set()
    kinds: dict[str, tuple[str, str]] = {}  # column -> (text or number, the first shard's)

    def names_of(path: str) -> frozenset[str]:  # pandas' stored index is no column of it
        schema = pq.read_schema(path)
        _same_kinds(schema, path, kinds)
        # a stored index column: a named one (df.set_index('step')) or Dask's; pandas'
        # unnamed ones (__index_level_0__, e.g. of a filtered frame) Dask reads beside others
        index = {c for c in (schema.pandas_metadata or {}).get("index_columns", [])
                 if isinstance(c, str) and not c.startswith("__index_level_")}
        indexes.add(frozenset(index))
        return frozenset(c for c in schema.names
                         if not c.startswith("__index_level_") and c not in index)

    try:
        names = {local[0]: names_of(local[0])}
    except (OSError, ValueError):
        return False, {}  # dask's own reading names the problem
    for f in local[1:]:
        try:
            names[f] = names_of(f)
        except DataError:
            raise
        except (OSError, ValueError) as exc:
            raise DataError(f"could not read the Parquet shard {f!r} ({type(exc).__name__}: "
                            f"{exc}).") from None
    return len(indexes) > 1, names


def check_read_columns(names: dict[str, frozenset[str]], read: Sequence[str], where: str, *,
                       warn: bool = True) -> None:
    """A :class:`DataError` when a local shard lacks a column that is read (``read``), as a
    shard without the reward column failed inside a worker, with a traceback naming another
    file; a warning, as the in-memory reader gives, when they differ in other columns, which
    are not read (review 410: such a folder was refused under Dask and read in memory).
    ``names``: each local file's columns (:func:`check_same_columns`); ``warn``: whether to
    say columns that differ and are not read."""
    if not names:
        return
    files = list(names)
    first = names[files[0]]
    for f in files[1:]:
        lacks, has = (sorted(set(read) & (a - b)) for a, b in ((first, names[f]),
                                                               (names[f], first)))
        if lacks or has:  # (each side named for what it lacks: a re-read)
            which = " and ".join(
                ([f"{f!r} lacks {', '.join(map(repr, lacks))} (compared with {files[0]!r})"]
                 if lacks else []) + ([f"{files[0]!r} lacks {', '.join(map(repr, has))}, "
                                       f"which {f!r} has"] if has else []))
            raise DataError(f"the Parquet shard {which}: under Dask every shard must hold the "
                            f"columns read (here {', '.join(map(repr, read))}). Leave that "
                            "shard out, or analyse in memory (tailstat.analyze reads a "
                            "column a file lacks as missing values there).")
    union = frozenset().union(*names.values())
    lacking = [(f, sorted(union - cols)) for f, cols in names.items() if union - cols]
    if lacking and warn:
        name, cols = lacking[0]
        warnings.warn(f"'{where}': the columns of its Parquet files differ ({len(lacking)} of "
                      f"{len(files)} lack some, e.g. {name!r} lacks "
                      f"{cols[:4]}); the analysis reads {list(read)}, which every file has. If "
                      "the files are not parts of one table, give them one at a time.",
                      InputWarning, stacklevel=user_level())


def _same_kinds(schema: Any, path: str, kinds: dict[str, tuple[str, str]]) -> None:
    """A DataError when a column holds text in one shard and numbers in another (``kinds``:
    each column's kind and the shard it was first seen in): Dask read such a ``by=`` column
    as two sets of groups, 1 and '1' apart, without a word, where the in-memory reader
    refuses the folder (a review). Widths (int32 and int64) and all-null columns may differ."""
    import pyarrow as pa

    for fld in schema:
        t = fld.type
        kind = ("text" if pa.types.is_string(t) or pa.types.is_large_string(t) else
                "numbers" if pa.types.is_integer(t) or pa.types.is_floating(t) else None)
        if kind is None:
            continue
        seen = kinds.setdefault(fld.name, (kind, path))
        if seen[0] != kind:
            raise DataError(f"column {fld.name!r} holds {kind} ({t}) in the Parquet shard "
                            f"{path!r} and {seen[0]} in {seen[1]!r}: every shard must give a "
                            "column one kind (write it as text, or as numbers, in all).")


def expand_paths(given: list[str]) -> list[str]:
    """Local globs expanded, local paths checked; remote URLs (``s3://...``) left to Dask."""
    files: list[str] = []
    for p in given:
        if not p.strip():  # os.path.exists("") is False, but glob and Dask read "" as "."
            raise empty_path(p)
        if "://" in p:
            files.append(p)
            continue
        # an existing name is taken as it is: 'scores[v2].parquet' is no pattern (read as one,
        # it matched 'scores2.parquet')
        literal = os.path.exists(p) or not any(c in p for c in "*?[")
        hits = [p] if literal else sorted(glob.glob(p))
        if not hits:
            raise DataError(f"no file matches {p!r}.")
        for hit in hits:
            if not os.path.exists(hit):
                raise DataError(f"input file {hit!r} does not exist.")
            if os.path.isfile(hit) and not hit.lower().endswith(PARQUET_SUFFIXES):
                raise DataError(
                    f"{hit!r} is not a Parquet file: tailstat.dask reads Parquet (.parquet, "
                    ".pq). For CSV or JSON lines, analyse without Dask (tailstat.analyze; "
                    "on the command line, leave out --dask), or read it with "
                    "dask.dataframe.read_csv / read_json and pass the Dask DataFrame.")
            files.append(hit)
    # the same file given twice (an overlapping glob beside an explicit name) would count
    # its rows twice, silently: refuse it (and a file inside a folder given too)
    seen: dict[str, str] = {}
    for f in files:
        key = f if "://" in f else os.path.realpath(f)
        if key in seen:
            also = "" if seen[key] == f else f" (as {seen[key]!r} too)"
            raise DataError(f"the input {f!r} is given twice{also}: its rows would be counted "
                            "twice. Give each file once.")
        seen[key] = f
    folders = [k for k in seen if "://" not in k and os.path.isdir(k)]
    for key, f in seen.items():
        inside = [d for d in folders if d != key and key.startswith(d.rstrip(os.sep) + os.sep)]
        if inside:
            raise DataError(f"the input {f!r} lies in the folder {seen[inside[0]]!r}, given "
                            "too: its rows would be counted twice. Give the folder or its "
                            "files, not both.")
    return files


def read_parquet_folder(path: Path, files: list[Path]) -> pd.DataFrame:
    """The Parquet ``files`` of the folder ``path`` as one table: a dataset written in parts
    (pyarrow's ``write_to_dataset``, Spark, Dask's ``to_parquet``), with the values of
    hive-style folder names (``group=a/``) as columns. It was refused as "a directory
    without TRL completion logs"."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    # the folder names' keys, read as text: pyarrow inferred integers, which made day=1 and
    # day=01 one group (a review); they become integers below only where that loses nothing
    keys = list(_hive_keys(path, files))
    text_keys = pa.schema([(k, pa.string()) for k in keys])
    try:
        schemas = [pq.read_schema(f) for f in files]
        _key_clash(files, keys, [one.names for one in schemas])
        for f, one in zip(files, schemas, strict=True):
            dup = sorted({n for n in one.names if one.names.count(n) > 1})
            if dup:
                raise DataError(f"'{f}' has duplicate column names {dup}; column names must "
                                "be unique. Rename or drop the duplicates.")
        # the columns of every file (a file may have a column the first lacks, as gold in
        # the later parts; an integer column in one file and floats in another is floats)
        try:
            schema = pa.unify_schemas([*schemas, text_keys], promote_options="permissive")
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # a column categorical in one file and text in another: its values' type, as the
            # Dask engine reads it ("incompatible types: dictionary vs large_string" had
            # refused the folder, a review)
            # (only the columns that are categorical in one part and not in another: a
            # column categorical in every part stays so; a review)
            coded = {f.name for one in schemas for f in one if pa.types.is_dictionary(f.type)}
            mixed = {f.name for one in schemas for f in one
                     if f.name in coded and not pa.types.is_dictionary(f.type)}
            plain = [pa.schema([f.with_type(f.type.value_type) if f.name in mixed
                                and pa.types.is_dictionary(f.type) else f for f in one],
                               metadata=one.metadata) for one in schemas]
            schema = pa.unify_schemas([*plain, text_keys], promote_options="permissive")
        schema = pandas_metadata_for(schema, schemas)
        table = ds.dataset([str(f) for f in files], schema=schema, format="parquet",
                           partitioning=ds.partitioning(text_keys, flavor="hive"),
                           partition_base_dir=str(path)).to_table()
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"could not read the {len(files)} Parquet files in '{path}' as one "
                        f"table: {exc}. Give the files one at a time, or (in Python) read "
                        "them yourself (pandas.read_parquet of each, concatenated) and pass "
                        "the DataFrame.") from None
    _say_columns_differ(path, files, schemas)
    df = arrow_to_pandas(table)
    for k in keys:  # step=100: a number; day=01 (beside day=1 or not): text, as written
        if whole_numbers([str(v) for v in df[k].dropna().unique()]):
            # integers, missing where a file has no such folder (Spark's null partition):
            # pandas' nullable Int64, not floats (100.0)
            df[k] = df[k].astype("Int64")
    df.attrs["tailstat_source"] = str(path)
    return df


def _say_columns_differ(path: Path, files: list[Path], schemas: list[Any]) -> None:
    """A warning for a folder read as one Parquet dataset whose files lack columns others
    have: those are missing in their rows (a review: two unrelated Parquet tables were read
    as one without a word)."""
    # (pandas' stored index, '__index_level_0__', is no column of the table: a re-read)
    every = [{c for c in one.names if not re.fullmatch(r"__index_level_\d+__", c)}
             for one in schemas]
    union = set().union(*every)
    lacking = [(f.relative_to(path).as_posix(), sorted(union - names))
               for f, names in zip(files, every, strict=True) if union - names]
    if lacking:
        name, cols = lacking[0]
        warnings.warn(f"'{path}': the columns of its Parquet files differ ({len(lacking)} of "
                      f"{len(files)} lack some, e.g. {name!r} lacks {cols[:4]}): their rows "
                      "are missing there. If the files are not parts of one table, give them "
                      "one at a time.", InputWarning, stacklevel=user_level())


#: The names of tables a Parquet folder may hold beside its parts, which it does not read
#: (a .txt note or a .json of metadata, dataset_infos.json, is no data file: a re-read).
_OTHER_TABLES = tuple(base + packed for base in (".csv", ".tsv", ".jsonl", ".ndjson")
                      for packed in ("", *COMPRESSIONS))


def say_other_tables(path: str | os.PathLike[str], n_parquet: int) -> None:
    """A warning for a folder read as a Parquet dataset (in memory or by Dask) that holds
    other tables too (CSV, JSON lines): they are not read (a review: a CSV beside a Parquet
    file was left out without a word). Hidden files and those starting with '_' are left
    out, as from the dataset."""
    root = Path(path)
    others = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                    and p.name.lower().endswith(_OTHER_TABLES)
                    and not any(part.startswith((".", "_")) for part in p.relative_to(root).parts))
    if others:
        shown = ", ".join(repr(o) for o in others[:3]) + (", ..." if len(others) > 3 else "")
        warnings.warn(f"'{root}' is read as a Parquet dataset of its {n_parquet} Parquet "
                      f"file(s); its {len(others)} other table file(s) ({shown}) are not read: "
                      "give them as inputs of their own.", InputWarning,
                      stacklevel=user_level())

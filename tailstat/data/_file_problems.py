"""Why a file could not be read, in the user's terms: its encoding, its JSON shape, or its
being compressed under a plain name (:mod:`tailstat.data._files` reads; this says why not)."""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import sys
from pathlib import Path
from typing import Any

from tailstat.errors import DataError

__all__ = [
    "ARCHIVES",
    "COMPRESSIONS",
    "JSON_SHAPES",
    "PARQUET_SUFFIXES",
    "UNREAD_COMPRESSIONS",
    "compression_of",
    "delimited_hint",
    "encoding_problem",
    "json_problem",
    "packed_problem",
    "parser_problem",
    "unread_compression",
]

#: The first bytes of compressed or archived files, as patterns a text file does not start
#: with (bzip2's "BZh" is text: its block size digit and the block header's magic follow).
_MAGIC = {re.compile(rb"\x1f\x8b"): "gzip", re.compile(rb"BZh[1-9]1AY&SY"): "bzip2",
          re.compile(rb"\xfd7zXZ\x00"): "xz", re.compile(rb"\x28\xb5\x2f\xfd"): "zstd",
          re.compile(rb"PK\x03\x04"): "zip"}


#: The first bytes of the binary table formats the readers open (read as text under another
#: name, Parquet gave "Error tokenizing data. C error: Expected 3 fields in line 9").
_TABLES = {b"PAR1": ("Parquet", "parquet"), b"ARROW1": ("Arrow IPC (Feather)", "arrow")}


#: File endings read as Parquet.
PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")

#: The compressions the readers open, by suffix: their name and module (``_files`` reads with
#: it; the refusal below names the suffix).
COMPRESSIONS = {".gz": ("gzip", gzip), ".bz2": ("bzip2", bz2), ".xz": ("xz", lzma)}
#: Compressions the readers do not open, by suffix: refused by name, with no --format advice
#: (--format csv then failed on the compressed bytes; a review).
UNREAD_COMPRESSIONS = {".zst": "zstd", ".zstd": "zstd", ".zip": "zip", ".lz4": "lz4",
                       ".7z": "7-Zip", ".br": "brotli", ".sz": "snappy"}
#: Those of them that hold files, by name: what they hold is not known from their name.
ARCHIVES = frozenset({"zip", "7-Zip"})


def _archive(packed: str) -> str:
    """What an archive is, and what to do (both refusals of one say it alike; a review)."""
    return (f"an archive ({packed}), which tailstat does not open. Extract the table it holds "
            "and pass that")


def unread_compression(path: Path) -> DataError | None:
    """The refusal of a file whose suffix names a compression the readers do not open."""
    packed = UNREAD_COMPRESSIONS.get(path.suffix.lower())
    if packed is None:
        return None
    inner = path.name[: -len(path.suffix)]
    what = (_archive(packed) if packed in ARCHIVES else f"{packed}-compressed, which tailstat "
            f"does not read. Decompress it first and pass '{inner}'")
    return DataError(f"cannot read '{path.name}': it is {what} (gzip, bzip2 and xz are read "
                     f"as they are: {', '.join(COMPRESSIONS)}).")


def packed_problem(path: Path, kind: str) -> None:
    """Refuse a compressed file under a plain name (``scores.csv`` holding gzip bytes): read
    as text, its bytes gave a message about encodings."""
    with open(path, "rb") as fh:
        head = fh.read(64)
        fh.seek(max(path.stat().st_size - 8, 0))
        tail = fh.read()
    # a binary table begins with its magic, then bytes no text holds, and ends with its magic
    # (a CSV whose header starts 'PAR1,' does neither; a file cut short, the first)
    found = next((named for magic, named in _TABLES.items() if head.startswith(magic) and (
        tail.rstrip(b"\0").endswith(magic) or b"\0" in head)), None)
    if found is not None and kind not in ("parquet", "arrow"):
        table, fmt = found
        article = "an" if table[0] in "AEIOU" else "a"
        # (named so already, the format was given: a review read "Name it 'a.parquet'"
        # for a.parquet --format csv)
        named = PARQUET_SUFFIXES if fmt == "parquet" else (f".{fmt}",)
        rename = ("" if path.suffix.lower() in named
                  else f"Name it '{path.stem}.{fmt}', or give ")
        raise DataError(f"could not read '{path}' as {kind}: it is {article} {table} file. "
                        f"{rename or 'Give '}--format {fmt} (in Python: "
                        f"tailstat.data.read_table(path, format='{fmt}')).")
    packed = next((name for magic, name in _MAGIC.items() if magic.match(head[:10])), None)
    if packed is None:
        return
    ext = next((e for e, (name, _) in COMPRESSIONS.items() if name == packed), None)
    if packed == "zip" and path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        raise DataError(f"could not read '{path}' as {kind}: it is a spreadsheet workbook. "
                        "Save the sheet as CSV, or read it with pandas.read_excel and pass the "
                        "DataFrame.")
    if packed in ARCHIVES:  # as unread_compression says it (a review: "zip-compressed")
        raise DataError(f"could not read '{path}' as {kind}: it is {_archive(packed)}.")
    raise DataError(f"could not read '{path}' as {kind}: it is {packed}-compressed. "
                    + (f"Name it '{path.name}{ext}' to have it read as it is, or decompress "
                       "it." if ext else "Decompress it first."))


def compression_of(raw: bytes) -> tuple[str, Any] | None:
    """The name (``"gzip"``, ``"bzip2"``, ``"xz"``) and module (``gzip``, ``bz2``, ``lzma``:
    its ``open`` reads a binary file decompressed) of the compression ``raw`` starts with,
    by its magic bytes whatever a name says (bzip2's: ``BZh``, the block size digit and the
    block header's magic, as ``BZh`` alone starts text too); None when it is none. The one
    test of compression of data files, of standard input and of saved analyses."""
    if raw.startswith(b"\x1f\x8b"):
        return COMPRESSIONS[".gz"]
    if raw.startswith(b"\xfd7zXZ\x00"):
        return COMPRESSIONS[".xz"]
    if raw[:3] == b"BZh" and raw[3:4].isdigit() and raw[4:10] == b"\x31\x41\x59\x26\x53\x59":
        return COMPRESSIONS[".bz2"]
    return None


def encoding_problem(path: Path, exc: Exception, kind: str = "csv") -> str:
    """Why the file's text could not be decoded, and the fix (files are read as UTF-8); Excel
    is named for tables only (a JSON file's error spoke of Excel's CSV)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    table = kind in ("csv", "tsv")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        what = "it is UTF-16 text" + (" (as Excel saves 'Unicode Text')" if table else "")
    else:
        where = _undecodable_at(path)  # the codec's "position 3" counts from a chunk's start
        what = f"it is not UTF-8 text ({where or exc}" + (
            "; Excel's plain 'CSV' is Windows-1252)" if table else ")")
    fix = ("Save it as UTF-8 (Excel: 'CSV UTF-8'), or read it yourself (pandas.read_csv(path, "
           "encoding=...))" if table else "Save it as UTF-8, or read it yourself (pandas."
           f"read_json(path, lines={kind == 'jsonl'}, encoding=...))")
    return f"{what}. {fix} and pass the DataFrame."


def _undecodable_at(path: Path) -> str | None:
    """Where the first byte that is not UTF-8 lies, in words ("line 502 holds the byte
    0xe9, ..."), or None (unreadable, or no such byte). Review 426: the error quoted the
    codec's "position 3", counted from the start of a chunk of the file, and named no line."""
    line, pending = 1, b""
    try:
        with open(path, "rb") as fh:  # compressed by its bytes, whatever its name says
            found = compression_of(fh.read(10))
        with (found[1].open(path, "rb") if found else open(path, "rb")) as fh:
            while True:
                chunk = fh.read(1 << 20)
                data = pending + chunk
                try:
                    data.decode("utf-8")
                    good, pending = data, b""
                except UnicodeDecodeError as exc:
                    if chunk and exc.reason == "unexpected end of data":  # cut by the chunk
                        good, pending = data[:exc.start], data[exc.start:]
                    else:
                        line += data.count(b"\n", 0, exc.start)
                        return (f"line {line} holds the byte {data[exc.start]:#04x}, which is "
                                "not UTF-8")
                line += good.count(b"\n")
                if not chunk:
                    return None
    except (OSError, EOFError, lzma.LZMAError):
        return None


#: What a JSON file of scores can be (the message of a file that is none of these).
JSON_SHAPES = ("a list of records ([{\"reward\": 1.2, ...}, ...]), an object of equal-length "
                "columns ({\"reward\": [...], ...}), or JSON lines (one record per line)")


def _huge_integer(doc: Any) -> str | None:
    """Where a JSON document holds an integer beyond the float range, in words, or None: it
    was said as "int too large to convert to float", where a CSV's 1e400 is named as an
    infinite value (a review)."""
    try:
        found = _huge_at(doc, "")
    except RecursionError:
        return None
    if found is None:
        return None
    where, value = found
    return (f"the value {'at ' + where if where else 'it holds'} is an integer of "
            f"{len(str(abs(value)))} digits, beyond the float range (about 1.8e308): a score "
            "must be a finite number; fix or remove it")


def _huge_at(doc: Any, where: str) -> tuple[str, int] | None:
    """``(where, value)`` of the first integer beyond the float range in ``doc``."""
    if isinstance(doc, int) and not isinstance(doc, bool) and abs(doc) > sys.float_info.max:
        return where, doc
    items = (doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list)
             else ())
    for key, value in items:
        found = _huge_at(value, f"{where}[{key!r}]")
        if found is not None:
            return found
    return None


def json_problem(path: Path, kind: str) -> str | None:
    """Why a JSON / JSON-lines file could not be read as a table, in the user's terms (the
    line of a broken record, columns of different lengths), or None when it is not clear."""
    import json

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if kind == "jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                # ("Unterminated string starting at" ends in "at" itself: "at at column")
                at = "" if exc.msg.endswith(" at") else " at"
                return (f"line {number} is not a complete JSON record ({exc.msg}{at} column "
                        f"{exc.colno}); fix or remove it")
            except (ValueError, RecursionError) as exc:
                return (f"line {number} is not a record of scores ({_unreadable(exc)}); fix "
                        "or remove it")
            huge = _huge_integer(record)
            if huge is not None:
                return f"line {number}: {huge}"
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return (f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
                + (_lines_hint if exc.msg == "Extra data" and _json_lines(text) else
                   delimited_hint(text, path, advise=False)))  # (the caller names the fix)
    except (ValueError, RecursionError) as exc:
        return f"it is not a table of scores ({_unreadable(exc)})"
    huge = _huge_integer(doc)
    if huge is not None:
        return huge
    if isinstance(doc, dict) and doc.get("command") == "classify" and "schema_version" in doc:
        return ("it is the output of 'tailstat classify --json' (verdicts, not scores), which "
                "cannot be analysed again; give the scores file, or an analysis saved with "
                "--save-analysis FILE.json (TailAnalysis.to_json(path) in Python)")
    if not isinstance(doc, (dict, list)):
        return (f"it holds a single value ({json.dumps(doc)[:40]}), not a table; a scores "
                f"file is {JSON_SHAPES}")
    if isinstance(doc, dict):
        lists = {k: len(v) for k, v in doc.items() if isinstance(v, list)}
        if not lists:
            return (f"it is one object of single values, not a table; a scores file is "
                    f"{JSON_SHAPES}")
        if len(set(lists.values())) > 1:
            sizes = ", ".join(f"{k!r} {n}" for k, n in lists.items())
            return (f"its columns have different lengths ({sizes}); columns of a table must "
                    "be equally long (one value per row)")
    return None


def _unreadable(exc: Exception) -> str:
    """What the JSON parser refused in valid JSON syntax, in the user's terms: nesting too deep
    for it (RecursionError, which escaped as "probably a bug in tailstat"), an integer of
    thousands of digits (Python's int limit: a ValueError that was not caught either)."""
    if isinstance(exc, RecursionError):
        return "its values are nested too deeply to be read"
    return f"a value cannot be read: {exc}"


def delimited_hint(text: str, path: Path | None = None, *, advise: bool = True) -> str:
    """``"; it looks like a delimited table ..."`` when ``text`` (a file read as JSON) starts
    with a line of separated fields rather than ``{`` or ``[`` (a CSV named .json), else
    ``""``. A file named as a table (read as JSON by the format given) is told to leave the
    format out (review 426: "name it .csv" of t.csv), or, without ``advise``, nothing more:
    its caller says so (review 429: the advice came twice)."""
    head = text[:4096].lstrip()
    if head[:1] in ("{", "[") or not any(c in head.partition("\n")[0] for c in ",;\t"):
        return ""
    suffixes = [x.lower() for x in path.suffixes[-2:]] if path is not None else []
    if {".csv", ".tsv", ".txt"} & set(suffixes):
        return ("; it looks like a delimited table, as its name says: leave --format out "
                "(in Python: format=None)" if advise else "; it looks like a delimited table")
    return ("; it looks like a delimited table: name it .csv, or give --format csv (in "
            "Python: tailstat.data.read_table(path, format='csv'))")


#: What a parser's own message means, in the user's terms (its words first).
_PARSER_HINTS = (
    ("EOF inside string", "a quote (\") opens a field and is never closed: close it, or "
                          "remove the stray quote"),
    ("Error tokenizing data", "a line holds more fields than the header: a separator inside "
                              "a text that is not quoted, or files concatenated; quote that "
                              "field or fix the line"),
    ("Range error when decoding numeric", "a number beyond the float range (such as 1e999): "
                                          "write it as a string, or drop that record"),
)


def parser_problem(exc: Exception) -> str:
    """A parser's message (pandas, ujson) with what it means and what to do, when known."""
    text = str(exc)
    hint = next((h for words, h in _PARSER_HINTS if words in text), None)
    return f"{text} ({hint})" if hint else text


#: What a file of one JSON record per line read as one JSON document is told (review 438:
#: "Extra data at line 2" and no way forward, where the reverse case named --format json).
_lines_hint = ("; it holds one JSON record per line (JSON Lines): read it as such (--format "
               "jsonl on the command line, format='jsonl' in Python)")


def _json_lines(text: str) -> bool:
    """Whether the first two non-blank lines of ``text`` are each a JSON object or array."""
    import json

    lines = [line for line in text.splitlines()[:50] if line.strip()][:2]
    try:
        return len(lines) == 2 and all(isinstance(json.loads(line), (dict, list))
                                       for line in lines)
    except ValueError:
        return False

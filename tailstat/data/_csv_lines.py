"""The lines of a delimited text file, read before pandas parses it: the sample the
separator and decimal mark are sniffed from, the lines above the header that are no part of
the table (Excel's ``sep=;`` line, ``#`` comments), whether the first line is a header or a
row of data, and the sign of numbers split at a decimal comma. Used by
:mod:`tailstat.data._files`."""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from tailstat._warn import user_level
from tailstat.data._csv_grouping import GROUPED, grouping_mark
from tailstat.data._values import INTEGER_TEXT, NA_WORDS, numbers_from_words
from tailstat.errors import DataError, InputWarning

_SEPARATORS = (",", ";", "\t", "|")
#: Lines read below a header "0" (or "0,1,...") to tell pandas' names from a first score.
_POSITIONAL_PROBE = 200
_COMMA_DECIMAL = re.compile(r"^\s*[+-]?\d*,\d+(?:[eE][+-]?\d+)?\s*$")
_DOT_DECIMAL = re.compile(r"^\s*[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")
_SCIENTIFIC = re.compile(r"^\s*[+-]?\d+[eE][+-]?\d+\s*$")


#: The size of the sample of a text file's first lines (:func:`_sample_lines`).
_SAMPLE_BYTES, _SAMPLE_LINES = 1 << 16, 200
#: The largest sample :func:`sniff_csv` reads to find three records past long quoted cells.
_SNIFF_MAX = 1 << 24


def _sample_lines(path: Path, size: int = _SAMPLE_BYTES, limit: int = _SAMPLE_LINES
                  ) -> list[str]:
    """The first complete lines of a text file (at most ``size`` bytes and ``limit`` lines,
    BOM removed, blank lines left out)."""
    with path.open("rb") as fh:
        head = fh.read(size)
        more = bool(fh.read(1))
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if more and lines:
        lines = lines[:-1]  # the last one may be cut
    return [ln for ln in lines if ln.strip()][:limit]


def _rows(lines: list[str], sep: str) -> list[list[str]]:
    # a cell may be longer than the csv module's limit of 128 KiB (a long completion: a
    # review's 300 KB cell emptied every candidate's rows); the limit is the process's, so
    # it is raised for this read and put back
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, _SNIFF_MAX))
    try:
        return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
    except csv.Error:
        return []
    finally:
        csv.field_size_limit(limit)

#: Excel's first line naming the separator (``sep=;``), which only Excel reads.
_EXCEL_SEP = re.compile(r'^\s*"?sep=.?"?[,;\t|]*\s*$', re.IGNORECASE)
#: Bytes of a file's head searched for lines above its header.
_HEAD_BYTES = 1 << 16


def _split(line: str) -> list[str]:
    """``line``'s fields at the separator that gives it the most (itself when none does)."""
    best = [line]
    for sep in _SEPARATORS:
        fields = next(iter(_rows([line], sep)), [line])
        if len(fields) > len(best):
            best = fields
    return best


def _has_number(fields: list[str]) -> bool:
    return any(_DOT_DECIMAL.match(f) or _COMMA_DECIMAL.match(f) or INTEGER_TEXT.match(f)
               or _SCIENTIFIC.match(f) for f in fields)


def _is_comment(line: str, header: str, after: str | None) -> bool:
    """Whether ``line`` (starting with ``#``) is a comment above the table: the next line is
    a header (no number in it, numbers in the line after), or the comment does not split as
    the next line does at any separator. A line such as ``#id,reward`` over ``1,0.5`` is
    the header."""
    if not _has_number(_split(header)) and after is not None and _has_number(_split(after)):
        return True
    widths = {sep: len(next(iter(_rows([header], sep)), [])) for sep in _SEPARATORS}
    splits = [sep for sep, n in widths.items() if n > 1]
    return bool(splits) and all(len(next(iter(_rows([line], sep)), [])) != widths[sep]
                                for sep in splits)


def preamble(path: Path) -> tuple[int, list[str]]:
    """The lines above a CSV's table that pandas would read as its header: Excel's
    ``sep=;`` first line and comment lines starting with ``#`` (:func:`_is_comment`), and
    blank lines among them or above them. Returns how many lines to skip (0: none) and the comments.
    Read as the header, they made the file one column of text ("no numeric column")."""
    with path.open("rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    lines = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").split("\n")
    lines = [ln.rstrip("\r") for ln in lines[:-1]]  # the last may be cut
    skip, comments, found = 0, [], False
    for i, line in enumerate(lines):
        if i == 0 and _EXCEL_SEP.match(line):
            skip, found = 1, True
            continue
        if not line.strip():
            # a blank line below them goes with them, and so do blank lines above the header
            # (read as an empty file, or as a misread one: a review)
            skip = i + 1 if found or skip == i else skip
            continue
        if not line.lstrip().startswith("#"):
            break
        rest = [ln for ln in lines[i + 1:] if ln.strip() and not ln.lstrip().startswith("#")]
        if not rest or not _is_comment(line, rest[0], rest[1] if len(rest) > 1 else None):
            break
        skip, found = i + 1, True
        comments.append(line.strip())
    return skip, comments


def whitespace_table(path: Path) -> bytes | None:
    """A table whose fields are separated by spaces (``np.savetxt``'s default, ``awk``
    output), as the same lines with tabs between the fields, or None when the file is not
    one: no separator splits its lines, spaces split each (below ``#`` lines) into the same
    two or more fields, and the last sampled line holds a number. A ``#`` first line of as
    many names (``np.savetxt(header=...)``) is its header. It was refused ("does not look
    like a table"), advised to be read with ``--format csv``, which gave one column of text."""
    lines = _sample_lines(path)
    body = [ln for ln in lines if not ln.lstrip().startswith("#")]
    widths = {len(ln.split()) for ln in body}
    if len(body) < 2 or len(widths) != 1 or min(widths) < 2 or any(
            '"' in ln for ln in body) or not _has_number(body[-1].split()):
        return None
    for sep in _SEPARATORS:
        if {len(r) for r in _rows(body, sep)} - {1}:
            return None  # a separator splits some line: a CSV, read as one
    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None  # said by the reader
    out, first = [], True
    for line in text.splitlines():
        names = line.lstrip().lstrip("#").split()
        if line.lstrip().startswith("#") and not (first and len(names) in widths
                                                  and not _has_number(names)):
            out.append(line)  # a comment
        else:
            out.append("\t".join(names if line.lstrip().startswith("#") else line.split()))
        first = first and not line.strip()
    return ("\n".join(out) + "\n").encode("utf-8")


def first_line_is_data(head: pd.DataFrame, number: Callable[[str], bool]) -> bool:
    """Whether the first line of ``head`` (a CSV's first lines as text, ``header=None``),
    part numbers and part text, is a row of data, as in a file written without a header
    line (Spark's ``df.write.csv``, ``df.to_csv(header=False)``): each field that is a
    number heads a column of numbers, and each that is text recurs in its column below (a
    group name; a header's name does not). A pivot table's header (``prompt,0.2,0.7``: one
    column per temperature) names its columns, and stays the header."""
    if len(head) < 2:
        return False
    first, below = head.iloc[0].tolist(), head.iloc[1:]
    numbers = texts = 0
    for j, cell in enumerate(map(str, first)):
        col = below.iloc[:, j].astype(str)
        if number(cell):
            filled = col[col.str.strip() != ""]
            if filled.empty or not filled.map(number).all():
                return False
            numbers += 1
        elif cell.strip() and (col == cell).any():
            texts += 1
        else:
            return False
    return numbers > 0 and texts > 0


def repeated_header(df: pd.DataFrame, decimal: str
                    ) -> tuple[pd.DataFrame, list[int], list[str]]:
    """``df`` without the rows that repeat its header (files concatenated with their
    headers, ``cat a.csv b.csv``) and the comment lines right above each repeat (the next
    part's own, as :func:`preamble` skips the first's: review 426, they became groups
    "# produced by x" of one missing reward), each column of numbers then read as numbers
    (as :func:`~tailstat.data._csv_missing.missing_words` reads them); the repeats' positions
    and the comments skipped (none: ``df`` as it is). Read as data, a repeat made its
    columns text ("'reward' is not a number")."""
    cols = [df.iloc[:, j] for j in range(df.shape[1])]  # by position: names may repeat
    text = [j for j, col in enumerate(cols) if pd.api.types.is_object_dtype(col)
            or pd.api.types.is_string_dtype(col)]
    if not text or any(cols[j].notna().any() for j in range(len(cols)) if j not in text):
        return df, [], []  # a repeat makes every column text (or empty: ',,')
    filled = [j for j in text if cols[j].notna().any()]
    same = np.ones(len(df), dtype=bool)
    for j in filled:
        # (a repeat may carry its part's byte-order mark: Excel's "CSV UTF-8" files joined)
        same &= (cols[j].astype(str).str.strip().str.lstrip("\ufeff")
                 == str(df.columns[j]).strip().lstrip("\ufeff")).to_numpy()
        if not same.any():
            return df, [], []
    rows = np.flatnonzero(same).tolist()
    above = _comments_above(df, rows)
    comments = [str(df.iat[i, 0]).strip() for i in above]
    same[above] = True
    out = df[~same].reset_index(drop=True)
    for j in text:
        number = numbers_from_words(out.iloc[:, j], decimal) if out.iloc[:, j].notna().any(
        ) else None
        if number is not None:
            out.isetitem(j, number)
    rows = [r - sum(i < r for i in above) for r in rows]  # data rows: comments not counted
    return out, rows, comments


def _comments_above(df: pd.DataFrame, rows: list[int]) -> list[int]:
    """The rows right above each of ``rows`` (repeated headers) that are a part's preamble,
    as :func:`preamble` skips the first part's: comment lines (the first field starts with
    ``#``, whatever follows: review 429, ``# seed,42`` became a reward of 42 in a group
    "# seed") and Excel's ``sep=`` line (blank lines are no rows)."""
    out: list[int] = []
    for r in rows:
        i = r - 1
        while i >= 0 and i not in rows and _a_comment(df.iloc[i]):
            out.append(i)
            i -= 1
    return sorted(out)


def _a_comment(row: pd.Series) -> bool:
    first = row.iat[0]
    return isinstance(first, str) and (first.lstrip().startswith("#") or bool(
        _EXCEL_SEP.match(first.lstrip("\ufeff")) and row.iloc[1:].isna().all()))


#: A number with thousands grouped by dots, decimals after a comma (``1.234,5``: Excel in
#: much of Europe), and with thousands grouped by commas, decimals after a point (``1,234.5``).
_DOT_GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?\s*$")
_COMMA_GROUPED = re.compile(r"^\s*[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$")


def spreadsheet_numbers(df: pd.DataFrame, sep: str, decimal: str
                        ) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """``df`` (read with ``decimal``) with each column of text whose entries are all numbers
    as spreadsheets write them read as numbers: in a file not split at commas, a decimal
    comma (``0,25``) with thousands grouped by dots (``1.234,5``); in any file, thousands
    grouped by commas beside a decimal point (``"1,234.5"``). A column is read so only when
    its own entries show its decimal mark (a comma; a point beside a grouping comma): the
    decimal mark is sniffed for the whole file, and a column with a decimal point (a model
    version ``1.5``) left the European scores beside it as text, and the version column the
    only numeric one.

    Also returns the columns whose grouping commas could as well be decimal commas (``5,674``
    beside ``4`` only: no number grouped twice, no decimal point), read as thousands, with a
    grouped and a whole entry of each, for the caller's warning: in a file split at commas
    the decimal mark is the point, and US Excel quotes ``"5,674"`` so (they were left as text,
    and the column refused as not numeric; a review)."""
    unsure: list[tuple[str, str, str]] = []
    for j in range(df.shape[1]):  # by position: names may repeat
        col = df.iloc[:, j]
        if not (pd.api.types.is_object_dtype(col) or pd.api.types.is_string_dtype(col)):
            continue
        head = col.iloc[:1000].dropna().astype(str)  # names are told by the first entries
        if not (head.str.match(INTEGER_TEXT) | head.str.match(_COMMA_DECIMAL)
                | head.str.match(_DOT_GROUPED) | head.str.match(_COMMA_GROUPED)
                | head.str.match(_DOT_DECIMAL)).all():
            continue
        words = col.dropna().astype(str)
        if words.empty:
            continue
        whole = words.str.match(INTEGER_TEXT)
        comma, grouped = words.str.match(_COMMA_DECIMAL), words.str.match(_DOT_GROUPED)
        if sep != "," and (comma | grouped).any() and (
                comma | grouped | whole).all() and words[grouped | comma].str.contains(
                ",").any():
            text = col.str.replace(".", "", regex=False)  # the grouping dots
            number = numbers_from_words(text, ",")
        elif decimal == "." and (us := words.str.match(_COMMA_GROUPED)).any() and (
                us | whole | words.str.match(_DOT_DECIMAL)).all() and (
                (dotted := bool(words.str.contains(".", regex=False).any()))
                or (mark := grouping_mark([[w] for w in words.iloc[:_MARK_LINES]], ","))[0]
                or (mark[1] and whole.any())):
            # thousands beside a decimal point, or whole numbers grouped as only thousands
            # are (Excel's US 'CSV' quotes "1,234" beside 985: left as text before); with no
            # whole number beside them (and none grouped twice) no proof: left as text
            number = numbers_from_words(col.str.replace(",", "", regex=False))
            if number is not None and not dotted and mark[0] is None:  # could be decimals
                unsure.append((str(df.columns[j]), str(words[us].iloc[0]).strip(),
                               str(words[whole].iloc[0]).strip() if whole.any() else ""))
        else:
            continue
        if number is not None:
            df.isetitem(j, number)
    return df, unsure


def check_split_decimals(df: pd.DataFrame, path: Path, lines: list[str], fix: str, *,
                          header: bool) -> None:
    """Integer column pairs that are the halves of decimal numbers written with a comma.

    The sign: no decimal point anywhere, and a whole-number column followed by a
    whole-number column written with leading zeros (``1,05`` read as ``1`` and ``05``) --
    digits after a decimal comma, not counts.

    Where such a pair comes from decides how much the sign counts. The file was split at
    ``','`` only if every sampled line has as many fields as the first (:func:`_sniff_csv`),
    so a header line names every field. A decimal comma adds a field to its row and no name
    to the header: numbers split under a header of names give rows with more fields than
    names, refused before this (no consistent split, or the index check). So the pair gets
    here from

    * a file without a header line (its first line is numbers, split like the rest, read as
      data; ``header=False``): nothing names the halves as columns, and the sign alone
      refuses it;
    * a header that names both halves: the writer's word that they are two columns, as in
      a table of whole-number scores next to zero-padded codes (``'07'``) that
      ``df.to_csv`` writes. It is overruled when the whole-number column's values are
      nearly all different (more distinct values than half its rows), as the integer parts
      of a spread of measurements are -- not a few values repeated down the rows, as
      whole-number scores, counts and ratings are -- or when the zero-padded column is dense
      digits: one width of at most 3 and at least half of the ``10^width`` values (or of
      the rows) present, as the decimals of measurements are and a handful of codes is not.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read (its column names are used when the file has no header line).
    path : Path
        The file.
    lines : list of str
        Its first lines (:func:`_sample_lines`).
    fix : str
        What to do, for the message.
    header : bool
        Whether the first line is a header of names.

    Raises
    ------
    DataError
        When a pair has the sign (and, under a header, the first column's values are nearly
        all different).
    """
    rows = _rows(lines, ",")
    if len(rows) < 2 or any(_DOT_DECIMAL.match(f) for r in rows[int(header):] for f in r):
        return  # a column of decimal points: the file does write decimals with '.'
    names = rows[0] if header else [str(c) for c in df.columns]
    body = [r for r in rows[int(header):] if len(r) == len(names)]
    for j in range(1, len(names)):
        left = [r[j - 1] for r in body]
        right = [r[j] for r in body]
        zeros = [v.strip() for v in right
                 if v.strip().lstrip("+-").startswith("0") and len(v.strip().lstrip("+-")) > 1]
        if not (body and zeros and all(INTEGER_TEXT.match(v) for v in left)
                and all(INTEGER_TEXT.match(v) for v in right)):
            continue
        widths = {len(v.strip().lstrip("+-")) for v in right}
        dense = (len(widths) == 1 and (w := widths.pop()) <= 3
                 and 2 * len(set(right)) >= min(10**w, len(right)))
        if header and 2 * len({int(v) for v in left}) <= len(left) and not dense:
            continue  # whole numbers that repeat: scores or counts, beside a code
        codes = [int(v) for v in right]
        if header and len(codes) > 2 and all(a < b for a, b in itertools.pairwise(codes)):
            # zero-padded ids counting up ('00000', '00001', ...) under a header naming
            # them: row ids beside whole-number scores, which decimals never are (a review:
            # refused as misread, with no way round it on the command line)
            continue
        raise DataError(
            f"'{path}' looks misread: columns {names[j - 1]!r} and {names[j]!r} hold "
            f"whole numbers, the second with leading zeros ({zeros[0]!r}), as if numbers "
            f"written with a decimal comma had been split at ','. {fix} If they are whole "
            f"numbers and codes as written, read it with pandas.read_csv(path, "
            f"dtype={{{names[j]!r}: str}}) and pass the DataFrame."
        )


def sniff_csv(path: Path, sep: str | None
              ) -> tuple[str, str, str | None, tuple[str, str, str] | None]:
    """Separator, decimal mark, thousands separator (or None) and a mark that may be either,
    with a grouped and a whole number of the file (or None: :func:`grouping_mark`), of a
    delimited text file, from its first lines.

    The separator is the candidate that splits every sampled line into the same number of
    fields, the most fields winning; with no consistent candidate it stays ``","`` (and
    :func:`_check_csv_shape` reports a misread file). When ``","`` ties with another
    candidate (``reward (a, b);model`` over ``1,25;a``: two fields either way), the other
    wins if every data field of its split that holds a comma is a number written with a
    decimal comma: those commas are decimal marks, not separators. The decimal mark is
    ``","`` when the separator is not a comma, some fields are numbers written with a
    decimal comma (``1,25``) and none with a decimal point. Whole numbers grouped by the
    mark (``1,234,567`` beside ``110``) make it the thousands separator instead
    (:func:`grouping_mark`).
    """
    lines = _sample_lines(path)
    size, limit = _SAMPLE_BYTES, _SAMPLE_LINES
    cut = len(lines) >= limit or path.stat().st_size > size  # a sample
    while cut and len(_rows(lines, ",")) < 3 and size < _SNIFF_MAX:
        # a quoted cell spanning many lines (a long prompt) filled the sample: the header
        # and a cut first record split alike at no separator (a review: a ';' file whose
        # first completion had 250 lines was refused as misread at ','); a larger sample
        size, limit = size * 16, limit * 16
        lines = _sample_lines(path, size, limit)
        cut = len(lines) >= limit or path.stat().st_size > size
    if sep is None:
        width = {}
        for cand in _SEPARATORS:
            # the sample's last record may be cut inside a quoted cell that spans lines (a
            # prompt): it is left out (a review: 150 such rows read as one column)
            rows = _rows(lines, cand)
            counts = {len(r) for r in (rows[:-1] if cut and len(rows) > 2 else rows)}
            if len(counts) == 1:
                width[cand] = counts.pop()
        best = max([1, *width.values()])
        tied = [c for c in _SEPARATORS if best > 1 and width.get(c) == best] or [","]
        sep = tied[0]
        for cand in tied[1:] if sep == "," else ():
            commas = [f for r in _rows(lines[1:], cand) for f in r if "," in f]
            if commas and all(_COMMA_DECIMAL.match(f) for f in commas):
                sep = cand
                break
        if best == 1 and {len(r) for r in _rows(lines, ",")} - {1} and lines and (
                len(next(iter(_rows(lines[:1], ",")), [""])) == 1
                or _COMMA_DECIMAL.match(lines[0])):
            # one column, yet commas in it: decimal commas, unless the header splits at a
            # comma (a header 'reward,id' over '7,1' lines with one short line is a table,
            # whose ids were read as decimals; '"score, scaled"' does not split); split at a
            # character not there
            sep = next((c for c in _SEPARATORS[1:]
                        if {len(r) for r in _rows(lines, c)} == {1}), ",")
    decimal, thousands, ambiguous = ".", None, None
    if sep != ",":
        # the marks from up to 1 MiB of lines: numbers past 1000 may be rare in a heavy tail's
        # first 200 lines (a review: 4 of 200), and the grouping needs them
        rows = _rows(_sample_lines(path, _MARK_BYTES, limit=_MARK_LINES)[1:], sep)
        fields = [f for r in rows for f in r]
        comma = any(_COMMA_DECIMAL.match(f) for f in fields)
        dot = any(_DOT_DECIMAL.match(f) for f in fields)
        if comma and not dot:
            decimal = ","
        # a decimal of the other mark elsewhere ('0,53' beside '2.805'): that mark groups
        thousands, ambiguous = grouping_mark(rows, decimal,
                                             other_decimal=dot if decimal == "," else comma)
        if thousands is None and ambiguous is None and decimal == ".":
            # commas beside a decimal point (or no decimal at all) can only group thousands:
            # '1,234,567' in a TSV was left as text
            by_comma, unsure = grouping_mark(rows, ",", other_decimal=True)
            thousands = by_comma or unsure
        if thousands is not None:
            decimal = "," if thousands == "." else "."
    if ambiguous is not None:  # said with the file's own numbers
        j, grouped = next((j, f.strip()) for r in rows for j, f in enumerate(r)
                          if ambiguous in f and GROUPED[ambiguous].match(f))
        whole = next((r[j].strip() for r in rows if len(r) > j and INTEGER_TEXT.match(r[j])),
                     "")  # (none: every number of the column holds the mark)
        return sep, decimal, thousands, (ambiguous, grouped, whole)
    return sep, decimal, thousands, None


#: How much of a file :func:`sniff_csv` reads for its decimal and thousands marks.
_MARK_BYTES, _MARK_LINES = 1 << 20, 50_000


#: 'inf', '-Infinity', 'nan' (any case), as numpy and pandas write them.
_NOT_FINITE_WORD = re.compile(r"^\s*[+-]?(?:inf|infinity|nan)\s*$", re.IGNORECASE)


def header_is_numbers(path: Path, sep: str, decimal: str, thousands: str | None = None
                       ) -> bool:
    """Whether every field of the file's first line is a number (grouped by ``thousands``,
    when given): a file of scores without a header line (pandas would take the first scores
    as column names)."""
    number = _COMMA_DECIMAL if decimal == "," else _DOT_DECIMAL
    grouped = GROUPED[thousands] if thousands is not None else None
    head = pd.read_csv(path, sep=sep, header=None, nrows=_POSITIONAL_PROBE + 1, dtype=str,
                       keep_default_na=False)
    first = head.iloc[0].tolist()

    def numeric(c: str) -> bool:
        return bool(number.match(c) or INTEGER_TEXT.match(c) or _SCIENTIFIC.match(c)
                    or (grouped is not None and grouped.match(c)))

    def word(c: str, at: int) -> bool:  # an infinite or missing value written as a word
        # or an empty field, but not the first: ',0' is the header pandas writes for a
        # Series (its index's name empty), '0.5,' a row with a missing value (reviews)
        return (bool(_NOT_FINITE_WORD.match(c)) or c.strip() in NA_WORDS
                or (not c.strip() and at > 0))

    first = list(map(str, first))
    if first and all(numeric(c) or word(c, i) for i, c in enumerate(first)) and not all(
            map(numeric, first)):
        # 'inf' or 'nan' first in a file of scores without a header: data, not the column's
        # name (a review: the value was lost, and an infinite one escaped its error), when
        # some field of it is a number or the next line is all numbers
        return any(map(numeric, first)) or (len(head) > 1 and all(
            numeric(str(c)) for c in head.iloc[1].tolist()))
    if not (first and all(map(numeric, first))):
        return first_line_is_data(head, numeric)  # a row of text and numbers (Spark's CSV)
    below = head.iloc[1:].astype(str)
    if len(below) and any(not any(numeric(c) or word(c, 1) for c in below.iloc[:, j])
                          for j in range(below.shape[1])):
        # numbers over a column of text only: names that read as numbers ('1,2' over
        # 'a,-0.80', a review: the header was counted as a score and a group)
        return False
    if [c.strip() for c in map(str, first)] == [str(i) for i in range(len(first))]:
        # "0" (or "0,1,..."): the names pandas writes for unnamed columns (Series.to_csv);
        # a header when the values below are not all whole numbers (scores on a 0-10 scale
        # whose first is 0 stay data, as before)
        below = head.iloc[1:].apply(
            lambda col: pd.to_numeric(col.str.replace(",", ".") if decimal == "," else col,
                                      errors="coerce"))
        values = below.to_numpy(dtype=float).ravel()
        values = values[np.isfinite(values)]
        if values.size and np.any(values != np.round(values)):
            return False
    return True


def without_comment_footer(df: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """``df`` without the rows at its end whose first field is a comment (``#``: the footer
    ``np.savetxt(footer=...)`` writes), and its columns of text that were numbers but for
    those rows read as numbers (a review: '# end of data' became a group of its own, and a
    one-column file's rewards 'not numeric')."""
    def comment(v: object) -> bool:
        # '# ' as np.savetxt writes it (a hash and a space): '#DIV/0!' and '#N/A' are
        # spreadsheet values, refused or read as they are (a review: they vanished)
        return isinstance(v, str) and v.lstrip().startswith("# ")

    if not len(df) or not comment(df.iat[-1, 0]):
        return df
    # a footer line holds no number beside its first field ('# n=300, seed=0' split at the
    # comma is a comment; '# a,0.5' a row of data)
    others = df.iloc[:, 1:].apply(lambda col: pd.to_numeric(col, errors="coerce"))
    is_comment = (df.iloc[:, 0].map(comment) & others.isna().all(axis=1)).to_numpy()
    keep = len(df) - int(np.argmin(is_comment[::-1])) if not is_comment.all() else 0
    if keep == len(df) or keep == 0:
        return df
    warnings.warn(f"the last {len(df) - keep} line(s) of the file are comments "
                  f"({str(df.iat[-1, 0]).strip()[:40]!r}, as np.savetxt's footer): skipped.",
                  InputWarning, stacklevel=user_level())
    out = df.iloc[:keep].copy()
    for col in range(out.shape[1]):
        values = out.iloc[:, col]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values if decimal == "." else values.str.replace(decimal, ".", regex=False)
            number = pd.to_numeric(text, errors="coerce")
            if bool((number.notna() | values.isna()).all()) and number.notna().any():
                out.isetitem(col, number)
    return out

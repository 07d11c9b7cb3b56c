"""User strings made safe to show: group names and labels on a page or a terminal."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, SupportsFloat

__all__ = ["apart", "below_confident", "cut_apart", "cut_middle", "key_text", "level_percent",
           "no_group_classified", "on_page", "one_line_text", "page_name", "quoted",
           "resolved_digits", "significant", "three_digits", "verdict_counts", "visible",
           "visible_name"]

#: The classifier's confident level (``tailstat.classification.levels.CONFIDENT``).
_CONFIDENT = 0.8

#: Characters that must not reach a page or a terminal raw: C0 controls, DEL, and the
#: bidirectional overrides and isolates (a right-to-left override can make a name read as
#: another).
#: Lone surrogates too: a file name that is not UTF-8 (``r\xe9w.csv``) reaches Python as
#: ``r\udce9w.csv``, which no UTF-8 page or terminal can hold (the report failed to write).
#: Also the characters that draw nothing and so make two names look alike (``o\u200bk`` and
#: ``ok``): zero-width space, word joiner and the invisible operators, the byte-order mark,
#: the soft hyphen, the C1 controls, the line and paragraph separators, and the Arabic letter
#: mark (a bidi control: ``step \u061c12-34`` was drawn "step 34-12"). The zero-width
#: (non-)joiners stay: scripts and emoji need them.
_INVISIBLE = {c: f"\\u{c:04x}" for c in [*range(0x20), *range(0x7F, 0xA0), 0xAD, 0x061C,
                                         0x180E, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029,
                                         *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                                         *range(0x2066, 0x206A), 0xFEFF,
                                         *range(0xD800, 0xE000)]}


def visible(name: str) -> str:
    """``name`` with control and bidi-override characters shown as ``\\uXXXX`` escapes
    (HTML escaping of ``<``, ``>``, ``&`` is the template's job)."""
    return name.translate(_INVISIBLE)


def key_text(key: object) -> str:
    """A group key as text: ``str(key)``, but a tuple of keys (several ``by=`` columns) with
    its text parts quoted as written, not as ``repr`` escapes them (an emoji sequence's
    zero-width joiners, which :func:`visible` keeps, read ``\\u200d``)."""
    if not isinstance(key, tuple):
        return str(key)
    parts = [f"'{e}'" if isinstance(e, str) else key_text(e) for e in key]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def quoted(name: object) -> str:
    """A sample's or group's name in a sentence: quoted as ``repr`` quotes text, but the key of
    several ``by=`` columns (a tuple, or a name already written ``('b', 'x')``) as
    :func:`key_text` writes it, unquoted ("'('b', 'x')'" and "\"('a', 1)\"": reviews)."""
    text = visible(key_text(name))
    tuple_like = isinstance(name, tuple) or (text.startswith("(") and text.endswith(")")
                                              and ", " in text)
    return text if tuple_like else repr(text)


#: Spaces other than the ASCII one (no-break, the typographic ones, the ideographic one):
#: drawn as a space, they are shown as escapes in a name whose spacing is marked.
_OTHER_SPACES = {c: f"\\u{c:04x}" for c in [0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F,
                                             0x3000]}


def visible_name(name: object) -> str:
    """:func:`visible` for a name (of a group, a column; a key, as :func:`key_text` writes
    it): a blank one is shown quoted (``''``, ``'  '``), so that it is seen and can be told
    from another blank one; so is one whose spaces a page would not show as they are (at
    either end, two in a row, or other than the ASCII space, shown as escapes), its runs of
    spaces as they are: 'rm-a' and 'rm-a ', 'r m', 'r  m' and 'r\u00a0m' looked
    the same on a page, which collapses spaces (a review: a heavy model and a light one;
    :func:`page_name` keeps the runs of spaces on a page)."""
    shown = visible(name if isinstance(name, str) else key_text(name))
    if not shown.strip():
        return repr(shown)
    if shown == shown.strip() and "  " not in shown and not any(
            ord(c) in _OTHER_SPACES for c in shown):
        return shown
    return "'" + shown.translate(_OTHER_SPACES) + "'"


def page_name(name: object) -> str:
    """:func:`visible_name` for a page, which shows a run of spaces as one: its runs kept by
    no-break spaces ('r  m' and 'r m' looked the same). Not for a terminal, where a name
    copied back would hold the no-break spaces and name no group (a review)."""
    return re.sub(r"(?<= ) ", "\u00a0", visible_name(name))  # each space after a space


#: What :func:`on_page` shows escaped: what :data:`_INVISIBLE` does but the line breaks and
#: tabs that a page's own text may hold.
_OFF_PAGE = {c: v for c, v in _INVISIBLE.items() if c not in (0x09, 0x0A, 0x0D)}


def on_page(value: object) -> object:
    """Any text bound for a page with bidi overrides and control characters (but line breaks
    and tabs) shown as escapes: the last step of every value a report template writes, so
    that no user string -- a file, column or group name, a title -- can reorder the text
    around it. Non-text values are returned unchanged (and an HTML-safe ``Markup`` stays
    one)."""
    return value.translate(_OFF_PAGE) if isinstance(value, str) else value


def level_percent(level: float) -> str:
    """An interval's level as a percentage, as given: 0.95 reads '95%', 0.996 '99.6%' (a
    whole percent made it '100%', and 0.975 '98%': a review)."""
    return f"{100 * float(level):.6g}%"


def three_digits(value: SupportsFloat, probability: bool = False) -> str:
    """A number with three significant digits, as the text tables show it (``inf`` as
    ``inf``); a ``probability`` below the classifier's confident 0.8 never reads 0.8
    (0.7995 reads 0.799, beside its verdict's "uncertain — leaning heavy (0.79)")."""
    v = float(value)
    return f"{below_confident(v, 3) if probability else v:.3g}"


def below_confident(p: float, digits: int) -> float:
    """A probability ``p`` as shown to ``digits`` significant digits, cut down (not rounded)
    where rounding would lift it from below the confident 0.8 to it (0.79996 to 0.8, beside
    "uncertain")."""
    if 0.0 <= p < _CONFIDENT <= float(f"{p:.{digits}g}"):
        return math.floor(p * 10**digits) / 10**digits
    return p


def significant(value: float, digits: int = 4, scale: float | None = None) -> str:
    """``value`` with ``digits`` significant digits, or with ``scale`` (the spread of the
    values it stands among) at least enough that a hundredth of it shows (scores near 10^8
    spread by 0.1 read ``1e+08`` for a level of 100000000.936), with a typographic minus: the
    levels of the report's tables and of the figures' labels."""
    f = float(value)
    s = float(scale) if scale is not None else math.nan
    if f != 0 and math.isfinite(f) and math.isfinite(s) and s > 0:
        digits = min(17, max(digits, math.ceil(math.log10(abs(f) / s)) + 2))
    return f"{f:.{digits}g}".replace("-", "−")


def resolved_digits(x: float, resolution: float) -> int:
    """How many significant digits (4 at least, 17 at most) show a difference of
    ``resolution`` at ``x`` (an end point and the values compared with it)."""
    if math.isfinite(x) and x != 0 and math.isfinite(resolution) and resolution > 0:
        return min(17, max(4, math.ceil(math.log10(abs(x) / resolution)) + 3))
    return 4


def apart(a: float, b: float) -> tuple[str, str]:
    """``a`` and ``b`` with six significant digits, or as many more as tell them apart (a
    review: "the maximum 1e+06, far above the next score (1e+06)")."""
    for digits in range(6, 18):
        one, two = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if one != two or a == b:
            return one, two
    return repr(float(a)), repr(float(b))


def cut_middle(name: str, limit: int) -> str:
    """``name``, or past ``limit`` characters its start and end around an ellipsis (names
    that share a start, such as checkpoints or sweep runs, differ at their end)."""
    if len(name) <= limit:
        return name
    half = (limit - 1) // 2
    return name[:half] + "…" + name[-half:]


def cut_apart(names: Sequence[str], limit: int) -> list[str]:
    """Each name :func:`cut_middle` at ``limit``, but names the cut would make alike (sweep
    runs that differ in the middle; prompts that share a chat template's start and end)
    keeping the part where they differ between their start and their end, and, as a last
    resort, numbered: distinct names always read apart (review 413: three prompts read alike
    in the command line's table; review 417: so did names differing near an end)."""
    cut = [cut_middle(name, limit) for name in names]
    edge = max(1, limit // 4)
    for same in _alike(names, cut):
        long = [i for i in same if len(names[i]) > limit]  # (a short name is shown whole)
        start = len(os.path.commonprefix([names[i] for i in long]))  # noqa: RUF071
        end = len(os.path.commonprefix([names[i][::-1] for i in long]))  # noqa: RUF071
        for i in long:
            name = names[i]
            middle = name[max(start - 8, edge):max(len(name) - end + 8, start + 1)]
            cut[i] = name[:edge] + "…" + cut_middle(middle, limit // 2) + "…" + name[-edge:]
    for same in _alike(names, cut):  # numbered by name within the text, then by row
        number = {name: j + 1 for j, name in enumerate(dict.fromkeys(names[i] for i in same))}
        for i in same:
            cut[i] = f"{number[names[i]]}. {cut[i]}"
    for same in _alike(names, cut):
        for i in same:
            cut[i] = f"#{i + 1} {cut[i]}"
    return cut


def _alike(names: Sequence[str], shown: list[str]) -> list[list[int]]:
    """The positions of each text of ``shown`` that different ``names`` share."""
    where: dict[str, list[int]] = {}
    for i, text in enumerate(shown):
        where.setdefault(text, []).append(i)
    return [same for same in where.values() if len({names[i] for i in same}) > 1]


def no_group_classified(failures: Mapping[Any, Any], shown: int) -> str:
    """The message when no group could be classified: how many, the first ``shown`` named
    with their reasons (the report and ``tailstat classify`` worded it two ways, with ".;"
    where a reason's full stop met the separator)."""
    keys = [visible_name(k) for k in failures]
    named = ", ".join(keys[:shown]) + (f" and {len(keys) - shown} more" if len(keys) > shown
                                       else "")
    reasons = "; ".join(f"{name}: {_without_full_stop(str(why))}"
                        for name, why in zip(keys[:shown], failures.values(), strict=False))
    return (f"no group could be classified ({len(keys)} group{'s' if len(keys) != 1 else ''}: "
            f"{named}). {reasons}.")


def _without_full_stop(text: str) -> str:
    """``text`` without one closing full stop ("e.g." and "..." keep theirs)."""
    text = text.rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith(("..", "e.g.", "i.e.")) \
        else text


def verdict_counts(table: Any) -> dict[str, int]:
    """Groups of an analysis' ``table`` by verdict, an uncertain one counted as the lean it is
    (a review: four groups, two of them "uncertain -- leaning heavy", read {'heavy': 3});
    groups without a label (failed) are left out."""
    ok = table["label"].notna()
    named = [lab if bool(sure) else f"leaning {lab}" for lab, sure in zip(
        table["label"][ok], table["confident"][ok], strict=True)]
    order = [f"{lean}{lab}" for lab in ("heavy", "light", "bounded") for lean in ("", "leaning ")]
    return {name: named.count(name) for name in order if name in named}


#: The columns of an analysis' table a notebook shows.
ANALYSIS_COLUMNS = ("group", "n", "verdict", "subtype", "p_heavy", "xi", "xi_low", "xi_high",
                    "heavy_flag", "error")


def table_html(title: str, table: Any, columns: tuple[str, ...] = ANALYSIS_COLUMNS) -> str:
    """A result's view in a notebook: ``title`` and the ``columns`` of its ``table`` (an
    analysis' main ones by default; pandas escapes the cells)."""
    import html

    cols = [c for c in columns if c in table.columns]
    shown = table[cols].astype(object)
    if "verdict" in shown.columns and "error" in shown.columns:
        # a group that failed has no verdict: said so, its reason in the error column
        failed = shown["verdict"].isna() & shown["error"].notna()
        shown.loc[failed, "verdict"] = "not analysed"
    shown = shown.where(shown.notna(), "–")  # (a review: NaN, None and <NA> were shown)
    body = shown.to_html(  # P(heavy) 0.7995 beside "leaning heavy (0.79)": 0.799
        index=False, max_rows=60, float_format="{:.3g}".format, formatters={"p_heavy": (
            lambda p: p if isinstance(p, str) else three_digits(p, probability=True))})
    return f"<div><strong>{html.escape(title)}</strong>{body}</div>"


#: A run of white space (:func:`one_line_text`), and a line break or tab within one.
_SPACES = re.compile(r"\s+")
_BREAK = re.compile(r"[\t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]")


def one_line_text(text: str, limit: int = 1200) -> str:
    """``text`` on one line, shown safely (:func:`visible`), cut at ``limit`` characters:
    how the command line says a note, a warning or an error. Line breaks and tabs (with the
    spaces around them) become one space; runs of plain spaces stay, as in the group names
    quoted (a review: the note on 'rm  a' named 'rm a', another group)."""
    # no control character reaches the terminal
    # (one pass over each run: a pattern of breaks with the spaces around them backtracked
    # from every space, 13 s for a header of 40,000 spaces: a review)
    line = visible(_SPACES.sub(lambda m: " " if _BREAK.search(m[0]) else m[0], text).strip())
    return line if len(line) <= limit else line[: limit - 1] + "…"

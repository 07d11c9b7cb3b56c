"""Whether the decimal mark sniffed in a delimited text file separates thousands instead
(``1,234,567`` beside ``110``), and the patterns of numbers grouped in threes."""

from __future__ import annotations

import re

from tailstat.data._values import INTEGER_TEXT

__all__ = ["GROUPED", "grouping_mark"]

#: A whole number grouped in threes by a comma or a point (never led by a 0: ``0,123``).
GROUPED = {",": re.compile(r"^\s*[+-]?[1-9]\d{0,2}(?:,\d{3})+\s*$"),
            ".": re.compile(r"^\s*[+-]?[1-9]\d{0,2}(?:\.\d{3})+\s*$")}


def grouping_mark(rows: list[list[str]], mark: str, *, other_decimal: bool = False
                  ) -> tuple[str | None, str | None]:
    """Whether ``mark`` (``","`` or ``"."``, the decimal mark sniffed) separates thousands
    instead. Every column holding it must hold at least three numbers grouped in threes by it,
    none written otherwise (``2,5``), and whole numbers (if any) below 1000 without it; then
    ``(mark, None)`` when that is certain, ``(None, mark)`` when it is not (read as decimals,
    and said), else ``(None, None)``. Certain: the file writes decimals with the other mark
    (``other_decimal``), or in each such column some number is grouped twice
    (``1,234,567``), or its three-digit groups take more than 12 values over 15 or more
    numbers (the parts of decimals on a grid -- thirds rounded to three places, ``1.667``
    beside ``4``, or ninths -- take at most 12), or, read as decimals, the grouped numbers
    all lie below the whole ones (``1,176`` ... ``22,907`` beside ``110`` ... ``999``).
    A column with no whole number (every value at least 1000 as thousands: ``85,210``) is
    certain only by the other mark or a number grouped twice; else said (review 443: such a
    column of token counts was read as decimals, 1000 times too small, without a word).
    Many groups do not make it certain where the whole numbers lie among the grouped ones
    read as decimals (``7`` among ``3.428`` ... ``9.871``: scores rounded to three places,
    whose whole numbers are written ``7``): read as decimals, and said (a review: a TSV of
    such scores was read as thousands, its mean 4106.7 where it was 5.49)."""
    pattern = GROUPED[mark]
    width = max((len(r) for r in rows), default=0)
    found, certain = False, True
    for j in range(width):
        col = [r[j] for r in rows if len(r) > j]
        marked = [f for f in col if mark in f]
        if not marked:
            continue
        whole = [f.strip().lstrip("+-") for f in col if INTEGER_TEXT.match(f)]
        if (len(marked) < 3 or not all(pattern.match(f) for f in marked)
                or max((len(w) for w in whole), default=0) > 3):
            return None, None
        found = True
        once = [f for f in marked if f.count(mark) == 1]
        if not whole:  # no whole number to place them by ('85,210' alone: 85.21 or 85210?)
            certain = certain and (other_decimal or len(once) < len(marked))
            continue
        groups = {f.strip()[-3:] for f in marked}
        apart = bool(once) and min(abs(int(w)) for w in whole) > max(
            abs(float(f.replace(mark, "."))) for f in once)
        by_groups = not (other_decimal or len(once) < len(marked) or apart)
        # many distinct groups tell thousands from a grid's decimals, not from continuous
        # scores rounded to three places whose whole numbers lie among them so read
        # (thousands would leave nothing between the whole numbers and 1,000)
        read = [float(f.strip().replace(mark, ".")) for f in once]
        signed = [int(f.strip()) for f in col if INTEGER_TEXT.match(f)]
        among = bool(read) and all(min(read) - 1 <= w <= max(read) + 1 for w in signed)
        certain = certain and (not by_groups or (len(marked) >= 15 and len(groups) > 12
                                                 and not among))
    if not found:
        return None, None
    return (mark, None) if certain else (None, mark)

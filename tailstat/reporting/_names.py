"""Group names as the HTML report shows them: cut to fit, told apart, and set in sentences.

A group's name is a user string of any length, script and spacing. The page shows it cut in
the middle where it is long (:func:`table_names`, the same text in every list, heading and
label), with its runs of spaces kept (:func:`tailstat._display.page_name`), and isolated from
the text around it for bidirectional display (``<bdi>``): in "Flagged: 42, rm-b, שלום, מודל
7." the browser's bidi algorithm drew the "7" of "מודל 7" beside another name (a review).
:func:`named` does the same for the names inside the library's sentences (a verdict, a note),
which quote them as plain text for terminals too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable
from typing import Any

from tailstat._display import cut_apart, key_text, page_name, quoted, visible, visible_name
from tailstat.reporting._text import true_minus

__all__ = ["TABLE_NAME_CHARS", "named", "short_names", "table_names"]

#: Longest group name the page shows, in characters (a longer one is cut in its middle; its
#: whole name is then its element's ``title``).
TABLE_NAME_CHARS = 120


def table_names(keys: list[Hashable]) -> list[dict[str, Any]]:
    """Each group's name as the page shows it: cut in the middle past
    :data:`TABLE_NAME_CHARS` (a name of 3,000 characters made its table row 3,300 px tall),
    the whole name then the element's tooltip (``full_name``). Names that the cut would make
    alike (sweep runs that differ in the middle: a review, one heavy and one uncertain under
    the same text) keep the part where they differ, between their start and their end.

    Parameters
    ----------
    keys : list
        The groups' keys (all of the table's: names cut alike are told apart among them).

    Returns
    -------
    list of dict
        Per key, in order: ``name`` (shown) and ``full_name`` (the whole name when cut; the
        key itself, ``ascii``, when distinct keys show alike and are numbered; else
        ``None``).
    """
    plain = [page_name(key) for key in keys]
    full, shown = list(plain), Counter(plain)
    if len(shown) < len(full):  # distinct keys shown alike ('a\x00' and the text 'a\\u0000':
        # review 422), numbered, the key itself their tooltip
        nth: Counter[str] = Counter()
        for i, name in enumerate(plain):
            if shown[name] > 1:
                nth[name] += 1
                full[i] = f"{name} [{nth[name]}]"
    cut = cut_apart(full, TABLE_NAME_CHARS)
    return [{"name": short, "full_name": (name if short != name else ascii(key)
                                          if shown[first] > 1 else None)}
            for short, name, first, key in zip(cut, full, plain, keys, strict=True)]


def short_names(keys: list[Hashable]) -> dict[Hashable, str]:
    """Key to each group's name as the page shows it (:func:`table_names`, whose ``keys``
    these are): what the table at a glance, a section's heading, a list of names, a
    figure's alternative text and a region's label show."""
    return {key: row["name"] for key, row in zip(keys, table_names(keys), strict=True)}


def _tuple_like(text: str) -> bool:
    """Whether ``text`` reads as the key of several ``by=`` columns, which sentences write
    unquoted (``('b', 'x')``)."""
    return text.startswith("(") and text.endswith(")") and ", " in text


def _forms(key: Hashable, short: str) -> dict[str, Any]:
    """The ways the library's sentences write the group ``key`` (as ``explain()`` quotes it,
    as ``repr`` does, as :func:`tailstat._display.quoted` does), each to the HTML that shows
    it: ``short`` in a ``<bdi>``, between the sentence's own quotes."""
    from markupsafe import Markup

    # (a name whose spacing is marked is quoted by page_name already: once is enough)
    marked = visible_name(key) != visible(key_text(key))
    inner = short[1:-1] if marked and len(short) > 1 and short[0] == short[-1] == "'" \
        else short
    whole = Markup("<bdi>%s</bdi>") % short
    forms: dict[str, Any] = {}
    text = visible(str(key))
    for form in (text if _tuple_like(text) else f"'{text}'", repr(key), repr(str(key)),
                 quoted(key)):
        if _tuple_like(form):
            forms.setdefault(form, whole)
        elif len(form) > 1 and form[0] == form[-1] and form[0] in "'\"":
            # a bare name (an int key's "1") would match any number: quoted forms only
            forms.setdefault(form, Markup("%s<bdi>%s</bdi>%s") % (form[0], inner, form[0]))
    return forms


def named(text: object, key: Hashable, short: str, *, minus: bool = False) -> Any:
    """A sentence of plain text (a verdict, a note: written for terminals too) as HTML, the
    group ``key``'s name in it shown as the page's heading shows it.

    The name, quoted as the library quotes it, becomes ``short`` (its name at a glance): its
    runs of spaces kept by no-break spaces ('rm  a' read 'rm a' in the browser, another
    group's name: a review), cut in the middle when long (a name of 5,000 characters filled
    the verdict), and in a ``<bdi>``, isolated from the sentence's direction. The sentence
    itself is unchanged: the command line prints it as written.

    Parameters
    ----------
    text : str
        The sentence (plain text: it is escaped here).
    key : hashable
        The group the sentence is about.
    short : str
        Its name as the page shows it (:func:`short_names`).
    minus : bool
        Make the hyphen-minus that signs a number a minus sign, as the page's own numbers
        are (:func:`tailstat.reporting._text.true_minus`; names are left as written).

    Returns
    -------
    markupsafe.Markup
        HTML, escaped: the template writes it as it is.
    """
    from markupsafe import Markup, escape

    plain = str(text)

    def between(part: str) -> Any:  # the sentence's own words, its numbers' signs made minus
        return escape(true_minus(part) if minus else part)

    # the name is found in the sentence as written, and only the text around it is given
    # minus signs (a review: a key ('rm-2', -3), unquoted, became ('rm-2', −3) first and was
    # then not found: neither isolated nor left as written)
    forms = {form: html for form, html in _forms(key, short).items() if form in plain}
    if not forms:
        return between(plain)
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    out, at = [], 0
    for m in pattern.finditer(plain):
        out += [between(plain[at:m.start()]), forms[m.group(0)]]
        at = m.end()
    return Markup("").join([*out, between(plain[at:])])

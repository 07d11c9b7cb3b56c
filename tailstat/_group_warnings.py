"""The caveats of many groups, each issued once.

:func:`tailstat.analyze` classifies group after group, and each classification of fewer than
317 values warns that its probabilities are rough: 30 small groups gave 30 warnings. While
:func:`caveats_gathered` is active (in this thread or task: context variables, so
concurrent analyses do not mix), the classifier hands its small-sample caveat to
:func:`defer_small`, and its ties, coarse-levels, ξ-at-its-bound and lone-maximum caveats to
:func:`defer_note`, instead of warning; :func:`warn_gathered` then issues one warning per
kind that names the samples, at the first frame outside tailstat. Every other warning is
issued as before. The group-level warnings of an analysis (missing values, failures, gold
on another scale) are here too.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

from tailstat._display import quoted
from tailstat._warn import user_level
from tailstat.errors import DegenerateDataWarning, InputWarning, TailstatWarning, TiesWarning

__all__ = [
    "GOLD_SCALE_NOTE",
    "SCALE_FACTOR",
    "SHOWN",
    "caveats_gathered",
    "defer_note",
    "defer_small",
    "gold_scale_ratio",
    "keyless_rows",
    "missing_keys_note",
    "missing_note",
    "say_or_defer",
    "small_samples_gathered",
    "warn_failures",
    "warn_gathered",
    "warn_gold_failed",
    "warn_gold_scale",
    "warn_missing",
    "warn_missing_keys",
    "warn_notes",
    "warn_small",
]

#: Samples named in the combined warning before "and N more".
SHOWN = 8

_PENDING: ContextVar[list[tuple[str, int]] | None] = ContextVar("tailstat_small_samples",
                                                                  default=None)


def defer_small(name: str, n: int) -> bool:
    """Record the small-sample caveat of sample ``name`` of ``n`` values when the caveats are
    gathered (then ``True``: do not warn now); ``False`` otherwise."""
    pending = _PENDING.get()
    if pending is None:
        return False
    pending.append((name, n))
    return True


@contextmanager
def small_samples_gathered() -> Iterator[list[tuple[str, int]]]:
    """Gather the small-sample caveats of the classifications made inside (yields the
    list of ``(name, n)``, filled as they come)."""
    pending: list[tuple[str, int]] = []
    token = _PENDING.set(pending)
    try:
        yield pending
    finally:
        _PENDING.reset(token)



#: The per-sample caveats gathered over an analysis, by kind: ``(name, text)``.
_NOTES: ContextVar[dict[str, list[tuple[str, str]]] | None] = ContextVar("tailstat_notes",
                                                                        default=None)

#: The kinds of caveat gathered: the category of their one warning, and what it says of
#: several samples.
_KINDS: dict[str, tuple[type[Warning], str]] = {
    "ties": (TiesWarning, "{count} samples have tied top scores (discretised rewards, or "
             "duplicated rows?): {names}. Where a tail can be read, scores on a grid are read "
             "spread evenly over their step; each classification's warnings, or the group's "
             "error, say more."),
    "coarse": (TiesWarning, "{count} samples take only a few distinct values at the top "
               "(counts or coarsely rounded scores), too few to read a tail's shape from: "
               "their verdicts are leans, at most 0.75: {names}."),
    "xi-bound": (TailstatWarning, "In {count} samples the GPD fit to the classifier's top "
                 "values sits at its constraint ξ = -1 (too few excesses for an interior "
                 "maximum): their ξ is that bound, not an estimate: {names}."),
    "lone-max": (TailstatWarning, "In {count} samples a confident verdict rests on the "
                 "largest score, far above the next (without it the tail reads another "
                 "label; an exploit or a data error: read it): {names}."),
}


def defer_note(kind: str, name: str, text: str) -> bool:
    """Record the caveat ``text`` of sample ``name`` (a kind of :data:`_KINDS`) while
    :func:`caveats_gathered` is active (then ``True``: do not warn now); ``False``
    otherwise. A review: 60 groups of rewards logged to two decimals gave 31 ties warnings,
    one per group."""
    pending = _NOTES.get()
    if pending is None:
        return False
    pending.setdefault(kind, []).append((name, text))
    return True


def say_or_defer(kind: str, name: str, text: str | None) -> None:
    """Warn ``text`` (none for None) in the category of its ``kind`` (:data:`_KINDS`), or,
    within :func:`caveats_gathered`, defer it to one warning for all samples."""
    if text is not None and not defer_note(kind, name, text):
        warnings.warn(text, _KINDS[kind][0], stacklevel=user_level())


def warn_notes(pending: dict[str, list[tuple[str, str]]]) -> None:
    """One warning per kind of caveat gathered: the caveat itself for one sample, the
    samples named for several (each classification's warnings keep its own text)."""
    for kind, items in pending.items():
        category, many = _KINDS[kind]
        if len(items) == 1:
            warnings.warn(items[0][1], category, stacklevel=user_level())
            continue
        names = ", ".join(repr(name) for name, _ in items[:SHOWN]) + (
            f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")
        warnings.warn(many.format(count=len(items), names=names), category,
                      stacklevel=user_level())


#: The caveats gathered over an analysis: small samples ``(name, n)`` and the others by
#: kind (:func:`defer_note`).
Gathered = tuple[list[tuple[str, int]], dict[str, list[tuple[str, str]]]]


@contextmanager
def caveats_gathered() -> Iterator[Gathered]:
    """:func:`small_samples_gathered` and the caveats of :func:`defer_note` at once."""
    notes: dict[str, list[tuple[str, str]]] = {}
    token = _NOTES.set(notes)
    try:
        with small_samples_gathered() as small:
            yield small, notes
    finally:
        _NOTES.reset(token)


def warn_gathered(gathered: Gathered) -> None:
    """One warning for the small samples and one per kind of the other caveats gathered."""
    warn_small(gathered[0], DegenerateDataWarning)
    warn_notes(gathered[1])


def warn_small(pending: list[tuple[str, int]], category: type[Warning]) -> None:
    """One warning for the gathered small samples (none when there are none), worded as
    the classifier's own when there is one."""
    if not pending:
        return
    if len(pending) == 1:
        name, n = pending[0]
        warnings.warn(f"{name!r}: small sample (n = {n}); classification probabilities are "
                      "rough", category, stacklevel=user_level())
        return
    names = ", ".join(f"{name!r} (n = {n})" for name, n in pending[:SHOWN])
    more = f" and {len(pending) - SHOWN} more" if len(pending) > SHOWN else ""
    warnings.warn(f"{len(pending)} samples have 316 values or fewer, so their classification "
                  f"probabilities are rough: {names}{more}.", category, stacklevel=user_level())


def warn_gold_scale(pending: list[tuple[str, float]], note: str) -> None:
    """One warning for the groups whose gold scores seem to be on another scale than their
    rewards (``(name, ratio)``; ``note``: the one-group text, formatted with ``key`` and
    ``ratio``); none when there are none."""
    if not pending:
        return
    if len(pending) == 1:
        name, ratio = pending[0]
        text = note.format(key=quoted(name), ratio=ratio)  # (unquoted read as a word: a review)
        warnings.warn(text[0].upper() + text[1:], TailstatWarning, stacklevel=user_level())
        return
    names = ", ".join(f"{name!r} ({ratio:.3g} times)" for name, ratio in pending[:SHOWN])
    more = f" and {len(pending) - SHOWN} more" if len(pending) > SHOWN else ""
    warnings.warn(f"In {len(pending)} groups the gold scores spread far wider than the "
                  f"rewards (interquartile ranges): {names}{more}. They seem to be on "
                  "another scale, and the error reward − gold then mixes two units; put the "
                  "gold scores on the reward's scale first (e.g. by the linear fit of reward "
                  "on gold).", TailstatWarning, stacklevel=user_level())


def warn_gold_failed(failed: dict[object, str], classified: int) -> None:
    """One warning naming the groups whose error (reward − gold) could not be analysed,
    though their rewards were (none when there are none): said in their rows' ``gold_note``
    only, they were easy to miss (a review: a constant gold score left no word)."""
    if not failed:
        return
    items = [(k, why.rstrip(".")) for k, why in failed.items()]
    shown = "; ".join(f"{str(k)!r}: {why if len(why) <= 300 else why[:297] + '...'}"
                      for k, why in items[:3])  # (a reason with its prefix passes 160)
    more = f"; and {len(items) - 3} more" if len(items) > 3 else ""
    warnings.warn(f"The error (reward − gold) of {len(items)} of {classified} group"
                  f"{'s' if classified != 1 else ''} could not be analysed (their rows' "
                  f"gold_note says why): {shown}{more}.", TailstatWarning,
                  stacklevel=user_level())


def warn_failures(failures: dict[object, str], total: int) -> None:
    """One warning naming the groups an analysis could not analyse and why (none when every
    group was analysed): a failed group is a row of the table, easy to miss."""
    if not failures:
        return
    items = [(k, why.rstrip(".")) for k, why in failures.items()]  # joined by "; "
    shown = "; ".join(f"{str(k)!r}: {why if len(why) <= 160 else why[:157] + '...'}"
                      for k, why in items[:3])
    more = f"; and {len(items) - 3} more" if len(items) > 3 else ""
    warnings.warn(f"{len(items)} of {total} group{'s' if total != 1 else ''} could not be "
                  f"analysed (their rows hold the error; all reasons in .failures): "
                  f"{shown}{more}.", TailstatWarning, stacklevel=user_level())



def missing_note(missing: Mapping[object, int | None], total: int, *,
                 refuse_hint: bool = True) -> str | None:
    """What :func:`warn_missing` says (None when no group had a missing reward)."""
    items = [(k, int(m)) for k, m in missing.items() if m]
    if not items:
        return None
    shown = ", ".join(f"{str(k)!r} ({m:,})" for k, m in items[:SHOWN])
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return (f"{len(items)} of {total} group{'s' if total != 1 else ''} had missing "
            f"rewards (NaN), dropped: {shown}{more}; each group's n counts the rest"
            # (the report's page has no such column: review 422)
            + (" (column n_missing of the table; nan='raise' refuses them instead)."
               if refuse_hint else "."))


def warn_missing(missing: Mapping[object, int | None], total: int, *,
                 refuse_hint: bool = True) -> None:
    """One warning naming the groups whose missing rewards (NaN) were dropped, as
    :func:`tailstat.classify` says it of one sample (none when no group had any);
    ``refuse_hint``: name ``nan='raise'`` (not for :func:`tailstat.report`, which has no such
    option)."""
    note = missing_note(missing, total, refuse_hint=refuse_hint)
    if note is not None:
        warnings.warn(note, InputWarning, stacklevel=user_level())

def missing_keys_note(missing_keys: Mapping[object, int], by: Sequence[Hashable] | None,
                      read_options: Mapping[str, Any] | None = None) -> str | None:
    """What to say of the rows whose ``by=`` value is missing (None when there are none):
    they form a group of their own (as ``groupby(dropna=False)``), which may mix rows of
    several groups. TRL logs read in step bins (``step_bins`` in ``read_options``) are
    grouped by the reader's ``steps`` column, missing where the logs' ``step`` is: named so."""
    if not missing_keys:
        return None
    rows = sum(missing_keys.values())
    bins = "step_bins" in (read_options or {})
    cols = ["step" if bins and c == "steps" else c for c in by or ()]
    groups = ", ".join(repr(str(k)) for k in missing_keys)
    return (f"{rows:,} row{'s' if rows != 1 else ''} ha{'ve' if rows != 1 else 's'} no value in "
            f"{' or '.join(map(repr, cols))} (missing): analysed as the group(s) {groups}, "
            f"which may mix rows of several groups. If they are not one group, drop them "
            f"first: df.dropna(subset={cols!r}) in pandas (polars: df.drop_nulls({cols!r})), "
            "or leave those rows out of the file for the command line.")


def keyless_rows(missing_keys: Mapping[object, int]) -> dict[str, int]:
    """The rows of each group whose ``by=`` value is missing, keyed by the group's name: what
    an analysis' settings keep (``"missing_keys"``), so that a report made later from the
    analysis (saved, or made with Dask) says :func:`missing_keys_note` as a report from the
    rows does."""
    return {str(k): int(v) for k, v in missing_keys.items()}


def warn_missing_keys(missing_keys: Mapping[object, int], by: Sequence[Hashable] | None,
                      read_options: Mapping[str, Any] | None = None) -> None:
    """:func:`missing_keys_note` as one warning (none when every row has its key)."""
    note = missing_keys_note(missing_keys, by, read_options)
    if note is not None:
        warnings.warn(note, InputWarning, stacklevel=user_level())


#: Gold scores that spread more than this factor wider than the rewards are said to be on
#: another scale: under reward = gold + error, with an error not strongly against the gold
#: score, the reward spreads about as wide as the gold score or wider (an independent error
#: can narrow a clustered gold score's IQR: by less than 2 times over three equally spaced
#: tight clusters and normal errors, 1.86 at weights 1/4 + 1e-3, 1/2 - 2e-3, 1/4 + 1e-3; a
#: review of stop 60 and one of the science). (The other way round is
#: no sign of a mismatch: a noisy proxy spreads wider than gold on the same scale.)
SCALE_FACTOR = 3.0
GOLD_SCALE_NOTE = ("the gold scores of {key!s} spread {ratio:.3g} times as wide as the rewards "
               "(interquartile ranges): they seem to be on another scale, and the error "
               "reward − gold then mixes two units, so its tail says little about the reward "
               "model. Put the gold scores on the reward's scale first (e.g. by the linear fit "
               "of reward on gold).")


def gold_scale_ratio(u: np.ndarray, v: np.ndarray) -> float | None:
    """IQR(v) / IQR(u) (standard deviations when either IQR is 0) when it exceeds
    :data:`SCALE_FACTOR`; None otherwise or when undefined."""
    if u.size < 10:
        return None
    iqr = [float(np.subtract(*np.quantile(a, [0.75, 0.25]))) for a in (u, v)]
    spread = iqr if min(iqr) > 0 else [float(np.std(a)) for a in (u, v)]
    if not (spread[0] > 0 and spread[1] > 0):
        return None
    ratio = spread[1] / spread[0]
    return ratio if ratio > SCALE_FACTOR else None

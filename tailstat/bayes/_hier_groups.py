"""The groups of :func:`tailstat.bayes.fit_bayes_hierarchical` and their exceedances: the
threshold mapping checked against the groups, each group's exceedances, and the notes on
the groups left out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tailstat import _validation as v
from tailstat.bayes import _common as common
from tailstat.bayes._common import Exceedances
from tailstat.bayes._labels import label as _label
from tailstat.bayes._labels import label_matches
from tailstat.data import Groups
from tailstat.data.groups import typed_label
from tailstat.errors import DataError
from tailstat.gpd.threshold import THRESHOLD, quantile_level_note

__all__ = ["check_threshold_mapping", "group_exceedances"]


def check_threshold_mapping(threshold: Any, groups: Groups) -> Any:
    """``threshold``, or for a mapping the threshold of each group (keyed as
    ``groups.samples``): an entry names a group by its key, its label, or its key as the
    data have it where keys that print alike are labelled by type (``1`` for "1 (int)");
    a missing key may be named ``None`` or ``NaN`` (as :meth:`BayesHierarchicalFit.label_of`
    reads it); every group needs one entry, and every entry a group. Each is of a threshold's forms
    (:data:`~tailstat.gpd.threshold.THRESHOLD`)."""
    # the form of every threshold first: a typo ("95" for "95%") is the caller's to fix,
    # not a group's data problem (it left the group out, or advised lowering thresholds)
    for spec in (threshold.values() if isinstance(threshold, Mapping) else [threshold]):
        v.check("threshold", spec, THRESHOLD)
    if not isinstance(threshold, Mapping):
        return threshold
    labels = {_label(k): k for k in groups.samples}
    whose: dict[Any, list[Any]] = {k: [] for k in groups.samples}
    stray = []
    for entry in threshold:
        named = {labels[t] for t in (_label(entry), typed_label(entry)) if t in labels}
        if entry in whose:
            named.add(entry)
        if not named:  # the key by value, as label_of reads it: NaN or None for '<NA>' (a
            # review: {np.nan: 0.0} was "no entry for group(s) ['<NA>']")
            parts = entry if isinstance(entry, tuple) else (entry,)
            hits = [labels[t] for t in labels if label_matches(t, parts)]
            named.update(hits[:1] if len(hits) == 1 else [])
        if not named:
            stray.append(entry)
        for key in named:
            whose[key].append(entry)
    # (a review: an entry for no group, or two for one, was left unused without a word)
    for found, what in (([_label(k) for k, e in whose.items() if not e],
                         "has no entry for group(s)"),
                        (stray, "has entries for no group:"),
                        ([_label(k) for k, e in whose.items() if len(e) > 1],
                         "has more than one entry for group(s)")):
        if found:
            raise DataError(f"threshold mapping {what} {found}; give one per group (the "
                            f"groups: {list(labels)[:10]}), or a single threshold for all.")
    return {key: threshold[entries[0]] for key, entries in whose.items()}


def group_exceedances(groups: Groups, threshold: Any, min_exceed: int
                       ) -> tuple[list[Exceedances], dict[str, str], list[str], list[str],
                                  list[str]]:
    """Each usable group's exceedances (table order; ``threshold`` as
    :func:`check_threshold_mapping` returns it), why the others were left out, and
    the warning texts about thresholds that read like quantile levels, about ties and about
    the groups left out.

    Raises
    ------
    DataError
        Fewer than two usable groups.
    """
    fitted: list[Exceedances] = []
    skipped: dict[str, str] = {}
    level_notes: list[str] = []
    for key, sample in groups.samples.items():
        label = _label(key)
        if isinstance(sample, DataError):
            skipped[label] = str(sample)
            continue
        spec = threshold[key] if isinstance(threshold, Mapping) else threshold
        try:  # the quantile-level caveat is the fit's, named by group (as fit_bayes's)
            exc = common.exceedances(sample, spec, min_exceed, name=label, warn=False)
        except DataError as err:
            skipped[label] = str(err)
            continue
        fitted.append(exc)
        note = quantile_level_note(sample.values, spec, exc.threshold, label)
        level_notes += [note] if note else []
    labels = [_label(k) for k in groups.samples]
    same = sorted({lab for lab in labels if labels.count(lab) > 1})
    if same:  # the model names its groups by label: two alike would collide (after sampling)
        raise DataError(f"several groups read as {same[0]!r} once their keys are joined with "
                        "'/' (the model's group names); rename the groups (by= values) so "
                        "that their names differ.")
    if len(fitted) < 2:
        # each skipped group's reason: an infinite value, say, is no matter of thresholds
        # (a review: the message blamed the exceedances alone)
        why = " ".join(f"Skipped {label!r}: {reason.rstrip('.')}."
                       for label, reason in sorted(skipped.items()))
        fix = ("Fix what the skipped groups need (a lower threshold, for too few "
               "exceedances), or" if skipped else "Give the groups with by=, or")
        raise DataError(
            f"the hierarchical model needs at least 2 groups it can fit (each with "
            f"{min_exceed} or more exceedances); {len(fitted)} qualified, {len(skipped)} "
            f"skipped.{' ' + why if why else ''} {fix} use fit_bayes for one sample.")
    ties_notes = [m for m in (e.tie_message() for e in fitted) if m]
    skip_notes = [f"group {label!r} left out of the hierarchical model: {why}"
                  for label, why in skipped.items()]
    return fitted, skipped, level_notes, ties_notes, skip_notes

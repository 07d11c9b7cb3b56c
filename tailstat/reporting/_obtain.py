"""The analysis a report renders: made here from the data (or sketches), or given (an
analysis, a saved one), with what the report says of its input."""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tailstat._group_warnings import (
    missing_keys_note,
    missing_note,
    warn_missing,
    warn_missing_keys,
)
from tailstat.analysis import TailAnalysis, analyze, analyze_groups
from tailstat.analysis_sketches import is_sketches
from tailstat.classification.classifier import MIN_N
from tailstat.data import Groups, check_groups
from tailstat.errors import DataError, InputWarning
from tailstat.reporting._options import AUTO_FIGURES_MAX_GROUPS, Progress
from tailstat.reporting._provenance import (
    _file_input,
    _Input,
    _read,
    analysed_path,
    computed_note,
)
from tailstat.saved import computed_by, is_saved_analysis, read_analysis, written_by

__all__ = ["input_warnings_noted", "obtain_analysis"]


def obtain_analysis(analysis_or_data: Any, data: Any, say: Progress,
                     report_warnings: list[str], *, start: Callable[[int], None] | None = None,
                     on_group: Callable[[tuple[Any, ...]], None] | None = None,
                     **analyze_kw: Any) -> tuple[TailAnalysis, Any, _Input, Groups | None]:
    """The analysis (given, or made from the data, without the Goodhart summaries), the table
    read (or, with an analysis, the ``data`` given with it, unread: :func:`_figure_data`
    reads it, or the file analysed, only if the figures per group are drawn), and the
    validated groups when the analysis was made here. ``start(n)`` is called
    with the number of groups once it is known, before they are classified."""
    if is_sketches(analysis_or_data):
        # sketches hold the top order statistics only: analysed as they are (analyze() says
        # what they cannot do: gold=, column=, by=), then reported as an analysis; a Bayesian
        # fit reads the exceedances each holds, as analyze() fits them (it was refused here)
        analysis = analyze(analysis_or_data, **{k: v for k, v in analyze_kw.items() if k in (
            "column", "by", "gold", "fdr", "seed", "method")}, progress=say, warn=False)
        info = _Input(label="sketches (TailSketch): the top order statistics of each group")
        report_warnings.append("the sections 'What optimisation would do' need the rows (a "
                               "sketch keeps only the top order statistics): not made.")
        _group_warnings_noted(analysis, report_warnings)
        return analysis, None, info, None
    saved_from = None
    if (isinstance(analysis_or_data, (str, os.PathLike)) and str(analysis_or_data) != "-"
            and is_saved_analysis(analysis_or_data)):
        # a saved analysis (TailAnalysis.to_json): reported as it was made, and named with
        # its checksum in the reproducibility block
        saved_from = Path(analysis_or_data)
        analysis_or_data = read_analysis(saved_from)
    if isinstance(analysis_or_data, TailAnalysis):
        given = [k for k in ("column", "by", "gold") if analyze_kw.get(k) is not None]
        if given:
            made = {k: analysis_or_data.settings.get(k) for k in ("column", "by", "gold")}
            names = " and ".join(f"{g}=" for g in given)
            raise DataError(f"{names} {'is' if len(given) == 1 else 'are'} for data to analyse, "
                            f"but a TailAnalysis was passed (made with column={made['column']!r}, "
                            f"by={made['by']!r}, gold={made['gold']!r}): leave "
                            f"{'it' if len(given) == 1 else 'them'} out, or pass the data to "
                            "analyse it again.")
        made = analysis_or_data.settings
        for name, value, default in (("method", analyze_kw.get("method"), "fast"),
                                     ("fdr", analyze_kw.get("fdr"), 0.05),
                                     ("seed", analyze_kw.get("seed"), 0)):
            # a value other than the default that differs from the analysis' own was shown
            # as made without a word (the default cannot be told from a value left out)
            if name in made and value != default and value != made[name]:
                asked = "method='bayes' (bayes=True)" if value == "bayes" else f"{name}={value!r}"
                raise DataError(f"the TailAnalysis passed was made with {name}={made[name]!r}: "
                                f"it is reported as made, so {asked} cannot apply; leave it "
                                "out, or pass the data to analyse it again.")
        analysis = analysis_or_data
        keyless = missing_keys_note(made.get("missing_keys") or {}, made.get("by"),
                                    made.get("read_options"))
        if keyless is not None:  # as a report from the rows says it
            report_warnings.append(keyless)
        if "n_missing" in analysis.table:  # and the missing rewards dropped, as it does (a
            # report of a Dask analysis said them only under each group: a review)
            counts = analysis.table["n_missing"].fillna(0).astype("int64")
            dropped = {k: int(m) for k, m in zip(analysis.table["group"], counts, strict=True)
                       if m}
            note = missing_note(dropped, len(analysis.table), refuse_hint=False)
            if note is not None:  # noted, not warned again: the analysis warned when made
                report_warnings.append(note)
        # and the groups' warnings, as a report of the rows lists them (a review: the page
        # said "1 warning issued during the analysis" only when it analysed the rows itself)
        _group_warnings_noted(analysis, report_warnings)
        src = analysed_path(analysis.settings) or analysis.settings.get("source")
        table, info = None, _Input(label=(
            f"an analysis made with Dask (tailstat.dask.analyze) of {src}, reported as it "
            "was made" if made.get("engine") == "dask" and src else
            "an analysis (TailAnalysis), reported as it was made"))
        if saved_from is not None:  # (the version that computed it, beside this one's)
            info = _file_input(saved_from, note="; ".join(filter(None, [
                f"analysed from {src}" if src else "", computed_note(analysis, "saved file")])))
            info.label = (f"a saved analysis ({saved_from.name}, TailAnalysis.to_json), "
                          "reported as it was made")
            info.saved = True
        elif computed_by(analysis) not in (None, written_by()):  # (the version saves write)
            # read_analysis(file) of another version passed in: that version computed it, as
            # a report of the file says (a review); of this one, the report is the one the
            # analysis made here gives
            info.note = computed_note(analysis, "read from a saved file")
        if analysis.sketches:  # the figures come from the sketches: no data needed
            if src and saved_from is None:
                info.location = str(src)
            if data is not None:
                info.note = "; ".join(filter(None, [  # (the version's note kept: a review)
                    info.note, "data= was not needed: the analysis carries its sketches"]))
            return analysis, None, info, None
        # the data (given, or the file analysed) are read only when the figures per group
        # are drawn, and checked to be the data analysed (_figure_data)
        return analysis, data, info, None
    if data is not None:
        raise DataError("data= is only for a TailAnalysis; pass the data as the first "
                        "argument instead.")
    with input_warnings_noted(report_warnings):  # what reading changed, on the page too
        table, info = _read(analysis_or_data)
        say("classifying the upper tails" + (" (Bayesian GPD fits: slow)"
                                             if analyze_kw["method"] == "bayes" else ""))
        # the caveats are shown next to their group, so the analysis records them without
        # warning
        groups = check_groups(table, analyze_kw["column"], by=analyze_kw["by"],
                              gold=analyze_kw["gold"], min_size=MIN_N)  # as analyze
    if start is not None and len(groups.samples) <= AUTO_FIGURES_MAX_GROUPS:
        start(len(groups.samples))
    analysis = analyze_groups(groups, method=analyze_kw["method"], fdr=analyze_kw["fdr"],
                              seed=analyze_kw["seed"], progress=say, warn=False,
                              on_group=on_group)
    # the rows without a key and the missing rewards dropped: on stderr and on the page, as
    # analyze says them (a review: rewards dropped went unsaid by the report)
    with input_warnings_noted(report_warnings):
        warn_missing_keys(groups.missing_keys, groups.by, groups.read_options)
        warn_missing(groups.missing, len(groups.samples), refuse_hint=False)
    _group_warnings_noted(analysis, report_warnings)
    return analysis, table, info, groups


def _group_warnings_noted(analysis: TailAnalysis, report_warnings: list[str]) -> None:
    """Each group's classification warnings, as ``'key': warning`` notes of the page."""
    for key, c in analysis.classifications.items():
        report_warnings.extend(f"{str(key)!r}: {w}" for w in c.warnings
                               if f"{str(key)!r}: {w}" not in report_warnings)


@contextlib.contextmanager
def input_warnings_noted(report_warnings: list[str]) -> Iterator[None]:
    """Run the block; each :class:`InputWarning` it raised (rows dropped, group keys merged,
    a repeated header skipped) is added to ``report_warnings`` (the page's notes) and every
    warning is issued again as it was, so the caller (and the command line's stderr) still
    has it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        text = str(w.message)
        if issubclass(w.category, InputWarning) and text not in report_warnings:
            report_warnings.append(text)
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

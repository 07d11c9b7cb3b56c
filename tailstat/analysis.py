"""``analyze``: the whole pipeline for one table, per group, in one call.

intake (:func:`tailstat.data.check_groups`) -> one sketch per group
(:class:`tailstat.TailSketch`: ``n`` and the exact top order statistics, one
``np.partition``; the analysis keeps it, and the report draws from it) -> classification
(:func:`tailstat.classify`, whose evidence carries the estimators) -> heavy-tail flags
across groups: Benjamini–Hochberg on each group's p-value against light and bounded tails
of its size (:func:`tailstat.classification.heavy_flags`; the ``heavy_pvalue`` column) ->
with ``gold=``, the error ``X = U - V``
gets its own sketch and classification and the upper-tail dependence of X and V is measured
(the theory's good case needs the error to be independent of utility in the tail) -> with
``goodhart=True``, what optimising each group's reward would do
(:func:`tailstat.goodhart.goodhart_summary`, reusing the classification).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from tailstat._blas import single_blas_thread
from tailstat._display import quoted, table_html, verdict_counts, visible_name
from tailstat._group_warnings import (
    GOLD_SCALE_NOTE,
    caveats_gathered,
    gold_scale_ratio,
    keyless_rows,
    warn_failures,
    warn_gathered,
    warn_gold_failed,
    warn_gold_scale,
    warn_missing,
    warn_missing_keys,
)
from tailstat._run_args import check_run_args, run_seed
from tailstat._table_rows import ANALYSIS_COLUMNS, rows_frame, table_records
from tailstat._threads import thread_map
from tailstat.analysis_gold import gold_error
from tailstat.analysis_goodhart import add_goodhart, goodhart_numbers, goodhart_task
from tailstat.analysis_sketches import as_sketch_groups, classify_sketch, group_sketch, sealed
from tailstat.classification import TailClassification
from tailstat.classification.classifier import MIN_N
from tailstat.classification.flags import benjamini_hochberg, heavy_pvalues
from tailstat.data.groups import Groups, check_groups
from tailstat.data.intake import Sample, file_fingerprint
from tailstat.dependence import (
    CHI_LEVELS,
    MIN_CHI_EXCEED,
    TABLE_CHI_LEVELS,
    TailDependence,
    tail_dependence,
)
from tailstat.errors import DataError, MissingValuesError
from tailstat.goodhart import GoodhartSummary
from tailstat.results import Result
from tailstat.sketch import TailSketch

__all__ = ["TailAnalysis", "TailDependence", "analyze", "tail_dependence"]


@dataclass(frozen=True, eq=False, repr=False)
class TailAnalysis(Result):
    """Per-group tail classification of one table.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group (see :meth:`to_frame`).
    classifications : dict
        Group key -> :class:`TailClassification`.
    failures : dict
        Group key -> the reason it could not be analysed.
    error_classifications : dict
        With ``gold=``: group key -> classification of the error ``proxy - gold``.
    dependence : dict
        With ``gold=``: group key -> :class:`TailDependence` of (error, gold).
    goodhart : dict
        With ``goodhart=True``: group key -> :class:`tailstat.goodhart.GoodhartSummary` (a
        group whose summary could not be made has the reason in ``goodhart_failures``).
    goodhart_failures : dict
        Group key -> why its Goodhart summary could not be made.
    settings : dict
    sketches : dict
        Group key -> :class:`tailstat.TailSketch` of the group's rewards (``n`` and the top
        order statistics everything above was computed from): the report draws its figures
        from them, so an analysis (or a saved one) is all a report needs. Read-only:
        ``.copy()`` one to update it.
    error_sketches : dict
        With ``gold=``: group key -> sketch of the error ``proxy - gold``.

    Notes
    -----
    :meth:`to_json` saves the analysis and :func:`tailstat.read_analysis` reads it back, so
    that it can be reported later (:mod:`tailstat.saved`).
    """

    table: pd.DataFrame
    classifications: dict[Hashable, TailClassification]
    failures: dict[Hashable, str]
    error_classifications: dict[Hashable, TailClassification] = field(default_factory=dict)
    dependence: dict[Hashable, TailDependence] = field(default_factory=dict)
    goodhart: dict[Hashable, GoodhartSummary] = field(default_factory=dict)
    goodhart_failures: dict[Hashable, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    sketches: dict[Hashable, TailSketch] = field(default_factory=dict)
    error_sketches: dict[Hashable, TailSketch] = field(default_factory=dict)

    #: Fields a saved analysis is not checked against their annotations when read: any
    #: object with ``to_bytes()`` is a sketch there (:mod:`tailstat.saved` checks them).
    _saved_unchecked: ClassVar[tuple[str, ...]] = ("sketches", "error_sketches")

    def __post_init__(self) -> None:
        for name in ("sketches", "error_sketches"):
            object.__setattr__(self, name, sealed(getattr(self, name)))
        super().__post_init__()

    def __repr__(self) -> str:
        # failed groups have no label: they are counted by failed=, not as a nan/None label
        counts = verdict_counts(self.table) if len(self.table) else {}
        return (f"TailAnalysis(groups={len(self.table)}, labels={counts}, "
                f"failed={len(self.failures)}, heavy_flagged="
                f"{int(self.table['heavy_flag'].sum()) if len(self.table) else 0})")

    def _repr_html_(self) -> str:
        """A notebook's view: the summary line and the table (the base class showed an
        empty table, this class having no scalar fields)."""
        return table_html(repr(self), self.table)

    def heavy_unflagged(self) -> list[Hashable]:
        """The groups the classifier calls heavy with confidence that the heavy flags (a
        false-discovery rule across the groups) leave unflagged, most probably heavy first."""
        flags = dict(zip(self.table["group"], self.table["heavy_flag"], strict=True)
                     ) if len(self.table) else {}  # any key type (tuples of several by=)
        out = [(k, c.probability) for k, c in self.classifications.items()
               if c.label == "heavy" and c.confident and not bool(flags.get(k, False))]
        return [k for k, _ in sorted(out, key=lambda kp: -kp[1])]

    def explain(self) -> str:
        """The analysis in a few plain sentences: how many groups are heavy, light or bounded
        (with confidence, or leaning), which heavy ones are flagged and which are not, with
        gold scores whose error is heavy, which groups failed, and how many are small
        samples.

        Examples
        --------
        >>> print(analysis.explain())  # doctest: +SKIP
        30 groups. Heavy-tailed with confidence: 'cat07' (P(heavy) = 0.96), 'cat11' (0.95);
        none flagged at a 5% false-discovery rate ...
        """
        from tailstat.analysis_explain import overview

        return overview(self)

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per group: group, n, n_missing (missing rewards dropped), method (how
        the group was classified), label, subtype, p_heavy, p_light, p_bounded, confident,
        verdict, pattern, xi, xi_low, xi_high, xi_level, xi_ci_method, theta, theta_low,
        theta_high, theta_level, theta_ci_method (each interval's level and method), threshold,
        k, heavy_pvalue (its p-value against light and bounded tails of its size; NaN for a
        group read on too few levels: ratings, counts), heavy_flag (Benjamini–Hochberg at ``fdr``
        on heavy_pvalue; nullable, NA for a group not classified), warnings, error (the reason a
        group failed), and with ``gold=`` n_gold (the rows with a gold score), the error's label,
        P(heavy) and ``error_confident``, and χ at 0.95 / 0.99; with ``goodhart=True``:
        ``goodhart_verdict`` (one sentence), ``goodhart_kl_3sd`` (the KL the verdict quotes for a
        mean 3 sd above today's) and ``goodhart_kl_3sd_kind``
        (:attr:`GoodhartSummary.verdict_kl_kind`: a rate, a bound), ``goodhart_bon_u_1024`` /
        ``goodhart_bon_v_1024`` (E[U] and, with gold on at least 10,240 rows (best-of-1024 within
        their reach, n <= rows / 10), E[V] under best-of-1024; ``_u_1024_extrapolated``: E[U]
        past the sample's reach, 1024 > rows / 10), ``goodhart_tilt_exists`` (``_settled``:
        whether the data settle it), ``goodhart_provisional`` (the verdict may turn with more
        data: heavy or not unsure, or a fit disputes the label) and ``goodhart_error``.

        Each column has one dtype whatever failed: ``k`` and ``confident`` pandas' nullable
        ``Int64`` and ``boolean``, numbers float64, text as pandas types text (missing where a
        group has none: the label of a failed group), ``pattern`` and ``error`` text or None
        (object: None for a classified group's error)."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: the table, the settings, each group's classification and, with gold
        scores, its error's classification and tail dependence."""
        from tailstat.results import jsonable

        each = {name: {str(k): v.to_dict() for k, v in getattr(self, name).items()} for name
                in ("classifications", "error_classifications", "dependence")}
        return {"result": "TailAnalysis", "table": table_records(self.table, self.classifications),
                "settings": jsonable(self.settings), **each,
                "failures": {str(k): v for k, v in self.failures.items()},
                "goodhart": {str(k): goodhart_numbers(g) for k, g in self.goodhart.items()},
                "goodhart_failures": {str(k): v for k, v in self.goodhart_failures.items()}}

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str:
        """Save the analysis as JSON, exactly: :func:`tailstat.read_analysis` reads it back.

        Everything a report draws from the analysis is kept: the table (dtypes, group keys
        and floats exactly), every classification with its evidence, the failures, the
        error classifications, the tail dependence, the Goodhart summaries, the settings and
        the sketches. A Bayesian fit (``method="bayes"``) keeps, of its ``idata``, the posterior
        draws only (exactly; not the sampler statistics). The layout is described in
        :mod:`tailstat.saved`.

        Parameters
        ----------
        path : str or path-like, optional
            Also write the text to this file (atomically: a previous file is replaced whole
            or left unchanged), compressed when its name ends in ``.gz``, ``.bz2`` or ``.xz``.

        Returns
        -------
        str
            The JSON text (``"format": "tailstat.analysis"``, ``"version": 1``).

        Raises
        ------
        tailstat.errors.OutputError
            The file could not be written.
        tailstat.errors.DataError
            The table was changed in place and disagrees with the classifications (what
            :func:`tailstat.read_analysis` would refuse is not written).
        """
        from tailstat._atomic import check_target, write_bytes
        from tailstat.saved import analysis_json, file_bytes

        if path is not None:  # the writers' own check, before file_bytes reads the name (to_json(5)
            check_target(path)  # raised a raw TypeError there: a review)
        text = analysis_json(self)
        if path is not None:  # (compressed for a name ending in .gz, .bz2 or .xz)
            write_bytes(path, file_bytes(text, path))
        return text


@single_blas_thread
def analyze(
    data: Any,
    column: Hashable | None = None,
    *,
    by: Hashable | Sequence[Hashable] | None = None,
    gold: Hashable | None = None,
    method: Literal["fast", "bayes"] = "fast",
    fdr: float = 0.05,
    seed: int | None = 0,
    nan: Literal["drop", "raise"] = "drop",
    goodhart: bool = False,
    progress: Callable[[str], None] | None = None,
    warn: bool = True,
) -> TailAnalysis:
    """Classify the upper tail of every group of a table (and of its error, with gold scores).

    Parameters
    ----------
    data : DataFrame, polars DataFrame, path (.parquet/.csv/.jsonl), array-like, or sketches
        A :class:`tailstat.TailSketch` is one group (its name the key), a dict of sketches one
        group per key: each is classified from the top order statistics it holds, exactly as
        its rows would be (no ``column``, ``by``, ``gold`` or ``goodhart``: those need rows).
        The keys are made as a ``by=`` column's are: a missing key (None, NaN, NA) is
        ``"<NA>"``, and keys that print alike (``1``, ``"1"``) get labels naming their type.
    column : str or int, optional
        The reward column (optional when there is one numeric column besides ``by``/``gold``
        and no column of numbers written as text, which may be the rewards read as text).
    by : str or int, or a list of them, optional
        Grouping columns (reward models, checkpoints, prompt sets...).
    gold : str or int, optional
        True-utility column, for some or all rows: the error ``X = reward - gold`` is
        classified too, and its upper-tail dependence with the gold score is measured.
    method : {"fast", "bayes"}
        Passed to :func:`tailstat.classify`.
    fdr : float in (0, 1)
        False-discovery rate of the heavy-tail flags: Benjamini–Hochberg on each group's
        p-value (the ``heavy_pvalue`` column), the probability that a light or bounded tail
        of the group's size scores as heavy under the classifier's model
        (:func:`tailstat.classification.heavy_flags`: valid for light groups like the null's
        population, precomputed and shipped, with no Monte-Carlo floor at any group count).
    seed : int, optional
        Seed of the Bayesian fits (``method="bayes"``, every group's the same); recorded in
        ``settings``. With ``method="bayes"``, ``None`` draws one, recorded there: the same
        call with that seed reproduces the analysis.
    nan : {"drop", "raise"}
        ``"drop"`` (default): missing rewards are dropped and counted (``n_missing``);
        ``"raise"``: a missing reward in any group raises :class:`MissingValuesError`, which
        names the group and how many of its rewards are missing.
    goodhart : bool
        Also say what optimising each group's reward with best-of-n or a KL penalty would do
        (:func:`tailstat.goodhart.goodhart_summary`, with the group's gold scores when ``gold``
        is given, over the rows that have one; the tail model reuses the group's
        classification; for a group of fewer than 62 values, too few for the automatic
        threshold, it is fitted to the top 10 values, and the summary says its numbers are
        rough; below 50 it reads the sample alone; a group with fewer than 100 gold rows,
        ``analysis_goodhart.MIN_GOLD_ROWS``, gets the summary of its reward alone, said so).
        Off by default; it adds about 0.2 s per group of 10^4 values (0.6 s on the 3 x
        10^4-row demo data).
    progress : callable, optional
        Called with one line before each group (``"[3/20] classifying rm-02"``), and with
        ``goodhart=True`` one more as each group's Goodhart summary is made
        (``"[3/20] Goodhart summary of rm-02"``): the command line shows them as a progress
        bar.
    warn : bool
        Issue each group's caveats (ties, saturation, ...) as warnings (default), the
        small-sample caveat once for all the small groups (naming them); with ``False`` they
        are only recorded in the classifications' ``warnings`` and the table's ``warnings``
        column (the report shows them there).

    Returns
    -------
    TailAnalysis
        A group that fails validation (infinite values, constant, fewer than 50 values: the
        classifier's minimum, said in the same words for rows, sketches and Dask) yields a row
        with the reason, not an exception; so does a group whose Goodhart summary cannot be
        made (``goodhart_error``).
    """
    seed = check_run_args(method, fdr, seed, progress, warn, goodhart=goodhart)  # first
    sketches = as_sketch_groups(data)
    if sketches is not None:
        return _analyze_sketches(sketches, column=column, by=by, gold=gold, method=method,
                                 fdr=fdr, seed=seed, goodhart=goodhart, progress=progress,
                                 warn=warn, nan=nan, one=isinstance(data, TailSketch))
    # a group too small to classify is refused at intake, at the classifier's minimum
    groups = check_groups(data, column, by=by, gold=gold, nan=nan, min_size=MIN_N, copy=False)
    if nan == "raise":  # asked for: the first group with a missing reward stops the analysis
        missing = next((item for item in groups.samples.values()
                        if isinstance(item, MissingValuesError)), None)
        if missing is not None and groups.by is not None:  # say what the name is (a review)
            raise MissingValuesError(missing.name, missing.count, (
                f"it is a group of {', '.join(map(repr, groups.by))}, in column "
                f"{groups.column!r}: drop those rows first (e.g. "
                f"df.dropna(subset=[{groups.column!r}]), in polars df.drop_nulls("
                f"{groups.column!r})) or use nan='drop'.")) from None
        if missing is not None:
            raise missing
    analysis = analyze_groups(groups, method=method, fdr=fdr, seed=seed, progress=progress,
                              warn=warn)
    return add_goodhart(analysis, groups, progress=progress) if goodhart else analysis


def _analyze_sketches(sketches: dict[Hashable, TailSketch], *, column: Any, by: Any,
                      gold: Any, method: str, fdr: float, seed: int | None, goodhart: bool,
                      progress: Callable[[str], None] | None, warn: bool, nan: str,
                      one: bool) -> TailAnalysis:
    """:func:`analyze` of sketches: each is a group, classified from the top order
    statistics it holds (the table is the one its rows would give). ``one``: a bare sketch,
    whose problem is raised (a group's is its row's), as for one sample of rows."""
    from tailstat.data.partitions import group_problem

    given = [name for name, value in (("column", column), ("by", by), ("gold", gold))
             if value is not None] + (["goodhart=True"] if goodhart else [])
    if given:
        raise DataError(f"analyze() of a TailSketch takes no {', '.join(given)}: a sketch holds "
                        "one column's top order statistics, not the rows that gold scores, "
                        "groups or the Goodhart summaries need. Pass the table instead (a "
                        "dict of sketches is already one group per key).")
    items: dict[Hashable, TailSketch | DataError] = {}
    for key, sketch in sketches.items():
        problem: DataError | None = None
        if nan == "raise" and sketch.n_nan_dropped:
            raise MissingValuesError(sketch.name, sketch.n_nan_dropped,
                                     "nan='raise' refuses the missing values the sketch "
                                     "dropped; use nan='drop', or sketch the cleaned rows.")
        problem = problem or group_problem(
            name=sketch.name, n=sketch.n, n_missing=sketch.n_nan_dropped,
            minimum=sketch.minimum, maximum=sketch.maximum, min_size=MIN_N)
        if problem is not None and one:
            raise problem  # one sample, as analyze() of its rows would
        items[key] = sketch if problem is None else problem
    return analyze_summaries(
        items, sizes={k: s.n for k, s in sketches.items()},
        missing={k: s.n_nan_dropped for k, s in sketches.items()}, method=method, fdr=fdr,
        seed=seed, progress=progress, warn=warn, settings={
            "column": None, "by": None, "gold": None, "goodhart": False, "method": method,
            "fdr": fdr, "seed": seed,
            "source": "a TailSketch" if len(sketches) == 1 else f"{len(sketches)} TailSketches",
            "path": None, "path_fingerprint": None})


def analyze_summaries(items: Mapping[Hashable, TailSketch | DataError], *,
                      sizes: Mapping[Hashable, int | None],
                      missing: Mapping[Hashable, int | None], method: str, fdr: float,
                      seed: int | None, progress: Callable[[str], None] | None, warn: bool,
                      settings: dict[str, Any], refuse_hint: bool = True) -> TailAnalysis:
    """The analysis of groups given as sketches (or the error that rules a group out), with
    each group's size and missing values: what :func:`analyze` of sketches and
    :func:`tailstat.dask.analyze_sketches` share. ``settings``: the analysis' settings;
    ``refuse_hint``: the warning of missing values names ``nan='raise'`` (not for the Dask
    path, which has no such option)."""
    parts = _Parts()
    with caveats_gathered() as gathered:  # one small-sample caveat, one of ties, below
        for i, (key, item) in enumerate(items.items(), 1):
            if progress is not None:
                progress(f"[{i}/{len(items)}] classifying {visible_name(key)}"
                         + (" (Bayesian GPD fit)" if method == "bayes" else ""))
            parts.rows.append(_analyze_group(key, item, None, method, seed, parts, warn=warn,
                                             size=sizes.get(key), n_missing=missing.get(key)))
    warn_gathered(gathered)
    if warn:
        warn_missing(missing, len(items), refuse_hint=refuse_hint)
        warn_failures(parts.failures, len(items))
    return _assemble(parts, fdr, settings)


def analyze_groups(groups: Groups, *, method: str = "fast", fdr: float = 0.05,
                   seed: int | None = 0, progress: Callable[[str], None] | None = None,
                   warn: bool = True,
                   on_group: Callable[[tuple[Any, ...]], None] | None = None) -> TailAnalysis:
    """:func:`analyze` of groups already validated, without the Goodhart summaries.

    Parameters
    ----------
    groups : tailstat.data.Groups
        From :func:`tailstat.data.check_groups`.
    method, fdr, seed, progress, warn
        As in :func:`analyze` (not checked again here).
    on_group : callable, optional
        Called with each group's :func:`goodhart_task` as soon as the group is classified.

    Returns
    -------
    TailAnalysis
        With ``settings["goodhart"] = False``; :func:`add_goodhart` adds the summaries.
    """
    seed = run_seed(method, seed)
    parts = _Parts()
    total = len(groups.samples)
    items = list(groups.samples.items())
    with caveats_gathered() as gathered:  # one small-sample caveat, one of ties, below
        for start in range(0, total, _BATCH):
            # a batch's sketches first, then its classifications: the classifier's tables
            # stay in the cache from one group to the next (about 5% of analyze's time)
            batch = _sketched_batch(items[start:start + _BATCH])
            for i, (key, item) in enumerate(batch, start + 1):
                if progress is not None:
                    progress(f"[{i}/{total}] classifying {visible_name(key)}"
                             + (" (Bayesian GPD fit)" if method == "bayes" else ""))
                parts.rows.append(_analyze_group(key, item, groups.gold, method, seed, parts,
                                                 warn=warn, size=groups.sizes.get(key),
                                                 n_missing=groups.missing.get(key)))
                if on_group is not None:
                    on_group(goodhart_task(groups, key, parts.classes.get(key),
                                           parts.failures.get(key),
                                           parts.err_classes.get(key)))
    warn_gathered(gathered)
    if warn:
        warn_missing_keys(groups.missing_keys, groups.by, groups.read_options)
        warn_missing(groups.missing, total)
        warn_gold_scale(parts.scales, GOLD_SCALE_NOTE)
        warn_gold_failed(parts.gold_failed, len(parts.classes))
        warn_failures(parts.failures, total)
    gold = groups.gold_column
    return _assemble(parts, fdr, {"column": groups.column, "by": groups.by, "gold": gold,
                                  "goodhart": False,
                                  "method": method, "fdr": fdr, "seed": seed,
                                  "source": groups.source, "path": groups.path,
                                  "path_fingerprint": (file_fingerprint(groups.path)
                                                       if groups.path else None),
                                  "missing_keys": keyless_rows(groups.missing_keys),
                                  "read_options": groups.read_options})


#: Groups sketched before they are classified, in turn (:func:`analyze_groups`).
_BATCH = 16


def _sketched_batch(items: list[tuple[Hashable, Sample | DataError]]
                    ) -> list[tuple[Hashable, TailSketch | DataError]]:
    """:func:`_sketched` of each group of a batch, in order; the large groups on threads
    (:func:`tailstat._threads.thread_map`: a sketch is a few passes of NumPy, which release
    the GIL, and the groups are independent, so each sketch is the single-thread one)."""
    sizes = [item.n if isinstance(item, Sample) else 0 for _, item in items]
    sketches = thread_map(_sketched, [item for _, item in items], sizes,
                          name="tailstat-sketch")
    return [(key, sketch) for (key, _), sketch in zip(items, sketches, strict=True)]


def _sketched(item: Sample | DataError) -> TailSketch | DataError:
    """A validated group's sketch (its error if it cannot be sketched); an error as it is."""
    if isinstance(item, DataError):
        return item
    try:
        return group_sketch(item)
    except DataError as exc:  # kept without its traceback (and the frames it holds)
        return exc.with_traceback(None)


def _assemble(parts: _Parts, fdr: float, settings: dict[str, Any]) -> TailAnalysis:
    """The table (with the heavy flags across groups) and the result, from the groups' parts."""
    # the documented columns in one order whatever failed; the others as first seen
    seen = dict.fromkeys(k for r in parts.rows for k in r)
    cols = [*ANALYSIS_COLUMNS, *(k for k in seen if k not in ANALYSIS_COLUMNS)]
    table = rows_frame(parts.rows, cols, kinds=ANALYSIS_COLUMNS)
    keys = [r["group"] for r in parts.rows]
    if table["group"].dtype.kind == "f" and not all(isinstance(k, (float, np.floating))
                                                    for k in keys):
        # keys as given (sketches): None and ints stay, so rows name failed groups
        table["group"] = pd.Series(keys, dtype=object)
    # a group that could not be classified is neither flagged nor cleared: NA, not False
    flag = pd.array([pd.NA] * len(table), dtype="boolean")
    table["heavy_pvalue"] = np.nan
    if parts.classes:
        pv = heavy_pvalues([parts.classes.get(k) for k in keys])
        table["heavy_pvalue"] = pv
        ok = np.isfinite(pv)
        flag[np.array([k in parts.classes for k in keys], dtype=bool) & ~ok] = False  # a lean
        flag[ok] = benjamini_hochberg(pv, fdr)[ok]
    table["heavy_flag"] = flag
    return TailAnalysis(table=table, classifications=parts.classes, failures=parts.failures,
                        error_classifications=parts.err_classes, dependence=parts.deps,
                        sketches=parts.sketches, error_sketches=parts.err_sketches,
                        settings=settings)


@dataclass
class _Parts:
    """What :func:`analyze` collects over the groups."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    classes: dict[Hashable, TailClassification] = field(default_factory=dict)
    failures: dict[Hashable, str] = field(default_factory=dict)
    err_classes: dict[Hashable, TailClassification] = field(default_factory=dict)
    deps: dict[Hashable, TailDependence] = field(default_factory=dict)
    sketches: dict[Hashable, TailSketch] = field(default_factory=dict)
    err_sketches: dict[Hashable, TailSketch] = field(default_factory=dict)
    #: (group, IQR of gold / IQR of reward) where gold seems to be on another scale
    scales: list[tuple[str, float]] = field(default_factory=list)
    gold_failed: dict[Hashable, str] = field(default_factory=dict)  # why no error reading


def _analyze_group(key: Hashable, item: TailSketch | DataError,
                   gold: dict[Hashable, tuple[np.ndarray, np.ndarray]] | None, method: str,
                   seed: int | None, parts: _Parts, *, warn: bool = True,
                   size: int | None = None, n_missing: int | None = None) -> dict[str, Any]:
    """One group's row of the table (recording its results in ``parts``).

    ``item`` is the group's :class:`TailSketch` (of its validated rows, or of a Dask
    analysis: the same row either way, read from the top order statistics it holds), or the
    error that rules the group out.
    ``size`` and ``n_missing``: the group's values and missing rewards, when known (a failed
    group's row keeps them).
    """
    # missing rewards dropped, said in the table (a failed group's as given)
    row: dict[str, Any] = {"group": key, "n_missing": (
        n_missing if isinstance(item, DataError) else item.n_nan_dropped)}
    if isinstance(item, DataError):
        parts.failures[key] = str(item)
        row.update(n=np.nan if size is None else size, label=None, error=str(item))
        return row
    try:
        parts.sketches[key] = item
        c = classify_sketch(item, method, seed, warn)
    except DataError as exc:
        parts.failures[key] = str(exc)
        row.update(n=item.n, label=None, error=str(exc))
        return row
    parts.classes[key] = c
    row.update((k, v) for k, v in c.to_row().items() if k != "name")
    k_m = int(c.evidence["moment"].k)
    # X(n-k) itself where the sketch holds it: (X(n-k) - centre) + centre was 1 ulp off it
    # for about 7% of groups, and x > threshold then counted k + 1 exceedances
    row["threshold"] = (float(item.top[k_m]) if k_m < item.top.shape[0] else
                        c.evidence["moment"].threshold + (c.settings.get("centre") or 0.0))
    row["verdict"] = c.verdict
    row["error"] = None
    if gold is not None:
        u, v = gold[key]
        row["n_gold"] = int(u.size)
        ratio, x = None, None
        try:
            x = gold_error(key, u, v)
            ratio = gold_scale_ratio(u, v)
            if ratio is not None:
                parts.scales.append((str(key), ratio))
                row["gold_note"] = GOLD_SCALE_NOTE.format(key=quoted(key), ratio=ratio)
            err = group_sketch(Sample(values=x, name=f"{key} error"))
            ec = classify_sketch(err, method, seed, warn)
            dep = tail_dependence(x, v, CHI_LEVELS, names=("error", "gold"))
            # kept once every step succeeded (explain() described errors the table refused)
            parts.err_sketches[key], parts.err_classes[key], parts.deps[key] = err, ec, dep
            row["error_label"] = ec.label
            row["error_p_heavy"] = ec.probabilities["heavy"]
            row["error_confident"] = ec.confident  # "uncertain" below 0.8, as the text says
            for r in dep.table.itertuples():
                if np.isclose(r.u, TABLE_CHI_LEVELS).any():
                    # NaN on fewer than MIN_CHI_EXCEED errors above u, as the report and the
                    # text say (a review: chi_0.99 = 1.0 on one error, beside χ(0.965) = 0.2)
                    row[f"chi_{r.u:g}"] = r.chi if r.n_exceed >= MIN_CHI_EXCEED else np.nan
        except DataError as exc:
            row["error_label"] = None
            # the scale said with the failure: the warning names the group, and explain()
            # finds it by its note (the failure's words had replaced it); a failure of the
            # error's own reading says what was read (a review: "'a error' has 30 values")
            why = str(exc).rstrip(".") if x is None else (  # (x: gold_error's checks passed)
                f"the error reward − gold of {str(key)!r}, read from the {u.size} rows with a "
                f"gold score, could not be analysed: {str(exc).rstrip('.')}")
            row["gold_note"] = (why if ratio is None else
                                f"{GOLD_SCALE_NOTE.format(key=quoted(key), ratio=ratio)} {why}")
            parts.gold_failed[key] = why
    return row

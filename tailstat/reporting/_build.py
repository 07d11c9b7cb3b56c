"""Assemble and write the HTML tail report (Jinja2 template, inline SVG figures, inline CSS)."""

from __future__ import annotations

import datetime as _dt
import inspect
import os
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Literal

from tailstat import _validation as v
from tailstat._atomic import check_target, write_text
from tailstat._blas import one_blas_thread
from tailstat._display import no_group_classified, on_page, page_name, visible
from tailstat._workers import Pending, Workers
from tailstat.analysis import TailAnalysis
from tailstat.analysis_explain import real_chance_of_heavy
from tailstat.analysis_goodhart import add_goodhart, run_goodhart_task
from tailstat.classification import CONFIDENT
from tailstat.errors import DataError
from tailstat.reporting._figures import OVERVIEW_MAX_GROUPS, PANEL_HELP, Figure, overview_task
from tailstat.reporting._groups import (
    flagged_names,
    goodhart_figure_task,
    group_contexts,
    submit_figures,
    summary_rows,
)
from tailstat.reporting._names import named, short_names
from tailstat.reporting._obtain import obtain_analysis
from tailstat.reporting._options import (
    REPORT_CONSTRAINTS,
    Progress,
    _figures_mode,
    _not_an_input,
    _progress_fn,
)
from tailstat.reporting._provenance import (
    _figure_data,
    _fitted_by_bayes,
    _Input,
    _versions,
    call_text,
)
from tailstat.reporting._text import true_minus
from tailstat.results import Result
from tailstat.saved import read_from

__all__ = ["WORKER_MODULES", "ReportOutcome", "build_report", "report"]

#: What the report's worker processes import as they start (the drawing code), while this
#: process goes on with the analysis.
WORKER_MODULES = ("tailstat.plot", "tailstat.reporting._svg", "tailstat.reporting._svg_write")

CITATIONS = (
    "Kwa, T., Thomas, D. & Garriga-Alonso, A. (2024). Catastrophic Goodhart: regularizing RLHF "
    "with KL divergence does not mitigate heavy-tailed reward misspecification. "
    "arXiv:2407.14503.",
    "Dekkers, A. L. M., Einmahl, J. H. J. & de Haan, L. (1989). A moment estimator for the "
    "index of an extreme-value distribution. Annals of Statistics 17, 1833–1855.",
    "Hill, B. M. (1975). A simple general approach to inference about the tail of a "
    "distribution. Annals of Statistics 3, 1163–1174.",
    "Pickands, J. (1975). Statistical inference using extreme order statistics. Annals of "
    "Statistics 3, 119–131.",
    "Girard, S. (2004). A Hill type estimator of the Weibull tail-coefficient. Communications "
    "in Statistics – Theory and Methods 33(2), 205–234.",
    "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical "
    "and powerful approach to multiple testing. Journal of the Royal Statistical Society B "
    "57, 289–300.",
    "Coles, S. (2001). An Introduction to Statistical Modeling of Extreme Values. Springer "
    "(mean excess, threshold stability, the GPD).",
    "Choulakian, V. & Stephens, M. A. (2001). Goodness-of-fit tests for the generalized Pareto "
    "distribution. Technometrics 43, 478–484.",
)


@dataclass(frozen=True, eq=False, repr=False)
class ReportOutcome(Result):
    """What :func:`build_report` made: the file, the analysis behind it, timing and size.

    Attributes
    ----------
    path : pathlib.Path
        The HTML file written (as given: a relative path stays relative).
    analysis : TailAnalysis
        The analysis the report shows: the one passed in (or read from a saved analysis),
        or the one made from the data; with the Goodhart summaries the report added and,
        when the figures were drawn from data re-read or given as ``data=``, the sketches
        made from them.
    seconds : float
        Wall-clock time of the whole report (reading, analysis, figures, writing).
    size : int
        Size of the file written, in bytes.
    warnings : tuple of str
        What the report says it left out or changed (shown open on the page under "About
        this report") and the warnings the groups met during the analysis, in the order
        met; empty when there was nothing to say.
    """

    path: Path
    analysis: TailAnalysis
    seconds: float
    size: int
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:  # the file and its size, not the analysis and every warning
        return (f"ReportOutcome(path={str(self.path)!r}, size={self.size}, "
                f"seconds={self.seconds:.3g}, warnings={len(self.warnings)})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: ``path`` as text, ``size``, ``seconds``, ``warnings`` and the analysis'
        own :meth:`TailAnalysis.to_dict`."""
        return {"result": "ReportOutcome", "path": str(self.path), "size": int(self.size),
                "seconds": float(self.seconds), "warnings": list(self.warnings),
                "analysis": self.analysis.to_dict()}

    def _scalar_items(self) -> dict[str, Any]:  # to_frame's row: the file as text
        return {"path": str(self.path), **super()._scalar_items(),
                "n_warnings": len(self.warnings)}


def build_report(analysis_or_data: Any, path: str | os.PathLike[str], *,
                 require_success: bool = False, **options: Any) -> ReportOutcome:
    """:func:`report`, also returning the analysis, the time taken and the file size.

    Parameters
    ----------
    analysis_or_data, path
        As for :func:`report`, but ``path`` may have any name (the command line writes a
        temporary file, then renames it to the ``-o`` it has checked): unlike :func:`report`,
        this does not refuse a name that does not end in ``.html``.
    require_success : bool
        Raise :class:`DataError`, writing nothing, when no group could be analysed.
    **options
        The keyword arguments of :func:`report` (same defaults, same checks).

    Returns
    -------
    ReportOutcome
    """
    defaults = {name: p.default for name, p in inspect.signature(report).parameters.items()
                if p.kind is inspect.Parameter.KEYWORD_ONLY}
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        raise TypeError(f"build_report() got unexpected keyword arguments {unknown}")
    v.check("require_success", require_success, [v.InstanceOf(bool, text="True or False")])
    for name, value in options.items():
        if name in REPORT_CONSTRAINTS:
            v.check(name, value, REPORT_CONSTRAINTS[name])
    return _build(analysis_or_data, path, require_success=require_success,
                  **{**defaults, **options})


def _build(analysis_or_data: Any, path: str | os.PathLike[str], *, title: str | None,
           column: Hashable | None, by: Hashable | Sequence[Hashable] | None,
           gold: Hashable | None, method: str,
           bayes: bool, seed: int | None, fdr: float, data: Any,
           progress: bool | Progress | None, dpi: int, max_points: int, figures: str,
           require_success: bool, goodhart: bool | None = None,
           html_name: bool = False) -> ReportOutcome:
    """validate (done by the callers) -> compute -> write; ``html_name``: refuse a ``path``
    not named ``*.html`` (the command line checks its -o itself, and builds a temporary
    file)."""
    t0 = time.perf_counter()
    asked = goodhart  # True: always; None: with the figures; False: never
    always, goodhart = goodhart is True, goodhart is not False
    say = _progress_fn(progress)
    # the target first: a path that cannot be written fails before the computation, and
    # creates no folder
    out = check_target(path)
    _not_an_input(out, analysis_or_data, data,
                  analysis_or_data.settings.get("path")
                  if isinstance(analysis_or_data, TailAnalysis) else None,
                  read_from(analysis_or_data))  # the saved analysis it was read from
    if html_name and Path(os.fspath(path)).suffix.lower() not in (".html", ".htm"):
        # as the command line refuses such an -o (a review: report(df, "r.txt") wrote HTML
        # there, and report(df, "scores.csv") would replace a table with a page)
        raise DataError(f"the report is an HTML file: give path a name ending in .html, got "
                        f"{os.fspath(path)!r}.")
    report_warnings: list[str] = []
    kw = {"column": column, "by": by, "gold": gold, "method": "bayes" if bayes else method,
          "fdr": fdr, "seed": seed}
    # the per-group work (Goodhart summaries, figures) runs in worker processes, started as
    # soon as the number of groups is known so that they warm up during the analysis; this
    # process's BLAS keeps to one thread meanwhile (its idle threads would take the workers'
    # cores: 0.7 s of CPU on a 20-group report; tailstat._blas)
    with one_blas_thread(), Workers(warm=WORKER_MODULES) as workers:
        start = workers.start if figures in ("auto", "all") else None
        early: dict[Any, Pending[Any]] = {}

        def on_group(task: tuple[Any, ...]) -> None:
            # a group just classified: its Goodhart summary (and figure) starts in a worker
            # at once while the other groups are classified here; unused without figures
            if goodhart and workers.pool is not None:
                early[task[0]] = workers.submit(goodhart_report_task, (task, dpi))

        analysis, table, info, groups = obtain_analysis(analysis_or_data, data, say,
                                                         report_warnings, start=start,
                                                         on_group=on_group, **kw)
        if len(analysis.table) == 0 or "group" not in analysis.table:
            raise DataError("nothing to report: the analysis has no groups (no rows were "
                            "analysed). Analyse data with at least one group of rewards.")
        if require_success and not analysis.classifications:
            raise DataError(no_group_classified(analysis.failures, 3))
        mode = _figures_mode(figures, analysis, report_warnings)
        if mode == "all":
            workers.start(len(analysis.classifications))
        else:
            workers.close()
        if mode == "all" and not analysis.sketches and analysis.classifications:
            # an analysis without sketches (saved without them, or made before they were
            # kept): ``table`` is the data given with it, or None
            analysis, info = _figure_data(analysis, table, info, report_warnings)
        elif groups is None and data is not None and not analysis.sketches:
            info.note = "; ".join(filter(None, [info.note, "data= was not needed: no figure "
                                                "per group is drawn"]))
        # queued behind the Goodhart summaries: the workers go from one to the other
        overview = (workers.submit(overview_task, (analysis.to_frame(),
                                                   len(analysis.classifications), dpi,
                                                   OVERVIEW_MAX_GROUPS))
                    if mode != "none" else None)
        pending = (submit_figures(analysis, workers, dpi=dpi, max_points=max_points)
                   if mode == "all" else None)
        versions = _versions(_fitted_by_bayes(analysis))  # while the workers draw
        # the Goodhart sections are per-group figures too: made only when those are drawn,
        # from the classifications just made (one analysis pass)
        g_figs: dict[Any, Any] = {}
        from_analysis = groups is None and (isinstance(analysis_or_data, TailAnalysis)
                                            or info.saved)
        if from_analysis and not goodhart and (analysis.goodhart or analysis.goodhart_failures):
            # asked for no sections: the analysis' summaries are not shown (a review: they
            # were, goodhart=False ignored)
            analysis = replace(analysis, goodhart={}, goodhart_failures={})
        if (goodhart and from_analysis and not analysis.settings.get("goodhart")
                and analysis.classifications):
            # made without goodhart=True: the sections need every row, which an analysis
            # does not keep (said, not silently left out)
            report_warnings.append(
                "the sections 'What optimisation would do' were not made: they need every "
                "row, and an analysis made with Dask keeps the top order statistics of each "
                "group (run without --dask for them)." if analysis.settings.get("engine")
                == "dask" else
                "the sections 'What optimisation would do' were not made: they need every "
                "row, and an analysis of TailSketches has the top order statistics of each "
                "group (give report the rewards themselves for them)."
                if "TailSketch" in str(analysis.settings.get("source") or "") else
                "the sections 'What optimisation would do' were not made: the analysis was "
                "made without goodhart=True (pass goodhart=True to analyze, or give report "
                "the data itself; on the command line, classify --goodhart --save-analysis, "
                "or tailstat report --goodhart on the data file).")
        if goodhart and groups is not None:
            if mode == "all":
                analysis = add_goodhart(analysis, groups, progress=say,
                                        mapper=partial(_started_first, early, workers.map,
                                                       figures=g_figs))
            elif always:  # asked for: as text, without their figures, as those of an
                # analysis made with goodhart=True (review 422: left out with --goodhart)
                analysis = add_goodhart(analysis, groups, progress=say)
            else:
                report_warnings.append("the sections 'What optimisation would do' are left "
                                       "out with the per-group figures; pass goodhart=True "
                                       "(CLI: --goodhart) to have them without figures, or "
                                       "figures='all' (CLI: --figures all) with them.")
        group_ctx = group_contexts(analysis, say, dpi=dpi, max_points=max_points,
                                   draw=mode == "all", workers=workers, pending=pending,
                                   goodhart_figures=g_figs)
        ctx_overview = overview.result() if overview is not None else None
    ctx = _page_context(analysis, info, group_ctx, report_warnings,
                        # no group analysed: no figure to draw (the data were there)
                        bool(analysis.sketches) or mode != "all"
                        or not analysis.classifications, title=title, fdr=fdr,
                        dpi=dpi, max_points=max_points, versions=versions, figures=figures,
                        from_analysis=from_analysis, goodhart=asked)
    ctx["figures_mode"] = mode
    ctx["overview"] = ctx_overview
    write_text(out, _render(ctx))  # atomic: a failed write leaves the old report as it was
    return ReportOutcome(path=out, analysis=analysis, seconds=time.perf_counter() - t0,
                         size=out.stat().st_size, warnings=tuple(report_warnings))


def _drawn_titles(group_ctx: list[dict[str, Any]]) -> set[str]:
    """The titles of the panels some group draws, the Goodhart figure's included (a review:
    its help was never shown, the figure held apart from the groups' panels)."""
    titles = {p["title"] for g in group_ctx for p in g["panels"]}
    if any((g.get("goodhart") or {}).get("figure") is not None for g in group_ctx):
        titles.add(PANEL_HELP["goodhart"][0])
    return titles


def goodhart_report_task(task: tuple[tuple[Any, ...], int]
                         ) -> tuple[dict[str, Any], Any, Figure | None]:
    """One group's Goodhart summary (:func:`run_goodhart_task`) and its figure, drawn at once
    in the same worker: ``task`` is the summary's task and the dpi (picklable)."""
    summary_task, dpi = task
    row, g = run_goodhart_task(summary_task)
    return row, g, (goodhart_figure_task((g, dpi)) if g is not None else None)


def _started_first(early: dict[Any, Pending[Any]], mapper: Any, fn: Callable[[Any], Any],
                   tasks: Sequence[Any], on_result: Callable[[int], None], *,
                   figures: dict[Any, Any] | None = None) -> list[Any]:
    """``mapper(fn, tasks, on_result)``, taking the results of tasks already started (keyed
    by their group, ``task[0]``) from ``early``: all of them, or none (then all mapped).

    With ``figures``, the early results are :func:`goodhart_report_task`'s: each group's
    Goodhart figure goes to ``figures`` (by group), and the result is the summary's.
    """
    if not tasks or any(t[0] not in early for t in tasks):
        return list(mapper(fn, tasks, on_result))
    out = []
    for i, t in enumerate(tasks):
        result = early[t[0]].result()
        if figures is not None:
            *result, figures[t[0]] = result
            result = tuple(result)
        out.append(result)
        on_result(i)
    return out


def _settings_rows(analysis: TailAnalysis, *, fdr: float, dpi: int, max_points: int
                   ) -> list[tuple[str, str]]:
    s = analysis.settings
    by_cols = s.get("by")
    first = next(iter(analysis.classifications.values()), None)
    sketched = "TailSketch" in str(s.get("source") or "")  # analysed from sketches
    n_groups = len(analysis.table)
    rows = [
        # (a column label may be 0: test for None, not for falsehood)
        ("reward column", page_name(str(s["column"])) if s.get("column") is not None else (
            "(the sketched values)" if sketched else "(the only numeric column)")),
        ("groups by", ", ".join(page_name(str(b)) for b in by_cols) if by_cols else (
            f"(one group per sketch: {n_groups})" if sketched and n_groups > 1
            else "(none: one sample)")),
        ("gold column", page_name(str(s["gold"])) if s.get("gold") is not None else "(none)"),
        ("method", s.get("method")),
        # (None is a fresh seed each run, which the command line cannot ask for: a review
        # found "None" here, and the call to run again without it, so seeded with 0)
        ("seed", s["seed"] if s.get("seed") is not None else (
            "none (a fresh seed each run; the command line always seeds, with 0 by default)"
            if "seed" in s else None)),
        ("false-discovery rate of the heavy flags", f"{100 * float(s.get('fdr', fdr)):g}%"),
    ]
    if first is not None:
        rows += [("k rule (classifier)", first.settings.get("k_rule")),
                 ("prior over labels", first.settings.get("prior"))]
    rows += [("figure scale", f"SVG at {dpi} px per inch, at most {max_points} points per "
                              "curve")]
    return [(a, str(b)) for a, b in rows]


def _paths_title(paths: Any) -> str:
    """The title's source for an analysis of Parquet paths (a Dask one): the path, or how
    many and the first (a Dask report was titled "Tail report" alone: a review)."""
    if not paths:
        return ""
    first = visible(Path(str(paths[0])).name or str(paths[0]))
    return f": {first}" if len(paths) == 1 else f": {len(paths)} paths ({first}, ...)"


def _page_context(analysis: TailAnalysis, info: _Input, group_ctx: list[dict[str, Any]],
                  report_warnings: list[str], has_data: bool, *, title: str | None,
                  fdr: float, dpi: int, max_points: int,
                  versions: list[tuple[str, str]] | None = None, figures: str = "auto",
                  from_analysis: bool = False, goodhart: bool | None = None
                  ) -> dict[str, Any]:
    s = analysis.settings
    # the command to run again says what was asked for: --goodhart (always), nothing (with
    # the figures) or --no-goodhart (the analysis' own setting says False where
    # figures="auto" left them out, beyond 50 groups)
    call_settings = s if from_analysis else {**s, "goodhart": goodhart}
    keys = [k for k in analysis.table["group"] if k in analysis.classifications]
    ids = {k: f"g{i + 1}" for i, k in enumerate(keys)}
    prefixes = {f"{str(k)!r}: ": k for k in analysis.table["group"]}
    group_prefixes = tuple(prefixes)
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    short = short_names(list(analysis.table["group"]))
    flagged = flagged_names(analysis.table, short)  # named, as are the heavy ones not flagged
    flagged_set = set(flagged)
    return {
        "heavy_unflagged": [short[k] for k in analysis.heavy_unflagged()],
        "heavy_flagged": flagged,
        # flagged without a confident heavy verdict: said, as the opposite case is (a review:
        # "Flagged: small" beside "Uncertain — leaning heavy (0.78)" without a word)
        "flagged_unsure": [name for k, name in short.items() if name in flagged_set
                           and k in analysis.classifications
                           and not (analysis.classifications[k].label == "heavy"
                                    and analysis.classifications[k].confident)],
        # neither flagged nor called heavy with confidence, but a chance of heavy: named, as
        # explain() names them (review 422: 16 such groups of 60 were in the table alone),
        # largest P(heavy) first
        "heavy_chance": [short[k] for k, c in sorted(
            analysis.classifications.items(), key=lambda kc: -kc[1].probabilities["heavy"])
            if short[k] not in flagged_set and ((c.label == "heavy" and not c.confident)
                                                or real_chance_of_heavy(c))],
        "confident_level": f"{CONFIDENT:g}",
        "title": (title or "").strip() or "Tail report" + (
            f": {visible(info.path.name)}" if info.path else _paths_title(s.get("paths"))),
        "generated": now.isoformat().replace("+00:00", " UTC"),
        "input": info,
        "n_groups": len(analysis.table),
        "n_ok": len(keys),
        "n_failed": len(analysis.failures),
        "n_heavy_flag": len(flagged),
        "fdr": s.get("fdr", fdr),
        # several groups, from a by= column or a dict of samples or sketches (a review: a
        # report from sketches left out the flags' summary and "heavy but not flagged")
        "grouped": bool(s.get("by")) or len(analysis.table) > 1,
        "has_gold": s.get("gold") is not None,
        "summary": summary_rows(analysis, ids,
                                {g["id"]: len(g["warnings"]) for g in group_ctx}),
        "groups": group_ctx,
        # only the panels some group's figure draws (a report without gold or a Bayesian
        # fit explained "Error: survival" and "Posterior of ξ" it never showed)
        "panel_help": [h for h in PANEL_HELP.values() if h[0] in _drawn_titles(group_ctx)],
        # what the report left out or changed, shown open; the groups' own warnings (each
        # also shown with its group) in the collapsed list
        "report_notes": [w for w in report_warnings if not w.startswith(group_prefixes)],
        "warnings": _group_warnings(report_warnings, prefixes, short),
        "settings": _settings_rows(analysis, fdr=fdr, dpi=dpi, max_points=max_points),
        "versions": versions if versions is not None else _versions(
            _fitted_by_bayes(analysis)),
        "call": call_text(info, call_settings, title, figures, from_analysis,
                          default_fdr=inspect.signature(report).parameters["fdr"].default),
        "citations": CITATIONS,
        "has_data": has_data,
        "method": s.get("method"),
    }


def _group_warnings(report_warnings: list[str], prefixes: dict[str, Hashable],
                    short: dict[Hashable, str]) -> list[Any]:
    """The warnings of the groups, each starting with its group's name (``prefixes``: the
    start of a group's warnings, to its key), as HTML that shows the name as its heading does
    (:func:`named`)."""
    out = []
    for w in report_warnings:
        at = w.find(": ")
        while at >= 0 and w[:at + 2] not in prefixes:  # (a name may hold ": " itself)
            at = w.find(": ", at + 1)
        if at >= 0:
            key = prefixes[w[:at + 2]]
            out.append(named(w, key, short[key]))
    return out


def _render(ctx: dict[str, Any]) -> str:
    return _template().render(**ctx)


@lru_cache(maxsize=1)
def _template() -> Any:
    """The page's template, compiled once per process (26-30 ms a report: a review); its
    environment's filters hold no state."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tailstat.reporting", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, finalize=on_page)
    env.filters["pct"] = lambda v: f"{100 * float(v):.1f}%"
    # a file name's line breaks and tabs, which on_page leaves, shown as escapes
    env.filters["visible"] = lambda v: visible(str(v))
    # library text only: never a user's string; a sentence made HTML by named() has its
    # minus signs already, and its names as written
    env.filters["minus"] = lambda v: v if hasattr(v, "__html__") else true_minus(v)
    return env.get_template("report.html.j2")


@v.validate_params(REPORT_CONSTRAINTS)
def report(
    analysis_or_data: Any,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    column: Hashable | None = None,
    by: Hashable | Sequence[Hashable] | None = None,
    gold: Hashable | None = None,
    method: Literal["fast", "bayes"] = "fast",
    bayes: bool = False,
    seed: int | None = 0,
    fdr: float = 0.05,
    data: Any = None,
    progress: bool | Progress | None = False,
    dpi: int = 96,
    max_points: int = 2000,
    figures: Literal["auto", "all", "summary", "none"] = "auto",
    goodhart: bool | None = None,
) -> Path:
    """Write a self-contained HTML report of the upper tails of a table's groups.

    One HTML file, no external resource of any kind (figures are inline SVG, the style is
    inline CSS, there is no script): it opens offline and can be mailed as is. It holds an
    at-a-glance table of all groups, per group a plain-words verdict, the evidence table,
    diagnostic figures and warnings, with gold scores the error's classification and its
    tail dependence with the gold score, and a reproducibility block (versions, seed,
    settings, the input file's SHA-256, time).

    Parameters
    ----------
    analysis_or_data : TailAnalysis, DataFrame, polars DataFrame, path, array-like or sketches
        A result of :func:`tailstat.analyze`, or data, which is then analysed with
        :func:`tailstat.analyze` (``column``, ``by``, ``gold``, ``method``, ``fdr``,
        ``seed``). A file is read once and its SHA-256 recorded. A
        :class:`tailstat.TailSketch` (or a dict of them, one group each) is analysed as
        :func:`tailstat.analyze` does; its report has every figure but no Goodhart sections
        (they need the rows).
    path : str or path-like
        The HTML file to write, its name ending in ``.html`` or ``.htm`` (parent folders are
        created). An existing file is replaced, atomically: it is left as it was when the
        report fails.
    title : str, optional
        Shown at the top (escaped like every user-provided string).
    column : str or int, optional
        As in :func:`tailstat.analyze`; not with a TailAnalysis, which records them (a
        DataError says so).
    by : str or int, or a list of them, optional
        As ``column``.
    gold : str or int, optional
        As ``column``.
    method : {"fast", "bayes"}
        Classification method, as in :func:`tailstat.analyze`. A TailAnalysis is reported
        as made: a ``method``, ``bayes``, ``seed`` or ``fdr`` other than the default that
        differs from the analysis' own is a DataError.
    bayes : bool
        Shorthand for ``method="bayes"``: Bayesian GPD fits (PyMC), whose posterior of ξ is
        drawn. Slow: several seconds per group.
    seed : int, optional
        Seed of every random step.
    fdr : float
        False-discovery rate of the heavy-tail flags (the Benjamini–Hochberg rule of
        :func:`tailstat.classification.heavy_flags`).
    data : DataFrame or path, optional
        With a TailAnalysis that carries no sketches (its ``sketches`` emptied): the data it
        was made from, read only for the diagnostic figures per group, and a DataError if its
        groups are not those analysed (their sizes and thresholds X(n - k)). When omitted,
        the file the analysis read is read instead if it is unchanged (its size and
        modification time as recorded, then its groups as above); a file that changed or
        is gone leaves those figures out and the report says why. An analysis made by
        :func:`tailstat.analyze` (and one saved with ``to_json``) carries the sketches its
        figures are drawn from: no data file is read, and ``data`` is not needed (the
        report says so when it is given).
    progress : bool or callable
        ``True`` prints one line per step to stderr; a callable receives each message.
    dpi, max_points : int
        Figure scale (pixels per inch of the SVG figures: 96 draws a panel 355 pixels wide)
        and the most points drawn per curve (they set the file size).
    figures : {"auto", "all", "summary", "none"}
        ``"all"``: the diagnostic figure of every group and the overview of the class
        probabilities; ``"summary"``: the overview only (each group keeps its verdict,
        evidence table -- GPD fit included, about 4 ms a group -- and warnings); ``"none"``:
        no figure. ``"auto"`` (default) is ``"all"`` up to 50 groups and ``"summary"``
        beyond, and the report says so: a thousand groups then take seconds and a few
        megabytes instead of minutes and about 115 MB (a group's figures add about 0.1 s
        and 115 kB: 20 groups of 3,000 rows with ``"all"`` made a file of 2.3 MB).
    goodhart : bool or None
        Analyse the data with ``analyze(..., goodhart=True)`` and give each group a section
        "What optimisation would do": the minimum-KL frontier and best-of-n curves (proxy and,
        with gold, true utility), where the sample stops and the tail model takes over, and a
        one-sentence verdict. ``None`` (default): with the per-group figures (up to 50 groups
        with ``figures="auto"``; beyond, left out, and said); ``True``: always, as text
        without their figures where the figures are left out; ``False``: never. A
        TailAnalysis passed in is shown with the Goodhart summaries it holds, or without them
        with ``goodhart=False``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    DataError
        Input that cannot be read or analysed (a missing or empty file, no numeric column, an
        unknown column...), or a ``path`` not ending in ``.html`` or ``.htm``. A group
        that fails is listed in the report with its reason.
    OutputError
        A ``path`` that cannot be written (an empty name, a folder, no permission): an
        :class:`OSError` too; the previous file, if any, is left as it was.

    Notes
    -----
    Warnings met during the analysis (ties, small samples, convergence) are shown in the
    report, next to the group they concern, instead of being issued.
    """
    return _build(analysis_or_data, path, title=title, column=column, by=by, gold=gold,
                  method=method, bayes=bayes, seed=seed, fdr=fdr, data=data, progress=progress,
                  dpi=dpi, max_points=max_points, figures=figures,
                  require_success=False, goodhart=goodhart, html_name=True).path


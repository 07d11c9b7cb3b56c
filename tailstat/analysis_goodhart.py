"""The Goodhart summaries of an analysis' groups: ``analyze(..., goodhart=True)``.

Each classified group's :func:`tailstat.goodhart.goodhart_summary` (what optimising its reward
with best-of-n or a KL penalty would do), reusing the group's classification for the tail
model, as tasks that worker processes can run (:func:`goodhart_task`,
:func:`run_goodhart_task`), and the compact numbers the table, the command line and
``to_dict`` show (:func:`goodhart_numbers`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tailstat._table_rows import rows_frame
from tailstat._workers import Workers
from tailstat.classification import TailClassification
from tailstat.data.groups import Groups
from tailstat.data.intake import Sample
from tailstat.errors import DataError
from tailstat.goodhart import (
    GoodhartSummary,
    fit_tail_model,
    goodhart_summary,
    with_gold_comparison,
)
from tailstat.goodhart.bon import REACH, policy_kl
from tailstat.goodhart.tail import auto_threshold_possible

if TYPE_CHECKING:  # pragma: no cover
    from tailstat.analysis import TailAnalysis

__all__ = ["BON_N", "add_goodhart", "goodhart_numbers", "goodhart_task", "run_goodhart_task"]


#: Best-of-n size of the compact Goodhart columns.
BON_N = 1024
#: Fewest rows with a gold score for a group's summary to compare the proxy with gold
#: (with fewer, the summary is of the reward alone): the comparison is best-of-n within the
#: sample's reach, n <= N/10, and best-of-10 is the least that is any optimisation (with 19
#: gold rows it was "best-of-1 changes true utility by +0.00 sd").
MIN_GOLD_ROWS = 100


def _fallback_tail_model(u: np.ndarray, name: str, c: TailClassification | None,
                        failed: str | None = None) -> Any:
    """The fallback tail model of a sample too small for the automatic threshold (fewer than 62
    values), or on which it failed (``failed``: why; tied scores, a review: rounded scores
    of 62 rows had no Goodhart summary at all): above the "fast" threshold (the top 10
    values), or, failing that, the sample alone; either says so in its warnings and
    settings."""
    few = (f"{name!r} has {u.size} values, too few for the automatic threshold (its "
           "candidates must each leave 30 values above them)" if failed is None else
           f"the automatic threshold failed on {name!r} ({failed.rstrip('.')})")
    try:
        model = fit_tail_model(u, threshold="fast", name=name, classification=c)
        if model.settings.get("saturated") and model.empirical:  # read alone: said by it
            return model
        note = (f"{few}: the tail model is fitted to the top {model.n_exceed} values only, "
                "so its numbers are rough.")
        why = "too few values: fast threshold" if failed is None else "fast threshold"
    except DataError:
        model = fit_tail_model(u, tail="empirical", name=name)
        note = (f"{few}, and no tail model could be fitted: the summary reads the sample "
                "alone and cannot look past its maximum.")
        why = "too few values" if failed is None else "no tail model"
    return replace(model, settings={**model.settings, "why": why},
                   warnings=(note, *model.warnings))


def goodhart_numbers(g: GoodhartSummary) -> dict[str, Any]:
    """The compact, JSON-safe Goodhart numbers of one group (table columns, CLI, ``to_dict``).

    Parameters
    ----------
    g : GoodhartSummary

    Returns
    -------
    dict
        ``verdict``, ``label``, ``p_heavy``, ``kl_3sd`` and ``kl_3sd_kind`` (see
        :meth:`TailAnalysis.to_frame`),
        ``verdict_sd``, ``bon_n``, ``bon_u``, ``bon_u_extrapolated`` (whether ``bon_u`` lies
        past the sample's reach, ``n > N/10``, or less under a power-law tail: the tail
        model's value, or the sample's own, a floor, or the ceiling of saturated scores;
        True there also when the group is read from the sample alone), ``bon_v`` (``None``
        without gold, when ``BON_N`` is not in the table, or when fewer than ``BON_N *
        REACH`` (10,240) rows have a gold score: best-of-n within their reach, ``n <= rows /
        10``, as every plug-in here; best-of-1024 of 200 rows picks the top one 99% of the
        time; with gold on some rows, that of those rows),
        ``bon_kl``, ``tilt_exists`` and ``tilt_settled`` (:attr:`KLTilt.settled`),
        ``provisional`` (the
        verdict may turn with more data: :attr:`GoodhartSummary.provisional`),
        ``sample_stops`` and ``gold`` (the best-of-n gold comparison, or ``None``).
    """
    from tailstat.results import jsonable

    bon = g.best_of_n
    # the rows the gold numbers rest on: some (with_gold_comparison says how many) or all
    gold_rows = int(g.settings.get("gold_rows", g.tail.n if g.gold is not None else 0))
    where = np.flatnonzero(bon["n"].to_numpy() == BON_N)
    at = bon.iloc[int(where[0])] if where.size else None
    out = {"verdict": g.verdict, "label": g.label, "p_heavy": g.p_heavy,
           "verdict_sd": g.verdict_sd, "kl_3sd": g.verdict_kl,
           "kl_3sd_kind": g.verdict_kl_kind, "bon_n": BON_N,
           "bon_u": float(at["u"]) if at is not None else None,
           # past the sample's reach (n > N/10): the tail model's, or the sample's floor (a
           # review: 300 normal rows' 2.71 beside a true 3.25, read as a measurement)
           "bon_u_extrapolated": _past_reach(bon, at) if at is not None else None,
           # within the gold rows' reach only (n <= rows / 10, the rule of every plug-in
           # here): at 1500 rows best-of-1024 was the gold score of the top ~10 rows
           "bon_v": None if gold_rows < BON_N * REACH else (
               float(at["v"]) if at is not None and "v" in bon and math.isfinite(float(at["v"]))
               else g.settings.get("gold_best_of_n_v", {}).get(BON_N)),
           # the KL the report quotes: the sample's own law for ties and saturated scores
           # (a review: binary rewards' 5.93 nats beside the report's 1.81)
           "bon_kl": (float(policy_kl(bon, g.tail)[int(where[0])]) if at is not None
                      else None),
           "tilt_exists": bool(g.tilt.exists), "tilt_settled": bool(g.tilt.settled),
           "provisional": g.provisional,
           "sample_stops": g.sample_stops, "gold": g.gold}
    return jsonable(out)  # type: ignore[no-any-return]


def _past_reach(bon: pd.DataFrame, at: pd.Series) -> bool:
    """Whether best-of-``BON_N`` lies past the sample's reach (``n > N/10``, or less under a
    power-law tail: :func:`tailstat.goodhart.bon.reach_of`), whatever stands there: the tail
    model's value, or, read from the sample alone (no tail model, saturated scores), the
    sample's own, whose ``extrapolated`` is False (nothing is extrapolated) although it is
    past the reach too (a review: 58 rows' maximum was shown as best-of-1024 without ``*``).
    """
    reach = bon.attrs.get("reach_n")  # (best_of_n's; kept by saved analyses too)
    return bool(at["extrapolated"]) or (reach is not None and float(at["n"]) > float(reach))


def add_goodhart(analysis: TailAnalysis, groups: Groups, *,
                 progress: Callable[[str], None] | None = None,
                 mapper: Mapper | None = None) -> TailAnalysis:
    """The analysis with each group's Goodhart summary (``analyze(..., goodhart=True)``).

    Each summary reuses the group's classification (nothing is classified again); the
    table gets the ``goodhart_*`` columns (before ``heavy_flag``, as :func:`analyze` makes
    them).

    Parameters
    ----------
    analysis : TailAnalysis
        Made from ``groups`` (:func:`analyze_groups`). One that already holds the Goodhart
        summaries is returned as it is.
    groups : tailstat.data.Groups
        The validated groups the analysis was made from (the summaries need the values).
    progress : callable, optional
        Called with one line per group.
    mapper : callable, optional
        ``mapper(fn, tasks, on_result)`` returns ``[fn(t) for t in tasks]`` in order, calling
        ``on_result(i)`` as result ``i`` is ready: e.g. the report's worker processes. By
        default the groups are summarised in two worker processes (:class:`tailstat._workers.
        Workers`: from 4 groups, on two cores or more, where ``fork`` exists and
        ``TAILSTAT_THREADS`` is not 1), else here; the summaries are the same either way.

    Returns
    -------
    TailAnalysis
        A new analysis; ``settings["goodhart"]`` is True.
    """
    if analysis.settings.get("goodhart"):
        return analysis
    keys = list(analysis.table["group"]) if len(analysis.table) else []
    tasks = [goodhart_task(groups, key, analysis.classifications.get(key),
                           analysis.failures.get(key), analysis.error_classifications.get(key))
             for key in keys]

    def say(i: int) -> None:
        if progress is not None:
            progress(f"[{i + 1}/{len(keys)}] Goodhart summary of {keys[i]!s}")

    if mapper is None:
        with Workers() as workers:
            workers.start(len(tasks))
            results = workers.map(run_goodhart_task, tasks, say)
    else:
        results = mapper(run_goodhart_task, tasks, say)
    summaries = {key: g for key, (_, g) in zip(keys, results, strict=True) if g is not None}
    failures = {key: row["goodhart_error"] for key, (row, g) in zip(keys, results, strict=True)
                if g is None}
    table = analysis.table
    if results:
        gh = rows_frame([row for row, _ in results], index=table.index)
        for col in ("goodhart_kl_3sd", f"goodhart_bon_u_{BON_N}", f"goodhart_bon_v_{BON_N}"):
            if col in gh:  # numbers, missing as NaN: a column of none held None (object), its
                gh[col] = pd.to_numeric(gh[col]).astype(float)  # dtype by the data (a review)
        table = pd.concat([table.drop(columns="heavy_flag"), gh], axis=1)
        table["heavy_flag"] = analysis.table["heavy_flag"]
    settings = {k: (True if k == "goodhart" else v) for k, v in analysis.settings.items()}
    return replace(analysis, table=table, goodhart=summaries, goodhart_failures=failures,
                   settings=settings)


#: ``mapper(fn, tasks, on_result) -> [fn(t) for t in tasks]`` (see :func:`add_goodhart`).
Mapper = Callable[[Callable[[Any], Any], Sequence[Any], Callable[[int], None]], list[Any]]


def goodhart_task(groups: Groups, key: Hashable, c: TailClassification | None,
                  failure: str | None, error: TailClassification | None = None
                  ) -> tuple[Any, ...]:
    """One group's :func:`run_goodhart_task` task (``c`` None: it failed, why: ``failure``;
    ``error``: the classification of its error reward − gold, when made)."""
    return (key, groups.samples[key],
            {key: groups.gold[key]} if groups.gold is not None else None, c,
            failure if failure is not None else "the group could not be classified", error)


def run_goodhart_task(task: tuple[Any, ...]) -> tuple[dict[str, Any], GoodhartSummary | None]:
    """:func:`_goodhart_group` of one task of :func:`add_goodhart` (picklable).

    An unexpected error (a bug, a numerical failure such as a FloatingPointError) keeps its
    type and names the group in its message: ``Goodhart summary of group 'a': ...`` (a
    review: the command line said "numerical failure ... rescale the rewards" of no group).
    """
    try:
        return _goodhart_group(*task)
    except Exception as exc:
        named = _naming_group(exc, _group_name(task[0]))
        if named is None:  # a type that cannot be made again with a message: a note
            exc.add_note(f"(in the Goodhart summary of group {_group_name(task[0])!r})")
            raise
        raise named from exc


def _group_name(key: Hashable) -> str:
    """A group's name as the summaries and their messages show it (``a / b`` for a tuple)."""
    return str(key) if not isinstance(key, tuple) else " / ".join(map(str, key))


def _naming_group(exc: Exception, name: str) -> Exception | None:
    """``exc`` made again, of its own type, with the group named first in its message; None
    when its type cannot be made from a message alone, or would not show it (KeyError)."""
    msg = f"Goodhart summary of group {name!r}: {exc}"
    try:
        named = type(exc)(msg)
    except Exception:
        return None
    return named if str(named) == msg else None


def _goodhart_group(key: Hashable, item: Sample | DataError,
                    gold: dict[Hashable, tuple[np.ndarray, np.ndarray]] | None,
                    c: TailClassification | None, why: str,
                    error: TailClassification | None = None
                    ) -> tuple[dict[str, Any], GoodhartSummary | None]:
    """One group's Goodhart columns and summary (``None`` when it could not be made).

    The tail model reuses the group's classification ``c``; with gold scores the summary is
    made from the paired (proxy, gold) rows, and when those are only some of the group's rows
    the reward side (frontier, best-of-n, tilt, the verdict's cost) comes from all of them and
    the gold comparison from the paired rows (:func:`tailstat.goodhart.with_gold_comparison`):
    the verdict then agrees with the group's classification.
    ``why``: the reason the group has no classification (when ``c`` is None); ``error``: the
    classification of the paired rows' error reward − gold (made by the summary when None).
    """
    if isinstance(item, DataError) or c is None:
        return {"goodhart_error": f"no classification: {why}"}, None
    u, v = (item.values, None) if gold is None else gold[key]
    name = _group_name(key)
    no_gold = None
    if v is not None and u.size >= MIN_GOLD_ROWS and np.ptp(v) == 0:
        no_gold = (f"the gold scores of {name!r} are all equal ({v[0]:g}): they carry no "
                   "information to compare the proxy with; this is the summary of the reward "
                   "alone, over all its rows.")
        u, v = item.values, None
    elif gold is not None and u.size < MIN_GOLD_ROWS:
        # too few rows with a gold score to compare with: the reward alone, said so
        no_gold = (f"{name!r} has {u.size} row(s) with a gold score, too few to compare the "
                   f"proxy with (at least {MIN_GOLD_ROWS}): this is the summary of the reward "
                   "alone, over all its rows.")
        u, v = item.values, None
    def model_of(values: np.ndarray, own: TailClassification | None) -> Any:
        if not auto_threshold_possible(values.size):
            return _fallback_tail_model(values, name, own)
        try:
            return fit_tail_model(values, name=name, classification=own)
        except DataError as exc:  # (ties: too few values above a candidate threshold)
            return _fallback_tail_model(values, name, own, failed=str(exc))

    try:
        # the analysis has checked the gold scores' scale and warned once for all groups
        # (warn=False; a warnings filter would be process-wide, silencing other threads)
        gold_v = None if v is None else pd.Series(v, name=f"gold of {name}")
        if v is not None and u.size < item.n:
            # gold on some rows only: the reward side from all of them (the group's own
            # classification and tail), the gold comparison from the rows with gold
            reward = goodhart_summary(item.values, tail=model_of(item.values, c), name=name)
            paired = goodhart_summary(u, gold_v, tail=model_of(u, None), name=name,
                                      error=error, warn=False)
            g = with_gold_comparison(reward, paired, note=(
                f"The gold comparison of {name!r} rests on the {u.size:,} of its "
                f"{item.n:,} rows that have a gold score; the rest of this summary on all "
                "of them."))
        else:
            g = goodhart_summary(u, gold_v, tail=model_of(u, c if u.size == item.n else None),
                                 name=name, error=error if v is not None else None, warn=False)
    except DataError as exc:
        return {"goodhart_error": str(exc)}, None
    if no_gold is not None:
        g = replace(g, settings={**g.settings, "gold_note": no_gold},
                    warnings=(no_gold, *g.warnings))
    num = goodhart_numbers(g)
    return {"goodhart_verdict": g.verdict, "goodhart_kl_3sd": g.verdict_kl,
            "goodhart_kl_3sd_kind": g.verdict_kl_kind,
            f"goodhart_bon_u_{BON_N}": num["bon_u"],
            f"goodhart_bon_u_{BON_N}_extrapolated": num["bon_u_extrapolated"],
            f"goodhart_bon_v_{BON_N}": num["bon_v"],
            "goodhart_tilt_exists": bool(g.tilt.exists),
            "goodhart_tilt_settled": bool(g.tilt.settled), "goodhart_provisional": g.provisional,
            "goodhart_error": None}, g

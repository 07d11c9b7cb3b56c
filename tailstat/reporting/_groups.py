"""The per-group parts of the HTML report: each group's context and its row at a glance.

Pure assembly of what the template shows for one group (verdict texts, evidence table,
warnings, figures, the Goodhart section, the gold block); :mod:`tailstat.reporting._build`
assembles the page and writes it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

import numpy as np

from tailstat._display import level_percent
from tailstat._workers import Pending, Workers
from tailstat.analysis import TailAnalysis
from tailstat.classification import SPREAD_TIES, TailClassification
from tailstat.dependence import MIN_CHI_EXCEED, chi_interval
from tailstat.goodhart.gold import error_chi
from tailstat.reporting import _text as T
from tailstat.reporting._compute import (
    APPROXIMATE_NULL,
    GroupNumbers,
    compute_group,
    evidence_numbers,
)
from tailstat.reporting._figures import PANEL_HELP, Figure, goodhart_figure, group_figure
from tailstat.reporting._names import named, short_names, table_names
from tailstat.reporting.notes import gold_reading, other_scale

__all__ = ["flagged_names", "goodhart_figure_task", "group_contexts", "submit_figures",
           "summary_rows"]

Progress = Callable[[str], None]


#: The levels of χ(u) the report's table shows (the nearest measured ones).
CHI_TABLE_LEVELS = (0.8, 0.9, 0.95, 0.975, 0.99, 0.995)


def flagged_names(table: Any, shown: dict[Hashable, str] | None = None) -> list[str]:
    """The names of the groups flagged heavy, the smallest p-value first (the page said "14
    of 5000 groups flagged" and which ones only in the table of 5,000 rows: a review)."""
    if not len(table):
        return []
    flags = table["heavy_flag"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    rows = table.loc[flags].sort_values("heavy_pvalue", kind="stable")
    if shown is None:  # as the table shows them (a review: a name of 2,500 characters
        shown = short_names(list(table["group"]))  # filled the paragraph)
    return [shown[k] for k in rows["group"]]


def _chi_below(dep: Any) -> dict[str, float] | None:
    """The level (with enough errors above it) whose χ interval lies furthest below
    independence, if any lies below it, the intervals widened for the number of levels
    looked at (Bonferroni: each at ``1 - (1 - level) / m``). A review: with the pointwise
    95% intervals of 40 levels, exactly independent errors were said to "avoid the highest
    gold scores" in 14.5% of 200 samples."""
    if dep is None or dep.table.empty:
        return None
    t = dep.table.loc[dep.table["n_exceed"] >= MIN_CHI_EXCEED]
    if t.empty:
        return None
    n = t["n_exceed"].to_numpy(float)
    high = chi_interval(t["chi"].to_numpy(float) * n, n, 1 - (1 - float(dep.level)) / len(t))[1]
    gap = t["independence"].to_numpy(float) - np.asarray(high)
    if not (gap > 0).any():
        return None
    r = t.iloc[int(np.argmax(gap))]
    return {"u": float(r["u"]), "chi": float(r["chi"]), "independence": float(r["independence"])}


def _chi_row(dep: Any, level: float = 0.99) -> dict[str, float] | None:
    if dep is None or dep.table.empty:
        return None
    r = dep.row(level)
    return {"u": float(r["u"]), "chi": float(r["chi"]), "ci_low": float(r["ci_low"]),
            "ci_high": float(r["ci_high"]), "n_exceed": int(r["n_exceed"]),
            "chi_max": float(r.get("chi_max", 1.0)),  # (not in analyses saved before it)
            "independence": float(r["independence"])}


def _unit(c: TailClassification, gpd: Any) -> float | None:
    """The tail's scale in reward units, to which its thresholds are written (``T.sig``): the
    GPD's σ, else the spread of the classifier's thresholds."""
    if gpd is not None and math.isfinite(float(gpd.sigma)) and float(gpd.sigma) > 0:
        return float(gpd.sigma)
    at = [float(e.threshold) for key, e in c.evidence.items()  # centred: all but Bayes's
          if key != "bayes" and hasattr(e, "threshold")]
    spread = max(at) - min(at) if at else math.nan
    return spread if math.isfinite(spread) and spread > 0 else None


def _centre_note(c: TailClassification, unit: float | None) -> str:
    """How the classifier's rows read the scores: less their centre (a review: a moment row
    differed from ``tailstat.moment(x, k)`` at the same threshold with no word of why); on a
    grid, with their ties spread, which no call on the raw scores reproduces. Saturated
    scores first: the rows read their atom (a review: "Moment ξ = −31.88 [−57.14, −6.62]" of
    clipped scores, beside the table at a glance's "–", without a word)."""
    sat = ("The scores are saturated (repeated at their maximum): the estimators of this "
           "table read that atom among the k largest, so their ξ and θ are no estimates of a "
           "tail's shape (the classifier's ξ is not estimated). "
           if c.pattern == "saturated" else "")
    return sat + _centred_words(c, unit)


def _centred_words(c: TailClassification, unit: float | None) -> str:
    """:func:`_centre_note`'s words on the centre."""
    centre = float(c.settings.get("centre") or 0.0)
    if centre == 0.0 or not any(k in c.evidence for k in ("moment", "pickands")):
        return ""
    depth = int(c.settings.get("centre_depth") or 0)
    head = (f"The classifier's rows (moment, Pickands, Weibull-tail) read the scores less "
            f"their centre, X(n − {depth:,}) = {T.sig(centre, scale=unit)}, so that a shift "
            "of the scores moves none of them")
    if any(SPREAD_TIES in w for w in c.warnings):
        return (f"{head}, and with each run of tied scores spread over its step (the scores "
                "lie on a grid), so the raw scores' estimators differ from them.")
    shift = f"x + {-centre!r}" if centre < 0 else f"x - {centre!r}"
    row = c.evidence.get("moment")
    if row is None or not getattr(row, "k", None):  # (no moment row: no call to give)
        return f"{head}."
    # the row's own k, not "k=..." (a review: a call to complete by hand)
    return (f"{head}: tailstat.moment({shift}, k={row.k}) gives the moment row at "
            f"k = {row.k:,}.")


def _evidence_rows(c: TailClassification, gpd: Any) -> list[dict[str, str]]:
    """One row per estimator: name, parameter, estimate, interval, k, threshold (data units)."""
    med = float(c.settings.get("centre") or 0.0)
    unit = _unit(c, gpd)
    names = {
        "moment": ("Moment (Dekkers–Einmahl–de Haan)", "ξ"),
        "moment_deep": ("Moment, lower threshold", "ξ"),
        "moment_high": ("Moment, higher threshold", "ξ"),
        "pickands": ("Pickands (uses the 4k largest)", "ξ"),
        "weibull_tail": ("Weibull-tail coefficient (Girard)", "θ"),
    }
    rows = []
    for key, (label, par) in names.items():
        e = c.evidence.get(key)
        if e is None:
            continue
        rows.append({"name": label, "parameter": par,
                     "estimate": T.estimate(e.estimate, e.ci.low, e.ci.high),
                     "interval": T.ci(e.ci.low, e.ci.high),
                     "interval_method": f"{level_percent(e.ci.level)} {e.ci.method}",
                     "k": str(e.k),
                     "threshold": T.sig(e.threshold + med, scale=unit)})
    b = c.evidence.get("bayes")
    if b is not None:
        rows.append({"name": "Bayesian GPD (PyMC)", "parameter": "ξ",
                     "estimate": T.estimate(b.xi_mean, b.xi_ci.low, b.xi_ci.high),
                     "interval": T.ci(b.xi_ci.low, b.xi_ci.high),
                     "interval_method": f"{level_percent(b.xi_ci.level)} {b.xi_ci.method}",
                     "k": str(b.n_exceed), "threshold": T.sig(b.threshold, scale=unit)})
    if gpd is not None:
        iv = gpd.ci
        rows.append({"name": "GPD maximum likelihood", "parameter": "ξ",
                     "estimate": T.estimate(gpd.xi, *((iv.low, iv.high) if iv is not None
                                                              else (None, None))),
                     "interval": T.ci(iv.low, iv.high) if iv is not None else "–",
                     "interval_method": (f"{level_percent(iv.level)} {iv.method}"
                                         if iv is not None else ""),
                     "k": str(gpd.n_exceed), "threshold": T.sig(gpd.threshold, scale=unit)})
    return rows


def _interval_note(rows: list[dict[str, str]]) -> str:
    """How the Evidence table's intervals were made, as visible text (it was only in each
    cell's ``title`` tooltip, which keyboard and touch users cannot open): the most common
    method for every row, the others named by their rows, e.g. ``95% asymptotic normal,
    except GPD maximum likelihood: 95% profile likelihood``."""
    by: dict[str, list[str]] = {}
    for r in rows:
        if r["interval_method"]:  # ("95% not estimated": no interval, review 432)
            how = "none (not estimated)" if r["interval_method"].endswith(
                " not estimated") else r["interval_method"]
            by.setdefault(how, []).append(r["name"])
    if not by:
        return ""
    common = max(by, key=lambda m: len(by[m]))  # the first of the most common on a tie
    rest = [f"{', '.join(names)}: {m}" for m, names in by.items() if m != common]
    return common + (f", except {'; '.join(rest)}" if rest else "")


def _figure_summary(c: TailClassification, gpd: Any, panels: set[str], err: Any,
                    chi: dict[str, float] | None) -> str:
    """A sentence of the numbers the group's diagnostic figure draws, as the page shows them
    (for its alt text: the panels' titles alone said nothing of what they show)."""
    out = [f"{T.short_label(c)} (P({c.label}) = "
           f"{T.prob(c.probabilities[c.label], c.confident)})"]
    if gpd is not None and panels & {"survival", "qq_gpd"}:
        iv = gpd.ci
        out.append(f"GPD fit above u = {T.sig(gpd.threshold, scale=gpd.sigma)} "
                   f"(k = {gpd.n_exceed}): "
                   + (f"ξ = {T.estimate(gpd.xi, iv.low, iv.high)} {T.ci(iv.low, iv.high)}"
                      if iv is not None else f"ξ = {T.fmt(gpd.xi)}"))
    if panels & {"xi_path", "theta_path", "qq_exp"} and (
            gpd is None or int(gpd.n_exceed) != int(c.k)):
        out.append(f"the classifier's k = {c.k}")
    w = c.evidence.get("weibull_tail")
    if "theta_path" in panels and w is not None:
        out.append(f"θ = {T.fmt(w.estimate)}")
    if err is not None and "error_probabilities" in panels:
        out.append(f"error: {T.short_label(err).lower()} "
                   f"(P = {T.prob(err.probability, err.confident)})")
    if chi is not None and "dependence" in panels:
        out.append(f"χ({chi['u']:.3g}) = {T.fmt(chi['chi'], 3)}")
    return "; ".join(out) + "."


def _gpd_notes(gpd: Any) -> list[str]:
    if gpd is None:
        return []
    out = [f"GPD scale σ = {T.sig(gpd.sigma)} reward units above u = "
           f"{T.sig(gpd.threshold, scale=gpd.sigma)}."]
    lr = gpd.lr_test_xi0
    if lr is not None:
        out.append(f"Likelihood-ratio test of ξ = 0 (an exponential-type tail): "
                   f"{T.pvalue(lr.p_value)}.")
    g = gpd.gof_test
    if g is not None and not math.isfinite(g.ad_p_value):
        out.append("Goodness of fit of the GPD (Anderson–Darling): undefined here (the "
                   "statistic is not finite: some exceedance lies at or beyond the fitted "
                   "tail's end), so the fit is not confirmed.")
    elif g is not None:
        rough = any(APPROXIMATE_NULL in w for w in getattr(g, "warnings", ()) or ())
        out.append(f"Goodness of fit of the GPD (Anderson–Darling): "
                   f"{T.pvalue(g.ad_p_value)}"
                   + (" (approximate: at this ξ the test's asymptotic law is taken at the edge "
                      "of its range, −1/2 or 1/2)" if rough else "")
                   + (" — the GPD does not describe these exceedances well."
                      if g.ad_p_value < 0.05 else " — no evidence against the GPD."))
    return out


def _figures_task(task: tuple[Any, ...]) -> tuple[GroupNumbers, Figure]:
    """One group's figure numbers and figure (a picklable task for the worker processes).

    ``task``: the group's sketch, classification, error sketch, error classification, tail
    dependence, dpi and max_points. The numbers come back without the arrays the figure was
    drawn from (the page needs only the GPD fit and the notes).
    """
    sketch, c, err_sketch, err, dep, dpi, max_points = task
    numbers = compute_group(sketch, c, err_sketch, err, dep)
    fig = group_figure(c, numbers, error_c=err, dependence=dep,
                       bayes_fit=c.evidence.get("bayes"), dpi=dpi, max_points=max_points)
    slim = replace(numbers, tail=None, paths={}, theta_path=None, mean_excess=None,
                   stability=None, error_tail=None, chi=None)
    return slim, fig


def goodhart_figure_task(task: tuple[Any, int]) -> Figure:
    """:func:`goodhart_figure` of ``(summary, dpi)`` (a picklable task)."""
    summary, dpi = task
    return goodhart_figure(summary, dpi=dpi)


def submit_figures(analysis: TailAnalysis, workers: Workers, *, dpi: int,
                   max_points: int) -> dict[Hashable, Pending[tuple[GroupNumbers, Figure]]]:
    """Queue the figure of each classified group in ``workers`` (drawn here, when its result
    is asked for, if the workers are not started)."""
    return {key: workers.submit(_figures_task, (
                analysis.sketches.get(key), analysis.classifications[key],
                analysis.error_sketches.get(key), analysis.error_classifications.get(key),
                analysis.dependence.get(key), dpi, max_points))
            for key in analysis.table["group"] if key in analysis.classifications}


def _group_context(i: int, key: Hashable, row: dict[str, Any], c: TailClassification,
                   analysis: TailAnalysis, drawn: tuple[Any, ...] | None,
                   g_fig: Figure | None, short_name: str) -> dict[str, Any]:
    """The template context of one group; ``drawn``: its :func:`_figures_task` result and
    ``g_fig`` its Goodhart figure (None when the figures are not drawn); ``short_name``:
    its name as the table shows it (:func:`short_names`)."""

    def say(text: Any, minus: bool = False) -> Any:
        # a sentence that may name the group: the name as the heading writes it (:func:`named`)
        return named(text, key, short_name, minus=minus)

    sketch = analysis.sketches.get(key)
    err = analysis.error_classifications.get(key)
    dep = analysis.dependence.get(key)
    numbers, fig = drawn if drawn is not None else (evidence_numbers(sketch, c), None)
    has_data = sketch is not None
    warn: list[str] = []

    def add(msg: str) -> None:
        # one tie warning is enough: every estimator repeats it at its own k
        repeat = "order statistics" in msg and "tied" in msg
        if msg in warn or (repeat and any("tied" in w for w in warn)):
            return
        warn.append(msg)

    for w in c.warnings:
        add(w)
    for e in c.evidence.values():
        for w in getattr(e, "warnings", ()) or ():
            add(w)
    for w in numbers.warnings:
        add(w)
    if sketch is not None and sketch.n_nan_dropped and not any(
            "missing value" in w for w in warn):  # an estimator's note says it already
        warn.append(f"{sketch.n_nan_dropped} missing value(s) were dropped.")
    if c.k < 50:
        warn.append(f"Only {c.k} scores lie above the threshold: every tail estimate is rough.")
    # a heavy error the Goodhart summary reads as the reward stretching true utility, or as
    # no catastrophic case for another reason (at the bottom of the reward, gold heavy)
    off, moving, why_not = gold_reading(analysis, key, row)
    # without a Goodhart summary only χ is read: a heavy error whose extremes come with gold's
    # may be either case (as explain() says)
    with_gold = error_chi(dep) if key not in analysis.goodhart else None
    note = row.get("gold_note") if isinstance(row.get("gold_note"), str) else None
    if note:
        note = note[0].upper() + note[1:]
        if off or err is None:  # it undoes, or stands in for, the error's verdict: said at
            warn.append(note)  # the top too (a review: a failed error was said only below)
    gold_ctx = None
    if err is not None or dep is not None or note is not None:
        chi = _chi_row(dep)
        dep_rows = []
        if dep is not None:
            # a few levels in the table (the analysis keeps all of them)
            us = dep.table["u"].to_numpy(float)
            keep = sorted({int(np.argmin(np.abs(us - level))) for level in CHI_TABLE_LEVELS})
            for r in dep.table.iloc[keep].itertuples():
                dep_rows.append({"u": f"{r.u:g}", "chi": T.fmt(r.chi, 3),
                                 "interval": T.ci(r.ci_low, r.ci_high, 3),
                                 "independence": T.fmt(r.independence, 3),
                                 "n_exceed": str(r.n_exceed)})
        gold_ctx = {
            "label": err.label if err is not None else None,
            # gold on another scale: the error's label is a reading, not a verdict (as in
            # the glance table's dashed "light? gold on another scale")
            "confident": err.confident and not off if err is not None else True,
            "headline": (None if err is None else
                         f"{err.label}? gold on another scale" if off else T.headline(err)),
            "text": T.dependence_text(err, chi, _chi_below(dep), other_scale=off,
                                      moves_with_gold=moving, maybe_with_gold=with_gold,
                                      not_catastrophic=why_not),
            "rows": dep_rows,
            "levels_measured": len(dep.table) if dep is not None else 0,
            "ci_level": f"{100 * dep.level:g}%" if dep is not None else "95%",
            "n_gold": row.get("n_gold"),
            "partial": _partial_gold(row.get("n_gold"), c.n) if err is not None else None,
            "note": say(note, minus=True) if note else note,
        }
    flag = row.get("heavy_flag")
    evidence = _evidence_rows(c, numbers.gpd)
    return {
        "id": f"g{i}",
        # the heading, labels and alternative texts show the name as the table does (a name of
        # 5,000 characters filled the heading: a review), the whole name in the heading's title
        "short_name": short_name,
        "full_name": None if short_name == T.page_name(key) else T.page_name(key),
        "n": int(c.n),
        "confident": c.confident,
        "k": int(c.k),
        "label": c.label,
        "subtype": c.subtype,
        # gold on another scale: no conclusion from the error's tail (the note says why)
        "verdict": _named_verdict(T.verdict(c, None if off else err,
                                            moves_with_gold=moving and not off,
                                            not_catastrophic=why_not), say),
        "probs": [{"label": lab, "value": float(c.probabilities[lab]),
                   "text": T.prob(c.probabilities[lab], c.confident or lab != c.label,
                                  cut=lab == "heavy"),  # (0.197 beside 0.30: a review)
                   "chosen": lab == c.label}
                  for lab in ("heavy", "light", "bounded")],
        "evidence": evidence,
        "centre_note": _centre_note(c, _unit(c, numbers.gpd)),
        "interval_note": _interval_note(evidence),
        "gpd_notes": _gpd_notes(numbers.gpd),
        # by weight, not by the mapping's order (a saved file with sorted keys reordered it)
        "nearest": ", ".join(f"{k} ({T.prob(v)})" for k, v in
                             sorted(c.nearest.items(), key=lambda kv: -kv[1])[:3]),
        "flag": bool(flag) if flag is not None else False,
        "p_heavy": T.prob(c.probabilities["heavy"]),
        "warnings": [say(w) for w in warn],
        "problems": [say(p) for p in numbers.problems],
        "figure": fig,
        "panels": ([{"letter": let, "title": PANEL_HELP[key_][0]} for let, key_ in fig.panels]
                   if fig is not None else []),
        "figure_summary": (_figure_summary(c, numbers.gpd, {p for _, p in fig.panels}, err,
                                           _chi_row(dep)) if fig is not None else ""),
        "gold": gold_ctx,
        "threshold": T.sig(row.get("threshold"), scale=_unit(c, numbers.gpd)),
        "has_data": has_data,
        "goodhart": _goodhart_context(key, analysis, g_fig, say),
    }


def _named_verdict(texts: dict[str, str], say: Callable[..., Any]) -> dict[str, Any]:
    """A group's :func:`~tailstat.reporting._text.verdict`, its sentences that may name the
    group (the explanation and the note) as HTML (``say``: :func:`named` for the group), the
    numbers' signs made minus signs, as the template does for the others."""
    return {**texts, **{part: say(texts[part], minus=True) for part in ("explain", "note")}}


def _as_written(text: Any, minus: bool = False) -> Any:
    """``text`` as it is (the template makes its minus signs): no group named in HTML."""
    return text


def _goodhart_context(key: Hashable, analysis: TailAnalysis, figure: Figure | None,
                      say: Callable[..., Any] = _as_written) -> dict[str, Any] | None:
    """The "What optimisation would do" block of one group (None when not computed);
    ``say``: its sentences, which may name the group, as HTML (:func:`named`)."""
    g = analysis.goodhart.get(key)
    if g is None:
        why = analysis.goodhart_failures.get(key)
        if why is None:
            return None
        return {"verdict": None, "error": say(why), "label": "", "confident": True,
                "details": [], "figure": None, "has_gold": False, "frontier_top": None,
                "lines": ""}
    from tailstat.plot.goodhart import lines_drawn  # (the drawing code's: imported late)

    details = T.goodhart_details(g)
    # the verdict's own tail model (with partial gold it is fitted to the gold rows alone)
    caveat = T.goodhart_provisional(g)
    confident = not caveat
    if caveat:
        details.insert(0, caveat)
    # the box takes its colour from the tail's label; a summary read from the sample alone
    # ("empirical": binary rewards, say) takes the group's (a review: an unstyled grey box)
    c = analysis.classifications.get(key)
    label = g.label if g.label != "empirical" or c is None else c.label
    return {"verdict": say(g.verdict, minus=True), "error": None, "label": label,
            "confident": confident, "details": [say(t) for t in details],
            "figure": figure,
            # the figure draws true utility when the gold rows give a curve (all rows, or
            # the comparison's own best-of-n when gold covers only some)
            "has_gold": g.true_utility_curve() is not None,
            # where a light or bounded tail's frontier line ends (a review: it stopped at
            # 5 sd, mid-plot, with nothing said)
            "frontier_top": None if g.frontier.heavy else _top_target(g.frontier.table),
            "lines": _lines_caption(lines_drawn(g))}


def _lines_caption(drawn: dict[str, bool]) -> str:
    """The figure caption's words for the kinds of line it draws, and for those only (review
    441: "dashed ... dotted line: where the sample stops" under figures with neither)."""
    past = ("the tail model, or the sample's value where the model gives less, which the "
            "frontier, read from the model, does not see: there the two can cross")
    beyond = "it" if drawn["solid"] else "the sample's reach"
    parts = (["solid: within the sample's reach"] if drawn["solid"] else []) + (
        [f"dashed: past {beyond} ({past})"] if drawn["dashed"] else []) + (
        ["dotted line: where the sample stops (n = N/10, or less under a power-law tail)"]
        if drawn["stop"] else [])
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def _top_target(table: Any) -> str | None:
    """The largest target of a frontier table that its line reaches (a finite rate), in sd
    above today's mean (None: none; review 389: a bounded tail's line ends at its maximum)."""
    t = np.asarray(table["target_sd"], dtype=float)
    t = t[np.isfinite(t) & np.isfinite(np.asarray(table["rate"], dtype=float))]
    return f"{float(t.max()):g}" if t.size else None


def _pvalue_text(p: Any) -> str | None:
    """A heavy flag's p-value as ``p = 0.80``, ``p = 2.2e−6`` or ``p < 1e−12`` (None: not
    computed): two significant digits, trailing zeros kept (0.8 beside 0.87 read as less
    precise), in e-notation below 0.01 with a minus sign a line never breaks at (it broke
    ``2.2e-06`` into ``2.2e-`` / ``06``)."""
    f = None if p is None else float(p)
    if f is None or not math.isfinite(f):
        return None
    if f < 1e-12:
        return "p < 1e\u221212"
    if f >= 0.01:
        return f"p = {f:.2f}" if f >= 0.1 else f"p = {f:.3f}"
    mantissa, exponent = f"{f:.1e}".split("e")
    return f"p = {mantissa}e\u2212{abs(int(exponent))}"


def summary_rows(analysis: TailAnalysis, ids: dict[Hashable, str],
                 warning_counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """One row per group of the table at a glance; ``warning_counts``: the number of
    warnings each group's section shows, by group id (the classification's own otherwise)."""
    rows = []
    records = analysis.table.to_dict("records")
    names = table_names([r["group"] for r in records])
    for r, name in zip(records, names, strict=True):
        key = r["group"]
        c = analysis.classifications.get(key)
        if c is None:
            n = r.get("n")
            rows.append({"failed": True, **name,
                         "n": "–" if n is None or not np.isfinite(float(n)) else f"{int(n):,}",
                         # (it names the group: as the cell beside it does)
                         "reason": named(analysis.failures.get(key, str(r.get("error"))),
                                         key, name["name"])})
            continue
        err = analysis.error_classifications.get(key)
        chi = _chi_row(analysis.dependence.get(key))
        off = other_scale(r)
        shown = c.estimable()
        rows.append({
            "failed": False, "id": ids[key], **name, "n": f"{c.n:,}",
            "label": c.label, "confident": c.confident,
            "headline": (T.short_label(c) if c.confident
                         else f"{T.short_label(c)} ({T.prob(c.probability, False)})"),
            # an uncertain lean's subtype is its reading if the lean holds, not a finding (a
            # review: normal groups at "leaning bounded (0.69)" read "the scores have a ceiling")
            "subtype": (T.subtype_words(c) if c.confident
                        else f"if {c.label}: {T.subtype_words(c)}"),
            "probs": [{"label": lab, "value": float(c.probabilities[lab]),
                       "text": T.prob(c.probabilities[lab], c.confident or lab != c.label,
                                      cut=lab == "heavy")}
                      for lab in ("heavy", "light", "bounded")],
            # an index that carries no information is a dash, not nan or 0.00 [0.00, 0.00]
            **({"xi": T.estimate(c.xi, c.xi_ci.low, c.xi_ci.high),
                "xi_ci": T.ci(c.xi_ci.low, c.xi_ci.high)}
               if "ξ" in shown else {"xi": "–", "xi_ci": ""}),
            **({"theta": T.fmt(c.theta), "theta_ci": T.ci(c.theta_ci.low, c.theta_ci.high)}
               if "θ" in shown else {"theta": "–", "theta_ci": ""}),
            "flag": bool(r.get("heavy_flag")), "p_heavy": T.prob(c.probabilities["heavy"]),
            "p_value": _pvalue_text(r.get("heavy_pvalue")),
            "error_label": err.label if err is not None else None,
            # gold on another scale: the error mixes two units, its label says little
            "error_text": (None if err is None else
                           f"{err.label}? gold on another scale" if off else
                           err.label if err.confident else f"leaning {err.label}"),
            "error_confident": err.confident and not off if err is not None else True,
            # "uncertain" in words, as the verdicts say it (review 422; under the badge, which
            # kept to its width: a printed page holds the table)
            "error_p": (None if err is None else T.prob(err.probability, err.confident)
                        + ("" if err.confident else ", uncertain")),
            # gold given, but the error not read (its reason in the group's section)
            "error_failed": err is None and isinstance(r.get("gold_note"), str),
            "error_rows": (f"; {int(r['n_gold']):,} rows" if err is not None
                           and _partial_gold(r.get("n_gold"), c.n) else ""),
            # χ at 0.99, or at the level nearest it that could be measured (said so)
            "chi": (None if chi is None else T.fmt(chi["chi"], 3)
                    + ("" if abs(chi["u"] - 0.99) < 5e-4 else f" (u = {chi['u']:.3g})")),
            "n_warnings": (warning_counts[ids[key]] if warning_counts and ids[key] in
                           warning_counts else
                           len(c.warnings) + sum(len(getattr(e, "warnings", ()) or ())
                                                 for e in c.evidence.values())),
        })
    return rows


def group_contexts(analysis: TailAnalysis, say: Progress, *, dpi: int, max_points: int,
                   draw: bool = True, workers: Workers | None = None,
                   pending: dict[Hashable, Pending[Any]] | None = None,
                   goodhart_figures: dict[Hashable, Figure | None] | None = None
                   ) -> list[dict[str, Any]]:
    """One template context per classified group, its figures drawn from the analysis's
    sketches (no raw data needed), in the worker processes of ``workers`` when started.

    ``pending``: the groups' figures already queued (:func:`submit_figures`);
    ``goodhart_figures``: Goodhart figures already drawn, by group (the others are drawn).
    """
    keys = [k for k in analysis.table["group"] if k in analysis.classifications]
    rows = {r["group"]: r for r in analysis.table.to_dict("records")}
    drawn: list[Any] = [None] * len(keys)
    g_figs: dict[Hashable, Any] = {}
    if draw:
        workers = workers or Workers()
        if pending is None:
            pending = submit_figures(analysis, workers, dpi=dpi, max_points=max_points)
        have = goodhart_figures or {}
        queued = {key: workers.submit(goodhart_figure_task, (analysis.goodhart[key], dpi))
                  for key in keys if key in analysis.goodhart and have.get(key) is None}
        for i, key in enumerate(keys):
            drawn[i] = pending[key].result()
            g_figs[key] = queued[key].result() if key in queued else have.get(key)
            say(f"[{i + 1}/{len(keys)}] figures for {str(key)!r}")
    short = short_names(list(analysis.table["group"]))
    return [_group_context(i, key, rows[key], analysis.classifications[key], analysis,
                           drawn[i - 1], g_figs.get(key), short[key])
            for i, key in enumerate(keys, 1)]


def _partial_gold(n_gold: Any, n: int) -> str | None:
    """What to say when the error rests on fewer rows than the reward (some have no gold
    score): the gold block and the glance row said nothing of it."""
    if n_gold is None or not np.isfinite(float(n_gold)) or int(n_gold) >= n:
        return None
    return (f"The error is analysed on the {int(n_gold):,} of the {n:,} rows with a gold "
            "score; the others have none.")

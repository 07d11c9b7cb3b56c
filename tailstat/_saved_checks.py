"""What may be wrong with the parts of a decoded saved analysis that its field types do not
pin down (:mod:`tailstat.saved`): a classification's verdict fields and evidence, a Goodhart
summary's ``gold`` and ``sample_stops``. A file can be valid tagged JSON and each field of
the declared kind, and still hold, say, text where a number is read: such a file was read,
and ``explain()``, the report or the command line failed later with a TypeError (exit 70; a
review fuzzed 3,000 files)."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from tailstat.results import Result

__all__ = ["classification_problem", "frames_problem", "gold_problem", "goodhart_problem",
           "parts_problem", "rows_problem", "settings_problem"]

#: The keys of ``GoodhartSummary.gold`` that hold text, and true/false; every other one holds
#: a number or null.
_GOLD_TEXT = frozenset({"error_label", "gold_label"})
_GOLD_FLAGS = frozenset({"error_confident", "gold_confident", "error_constant"})
#: The keys of ``GoodhartSummary.gold`` that hold a probability, a share or a quantile, in
#: [0, 1] (a P(heavy) of 7 was read back and written on the page: a review), and the labels.
_GOLD_UNIT = frozenset({"error_p_heavy", "gold_p_heavy", "error_gold_chi",
                        "error_gold_chi_level", "error_top_gold_share", "error_top_gold_quantile",
                        "error_top_reward_quantile", "error_top_reward_share",
                        "reward_top_error_share", "reward_top_extreme_share"})
_GOLD_LABELS = frozenset({"error_label", "gold_label"})
#: The largest integer a saved number may be: what a float holds exactly (a count's bound;
#: a value of 10**20 read back as an integer failed in the figures).
_EXACT = 2**53


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _real(v: Any) -> bool:  # NaN allowed: an index that could not be estimated
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def classification_problem(c: Any) -> str | None:
    """What is wrong with a decoded classification's verdict fields (a label the classifier
    does not give, probabilities that are not probabilities), or None."""
    from tailstat.classification import LABELS, SUBTYPES

    if c.label not in LABELS:
        return f"has the label {c.label!r}, not one of {', '.join(LABELS)}"
    if c.subtype not in SUBTYPES:
        return f"has the subtype {c.subtype!r}, not one of {', '.join(SUBTYPES)}"
    probs = c.probabilities
    if not isinstance(probs, dict) or set(probs) != set(LABELS):
        return f"has probabilities for {sorted(probs) if isinstance(probs, dict) else probs!r}"
    values = list(probs.values())
    if not all(isinstance(p, (int, float)) and not isinstance(p, bool) and 0.0 <= p <= 1.0
               for p in values):
        return f"has probabilities that are not numbers in [0, 1] ({probs!r})"
    if abs(sum(values) - 1.0) > 1e-6:
        return f"has probabilities that do not sum to 1 ({probs!r})"
    if not (_count(c.n) and _count(c.k) and c.k < c.n):
        return f"has n = {c.n!r} and k = {c.k!r}, not counts with 1 <= k < n"
    n_read = c.settings.get("n_read") if isinstance(c.settings, dict) else None
    if n_read is not None and not (isinstance(n_read, numbers.Integral) and not isinstance(
            n_read, (bool, np.bool_)) and 1 <= int(n_read) <= c.n):
        return f"has settings['n_read'] = {n_read!r}, not a count up to n"
    settings = c.settings if isinstance(c.settings, dict) else {}
    for name, ok, what in (("centre", _real, "a number"), ("centre_depth", _count, "a count")):
        value = settings.get(name)  # (read by the report: review 420, a raw ValueError)
        if value is not None and not ok(value):
            return f"has settings[{name!r}] = {value!r}, not {what} or null"
    for name in ("xi", "theta"):
        value, ci = getattr(c, name), getattr(c, f"{name}_ci")
        if not (_real(value) and _real(getattr(ci, "low", None))
                and _real(getattr(ci, "high", None))):
            return f"has {name} = {value!r} with interval {ci!r}: not numbers"
    evidence = c.evidence
    if not isinstance(evidence, dict):
        return f"has evidence of type {type(evidence).__name__}, not a mapping"
    bad = next((k for k, e in evidence.items() if not isinstance(e, Result)), None)
    if bad is not None:
        return f"has evidence[{bad!r}] = {evidence[bad]!r}, not an estimate"
    return None


def _number(v: Any) -> bool:
    """A number as the encoder writes one: a float (NaN, inf included), or an integer a float
    holds exactly; not true/false."""
    if isinstance(v, (bool, np.bool_)):
        return False
    if isinstance(v, (float, np.floating)):
        return True
    return isinstance(v, numbers.Integral) and abs(int(v)) <= _EXACT


def goodhart_problem(g: Any) -> str | None:
    """What is wrong with a decoded Goodhart summary's ``gold`` and ``sample_stops`` (text,
    true/false and numbers where each is read), or None."""
    ref = getattr(getattr(g, "tail", None), "settings", {}).get("classifier_xi")
    if ref is not None and not (isinstance(ref, (list, tuple)) and len(ref) == 3
                                and all(_real(r) for r in ref)):  # (review 420: IndexError)
        return f"has tail.settings['classifier_xi'] = {ref!r}, not three numbers or null"
    for name, text, flags in (("gold", _GOLD_TEXT, _GOLD_FLAGS),
                              ("sample_stops", frozenset(), frozenset())):
        values = getattr(g, name)
        if values is None and name == "gold":
            continue
        if not isinstance(values, dict):
            return f"has {name} of type {type(values).__name__}, not a mapping"
        # the keys explain() and the report read; and the error's, where one was read (a
        # review 388: a key cut out was read, and explain() failed with a KeyError)
        need = (_GOLD_NEEDED | (_ERROR_NEEDED if _ERROR_NEEDED & set(values) else frozenset())
                if name == "gold" else frozenset())
        lacking = sorted(need - set(values))
        if lacking:
            return f"has no {name}[{lacking[0]!r}]"
        for key, v in values.items():
            if key in text:
                ok, what = v is None or isinstance(v, str), "text"
            elif key in flags:
                ok, what = v is None or isinstance(v, (bool, np.bool_)), "true/false"
            else:
                ok, what = v is None or _number(v), "a number"
            if ok and v is not None and key in _GOLD_UNIT and name == "gold":
                ok, what = not float(v) > 1.0 and not float(v) < 0.0, "a number in [0, 1]"
            if ok and v is not None and key in _GOLD_LABELS and name == "gold":
                ok, what = v in ("heavy", "light", "bounded"), "heavy, light or bounded"
            if not ok:
                return f"has {name}[{key!r}] = {v!r}, not {what}"
    return None


#: The keys of ``GoodhartSummary.gold`` every comparison has (``gold_comparison`` writes them
#: all), and those it has when the error was read.
_GOLD_NEEDED = frozenset({"n", "u_gain_sd", "v_gain_sd", "correlation", "v_gain_oracle_sd",
                          "v_gain_predicted_sd", "ratio", "pairs", "rank_p_value"})
_ERROR_NEEDED = frozenset({"error_label", "error_p_heavy", "error_confident"})


#: :func:`_chi_at`'s answer where the table's value and the χ table's agree by definition
#: (missing in both, or a level the χ table does not hold).
_SAME = object()


def _chi_at(dep: Any, column: str) -> Any:
    """The χ a table column ``chi_<u>`` shows, read off a tail dependence: NaN below
    :data:`tailstat.dependence.MIN_CHI_EXCEED` errors above u (as the analysis writes it);
    :data:`_SAME` for NaN, or a level it does not hold."""
    from tailstat.dependence import MIN_CHI_EXCEED

    try:  # (a damaged χ table is named by the checks after this one)
        u = float(column[4:])
        t = dep.table
        hit = t[np.isclose(t["u"].to_numpy(dtype=float), u)]
        if len(hit) != 1:
            return _SAME
        r = hit.iloc[0]
        chi = float(r["chi"]) if int(r["n_exceed"]) >= MIN_CHI_EXCEED else math.nan
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        return _SAME
    return _SAME if math.isnan(chi) else chi


def gold_problem(analysis: Any, row_key: Callable[[Any], Any]) -> str | None:
    """What is wrong between a decoded analysis's table and its gold parts, or None: each
    group whose table row gives the error a label has the error's classification and its
    tail dependence, read from the table's ``n_gold`` rows, with that label and P(heavy), and
    no other group has them (review 388: edited error columns, and two groups' χ tables
    swapped, were read, and the report showed the other group's χ). ``row_key``: a group key
    as a set member (every NaN one key)."""
    table = analysis.table
    if not len(table) or "error_label" not in table.columns:
        errs, deps = analysis.error_classifications, analysis.dependence
        extra = next(iter(errs), next(iter(deps), None)) if errs or deps else None
        return (None if extra is None else
                f"its error classification or tail dependence of {extra!r} has no error "
                "column in its table")
    errs = {row_key(k): (k, c) for k, c in analysis.error_classifications.items()}
    deps = {row_key(k): d for k, d in analysis.dependence.items()}
    read = set()
    for row in table.to_dict("records"):
        key, label = row_key(row["group"]), row["error_label"]
        if not isinstance(label, str):
            continue
        read.add(key)
        if key not in errs or key not in deps:
            return (f"its table gives the error of {row['group']!r} a label, but it has no "
                    f"{'error classification' if key not in errs else 'tail dependence'} "
                    "of that group")
        c, d = errs[key][1], deps[key]
        p = row.get("error_p_heavy")
        if label != c.label or not (isinstance(p, numbers.Real) and abs(
                float(p) - float(c.probabilities["heavy"])) <= 1e-9):
            return (f"its table and its error classification of {row['group']!r} disagree "
                    f"(label {label!r} and P(heavy) {p!r} against {c.label!r} and "
                    f"{c.probabilities['heavy']!r})")
        n_gold = row.get("n_gold")
        if not (c.n == d.n == n_gold):
            return (f"its error classification, tail dependence and table of {row['group']!r} "
                    f"read {c.n}, {d.n} and {n_gold} rows with gold")
        level = d.level
        if not (isinstance(level, numbers.Real) and math.isfinite(float(level))
                and 0.5 <= float(level) < 1.0):
            return (f"its tail dependence of {row['group']!r} has the interval level "
                    f"{level!r}, not in [0.5, 1)")
        # the table's chi_<u> columns are read off the group's own χ table (review 389: two
        # groups of the same count swapped their χ tables unseen)
        for name in (col for col in row if isinstance(col, str) and col.startswith("chi_")):
            chi = _chi_at(d, name)
            if chi is not _SAME and not chi == row[name]:
                return (f"its table's {name} of {row['group']!r} ({row[name]!r}) is not its "
                        f"tail dependence's ({chi!r})")
    extra = next((k for k in (*errs, *deps) if k not in read), None)
    if extra is not None:
        name = errs[extra][0] if extra in errs else extra
        return (f"its error classification or tail dependence of {name!r} has no error label "
                "in its table")
    return None


def settings_problem(settings: Any) -> str | None:
    """What is wrong with the settings of a decoded analysis that ``explain()`` and the report
    read, or None (a review: ``fdr = null`` was read back, and explain() failed with a
    TypeError, the command line with exit 70; review 420: ``by = 3``, a TypeError in the
    report). Numpy numbers too: ``analyze(seed=np.int64(3))`` is saved as it was given."""
    if not isinstance(settings, dict):
        return f"its settings are a {type(settings).__name__}, not a mapping"
    fdr = settings.get("fdr", 0.05)
    if not (isinstance(fdr, numbers.Real) and not isinstance(fdr, (bool, np.bool_))
            and 0.0 < float(fdr) < 1.0):
        return f"its settings['fdr'] is {fdr!r}, not a rate in (0, 1)"
    seed = settings.get("seed")
    if seed is not None and not (isinstance(seed, numbers.Integral)
                                 and not isinstance(seed, (bool, np.bool_)) and int(seed) >= 0):
        return f"its settings['seed'] is {seed!r}, not a seed (an integer >= 0) or null"
    by = settings.get("by")
    if by is not None and not isinstance(by, (list, tuple)):
        return f"its settings['by'] is {by!r}, not a list of columns or null"
    if not isinstance(settings.get("goodhart", False), (bool, np.bool_)):
        return f"its settings['goodhart'] is {settings['goodhart']!r}, not true/false"
    return None


def parts_problem(analysis: Any, row_key: Callable[[Any], Any]) -> str | None:
    """Which part of a decoded analysis is missing for a group, or None: every classified
    group has its sketch (the report's figures), every error classification its error's
    sketch -- or none has (sketches emptied, as the README allows: the report then reads the
    rows) -- and with ``settings["goodhart"]`` every group of the table a Goodhart summary or
    the reason it has none (review 420: a file with these cut out was read, and the report
    left the figures or the Goodhart sections out without a word)."""
    for what, classes, sketches in (
            ("sketch", analysis.classifications, analysis.sketches),
            ("error's sketch", analysis.error_classifications, analysis.error_sketches)):
        if not sketches:
            continue
        held = {row_key(k) for k in sketches}
        lost = next((k for k in classes if row_key(k) not in held), None)
        if lost is not None:
            return f"its classified group {lost!r} has no {what}"
    if analysis.settings.get("goodhart"):
        known = {row_key(k) for k in (*analysis.goodhart, *analysis.goodhart_failures)}
        table = analysis.table
        lost = next((g for g in table["group"] if row_key(g) not in known), None) \
            if len(table) else None
        if lost is not None:
            return (f"its group {lost!r} has neither a Goodhart summary nor the reason it has "
                    "none, though its settings say goodhart=True")
    elif analysis.goodhart or analysis.goodhart_failures:
        return "it holds Goodhart summaries, though its settings say goodhart=False"
    return None


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, (float, np.floating)) and math.isnan(v))


def _kind(v: Any) -> str | None:
    """``"flag"``, ``"number"`` or ``"text"`` (None for a missing value, and for anything
    else: a key, a list)."""
    if _missing(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        return "flag"
    if isinstance(v, numbers.Real):
        return "number"
    return "text" if isinstance(v, str) else None


def _same(cell: Any, want: Any) -> bool:
    """Whether a table's cell is the value its classification gives (exactly: both are
    written and read back exactly), a missing value for a missing one."""
    if _missing(want):
        return _missing(cell)
    if _kind(cell) != _kind(want):
        return False
    return bool(cell == want)


def rows_problem(analysis: Any, row_key: Callable[[Any], Any]) -> str | None:
    """What is wrong between a decoded analysis's table and its classifications beyond P(heavy),
    the label and n, or None: each classified row's cells that its classification gives
    (``to_row()``), no error on it, a heavy p-value, and the heavy flags that the table's
    p-values give at ``settings['fdr']``. Review 439: a P(light) of 7, an error
    on a classified row (which the gate read as not classified: exit 0 beside P(heavy) 0.98)
    or a flag turned off were read back as they stood."""
    from tailstat.classification.flags import benjamini_hochberg

    table = analysis.table
    if not len(table) or not analysis.classifications:
        return None
    classes = {row_key(k): c for k, c in analysis.classifications.items()}
    records = table.to_dict("records")
    for row in records:
        c = classes.get(row_key(row["group"]))
        if c is None:
            continue
        want = {k: v for k, v in c.to_row().items() if k != "name"}  # (not the verdict:
        # its words are this build's, and a file of an earlier one is not damaged; review 440)
        for col, value in want.items():
            if col in row and not _same(row[col], value):
                return (f"its table and its classification of {row['group']!r} disagree on "
                        f"{col} ({row[col]!r} against {value!r})")
        if not _missing(row.get("error")):
            return (f"its table gives the classified group {row['group']!r} the error "
                    f"{row['error']!r}")
    if "heavy_pvalue" not in table.columns:
        return None
    # the flags from the table's own p-values (review 440: p-values recomputed with this
    # build's null refused every file of a build before its last recalibration)
    pv = np.array([float(p) if _kind(p) == "number" else math.nan
                   for p in table["heavy_pvalue"].tolist()])
    for row, p in zip(records, pv, strict=True):
        if row_key(row["group"]) in classes and not (math.isnan(p) or 0.0 <= p <= 1.0):
            # (NaN: a classification whose score has no p-value, flagged False)
            return (f"its table's heavy_pvalue of {row['group']!r} is {row['heavy_pvalue']!r}, "
                    "not a p-value")
    fdr = analysis.settings.get("fdr", 0.05)  # (as analyze used it: np.float32 too)
    ok = np.isfinite(pv) & (pv >= 0.0) & (pv <= 1.0)
    flags = np.zeros(pv.shape, dtype=bool)
    if _kind(fdr) == "number" and 0.0 < fdr < 1.0:
        flags[ok] = benjamini_hochberg(pv, fdr)[ok]
    for row, flag in zip(records, flags, strict=True):
        if row_key(row["group"]) not in classes:
            continue
        if bool(row["heavy_flag"]) != bool(flag):
            return (f"its table's heavy_flag of {row['group']!r} is {row['heavy_flag']!r}, "
                    f"where its p-value at the false-discovery rate {fdr!r} gives {bool(flag)}")
    return None


#: The kind of the analysis table's columns that are always there, or there with gold or the
#: Goodhart summaries.
_TABLE_TEXT = frozenset({"label", "subtype", "xi_ci_method", "theta_ci_method", "pattern",
                         "method", "warnings", "verdict", "error", "error_label",
                         "goodhart_verdict", "goodhart_kl_3sd_kind", "goodhart_error",
                         "gold_note"})
_TABLE_FLAGS = frozenset({"confident", "error_confident", "heavy_flag", "goodhart_tilt_exists",
                          "goodhart_tilt_settled", "goodhart_provisional"})
_TABLE_NUMBERS = frozenset({"n", "n_missing", "k", "p_heavy", "p_light", "p_bounded", "xi",
                            "xi_low", "xi_high", "xi_level", "theta", "theta_low",
                            "theta_high", "theta_level", "threshold", "heavy_pvalue",
                            "n_gold", "error_p_heavy", "goodhart_kl_3sd"})


def _table_kind(col: str) -> str | None:
    if col in _TABLE_TEXT:
        return "text"
    if col in _TABLE_FLAGS or re.fullmatch(r"goodhart_bon_u_\d+_extrapolated", col):
        return "flag"
    if col in _TABLE_NUMBERS or re.fullmatch(r"chi_[\d.]+|goodhart_bon_[uv]_\d+", col):
        return "number"
    return None


#: The columns of the frames inside the dependence and Goodhart results that hold text,
#: true/false and numbers (a column of another name is left to the checks of the columns
#: each reads: a renamed one is named there as lacking).
_FRAME_TEXT = frozenset({"source"})
_FRAME_FLAGS = frozenset({"extrapolated", "exists", "exists_settled", "reliable"})
_FRAME_NUMBERS = frozenset({
    "u", "chi", "ci_low", "ci_high", "independence", "n_exceed", "chi_max", "chibar",
    "chibar_low", "chibar_high",  # TailDependence.table
    "n", "kl", "u_sample", "u_sd", "u_se", "u_model", "v", "v_sd", "v_se", "v_gain_se",
    "kl_sample", "p_top10",  # best_of_n
    "target", "target_sd", "rate", "tilt", "rate_sample", "beyond_sample",
    "policy_threshold", "policy_prob", "policy_exceed_prob", "policy_kl",
    "policy_mean",  # KLFrontier.table
    "beta", "u_sample_se", "v_sample", "ess", "ess_fraction"})  # KLTilt.table


def frames_problem(analysis: Any) -> str | None:
    """What is wrong with the kinds of values in a decoded analysis's tables, or None: numbers,
    true/false or text in the columns of its table that tailstat writes (a column added by
    hand holds what it holds), and in the tables of its tail dependences and Goodhart
    summaries.
    Review 439: text put in a column was read, and the report or ``--json`` failed later
    with a ValueError (exit 70, "probably a bug")."""
    table = analysis.table
    for col in table.columns if len(table) else ():
        if col == "group":
            continue
        want = _table_kind(str(col))
        bad = next((v for v in table[col].tolist() if not _missing(v) and _kind(v) != want),
                   None) if want else None
        if bad is not None:
            return f"its table's column {col!r} holds {bad!r}, not {want}"
    frames = [(f"dependence[{k!r}]", d.table) for k, d in analysis.dependence.items()]
    for key, g in analysis.goodhart.items():
        frames += [(f"goodhart[{key!r}].best_of_n", g.best_of_n),
                   (f"goodhart[{key!r}].frontier", getattr(g.frontier, "table", None)),
                   (f"goodhart[{key!r}].tilt", getattr(g.tilt, "table", None))]
    for where, frame in frames:
        if not isinstance(frame, pd.DataFrame):
            continue
        for col in frame.columns:
            want = ("text" if col in _FRAME_TEXT else "flag" if col in _FRAME_FLAGS
                    else "number" if col in _FRAME_NUMBERS else None)
            if want is None:
                continue
            bad = next((v for v in frame[col].tolist()
                        if not _missing(v) and _kind(v) != want), None)
            if bad is not None:
                return f"its {where} column {col!r} holds {bad!r}, not {want}"
    return None

"""What the ``tailstat`` command prints: the text tables and summaries, the ``classify --json``
document, the ``--fail-on`` gate's outcome, and the classic data sets of ``tailstat demo
--classic``. :mod:`tailstat.cli` parses the command line and runs the commands.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pandas import NA

from tailstat._atomic import atomic_path
from tailstat._cli_args import OptionError
from tailstat._display import (
    cut_apart,
    key_text,
    one_line_text,
    three_digits,
    visible,
    visible_name,
)
from tailstat._table_rows import warning_list
from tailstat.classification import MAX_PROBABILITY, applied_level, reaches_level
from tailstat.classification.levels import shown_probability, subtype_split
from tailstat.data.readers import file_stem
from tailstat.data.rewardbench import READ_BOTH
from tailstat.dependence import MIN_CHI_EXCEED
from tailstat.errors import TailstatWarning
from tailstat.goodhart.tail import MORE_DATA_HINT

__all__ = ["DEFAULT_FDR", "SCHEMA_VERSION", "classify_document", "default_output",
           "gate_names_groups", "in_option_words", "names_input", "table_columns"]


def table_columns(df: Any, verdict: str) -> list[str]:
    """The columns of ``classify``'s text table (``df``: the analysis' ``to_frame()``), of those
    it has: ``n_missing`` beside
    ``n`` when rewards were dropped, and ``n_gold`` beside the error's verdict when a group's
    error was read from fewer rows than its rewards (partial gold: the table had not said
    so, while the report and the JSON did)."""
    cols = ["group", "n", verdict, "subtype", "p_heavy", "p_light", "p_bounded", "xi",
            "xi_low", "xi_high", "theta", "heavy_pvalue", "heavy_flag", "error_label",
            "error_p_heavy", "goodhart_kl_3sd", "goodhart_bon_u_1024", "goodhart_bon_v_1024",
            "error"]
    if "n_missing" in df.columns and (df["n_missing"].fillna(0) > 0).any():
        cols.insert(2, "n_missing")  # dropped missing rewards, beside n, when any
    if "n_gold" in df.columns and (df["n_gold"].notna() & (df["n_gold"] < df["n"])).any():
        cols.insert(cols.index("error_label"), "n_gold")
    return [c for c in cols if c in df.columns]


def _print_table(rows: list[dict[str, Any]], cols: Sequence[str],
                 encoding: str | None = None) -> None:
    """Rows as aligned text; numbers with three significant digits, theta with two decimals
    (NaN as ``-``, infinity as ``inf``, as Python has it; a probability below the confident
    0.8 never reads 0.8, as the verdict beside it does not), but a group key as
    written (two keys 12340.0 and 12345.0 are two groups, and inf is a key), and every text
    with control characters escaped (a key or note cannot drive the terminal), and what the
    encoding of stdout cannot hold as backslash escapes (``caf\\xe9`` under
    ``PYTHONIOENCODING=ascii``: the columns stay aligned; ``encoding``: of the terminal when
    printed to a buffer first)."""
    enc = encoding or getattr(sys.stdout, "encoding", None) or "utf-8"

    def shown(text: str) -> str:
        return visible(text).encode(enc, "backslashreplace").decode(enc)

    def fmt(v: Any, col: str, row: dict[str, Any]) -> str:
        if col == "goodhart_kl_3sd" and isinstance(v, (float, np.floating)) and \
                math.isfinite(float(v)):
            # a bound says so, rounded outwards (a review: a lower bound of 2.995 read "3",
            # beside a heavy tail's upper bound 0.00913 that looked the same)
            kind = row.get("goodhart_kl_3sd_kind")
            if kind in ("lower bound", "policy"):
                return bound_text(float(v), kind == "lower bound")
        if col.startswith("goodhart_bon_u_") and row.get(f"{col}_extrapolated") is True \
                and isinstance(v, (float, np.floating)) and math.isfinite(float(v)):
            return fmt(v, "", row) + "*"  # past the sample's reach (said under the table)
        if col == "error" and isinstance(v, str) and len(v) > ERROR_CHARS:  # (review 414:
            return shown(v[:ERROR_CHARS - 1] + "…")  # every row padded to 280 characters)
        if col == "group":
            # a tuple's parts as written, not as repr escapes them; a long key cut; a blank
            # one, or one with spaces a reader would not see, quoted ('' and ' ' were two
            # empty cells: a review)
            return shown(group_names[id(row)])
        if isinstance(v, (float, np.floating)):
            if math.isnan(v):
                return "-"
            # inf as Python has it (an unreachable target's KL, an unbounded end): not missing
            f = float(v)
            if math.isfinite(f) and abs(f) >= 1000:
                # a level (a threshold, best-of-n's reward) at an offset: its whole digits and
                # two more ('1e+06' hid best-of-n's gain over scores near 10^6: a review)
                return shown(f"{f:.{min(17, len(str(int(abs(f)))) + 2)}g}")
            if col == "theta":  # two decimals, as explain() and the report write it:
                return f"{f:.2f}"  # 1.005 read "1", which means exactly exponential (a review)
            return three_digits(v, probability=col.startswith("p_") or col == "error_p_heavy")
        return "-" if v is None else shown(str(v))

    # names the cut would make alike keep the part where they differ (review 413)
    group_names = dict(zip(map(id, rows), cut_apart(
        [visible_name(key_text(r.get("group"))) for r in rows], GROUP_CHARS), strict=True))
    cells = [[fmt(r.get(c), c, r) for c in cols] for r in rows]
    # columns sized by how wide the text shows on a terminal (a review: a name with CJK
    # characters, two columns each, shifted its row by one column per character)
    widths = [max(_shown_width(c), *(_shown_width(row[i]) for row in cells))
              for i, c in enumerate(cols)]
    print("  ".join(_pad(c, w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)))
    if any(c.endswith("*") for row in cells for c in row):
        print("* past the sample's reach (best-of-n up to n = rows / 10): the tail model's "
              "value, or the sample's own (a floor; the ceiling of saturated scores)")


def bound_text(value: float, lower: bool) -> str:
    """A bound with three significant digits rounded outwards, marked: ``>=2.99`` for a lower
    bound of 2.995, ``<=0.00914`` for an upper bound of 0.009131."""
    if value == 0.0:
        return (">=" if lower else "<=") + "0"
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 2)
    out = (math.floor if lower else math.ceil)(round(value / step, 9)) * step
    return (">=" if lower else "<=") + f"{out:.3g}"


def _shown_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters two, combining marks
    and zero-width joiners none, others one."""
    return sum(0 if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f"
               else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - _shown_width(text))


def _subtype_words(c: Any) -> str:
    """The subtype after the verdict (none for bounded): its split where explain() and the
    report name none (below 60% of the label's probability, 80% for exponential-type:
    levels.subtype_split; a review)."""
    if c.subtype == c.label or c.subtype_in_doubt:  # (its estimate contradicts it)
        return ""
    split = subtype_split(c)
    return ", " + (" or ".join(f"{s} {p:.0%}" for s, p in split.items()) if split is not None
                   else c.subtype)


def _two(v: float) -> str:
    """``v`` with two decimals, without a negative zero (a review: "[-0.25, -0.00]", where
    the report writes 0.00)."""
    text = f"{v:.2f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


#: ``tailstat report`` prints its table and one sentence per group up to this many groups;
#: beyond, the analysis in a few sentences (5,000 groups printed 11,570 lines: a review).
SUMMARY_MAX_GROUPS = 50

#: Characters of a failed group's reason the text table shows (whole on stderr and in JSON).
ERROR_CHARS = 60
#: A group key longer than this is shown cut in the middle in a text table (one key of 500
#: characters made every row 660 wide: a review); the JSON and the report keep it whole.
GROUP_CHARS = 60


def _summary(res: Any, limit: int | None = None) -> None:
    """A short text summary of a TailAnalysis: one row per group, then one sentence each;
    with more than ``limit`` groups, the analysis' own sentences only."""
    if limit is not None and len(res.classifications) > limit:
        print(f"\n{visible(res.explain())}\n")
        print(f"  ({len(res.classifications)} groups: the table and one sentence per group "
              "are in the report)")
        return
    rows = []
    flags = dict(zip(res.table["group"], res.table["heavy_flag"], strict=True))  # any key type
    for key, c in res.classifications.items():
        row: dict[str, Any] = {
            "group": visible_name(key), "n": c.n,
            "verdict": c.verdict + _subtype_words(c),
            "P(heavy)": shown_probability(c.probabilities["heavy"]),
            "xi [95% CI]": (f"{_two(c.xi)} [{_two(c.xi_ci.low)}, {_two(c.xi_ci.high)}]"
                            if math.isfinite(c.xi) else "-"),
            "theta": _two(c.theta) if math.isfinite(c.theta) else "-",
        }
        # "-" reads as "no value": a group the rule did not flag says so, as the report does
        row["heavy flag"] = "flagged" if bool(flags.get(key, False)) else "not flagged"
        err = res.error_classifications.get(key)
        if err is not None:  # in the verdict's words: an uncertain one looks uncertain
            row["error tail"] = err.verdict
        dep = res.dependence.get(key)
        if dep is not None and not dep.table.empty:
            at = dep.row()  # the level the report quotes (0.99, lower when too few above)
            row["chi (level)"] = (f"{at['chi']:.3f} ({at['u']:g})"
                                  if int(at["n_exceed"]) >= MIN_CHI_EXCEED else "-")
        rows.append(row)
    if rows:
        cols = list(dict.fromkeys(k for r in rows for k in r))
        _print_table(rows, cols)
    # (the groups not classified, and each group's caveats, are said on stderr: cli.
    # _say_failures, say_notes)
    if len(res.classifications) > 1:  # the whole first, then each group
        print(f"\n{visible(res.explain())}\n")
    from tailstat.reporting.notes import group_sentence  # with gold, what its error changes

    by_key = {r["group"]: r for r in res.table.to_dict("records")}  # once, not per group
    for key in res.classifications:
        print(f"  - {visible(group_sentence(res, key, by_key.get(key, {})))}")


#: Version of the ``classify --json`` document (``tailstat/schema/classify.schema.json``):
#: the major part changes when a key is removed or changes meaning, the minor when one is added.
SCHEMA_VERSION = "3.15"  # 3.15: table keys xi_ci_method, theta_ci_method; goodhart
#                          gold keys error_xi_low/_high, gold_xi_low/_high;
#                          3.14: corrections, no key added or changed in meaning:
#                          dependence's independence is n_exceed / n (it read 1 - u), and
#                          a heavy error moving with a light gold is read as catastrophic;
#                          3.13: table key goodhart_bon_u_1024_extrapolated, goodhart
#                          key bon_u_extrapolated, goodhart gold key v_gain_se_sd;
#                          3.12: error_classifications, dependence (with gold);
#                          3.11: goodhart gold keys error_constant,
#                          reward_top_extreme_share; gate keys min_n,
#                          not_gated (--min-n);
#                          3.10: goodhart gold keys error_xi, error_top_gold_quantile,
#                          error_top_reward_quantile, error_top_reward_share,
#                          reward_top_error_share, gold_label,
#                          gold_p_heavy, gold_confident, gold_xi;
#                          3.9: classification settings key row_copies;
#                          3.8: settings keys read_options, paths (--dask);
#                          3.7: goodhart gold key proxy_levels (no prediction below 20);
#                          3.6: table keys goodhart_kl_3sd_kind, goodhart_tilt_settled;
#                          goodhart keys kl_3sd_kind, tilt_settled;
#                          3.5: gate key heavy_below_level; table key error_confident;
#                          3.4: table keys xi_level, theta_level; 3.3: table key heavy_pvalue;
#                          heavy_flag by Benjamini-Hochberg on it
# (settings heavy_prevalence gone). 3.2: goodhart_bon_v_1024 null when fewer than 10,240 rows
# have a gold score (best-of-1024 within their reach, n <= rows / 10); gate key
# heavy_not_flagged; top-level input_warnings; table key (several --by columns);
# 3.1: goodhart gold keys error_gold_chi, error_gold_chi_level; goodhart_bon_v_1024 null
# when fewer than 1024 rows have a gold score.
# 3.0: xi, xi_low, xi_high from the GPD fit to the k excesses above
# X(n - k) (meaning changed: they were the moment reading above the centre, biased for
# power laws); 2.1: goodhart gold keys pairs, rank_p_value; 2.2: gold_scale_ratio;
# 2.3: heavy_flag null (not false) for a group that could not be classified
# 2.0: theta read from the values above the centre (meaning changed),
# subtype_probabilities sum to their labels', goodhart gold keys (bulk_slope removed);
# 1.2: goodhart provisional / goodhart_provisional

#: Default of ``--fdr`` when it is not given (the gate then uses ``--level`` instead).
DEFAULT_FDR = 0.05


def classify_document(res: Any, *, gate: dict[str, Any] | None = None,
                      input_warnings: list[str] | None = None) -> dict[str, Any]:
    """The ``classify --json`` document of an analysis (schema version :data:`SCHEMA_VERSION`).

    Parameters
    ----------
    res : TailAnalysis
        The result of :func:`tailstat.analyze`.
    gate : dict, optional
        The CI gate's outcome (``fail_on``, ``level``, ``fdr``, ``tripped``, ``exit_code``).
    input_warnings : list of str, optional
        What reading the input changed (rows dropped, groups merged): ``input_warnings``.

    Returns
    -------
    dict
        JSON-safe: ``tailstat_version``, ``schema_version``, ``command`` and the analysis
        (``result``, ``settings``, ``table``, ``classifications``, ``failures``), every
        ``warnings`` a list of strings; ``gate`` when given.
    """
    from tailstat import __version__

    body = res.to_dict()  # its table rows: warnings as lists, and key (_table_rows)
    for c in [*body.get("classifications", {}).values(),
              *body.get("error_classifications", {}).values()]:
        if "warnings" in c:
            c["warnings"] = warning_list(c["warnings"])
    doc: dict[str, Any] = {"tailstat_version": __version__, "schema_version": SCHEMA_VERSION,
                           "command": "classify", **body,
                           "input_warnings": list(input_warnings or [])}
    if gate is not None:
        doc["gate"] = gate
    return doc


def _gate(res: Any, fail_on: str | None, level: float, fdr_given: bool,
          min_n: int | None = None) -> tuple[int, dict | None]:
    """Exit code and outcome of ``--fail-on heavy`` (0, 1 or 2; see the module docstring);
    the groups of fewer than ``min_n`` scores (``--min-n``) are left out of it."""
    if fail_on is None:
        return 0, None
    table = res.table
    tripped: list[str] = []
    small = ({str(g) for g, n in zip(table["group"], table["n"], strict=True) if n < min_n}
             if min_n is not None else set())
    flags = _gated_flags(res, small) if fdr_given else {}
    for _, row in table.iterrows():
        if str(row["group"]) in small or (
                row.get("error") is not None and not isinstance(row.get("error"), float)):
            continue
        if fdr_given:
            flag = flags.get(str(row["group"])) if small else row.get("heavy_flag", False)
            hit = flag is not None and flag is not NA and bool(flag)  # NA: not classified
        else:
            p = row.get("p_heavy")
            hit = (p is not None and math.isfinite(float(p))
                   and reaches_level(float(p), level))  # the cap is approached, not reached
        if hit:
            tripped.append(str(row["group"]))
    failed = [str(k) for k in res.failures if str(k) not in small]
    # with --fdr, a group called heavy with confidence may stay unflagged (among many groups
    # its p-value may not pass Benjamini-Hochberg): the outcome names them rather than saying
    # "no group is heavy" beside a table that shows one (a review)
    # with --level, they are those called heavy with confidence (P(heavy) >= 0.8) below the
    # level: "pass: no group reaches that level" beside a table, report and explain() that
    # call one heavy read as a contradiction (a new user's review)
    skip = set(tripped) | small  # a set: a membership test per group (up to 10^6 of them)
    passed = [str(k) for k, c in res.classifications.items()
              if c.label == "heavy" and c.confident and str(k) not in skip]
    unflagged, below_level = (passed, []) if fdr_given else ([], passed)
    code = 1 if tripped else (2 if failed else 0)
    # the level applied, not the one typed: a level above the cap is read as 0.979, and a
    # gate that said "P(heavy) >= 0.98" beside a tripped group at 0.9794 contradicted itself
    # (a review)
    applied = applied_level(level)
    read_as = (f" (--level {level:g} is read as {applied:g}: no probability exceeds "
               f"{MAX_PROBABILITY:.2g})" if applied < level else "")
    among = (f" among the {len(flags):,} gated group{'s' if len(flags) != 1 else ''} with a "
             "p-value" if small else "")
    rule = (f"flagged heavy at FDR {res.settings.get('fdr')}{among}" if fdr_given
            else f"P(heavy) >= {applied:g}{read_as}")
    return code, {"fail_on": fail_on, "level": None if fdr_given else applied,
                  "fdr": res.settings.get("fdr") if fdr_given else None, "rule": rule,
                  "tripped": tripped, "not_classified": failed,
                  "heavy_not_flagged": unflagged, "heavy_below_level": below_level,
                  "min_n": min_n, "not_gated": [str(g) for g in table["group"] if str(g) in small],
                  "exit_code": code}


def gate_names_groups(gate: dict[str, Any]) -> bool:
    """Whether a passing gate's line names groups, and so is printed even with ``-q`` (as a
    failing one is): those ``--min-n`` left out, heavy ones the rule let pass (a review: with
    ``-q`` they went unnamed beside a table that showed them heavy)."""
    return any(gate.get(k) for k in ("not_gated", "heavy_not_flagged", "heavy_below_level"))


def _gated_flags(res: Any, small: set[str]) -> dict[str, bool]:
    """Benjamini–Hochberg at the analysis' FDR over the heavy p-values of the groups the gate
    reads (``--min-n`` left ``small`` out): the table's ``heavy_flag`` is over every group,
    and groups left out of the gate decided whether a gated one failed (a review: the same
    group passed beside 40 small groups and failed without them)."""
    from tailstat.classification import benjamini_hochberg

    t = res.table
    keys = [str(g) for g in t["group"]]
    p = t["heavy_pvalue"].to_numpy(dtype=float, na_value=np.nan)
    keep = [i for i, k in enumerate(keys) if k not in small and math.isfinite(p[i])]
    if not keep:
        return {}
    hit = benjamini_hochberg(p[keep], float(res.settings.get("fdr")))
    return {keys[i]: bool(h) for i, h in zip(keep, hit, strict=True)}


def _classic() -> None:
    """The estimators on the two classic extreme-value data sets."""
    from tailstat import datasets, hill, moment, pickands, weibull_tail

    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        for name, col in (("danish", "loss_mDKK"), ("rain", "rain_mm")):
            x = datasets.load(name)[col].to_numpy()
            if name == "rain":
                x = x[x > 0]  # wet days: the tail of rainfall amounts
            for est in (hill, moment, pickands, weibull_tail):
                r = est(x)
                rows.append({"data": name, "method": r.method, "estimate": r.estimate,
                             "ci_low": r.ci.low, "ci_high": r.ci.high, "k": r.k,
                             "k_rule": r.k_rule, "threshold": r.threshold})
    print("Classic extreme-value data (Danish fire losses; rainfall on wet days):")
    _print_table(rows, ["data", "method", "estimate", "ci_low", "ci_high", "k", "k_rule",
                        "threshold"])


#: The Python API's option names in the intake's messages, as the command line spells them.
_OPTION_WORDS = ((re.compile(re.escape(READ_BOTH)),
                  "read every score, sides unknown, with --scores both"),
                 (re.compile(r"\b\w+=(?:'[^']*')? \((--[^()]*?) on the command line\)"),
                  r"\1"),
                 (re.compile(r"\bthe by= or gold= column\b"), "the --by or --gold column"),
                 (re.compile(r"\b(by|gold)= column\b"), r"--\1 column"),
                 (re.compile(r"\bcolumn=(?=')"), "--column "),
                 # "by= names a column twice", "leave gold out", "step_bins= needs ..." (a
                 # review)
                 (re.compile(r"\b(by|gold|column)=(?=[\s).])"), r"--\1"),
                 (re.compile(r"\bleave (by|gold|column) out\b"), r"leave --\1 out"),
                 (re.compile(r"\bstep_bins=(?=\s)"), "--step-bins"),
                 (re.compile(r"\bleave step_bins out\b"), "leave --step-bins out"),
                 # Python-only advice the command line has no option for (a new user's review)
                 (re.compile(r"; nan='raise' refuses them instead"), ""),
                 (re.compile(re.escape(MORE_DATA_HINT)),
                  "Pass more data, or --no-goodhart to leave the Goodhart summary out."),
                 (re.compile(r" or use tail='empirical'\."), "."),
                 # the table's gold_note column: notes of their own on the command line
                 (re.compile(r"\(their rows' gold_note says why\)"),
                  "(the notes below say why)"),
                 (re.compile(r"\(the table's gold_note says why\)"),
                  "(the group's note says why)"))


def in_option_words(msg: str) -> str:
    """A message of the API ("unknown by= column 'm'") in the command line's words
    ("unknown --by column 'm'"): a review found the CLI naming options it does not have."""
    for pattern, words in _OPTION_WORDS:
        msg = pattern.sub(words, msg)
    return msg


def names_input(msg: str, name: str) -> bool:
    """Whether an error message names the input ``name``: anywhere for a file name with an
    extension; quoted or before a colon for a bare word, which the message's own words may
    hold (a folder 'data' beside "the data has columns": the prefix was dropped, a review)."""
    if "." in name.strip("."):
        return name in msg
    return any(f in msg for f in (f"'{name}'", f"{name}:", f'"{name}"', f"{name}/"))


def default_output(input_path: str, several: bool = False) -> Path:
    """The report's default name: ``INPUT-STEM-tail-report.html`` in the working folder
    (``stdin-...`` for standard input, the folder's name for several inputs or a pattern)."""
    # rewards.csv.gz: 'rewards', not 'rewards.csv' (a review)
    # a pipe by name (bash's <(...) is /dev/fd/63): no stem of its own ("63-tail-report")
    piped = input_path == "-" or input_path.startswith(("/dev/fd/", "/proc/self/fd/"))
    stem = "stdin" if piped else file_stem(input_path)
    if several or any(c in input_path for c in "*?["):  # --dask shards: name the folder
        stem = Path(input_path).resolve().parent.name or "tailstat"
    elif stem in ("", ".", ".."):  # the folder's own name (a re-read: '-tail-report.html')
        stem = Path(input_path).resolve().name or "tailstat"
    return Path(f"{stem}-tail-report.html")


#: Groups whose notes are printed one by one on stderr; beyond, a count (1,500 small groups
#: printed 2,126 note lines: a review).
NOTES_SHOWN = 20


def say_notes(res: Any, where: str) -> None:
    """Each group's caveats (ties, saturation, a lone maximum, gold on another scale, a
    Goodhart summary that failed) on stderr as ``tailstat: note:`` lines, with ``-q`` too (a
    CI log keeps them), for the first :data:`NOTES_SHOWN` groups that have any; ``where``:
    where the others are."""
    gold_notes = (dict(zip(res.table["group"], res.table["gold_note"], strict=True))
                  if "gold_note" in res.table else {})
    keys = list(dict.fromkeys([*res.classifications, *res.goodhart_failures, *gold_notes]))
    shown = 0
    for key in keys:
        c = res.classifications.get(key)
        lines = [in_option_words(str(n)) for n in (c.warnings if c is not None else ())]
        if key in res.goodhart_failures:  # the table shows "-" as for n/a
            lines.append("no Goodhart summary: " + in_option_words(res.goodhart_failures[key]))
        if isinstance(gold_notes.get(key), str):  # e.g. gold scores on another scale
            lines.append(gold_notes[key])
        if not lines:
            continue
        shown += 1
        if shown > NOTES_SHOWN:
            continue
        for line in lines:
            print(f"tailstat: note: {visible_name(key)}: {one_line_text(line)}",
                  file=sys.stderr)
    if shown > NOTES_SHOWN:
        print(f"tailstat: note: ... and {shown - NOTES_SHOWN:,} more groups with notes (each "
              f"group's in {where})", file=sys.stderr)


#: Compressions ``-o`` writes by its name's last suffix, as ``--save-analysis`` does.
_COMPRESSED = (".gz", ".bz2", ".xz")


#: Names of other formats, which no output here is (review 414: ``-o x.csv.zst``, ``x.zip``
#: or ``x.xlsx`` received plain text; review 417: an allow-list refused ``out.tmp``, ``a.bak``
#: and a third of ``mktemp``'s names). Each output adds the other's: JSON is not a table, and
#: the table is not JSON.
_OTHER_FORMATS = (".tsv", ".parquet", ".arrow", ".feather", ".ipc", ".html", ".htm", ".xlsx",
                  ".xls", ".ods", ".md", ".pdf", ".png", ".svg", ".zip", ".zst", ".zstd", ".7z",
                  ".tar", ".lz4", ".br", ".npy", ".npz", ".pkl", ".pickle", ".yaml", ".yml",
                  ".toml", ".xml", ".avro", ".orc", ".h5", ".hdf5", ".db", ".sqlite")
_NOT_JSON = (*_OTHER_FORMATS, ".csv")
_NOT_TEXT = (*_OTHER_FORMATS, ".json", ".jsonl", ".ndjson")


def _plain_name(path: str) -> str:
    """``path`` in lower case without a compression suffix (``run.json.gz``: ``run.json``)."""
    name = path.lower()
    for end in _COMPRESSED:
        name = name.removesuffix(end)
    return name


def refuse_table_name(path: str, what: str) -> None:
    """Refuse a JSON output named as another format (``.csv``, ``.parquet``, ``.zip``, ...)."""
    if _plain_name(path).endswith(_NOT_JSON):
        raise OptionError(f"{what}: give a name ending in .json (or .json.gz), not "
                          f"'{path}'.")


def is_null_device(path: str) -> bool:
    """Whether ``path`` names the null device (``-o /dev/null``: output discarded)."""
    return os.path.realpath(path) == os.path.realpath(os.devnull)


def check_output(path: str, as_json: bool) -> None:
    """Fail before the work on an ``-o`` that cannot be written, or whose name asks for a
    format this output is not (``--json`` into a ``.csv``)."""
    from tailstat._atomic import check_target

    if is_null_device(path):
        return
    check_target(path)  # a target never writable first: a folder, a file's child
    name = _plain_name(path)
    if as_json and name.endswith(_NOT_JSON):
        raise OptionError(f"-o {path}: --json writes JSON; give a name ending in .json (or "
                          ".json.gz, .bz2, .xz), or leave --json out to write the table as CSV "
                          "(a .csv name).")
    if not as_json and name.endswith(_NOT_TEXT):  # (review 405)
        raise OptionError(f"-o {path}: without --json the table is written as text (.txt, "
                          "or no suffix), or as CSV for a .csv name (either may end in .gz, .bz2 "
                          "or .xz); give such a name, or --json for JSON.")


def write_output(path: str, text: str, table: Any, *, quiet: bool) -> None:
    """``-o``: the text (the table as printed, or the JSON), or with a ``.csv`` name and a
    ``table`` the analysis' table as CSV; compressed when the name ends in ``.gz``, ``.bz2``
    or ``.xz`` (a review: ``-o run.json.gz`` held plain text); nothing for the null device.
    Says what it wrote on stderr (stdout may be the output)."""
    from tailstat._atomic import write_bytes
    from tailstat.saved import file_bytes

    if is_null_device(path):
        return
    if table is not None and _plain_name(path).endswith(".csv"):
        text = table.to_csv(index=False)
    write_bytes(path, file_bytes(text, path))
    if not quiet:
        print(f"tailstat: wrote {path}", file=sys.stderr)


@contextlib.contextmanager
def report_target(out: Path, discard: bool) -> Iterator[Path]:
    """Where the report is built: a temporary file renamed onto ``out`` at the end, or, for
    the null device, one in a temporary folder that is removed (as ``classify -o /dev/null``
    discards its table: a device is never replaced by a file)."""
    if not discard:
        with atomic_path(out) as tmp:
            yield tmp
        return
    with tempfile.TemporaryDirectory(prefix="tailstat-") as folder:
        yield Path(folder) / "discarded.html"


def not_an_input(output: str | Path, args: Any, option: str = "-o") -> None:
    """Refuse an output file that is one of the inputs: writing it would destroy them."""
    target = Path(output).expanduser()
    for name in (args.input, *(getattr(args, "more_inputs", None) or ())):
        if name == "-":
            continue
        src = Path(name).expanduser()
        same = (os.path.samefile(src, target) if src.exists() and target.exists()
                else resolved_path(src, "the input") == resolved_path(target, option))
        if same:
            raise OptionError(f"{option} '{output}' is the input file '{name}': writing it would "
                            "destroy the data. Give another file name.")


def resolved_path(path: Path, option: str) -> Path:
    """``path`` resolved; a symbolic link loop refused as ``option``'s (Python 3.11 raised
    RuntimeError, reported as a bug, exit 70, blaming the input; written in the link's place,
    two links that lead to each other let -o overwrite --save-analysis: reviews)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:
        raise OptionError(f"{option} '{path}' is a symbolic link that leads back to itself (a "
                          "loop): remove it, or give another name.") from exc

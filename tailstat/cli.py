"""The ``tailstat`` command line: a thin layer over :func:`tailstat.analyze` and
:func:`tailstat.report`.

Subcommands: ``report`` (the HTML tail report of a file), ``classify`` (a table or JSON on
stdout, or in a file with ``-o``) and ``demo`` (the bundled reward-model data: a report in
``reports/demo.html`` and a short summary). Progress, status lines (``wrote ...``, but the
demo's last line) and each group's notes (``tailstat: note:``, ``-q`` too) go to stderr.

Exit codes (one policy for every subcommand):

* **0** -- success: everything asked for was computed and written; with ``--fail-on heavy``,
  no group is heavy at the level;
* **1** -- ``classify --fail-on heavy`` only: at least one group is heavy, i.e. its
  P(heavy) >= ``--level`` (default 0.9), or, when ``--fdr Q`` is given, it is flagged heavy
  by the Benjamini-Hochberg false-discovery rule at rate Q (the CI gate);
* **2** -- bad input or failure: bad arguments (``--fdr`` outside (0, 1), a negative
  ``--seed``), an input that is missing, empty, misread or in the wrong format, an unknown
  column, no group with enough data to classify, a numerical failure on extreme values, an
  output file that cannot be written; also, with ``--fail-on``, a group that could not be
  classified (the gate cannot vouch for it) when no other group trips the gate. One line on
  stderr names the problem (``tailstat: error: ...``), never a traceback;
* **70** -- an unexpected error inside tailstat (``EX_SOFTWARE``; a bug to report): one line
  as well, so that a CI job can tell "fix the input" (2) from "tailstat crashed" (70);
* **130** -- interrupted (Ctrl-C, or SIGTERM: handled alike);
* **141** -- the reader of the output left (``tailstat ... | head -1`` closed the pipe): the
  command stops without a word, with the status a shell shows for a Unix tool ended by SIGPIPE.

Groups that cannot be classified while others can are reported (a ``!`` line on stderr, the
``failures`` of the JSON) without changing the exit code, except under ``--fail-on``. Set
``TAILSTAT_TRACEBACK=1`` to see the traceback of an unexpected error. Every file is written
atomically (:mod:`tailstat._atomic`): a failed run leaves the previous file byte-identical and
no empty folders behind.

Inputs are read by :func:`tailstat.data.read_table` (files by their shape or ``--format``:
RewardBench outputs with ``--scores``, TRL GRPO completion folders with ``--by step`` or
``--step-bins``, ``-`` for standard input). ``classify --json`` prints the document described
by ``tailstat/schema/classify.schema.json`` (keys listed in the README), with
``tailstat_version`` and ``schema_version``.

Progress: a progress bar (tqdm) on stderr when stderr is a terminal, plain progress lines
otherwise, nothing with ``--quiet`` (nor the summary of what was written). An option that
takes a value, or ``--goodhart/--no-goodhart``, given twice is refused (but ``--by``, which
names several group columns).

``--goodhart/--no-goodhart``: what optimising each group's reward would do
(:func:`tailstat.goodhart.goodhart_summary`: the KL needed to reach +3 sd, best-of-1024 E[U]
and, with ``--gold``, E[V], one verdict sentence). On by default for ``report`` (its section
"What optimisation would do", with the figures per group: up to 50 groups with ``--figures
auto``; ``--goodhart`` makes them beyond, as text) and for ``classify --json`` (the
``goodhart`` object and the ``goodhart_*`` columns). The tail model reuses the
classification, but each group costs about 30 ms more (its automatic threshold and KL
frontier): +0.6 s (1.7 s -> 2.35 s) on the 3 x 10^4-row demo file, 3.4 s -> 26 s on 1 000
groups of 2 000 rows (on one core; two worker processes share them), where
``--no-goodhart`` is the choice for a quick gate. Off by default for the
``classify`` text table, which stays one screen wide (``--goodhart`` adds three columns).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import glob
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tailstat._atomic import OutputError, atomic_path
from tailstat._cli_args import (
    BooleanOnce,
    OptionError,
    StoreOnce,
    fdr_arg,
    level_arg,
    positive_arg,
    seed_arg,
)
from tailstat._cli_exit import (
    BUG_EXIT,
    CLASSIFY_EXIT_TEXT,
    EXIT_TEXT,
    MAIN_EXIT_TEXT,
    fail,
    print_traceback,
)
from tailstat._cli_progress import Display
from tailstat._cli_save import check_save, said_saved, saving
from tailstat._cli_streams import broken_pipe, shell_streams, write_stdout
from tailstat._dask_address import dask_address_last
from tailstat._display import one_line_text as _one_line_text
from tailstat._display import visible_name
from tailstat._formats import FORMATS, SCORES
from tailstat.errors import TailstatError

if TYPE_CHECKING:
    from tailstat._cli_output import SCHEMA_VERSION, classify_document

__all__ = ["SCHEMA_VERSION", "build_parser", "classify_document", "main"]

# What runs a command (numpy, pandas, the classifier) is imported by the command, so that
# ``tailstat --help`` and a mistyped option answer at once (0.1 s, not 1.2 s).


def __getattr__(name: str) -> Any:
    if name in ("SCHEMA_VERSION", "classify_document"):
        from tailstat import _cli_output

        return getattr(_cli_output, name)
    raise AttributeError(f"module 'tailstat.cli' has no attribute {name!r}")

#: The P(heavy) at which ``classify --fail-on heavy`` fails a group (without ``--fdr``).
GATE_LEVEL = 0.9


def _cmd_classify(args: argparse.Namespace) -> int:
    from tailstat._cli_input import _analyze, _dask_analysis, _no_group_left, _saved_or_input
    from tailstat._cli_output import (
        _gate,
        _print_table,
        check_output,
        classify_document,
        gate_names_groups,
        is_null_device,
        not_an_input,
        say_notes,
        table_columns,
        write_output,
    )

    if args.output is not None and not args.output.strip():
        raise OptionError("-o is empty: give a file name (or leave -o out to print the table).")
    if args.output in ("-", "/dev/stdout"):  # ('-' as an input is standard input)
        args.output = None  # standard output (/dev/stdout had been "not a regular file": 414)
    if args.level is not None and args.fail_on is None:
        raise OptionError("--level is the P(heavy) at which the gate --fail-on heavy fails: add "
                        "--fail-on heavy, or leave --level out.")
    if args.min_n is not None and args.fail_on is None:
        raise OptionError("--min-n leaves the groups of fewer scores out of the gate --fail-on "
                          "heavy: add --fail-on heavy, or leave --min-n out.")
    if args.level is not None and args.fdr is not None:
        raise OptionError("--level and --fdr are two rules for the gate --fail-on heavy (P(heavy) "
                        "at least the level, or flagged at the false-discovery rate): give one.")
    level = GATE_LEVEL if args.level is None else args.level
    if args.output:  # fail on an unwritable target before the computation
        not_an_input(args.output, args)
        check_output(args.output, args.json)
    check_save(args)
    with Display(args.quiet) as say:
        doing = "classifying the upper tails" + " (Bayesian GPD fits: slow)" * args.bayes + (
            " with the Goodhart summaries (--json: --no-goodhart leaves them out, several "
            "times faster)") * (args.json and args.goodhart is None and args.dask is None)
        if args.dask is not None:
            say(doing)
            res = _dask_analysis(args, say)
        else:
            from tailstat.analysis import TailAnalysis

            data = _saved_or_input(args)  # a saved analysis is gated as it was made
            if isinstance(data, TailAnalysis):  # (nothing to classify: not said; a review)
                res = data
            else:  # (a path that is not there: its error alone, no status line; review 426)
                if not isinstance(data, str) or os.path.exists(data) or glob.has_magic(data):
                    say(doing)
                res = _analyze(args, data, progress=say)
    _no_group_left(res)
    if args.min_n is not None and len(res.table) and (res.table["n"] < args.min_n).all():
        # a gate that gated no group passed, "no group reaches that level" (a review)
        raise OptionError(f"--min-n {args.min_n:,} leaves every group out of the gate "
                          f"--fail-on heavy (the largest has {int(res.table['n'].max()):,} "
                          "scores), which would then vouch for none: lower --min-n.")
    code, gate = _gate(res, args.fail_on, level, args.fdr is not None, args.min_n)
    buf, terminal = io.StringIO(), getattr(sys.stdout, "encoding", None)
    with contextlib.redirect_stdout(buf):
        if args.json:
            print(json.dumps(classify_document(res, gate=gate, input_warnings=getattr(
                args, "input_warnings", None)), indent=2, allow_nan=False))
        else:
            df = res.to_frame()
            verdict = "verdict" if "verdict" in df.columns else "label"  # words when known
            if "error_label" in df.columns and res.error_classifications:
                # the error's verdict in the same words: an uncertain one looks uncertain
                said = {str(k): c.verdict for k, c in res.error_classifications.items()}
                df["error_label"] = [said.get(str(g), lab) for g, lab
                                     in zip(df["group"], df["error_label"], strict=True)]
            _print_table(df.to_dict("records"), table_columns(df, verdict),
                         encoding=None if args.output else terminal)
    with saving(args) as save:  # after the option checks (an exit 2 for them writes nothing)
        save(res)  # and renamed after -o's file: a failure of either leaves both (review 438)
        if args.output:  # (said last: "wrote" came before the failures and notes, review 414)
            from tailstat._table_rows import csv_frame  # (pandas: not at the command's start)

            write_output(args.output, buf.getvalue(), None if args.json else csv_frame(
                res.to_frame(), res.settings.get("by")), quiet=True)
    said_saved(args)
    if not args.output:
        write_stdout(buf.getvalue())
    _say_failures(res, "--json, under 'failures'")
    if not args.json:  # the caveats the table has no room for (-q too: a CI log keeps them)
        say_notes(res, "--json")
    if not args.quiet and len(res.table) > 1:  # (review 414: 5,000 rows and no summary)
        print(f"tailstat: summary: {_one_line_text(res.explain(), 4000)}", file=sys.stderr)
    if args.output and not args.quiet and not is_null_device(args.output):
        print(f"tailstat: wrote {args.output}", file=sys.stderr)
    if gate is not None and (code != 0 or not args.quiet or gate_names_groups(gate)):
        failed = set(gate["not_classified"])  # str(k); not those --min-n left out (a review)
        unclassified = ("not every group could be classified (" + _some(
            k for k in res.failures if str(k) in failed) + ")" if failed else "")
        tripped = set(gate["tripped"])  # str(key): named here as the table names them
        gated = "gated " if gate.get("not_gated") else ""  # (--min-n left some out)
        verdict = (("FAIL: heavy upper tail in " if level >= 0.5 or args.fdr is not None else
                    f"FAIL: P(heavy) at least {level:g} in ")  # (a review: "heavy upper
                   + _some(k for k in res.table["group"] if str(k) in tripped)  # tail" of a
                   # group the table calls bounded, at --level 0.02)
                   + (f"; also {unclassified}" if unclassified else "") if code == 1 else
                   f"FAIL: {unclassified}" if code == 2 else
                   f"pass: no {gated}group is flagged heavy" if args.fdr is not None else
                   # (a group may be called heavy below the level: "no group is heavy" beside
                   # "heavy (0.89)" in the table read as a contradiction)
                   f"pass: no {gated}group reaches that level")
        if gate.get("heavy_not_flagged"):
            verdict += ("; but called heavy with confidence and not flagged (among the "
                        "groups tested the evidence is not strong enough for the flag: light tails "
                        "of this size score as high often enough; gate with --level 0.8 in "
                        "place of --fdr to fail on them): "
                        + _some(gate["heavy_not_flagged"]))
        if gate.get("not_gated"):  # (a review: no way to leave tiny groups out but the file)
            verdict += (f"; left out, fewer than {gate['min_n']:,} scores (--min-n): "
                        + _some(gate["not_gated"]))
        if gate.get("heavy_below_level"):
            verdict += ("; but called heavy with confidence below that level (P(heavy) from "
                        "0.8; gate with a lower --level to fail on them): "
                        + _some(gate["heavy_below_level"]))
        print(f"tailstat: gate --fail-on heavy ({gate['rule']}): {verdict}", file=sys.stderr)
        if code == 2:  # exit 2 always comes with one error line (README)
            from tailstat.classification.classifier import MIN_N  # (--min-n: for small ones)
            t = res.table
            hint = (" (--min-n N leaves the groups of fewer than N scores out of the gate)"
                    if (t["n"][t["group"].astype(str).isin(failed)] < MIN_N).any() else "")
            print(f"tailstat: error: {unclassified}: the gate cannot vouch for a group it "
                  "could not classify; fix what its reason above names, or leave it out"
                  f"{hint}", file=sys.stderr)  # (not "more rows" for a constant one: 414)
    return code


def _some(keys: Iterable[Any]) -> str:
    """The first ``FAILURES_SHOWN`` group names, then how many more (the gate's line named
    all 500 groups of one row that could not be classified, 3,100 characters; a review)."""
    from tailstat._cli_input import FAILURES_SHOWN

    names = [visible_name(k) for k in keys]
    more = len(names) - FAILURES_SHOWN
    return ", ".join(names[:FAILURES_SHOWN]) + (f" and {more:,} more" if more > 0 else "")


def _cmd_report(args: argparse.Namespace) -> int:
    from tailstat._cli_input import (
        _dask_analysis,
        _fdr_value,
        _saved_or_input,
        _seed_of,
        input_warnings_said,
    )
    from tailstat._cli_output import (
        SUMMARY_MAX_GROUPS,
        _summary,
        default_output,
        is_null_device,
        not_an_input,
        report_target,
        say_notes,
    )
    from tailstat.reporting import AUTO_FIGURES_MAX_GROUPS, build_report

    if args.output is not None and not args.output.strip():
        raise OptionError("-o is empty: give the report a file name ending in .html (or leave "
                        "-o out for the default name).")
    out = (Path(args.output) if args.output
           else default_output(args.input, several=bool(args.more_inputs)))
    discard = is_null_device(str(out))  # -o /dev/null: the checks and notes, no page
    if not discard and out.suffix.lower() not in (".html", ".htm"):
        raise OptionError(f"the report is an HTML file: give -o a name ending in .html, got "
                        f"'{out}'.")
    not_an_input(out, args)
    check_save(args)
    data = _saved_or_input(args, reread=True) if args.dask is None else None
    with Display(args.quiet) as say, saving(args) as save, report_target(out, discard) as tmp, \
            input_warnings_said(args):  # the old report (and analysis) survive a failure
        data_options = {"column": args.column, "by": args.by, "gold": args.gold}
        if data is None:  # --dask: the report renders the analysis of the shards, made
            data = _dask_analysis(args, say)  # with the data options already
            data_options = {"column": None, "by": None, "gold": None}
        outcome = build_report(data, tmp, title=args.title, **data_options, bayes=args.bayes,
                               seed=_seed_of(args), fdr=_fdr_value(args), progress=say,
                               figures=args.figures,
                               require_success=True,
                               goodhart=args.goodhart)  # (None: with the figures)
        save(outcome.analysis)  # renamed after the report: both or neither (review 438)
    if args.goodhart is None and args.figures == "auto" \
            and len(outcome.analysis.classifications) > AUTO_FIGURES_MAX_GROUPS:
        # (as a note: review 414 found them left out without a word; review 422: --goodhart
        # left them out too, and the note sent to --figures all a saved analysis without them)
        print("tailstat: note: the sections 'What optimisation would do' are left out with "
              f"the figures per group beyond {AUTO_FIGURES_MAX_GROUPS} groups: give --goodhart "
              "to have them (as text), or --figures all (with their figures)", file=sys.stderr)
    _say_failures(outcome.analysis, "the report's table")
    say_notes(outcome.analysis, "the report")  # on stderr as classify's, -q too (a review)
    said_saved(args)
    if not args.quiet:
        _summary(outcome.analysis, limit=SUMMARY_MAX_GROUPS)
        print(f"tailstat: {'discarded' if discard else 'wrote'} {out} "
              f"({outcome.size / 1e6:.2f} MB in {outcome.seconds:.1f} s)", file=sys.stderr)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from tailstat import datasets
    from tailstat._cli_output import _classic, _summary, say_notes
    from tailstat.reporting import build_report

    out = Path("reports") / "demo.html"
    print("tailstat demo: synthetic scores of three reward models on the same 10 000 "
          "responses, with the true utility (gold); see help(tailstat.datasets).\n")
    with Display(args.quiet) as say, atomic_path(out) as tmp:
        outcome = build_report(datasets.path("reward_models"), tmp,
                               title="tailstat demo: three synthetic reward models",
                               column="reward", by="model", gold="gold", seed=args.seed,
                               progress=say)
    say_notes(outcome.analysis, "the report")
    _summary(outcome.analysis)
    if args.classic:
        print()
        _classic()
    # a status line, on stderr with the others' prefix (review 424: stdout holds results)
    print(f"tailstat: wrote {out.resolve()} — open it in a browser "
          f"({outcome.size / 1e6:.2f} MB, {outcome.seconds:.1f} s)", file=sys.stderr)
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line (``tailstat: error: ...``, exit status 2) and
    no abbreviated options (``--col`` breaks once another option starts alike; review 401)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{"allow_abbrev": False, **kwargs})

    def error(self, message: str) -> NoReturn:
        where = self.prog.split(" ", 1)[1] + ": " if " " in self.prog else ""
        self.exit(2, f"tailstat: error: {where}{_one_line_text(message)} (see "
                     f"'{self.prog} --help')\n")


def _data_args(p: argparse.ArgumentParser) -> None:
    p.register("action", None, StoreOnce)  # every plain option of a command once
    p.add_argument("input",
                   help="a .parquet, .csv, .tsv, .jsonl or .json file of scores, a RewardBench "
                        "output (*_outputs.jsonl, eval-set-scores/*.json, RewardBench 2 rows), "
                        "a folder of TRL completions_*.parquet, or - for standard input")
    p.add_argument("more_inputs", nargs="*", default=[], metavar="MORE",  # default: optional
                   help="with --dask: more Parquet files of the same table (a shell glob "
                        "such as shards/*.parquet gives several)")
    p.add_argument("--dask", nargs="?", const="", default=None, metavar="ADDRESS",
                   help="analyse Parquet shards on a Dask cluster (pip install "
                        "'tailstat[dask]'): the scheduler at ADDRESS (tcp://HOST:8786), or "
                        "without ADDRESS a local cluster of 2 worker processes started for "
                        "the run. Not with --gold or --goodhart (they need every row); "
                        "--bayes fits each group's merged sketch here")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="how to read INPUT (default: by its shape and extension)")
    p.add_argument("--scores", choices=SCORES, default=None,  # None: not given (review 426)
                   help="RewardBench outputs: the scores of the chosen or rejected responses, "
                        "both pooled, or the margin chosen - max(rejected) (default chosen; "
                        "grouped by subset unless --by is given)")
    p.add_argument("--step-bins", metavar="M", type=positive_arg, default=None,
                   help="TRL completion logs: group the training steps into M bins of equal "
                        "width (or use --by step)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress display and no summary; only the results, the "
                        "warnings about the input (rows dropped, groups merged) and the "
                        "groups' notes")
    p.add_argument("--column", metavar="C",
                   help="the reward column (optional when there is one numeric column)")
    p.add_argument("--by", metavar="G", action="append",
                   help="grouping column, e.g. the reward model (repeat for several)")
    p.add_argument("--gold", metavar="V",
                   help="true-utility column: also classify the error reward - gold and its "
                        "tail dependence with gold")
    p.add_argument("--bayes", action="store_true",
                   help="also fit a Bayesian GPD per group (PyMC; slow)")
    p.add_argument("--seed", metavar="N", type=seed_arg, default=None,
                   help="seed of every random step (default 0)")
    p.add_argument("--fdr", type=fdr_arg, default=None, metavar="Q",
                   help="false-discovery rate of the heavy-tail flags, in (0, 1) "
                        "(default 0.05; controlled when the light groups' tails resemble "
                        "the light population the null was built from: README)"
                        + ("; with --fail-on, the gate fails on flagged groups"
                           if p.prog.endswith("classify") else ""))
    p.add_argument("--goodhart", action=BooleanOnce, default=None,
                   help="what optimising each group's reward with best-of-n or a KL penalty "
                        "would do: minimum KL to +3 sd, best-of-1024 E[U] and E[V], one "
                        "verdict sentence (default: on for 'report', with its figures per "
                        "group, and for 'classify --json', off for the 'classify' text table; "
                        "--goodhart: in 'report' beyond the figures too, as text)")
    p.add_argument("--save-analysis", metavar="FILE.json",
                   help="also write the analysis itself (TailAnalysis.to_json: verdicts, "
                        "evidence, sketches; .gz compresses it), which 'tailstat report "
                        "FILE.json' renders again without the data")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from tailstat import __version__

    p = _Parser(
        prog="tailstat",
        description="Extreme-value analysis of reward distributions: is the upper tail of "
                    "your reward model heavy, light or bounded, and is it safe to optimise "
                    "against a KL penalty?",
        epilog=MAIN_EXIT_TEXT)
    p.add_argument("--version", action="version", version=f"tailstat {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser(
        "report", help="write a self-contained HTML tail report of a file",
        description="Classify the upper tail of each group of a file and write one "
                    "self-contained HTML report (figures inline, no network access needed to "
                    "view it). INPUT may also be an analysis saved with --save-analysis "
                    "FILE.json (TailAnalysis.to_json(path) in Python; a file, a pipe or "
                    "'-'): it is reported as it was made, figures included (the analysis "
                    "carries the sketches they are drawn from).",
        epilog=EXIT_TEXT)
    _data_args(r)
    r.add_argument("-o", "--output", metavar="OUT.html",
                   help="the HTML file to write (default: INPUT-STEM-tail-report.html in the "
                        "current directory); missing folders are created and an existing "
                        "file is replaced whole, or left as it was when the report fails; "
                        "/dev/null: build it and discard it")
    r.add_argument("--title", metavar="T", help="title shown at the top of the report")
    r.add_argument("--figures", choices=("auto", "all", "summary", "none"), default="auto",
                   help="diagnostic figures: 'all' (one per group), 'summary' (the overview "
                        "only), 'none'; 'auto' (default) is 'all' up to 50 groups and "
                        "'summary' beyond")
    r.set_defaults(func=_cmd_report, parser=r)

    c = sub.add_parser(
        "classify", help="classify the upper tail of each group of a file (text or JSON)",
        description="Classify the upper tail of each group of a file as heavy, light or "
                    "bounded; print a table, or JSON with --json (schema: "
                    "tailstat/schema/classify.schema.json). INPUT may also be an analysis "
                    "saved with --save-analysis FILE.json (TailAnalysis.to_json(path) in "
                    "Python; a file, a pipe or '-'): its table is printed and gated as it "
                    "was made.",
        epilog=CLASSIFY_EXIT_TEXT)
    _data_args(c)
    c.add_argument("--json", action="store_true", help="print JSON for scripts")
    c.add_argument("-o", "--output", metavar="FILE",
                   help="write the table (or the JSON) to FILE instead of stdout ('-': "
                        "stdout): the analysis table as CSV for a name ending in .csv (text "
                        "a spreadsheet would run as a formula quoted with '), compressed for "
                        ".gz, .bz2 or .xz; missing folders are created and an existing file is "
                        "replaced whole (or left as it was on a failure; a gate's exit 1 or 2 "
                        "writes it, as --save-analysis)")
    c.add_argument("--fail-on", choices=["heavy"], default=None,
                   help="CI gate: exit 1 when a group is heavy (P(heavy) >= --level, or "
                        "flagged at --fdr Q when --fdr is given); else 2 on bad input or a "
                        "group that could not be classified; 0 otherwise")
    c.add_argument("--level", type=level_arg, default=None, metavar="P",
                   help=f"with --fail-on: the P(heavy) at which a group fails (default "
                        f"{GATE_LEVEL:g}; not with --fdr; above 0.01, the smallest P(heavy), and "
                        "at most 0.98, the largest, which clear heavy tails approach to within "
                        "1e-4: a level within 0.001 of it is read as 0.979)")
    c.add_argument("--min-n", type=positive_arg, default=None, metavar="N",
                   help="with --fail-on: leave the groups of fewer than N scores out of the "
                        "gate (still in the table, and named on the gate's line; --fdr then "
                        "flags among the gated groups; an N leaving every group out is refused)")
    c.set_defaults(func=_cmd_classify, parser=c)

    d = sub.add_parser(
        "demo", help="analyse the bundled reward-model data; write reports/demo.html",
        description="Analyse the bundled synthetic reward-model data (by model, with gold "
                    "scores), write reports/demo.html under the current directory and print a "
                    "short summary.",
        epilog=EXIT_TEXT)
    d.register("action", None, StoreOnce)
    d.add_argument("--seed", metavar="N", type=seed_arg, default=0,
                   help="seed of every random step (default 0)")
    d.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    d.add_argument("--classic", action="store_true",
                   help="also run the estimators on the Danish fire and rainfall data")
    d.set_defaults(func=_cmd_demo, parser=d)
    return p


def _say_failures(res: Any, where: str) -> None:
    """The groups that could not be classified, on stderr (with ``-q`` too: a review found
    ``report -q`` silent about them), the first ``FAILURES_SHOWN`` with their reason;
    ``where``: where all the reasons are."""
    from tailstat._cli_input import FAILURES_SHOWN

    failed = list(res.failures.items())
    for key, reason in failed[:FAILURES_SHOWN]:
        print(f"tailstat: ! {visible_name(key)}: not classified: {_one_line_text(reason)}",
              file=sys.stderr)
    if len(failed) > FAILURES_SHOWN:  # 97,000 lines for as many tiny groups, with -q
        print(f"tailstat: ! ... and {len(failed) - FAILURES_SHOWN:,} more groups not "
              f"classified (each with its reason: {where})", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    return _one_line_text(str(exc)) or type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tailstat`` command; returns the exit status.

    0 on success; 1 when ``classify --fail-on heavy`` finds a heavy tail; 2 on bad input or
    a failure, with one line on stderr naming the problem and no traceback; 70 on an
    unexpected error inside tailstat (also one line); 130 when interrupted; 141
    when the reader of the output closed the pipe (the policy is in the module docstring).
    Usage errors (an unknown option, ``--fdr 2``) raise ``SystemExit(2)``, with one line."""
    with shell_streams():  # a closed pipe, a narrow encoding, SIGTERM (tailstat._cli_streams)
        try:
            parser = build_parser()
            args, extra = parser.parse_known_args(dask_address_last(argv))
            if extra:  # named by the command's help (a review: 'tailstat --help')
                args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
            return _run(args)
        except BrokenPipeError:  # the reader left (| head -1): nothing more to say
            return broken_pipe()


def _run(args: argparse.Namespace) -> int:
    """The command of ``args``, its failures mapped to the exit codes of :func:`main`."""
    source = getattr(args, "input", None)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        raise  # before OSError: main() ends quietly
    except OutputError as exc:  # names the output file itself
        return fail(_one_line(exc))
    except TailstatError as exc:  # which file (one line), not for options or TAILSTAT_*
        from tailstat._cli_output import in_option_words, names_input

        msg, shown = in_option_words(_one_line(exc)), _one_line_text(str(source or ""))
        if shown and source != "-" and not names_input(msg, Path(shown).name) and not \
                isinstance(exc, OptionError) and not msg.startswith("TAILSTAT_"):
            msg = f"{shown}: {msg}"
        return fail(msg)
    except OSError as exc:  # e.g. the output folder cannot be written
        where = f": '{_one_line_text(str(exc.filename))}'" if exc.filename else ""
        closed = exc.errno == errno.EBADF and not exc.filename  # stdout closed: no path
        return fail(f"{exc.strerror or _one_line(exc)}{where}" + (
            "" if closed else ": check the path and its rights"))
    except (OverflowError, FloatingPointError, ZeroDivisionError) as exc:
        print_traceback()
        what = f"{source}: " if source else ""
        return fail(f"{what}numerical failure ({type(exc).__name__}: {_one_line(exc)}): the "
                     "data probably hold values too extreme for the tail fits (|x| around "
                     "1e100 or more); rescale the rewards (e.g. divide by a power of 10) and "
                     "run again")
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (kill, timeout): cleaned up alike
        print("tailstat: interrupted", file=sys.stderr)
        return 130
    except ImportError as exc:  # an optional extra not installed (--dask): its own advice
        return fail(_one_line(exc))
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        how = "report it with the traceback above" if print_traceback() else \
            "set TAILSTAT_TRACEBACK=1 for the traceback and report it"  # (reviews 387, 389)
        what = f"{source}: " if source else ""
        return fail(f"{what}unexpected {type(exc).__name__}: {_one_line(exc)} (this is "
                    f"probably a bug in tailstat; {how})", BUG_EXIT)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

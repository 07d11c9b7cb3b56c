"""The ``tailstat`` command line: a thin layer over :func:`tailstat.analyze` and
:func:`tailstat.report`.

Subcommands: ``report`` (the HTML tail report of a file), ``classify`` (a table or JSON on
stdout, or in a file with ``-o``) and ``demo`` (the bundled reward-model data: a report in
``reports/demo.html`` and a short summary). Progress goes to stderr, results to stdout.

``--goodhart/--no-goodhart``: what optimising each group's reward would do
(:func:`tailstat.goodhart.goodhart_summary`: the KL needed to reach +3 sd, best-of-1024 E[U]
and, with ``--gold``, E[V], one verdict sentence). On by default for ``report`` (its section
"What optimisation would do") and for ``classify --json`` (the ``goodhart`` object and the
``goodhart_*`` columns): it is cheap -- measured +0.6 s (1.7 s -> 2.35 s) on the 3 x 10^4-row
demo file -- and the tail model reuses the classification. Off by default for the
``classify`` text table, which stays one screen wide (``--goodhart`` adds three columns).

Every failure exits with code 2 and one line on stderr naming the problem (``tailstat: error:
...``), never a traceback: bad arguments (``--fdr`` outside (0, 1), a negative ``--seed``),
bad input (a missing, empty or misread file, an unknown column), a numerical failure on
extreme values, an output file that cannot be written. Set ``TAILSTAT_TRACEBACK=1`` to see
the traceback of an unexpected error. Every file is written atomically
(:mod:`tailstat._atomic`): a failed run leaves the previous file byte-identical and no empty
folders behind.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from tailstat._atomic import OutputError, atomic_path, check_target, write_text
from tailstat.errors import DataError, TailstatError, TailstatWarning

__all__ = ["build_parser", "main"]


def _print_table(rows: list[dict[str, Any]], cols: Sequence[str]) -> None:
    def fmt(v: Any) -> str:
        if isinstance(v, (float, np.floating)):
            return "nan" if not np.isfinite(v) else f"{v:.3g}"
        return "" if v is None else str(v)

    cells = [[fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _progress(msg: str) -> None:
    print(f"tailstat: {msg}", file=sys.stderr, flush=True)


def _summary(res: Any) -> None:
    """A short text summary of a TailAnalysis: one row per group, then one sentence each."""
    rows = []
    flags = dict(zip(res.table["group"], res.table["heavy_flag"], strict=True))  # any key type
    for key, c in res.classifications.items():
        row: dict[str, Any] = {
            "group": str(key), "n": c.n, "verdict": f"{c.verdict}, {c.subtype}",
            "P(heavy)": f"{c.probabilities['heavy']:.2f}",
            "xi [95% CI]": f"{c.xi:.2f} [{c.xi_ci.low:.2f}, {c.xi_ci.high:.2f}]",
            "theta": f"{c.theta:.2f}",
        }
        row["heavy flag"] = "flagged" if bool(flags.get(key, False)) else "-"
        err = res.error_classifications.get(key)
        if err is not None:
            row["error tail"] = f"{err.label} ({err.probability:.2f})"
        dep = res.dependence.get(key)
        if dep is not None:
            last = dep.table.iloc[-1]
            row[f"chi({last['u']:g})"] = f"{last['chi']:.3f}"
        rows.append(row)
    if rows:
        cols = list(dict.fromkeys(k for r in rows for k in r))
        _print_table(rows, cols)
    for key, reason in res.failures.items():
        print(f"  ! {key}: not analysed: {reason}")
    for c in res.classifications.values():
        print(f"  - {c.explain()}")


def _cmd_classify(args: argparse.Namespace) -> int:
    import contextlib
    import io

    from tailstat.analysis import analyze

    if args.output:  # fail on an unwritable target before the computation
        check_target(args.output)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        res = analyze(args.input, args.column, by=args.by, gold=args.gold, seed=args.seed,
                      method="bayes" if args.bayes else "fast", fdr=args.fdr,
                      goodhart=args.json if args.goodhart is None else args.goodhart)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        if args.json:
            print(json.dumps(res.to_dict(), indent=2, allow_nan=False))
        else:
            df = res.to_frame()
            cols = ["group", "n", "label", "subtype", "p_heavy", "p_light", "p_bounded", "xi",
                    "xi_low", "xi_high", "theta", "heavy_flag", "goodhart_kl_3sd",
                    "goodhart_bon_u_1024", "goodhart_bon_v_1024", "error"]
            _print_table(df.to_dict("records"), [c for c in cols if c in df.columns])
    if args.output:
        write_text(args.output, buf.getvalue())
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(buf.getvalue())
    return 0


def _default_output(input_path: str) -> Path:
    return Path(f"{Path(input_path).stem}-tail-report.html")


def _cmd_report(args: argparse.Namespace) -> int:
    from tailstat.reporting import build_report

    out = Path(args.output) if args.output else _default_output(args.input)
    if out.suffix.lower() not in (".html", ".htm"):
        raise DataError(f"the report is an HTML file: give -o a name ending in .html, got "
                        f"'{out}'.")
    with atomic_path(out) as tmp:  # the old report survives any failure, byte for byte
        outcome = build_report(args.input, tmp, title=args.title, column=args.column,
                               by=args.by, gold=args.gold, bayes=args.bayes, seed=args.seed,
                               fdr=args.fdr, progress=None if args.quiet else _progress,
                               require_success=True,
                               goodhart=True if args.goodhart is None else args.goodhart)
    if not args.quiet:
        _summary(outcome.analysis)
    print(f"wrote {out} ({outcome.size / 1e6:.2f} MB in {outcome.seconds:.1f} s)")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from tailstat import datasets
    from tailstat.reporting import build_report

    out = Path("reports") / "demo.html"
    print("tailstat demo: synthetic scores of three reward models on the same 10 000 "
          "responses, with the true utility (gold); see datasets/README.md.\n")
    with atomic_path(out) as tmp:
        outcome = build_report(datasets.path("reward_models"), tmp,
                               title="tailstat demo: three synthetic reward models",
                               column="reward", by="model", gold="gold", seed=args.seed,
                               progress=_progress)
    _summary(outcome.analysis)
    if args.classic:
        print()
        _classic()
    print(f"\nwrote {out.resolve()} — open it in a browser "
          f"({outcome.size / 1e6:.2f} MB, {outcome.seconds:.1f} s)")
    return 0


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


def _fdr(text: str) -> float:
    """``--fdr``: a number strictly between 0 and 1."""
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not (0.0 < v < 1.0):  # also rejects nan and inf
        raise argparse.ArgumentTypeError(
            f"must be a number strictly between 0 and 1, e.g. 0.05; got {text!r} instead")
    return v


def _seed(text: str) -> int:
    """``--seed``: a non-negative integer."""
    try:
        v = int(text)
    except ValueError:
        v = -1
    if v < 0:
        raise argparse.ArgumentTypeError(
            f"must be a non-negative integer, e.g. 0; got {text!r} instead")
    return v


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line: ``tailstat: error: ...`` and exit status 2."""

    def error(self, message: str) -> NoReturn:
        where = self.prog.split(" ", 1)[1] + " " if " " in self.prog else ""
        self.exit(2, f"tailstat: error: {where}{_one_line_text(message)} (see "
                     f"'{self.prog} --help')\n")


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="a .parquet, .csv, .tsv or .jsonl file of scores")
    p.add_argument("--column", metavar="C",
                   help="the reward column (optional when there is one numeric column)")
    p.add_argument("--by", metavar="G", action="append",
                   help="grouping column, e.g. the reward model (repeat for several)")
    p.add_argument("--gold", metavar="V",
                   help="true-utility column: also classify the error reward - gold and its "
                        "tail dependence with gold")
    p.add_argument("--bayes", action="store_true",
                   help="also fit a Bayesian GPD per group (PyMC; slow)")
    p.add_argument("--seed", metavar="N", type=_seed, default=0,
                   help="seed of every random step (default 0)")
    p.add_argument("--fdr", type=_fdr, default=0.05, metavar="Q",
                   help="false-discovery rate of the heavy-tail flags, in (0, 1) "
                        "(default 0.05)")
    p.add_argument("--goodhart", action=argparse.BooleanOptionalAction, default=None,
                   help="what optimising each group's reward with best-of-n or a KL penalty "
                        "would do: minimum KL to +3 sd, best-of-1024 E[U] and E[V], one "
                        "verdict sentence (default: on for 'report' and for 'classify "
                        "--json', off for the 'classify' text table)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from tailstat import __version__

    p = _Parser(
        prog="tailstat",
        description="Extreme-value analysis of reward distributions: is the upper tail of "
                    "your reward model heavy, light or bounded, and is it safe to optimise "
                    "against a KL penalty?",
        epilog="Run 'tailstat COMMAND --help' for the options of a command.")
    p.add_argument("--version", action="version", version=f"tailstat {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser(
        "report", help="write a self-contained HTML tail report of a file",
        description="Classify the upper tail of each group of a file and write one "
                    "self-contained HTML report (figures inline, no network access needed to "
                    "view it).")
    _data_args(r)
    r.add_argument("-o", "--output", metavar="OUT.html",
                   help="the HTML file to write (default: INPUT-STEM-tail-report.html in the "
                        "current directory)")
    r.add_argument("--title", metavar="T", help="title shown at the top of the report")
    r.add_argument("-q", "--quiet", action="store_true",
                   help="no progress lines and no summary; only the output path")
    r.set_defaults(func=_cmd_report)

    c = sub.add_parser(
        "classify", help="classify the upper tail of each group of a file (text or JSON)",
        description="Classify the upper tail of each group of a file as heavy, light or "
                    "bounded; print a table, or JSON with --json.")
    _data_args(c)
    c.add_argument("--json", action="store_true", help="print JSON for scripts")
    c.add_argument("-o", "--output", metavar="FILE",
                   help="write the table (or the JSON) to FILE instead of stdout; the file "
                        "appears whole or not at all")
    c.set_defaults(func=_cmd_classify)

    d = sub.add_parser(
        "demo", help="analyse the bundled reward-model data; write reports/demo.html",
        description="Analyse the bundled synthetic reward-model data (by model, with gold "
                    "scores), write reports/demo.html under the current directory and print a "
                    "short summary.")
    d.add_argument("--seed", metavar="N", type=_seed, default=0,
                   help="seed of every random step (default 0)")
    d.add_argument("--classic", action="store_true",
                   help="also run the estimators on the Danish fire and rainfall data")
    d.set_defaults(func=_cmd_demo)
    return p


def _one_line_text(text: str, limit: int = 500) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _one_line(exc: BaseException) -> str:
    return _one_line_text(str(exc)) or type(exc).__name__


def _fail(msg: str) -> int:
    print(f"tailstat: error: {msg}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tailstat`` command; returns the exit status.

    0 on success; 2 on any failure, with one line on stderr naming the problem and no
    traceback; 130 when interrupted. Usage errors (an unknown option, ``--fdr 2``) exit
    through :class:`SystemExit` with status 2 and one line, as argparse does.
    """
    args = build_parser().parse_args(argv)
    source = getattr(args, "input", None)
    try:
        return int(args.func(args))
    except OutputError as exc:  # names the output file itself
        return _fail(_one_line(exc))
    except TailstatError as exc:
        msg = _one_line(exc)
        if source and Path(source).name not in msg:  # say which file the problem is in
            msg = f"{source}: {msg}"
        return _fail(msg)
    except OSError as exc:  # e.g. the output folder cannot be written
        where = f": '{exc.filename}'" if getattr(exc, "filename", None) else ""
        return _fail(f"{exc.strerror or _one_line(exc)}{where}")
    except (OverflowError, FloatingPointError, ZeroDivisionError) as exc:
        if os.environ.get("TAILSTAT_TRACEBACK"):
            raise
        what = f"{source}: " if source else ""
        return _fail(f"{what}numerical failure ({type(exc).__name__}: {_one_line(exc)}): the "
                     "data probably hold values too extreme for the tail fits (|x| around "
                     "1e100 or more); rescale the rewards (e.g. divide by a power of 10) and "
                     "run again")
    except KeyboardInterrupt:  # pragma: no cover
        print("tailstat: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("TAILSTAT_TRACEBACK"):
            raise
        what = f"{source}: " if source else ""
        return _fail(f"{what}unexpected {type(exc).__name__}: {_one_line(exc)} (this is "
                     "probably a bug in tailstat; set TAILSTAT_TRACEBACK=1 for the traceback "
                     "and report it)")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

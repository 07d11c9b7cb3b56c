"""The ``tailstat`` command line: a thin layer over :func:`tailstat.analyze` and
:func:`tailstat.report`.

Subcommands: ``report`` (the HTML tail report of a file), ``classify`` (a table or JSON on
stdout) and ``demo`` (the bundled reward-model data: a report in ``reports/demo.html`` and a
short summary). Bad input exits with code 2 and one line naming the problem (no traceback);
progress goes to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

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
    for key, c in res.classifications.items():
        row: dict[str, Any] = {
            "group": str(key), "n": c.n, "verdict": f"{c.label} ({c.subtype})",
            "P(heavy)": f"{c.probabilities['heavy']:.2f}",
            "xi [95% CI]": f"{c.xi:.2f} [{c.xi_ci.low:.2f}, {c.xi_ci.high:.2f}]",
            "theta": f"{c.theta:.2f}",
        }
        t = res.table.set_index("group")
        row["heavy flag"] = "flagged" if bool(t.loc[key, "heavy_flag"]) else "-"
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
    from tailstat.analysis import analyze

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        res = analyze(args.input, args.column, by=args.by, gold=args.gold, seed=args.seed,
                      method="bayes" if args.bayes else "fast")
    if args.json:
        print(json.dumps(res.to_dict(), indent=2))
        return 0
    df = res.to_frame()
    cols = ["group", "n", "label", "subtype", "p_heavy", "p_light", "p_bounded", "xi", "xi_low",
            "xi_high", "theta", "heavy_flag", "error"]
    _print_table(df.to_dict("records"), [c for c in cols if c in df.columns])
    return 0


def _default_output(input_path: str) -> Path:
    return Path(f"{Path(input_path).stem}-tail-report.html")


def _cmd_report(args: argparse.Namespace) -> int:
    from tailstat.reporting import build_report

    out = Path(args.output) if args.output else _default_output(args.input)
    if out.suffix.lower() not in (".html", ".htm"):
        raise DataError(f"the report is an HTML file: give -o a name ending in .html, got "
                        f"'{out}'.")
    outcome = build_report(args.input, out, title=args.title, column=args.column, by=args.by,
                           gold=args.gold, bayes=args.bayes, seed=args.seed, fdr=args.fdr,
                           progress=None if args.quiet else _progress, require_success=True)
    if not args.quiet:
        _summary(outcome.analysis)
    print(f"wrote {outcome.path} ({outcome.size / 1e6:.2f} MB in {outcome.seconds:.1f} s)")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from tailstat import datasets
    from tailstat.reporting import build_report

    out = Path("reports") / "demo.html"
    print("tailstat demo: synthetic scores of three reward models on the same 10 000 "
          "responses, with the true utility (gold); see datasets/README.md.\n")
    outcome = build_report(datasets.path("reward_models"), out,
                           title="tailstat demo: three synthetic reward models",
                           column="reward", by="model", gold="gold", seed=args.seed,
                           progress=_progress)
    _summary(outcome.analysis)
    if args.classic:
        print()
        _classic()
    print(f"\nwrote {outcome.path.resolve()} — open it in a browser "
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
    p.add_argument("--seed", metavar="N", type=int, default=0,
                   help="seed of every random step (default 0)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from tailstat import __version__

    p = argparse.ArgumentParser(
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
    r.add_argument("--fdr", type=float, default=0.05,
                   help="false-discovery rate of the heavy-tail flags (default 0.05)")
    r.add_argument("-q", "--quiet", action="store_true",
                   help="no progress lines and no summary; only the output path")
    r.set_defaults(func=_cmd_report)

    c = sub.add_parser(
        "classify", help="classify the upper tail of each group of a file (text or JSON)",
        description="Classify the upper tail of each group of a file as heavy, light or "
                    "bounded; print a table, or JSON with --json.")
    _data_args(c)
    c.add_argument("--json", action="store_true", help="print JSON for scripts")
    c.set_defaults(func=_cmd_classify)

    d = sub.add_parser(
        "demo", help="analyse the bundled reward-model data; write reports/demo.html",
        description="Analyse the bundled synthetic reward-model data (by model, with gold "
                    "scores), write reports/demo.html under the current directory and print a "
                    "short summary.")
    d.add_argument("--seed", metavar="N", type=int, default=0,
                   help="seed of every random step (default 0)")
    d.add_argument("--classic", action="store_true",
                   help="also run the estimators on the Danish fire and rainfall data")
    d.set_defaults(func=_cmd_demo)
    return p


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tailstat`` command; returns the exit status.

    0 on success, 2 on bad input (one line on stderr naming the problem), 130 when
    interrupted.
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TailstatError as exc:
        msg = _one_line(exc)
        source = getattr(args, "input", None)
        if source and Path(source).name not in msg:  # say which file the problem is in
            msg = f"{source}: {msg}"
        print(f"tailstat: error: {msg}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. the output folder cannot be written
        where = f": '{exc.filename}'" if getattr(exc, "filename", None) else ""
        print(f"tailstat: error: {exc.strerror or _one_line(exc)}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("tailstat: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

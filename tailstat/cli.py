"""The ``tailstat`` command line: a thin layer over :func:`tailstat.analyze` and friends.

Bad input exits with code 2 and one line naming the problem (no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from tailstat.errors import TailstatError, TailstatWarning


def _print_table(rows: list[dict[str, Any]], cols: Sequence[str]) -> None:
    def fmt(v: Any) -> str:
        if isinstance(v, float):
            return "nan" if not np.isfinite(v) else f"{v:.3g}"
        return "" if v is None else str(v)

    cells = [[fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _cmd_classify(args: argparse.Namespace) -> int:
    from tailstat.analysis import analyze

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        res = analyze(args.input, args.column, by=args.by, gold=args.gold, seed=args.seed)
    df = res.to_frame()
    if args.json:
        print(json.dumps(res.to_dict(), indent=2))
        return 0
    cols = ["group", "n", "label", "subtype", "p_heavy", "p_light", "p_bounded", "xi", "xi_low",
            "xi_high", "theta", "heavy_flag", "error"]
    _print_table(df.to_dict("records"), [c for c in cols if c in df.columns])
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from tailstat import datasets, hill, moment, pickands, weibull_tail
    from tailstat.analysis import analyze

    print("tailstat demo: bundled data sets (see datasets/README.md)\n")
    rm = datasets.load("reward_models")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        res = analyze(rm, "reward", by="model", gold="gold", seed=args.seed)
    print("Synthetic reward models (10 000 responses each; gold = true utility):")
    cols = ["group", "n", "label", "subtype", "p_heavy", "p_light", "p_bounded", "xi", "xi_low",
            "xi_high", "theta", "heavy_flag", "error_label", "chi_0.99"]
    df = res.to_frame()
    _print_table(df.to_dict("records"), [c for c in cols if c in df.columns])
    for c in res.classifications.values():
        print(f"  - {c.explain()}")
    print()
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
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    p = argparse.ArgumentParser(
        prog="tailstat",
        description="Extreme-value analysis of reward distributions: is the upper tail of "
                    "your reward model heavy, light or bounded?")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("classify", help="classify the upper tail of each group of a file")
    c.add_argument("input", help="a .parquet, .csv or .jsonl file")
    c.add_argument("--column", help="the reward column")
    c.add_argument("--by", help="grouping column (e.g. the reward model)")
    c.add_argument("--gold", help="true-utility column: also classify the error reward - gold")
    c.add_argument("--json", action="store_true", help="print JSON for scripts")
    c.add_argument("--seed", type=int, default=0)
    c.set_defaults(func=_cmd_classify)
    d = sub.add_parser("demo", help="analyse the bundled data sets")
    d.add_argument("--seed", type=int, default=0)
    d.set_defaults(func=_cmd_demo)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tailstat`` command."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TailstatError as exc:
        print(f"tailstat: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

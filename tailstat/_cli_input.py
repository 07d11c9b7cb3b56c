"""What the ``tailstat`` command reads and how it analyses it: the input (a file, standard
input with a format, a saved analysis, Parquet shards on Dask) and :func:`tailstat.analyze`
with the command's options. :mod:`tailstat.cli` parses the command line and runs the
commands.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import warnings
from collections.abc import Iterator
from typing import Any

from tailstat._cli_args import OptionError
from tailstat._cli_output import DEFAULT_FDR, in_option_words
from tailstat._dask_address import NO_SCHEDULER
from tailstat._display import no_group_classified, visible
from tailstat.errors import DataError, InputWarning, TailstatWarning

__all__: list[str] = []


def _reader_options(args: argparse.Namespace, plain: tuple[str, ...] = ()
                    ) -> list[tuple[str, bool]]:
    """The reader options (``--format``, ``--scores``, ``--step-bins``) and whether each was
    given; a format in ``plain`` reads as not given."""
    return [("--format", args.format not in (None, "auto", *plain)),
            ("--scores", args.scores is not None),  # "chosen" given is given (review 426)
            ("--step-bins", args.step_bins is not None)]


def _analyze(args: argparse.Namespace, data: Any, progress: Any = None) -> Any:
    """:func:`tailstat.analyze` with the command's options (progress when it takes one)."""
    import inspect

    from tailstat.analysis import analyze

    kw: dict[str, Any] = {}
    if progress is not None and "progress" in inspect.signature(analyze).parameters:
        kw["progress"] = progress
    default = bool(getattr(args, "json", False))  # classify: on for --json only
    goodhart = default if getattr(args, "goodhart", None) is None else args.goodhart
    with input_warnings_said(args):
        return analyze(data, args.column, by=args.by, gold=args.gold, seed=_seed_of(args),
                       method="bayes" if args.bayes else "fast", fdr=_fdr_value(args),
                       goodhart=goodhart, **kw)


@contextlib.contextmanager
def input_warnings_said(args: argparse.Namespace) -> Iterator[None]:
    """Run the block with tailstat's warnings caught; then say its InputWarnings (what reading
    the input found: a file without a header line, rows without a key, missing rewards) as
    ``tailstat: warning:`` lines. The groups' own caveats are in the result, which the
    command prints; any other warning is re-issued as it was."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    _say(caught, args, only=lambda w: issubclass(w.category, InputWarning))


def _say(caught: list[warnings.WarningMessage], args: argparse.Namespace,
         only: Any = None) -> None:
    """Caught warnings: tailstat's as ``tailstat: warning:`` lines (once each, ``-q`` too: they
    say what reading the input changed, rows dropped or groups merged, which a quiet CI run
    must still show; ``only(warning)`` picks which), any other re-issued as it was. The texts
    are kept in ``args.input_warnings`` (the ``--json`` document's ``input_warnings``)."""
    said = getattr(args, "input_warnings", None)
    if said is None:
        said = args.input_warnings = []
    seen: set[str] = set()
    copies: tuple[str, ...] = ()  # a pipe's copy ('63.csv' for <(...), /dev/fd/63): named as
    if isinstance(args.input, str) and args.input != "-" and not (  # the input given (a review)
            os.path.isfile(args.input) or os.path.isdir(args.input)):
        from tailstat.data.readers import stream_copy_names

        copies = stream_copy_names(args.input)
    for w in caught:
        text = in_option_words(str(w.message))
        if not issubclass(w.category, TailstatWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        elif (only is None or only(w)) and text not in seen:
            seen.add(text)
            if args.input == "-":  # the reader's temporary copy of standard input
                text = re.sub(r"'stdin\.[A-Za-z]+'", "standard input", text)
            for copy in copies:  # quoted as the reader quotes it
                text = text.replace(f"'{copy}'", repr(args.input))
            if text not in said:
                said.append(text)
            print(f"tailstat: warning: {visible(text)}", file=sys.stderr)


def _fdr_value(args: argparse.Namespace) -> float:
    return DEFAULT_FDR if args.fdr is None else float(args.fdr)


def _input(args: argparse.Namespace, raw: bytes | None = None) -> Any:
    """The input as the analysis takes it: the path itself, or a reader's frame when a
    format option (or standard input, or a pipe: ``raw``, its bytes read already) needs
    reading first."""
    from tailstat.data.readers import read_any, read_bytes, read_options

    if args.more_inputs:
        from tailstat.data.shards import PARQUET_SUFFIXES

        given = (args.input, *args.more_inputs)
        folders = {os.path.dirname(p) or "." for p in given}
        one = (f"; their folder ({next(iter(folders))}) is read as one table of its Parquet "
               "files without it" if len(folders) == 1
               and all(str(p).lower().endswith(PARQUET_SUFFIXES) for p in given)
               else "")  # (a shell's shards/*.parquet: a review; not CSVs, which it skips)
        raise DataError(f"several inputs ({args.input}, {args.more_inputs[0]}, ...): only "
                        f"--dask analyses several Parquet files as one table{one}; otherwise "
                        "give one file.")
    if raw is not None or any(used for _, used in _reader_options(args)):
        # the reader itself (read_table would refuse the options it does not take in its
        # own words; the command says it with the flags below)
        options = {"format": args.format, "scores": args.scores or "chosen",
                   "step_bins": args.step_bins}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = (read_any(args.input, **options) if raw is None
                     else read_bytes(raw, args.input, **options))
        _say(caught, args)  # what reading found, said as the analysis's own warnings are
        fmt = getattr(table, "attrs", {}).get("tailstat_format")
        unused = [flag for flag, used in (
            ("--scores", args.scores is not None and fmt != "rewardbench"),
            ("--step-bins", args.step_bins is not None and fmt != "trl")) if used]
        if unused:  # an option the file's reader does not take: say so, never ignore it
            what = {"--scores": "RewardBench outputs", "--step-bins": "TRL completion logs"}
            said = " and ".join(f"{flag} is for {what[flag]}" for flag in unused)
            raise DataError(f"{said}, but {args.input!r} was read as "
                            f"{'a ' + fmt + ' file' if fmt else 'a plain table'}: leave "
                            f"{'it' if len(unused) == 1 else 'them'} out, or name the format "
                            "with --format.")
        if args.step_bins is not None and args.by is not None:  # never drop an option
            by = ", ".join(map(str, args.by)) if isinstance(args.by, list) else str(args.by)
            raise OptionError("--step-bins groups the rows into bins of training steps and "
                              f"--by groups them by {by!r}: give one of them (--by step for "
                              "one group per step).")
        if isinstance(getattr(table, "attrs", None), dict):
            # the file (or standard input) as read here, unchanged: a report names it and
            # repeats these options in its "to run again" command
            table.attrs["tailstat_cli_read"] = read_options(args.format, options["scores"],
                                                            args.step_bins)
        return table
    return args.input


def _seed_of(args: argparse.Namespace) -> int:
    """``--seed``, 0 when not given (None marks "not given" for a saved analysis)."""
    return 0 if args.seed is None else int(args.seed)


def _saved_or_input(args: argparse.Namespace, reread: bool = False) -> Any:
    """A saved analysis (``TailAnalysis.to_json``) read back, or the data input.

    Standard input and a pipe (``<(zcat run.json.gz)``) are read once, here: what they hold
    decides (a pipe holding a saved analysis was read as a table, and failed on a column
    "'version' has only 2 value(s)": a review). With ``reread``, a saved analysis read from a
    file, its options checked, is returned as the file's path (the report reads it again,
    to name the file and its checksum)."""
    from tailstat.data.readers import stream_bytes
    from tailstat.saved import holds_saved_analysis, is_saved_analysis, read_analysis, read_from

    raw = None if args.more_inputs else stream_bytes(args.input)
    if raw is not None and not holds_saved_analysis(raw):
        return _input(args, raw)
    if raw is not None or (not args.more_inputs and is_saved_analysis(args.input)):
        analysis = read_analysis(args.input if raw is None else raw)
        shown = "standard input" if args.input == "-" else args.input
        made = analysis.settings
        options = _options_differing(args, made)
        if options:
            raise DataError(f"{shown} is a saved analysis: it is used as it was made, so "
                            f"{', '.join(options)} cannot apply; leave them out (or give them "
                            "as it was made), or analyse the data again to change them.")
        # given as it was made: said already, by the analysis (the report would take them
        # for options of data to analyse, and refuse them)
        args.column = args.by = args.gold = None
        if args.goodhart is False and (analysis.goodhart or analysis.settings.get("goodhart")):
            # it was ignored in silence (made with the summaries, even if each one failed)
            raise DataError(f"{shown} is a saved analysis made with its Goodhart "
                            "summaries: it is used as it was made, so --no-goodhart cannot "
                            "apply; leave it out, or analyse the data again without them.")
        for flag, given, saved in (("--fdr", args.fdr, made.get("fdr")),
                                   ("--seed", args.seed, made.get("seed"))):
            if given is not None and given != saved:
                made_with = (f"made with {flag} {saved}" if saved is not None else
                             f"made without {flag} (seed=None in Python)" if flag == "--seed"
                             else f"made without {flag}")  # (a review: "--seed None")
                raise DataError(f"{shown} is a saved analysis {made_with}: "
                                f"its results stand as made, so {flag} {given} cannot apply; "
                                f"leave {flag} out, or analyse the data again.")
        return args.input if reread and read_from(analysis) is not None else analysis
    return _input(args)


def _options_differing(args: argparse.Namespace, made: dict[str, Any]) -> list[str]:
    """The options given that differ from how a saved analysis was made (``made``: its
    settings), each with its value and the analysis' own (``--column score (made with
    reward)``). A flag that says how it was made is accepted, as --fdr and --seed are (a
    review: ``--column reward --by model --gold gold`` was refused for an analysis made
    with exactly those, and scripts that pass --goodhart to every call failed on it)."""
    from tailstat.data.readers import read_options

    def words(value: Any) -> list[str] | None:  # (--by a --by b: two words; 'a b': one)
        return (None if value is None else list(map(str, value))
                if isinstance(value, (list, tuple)) else [str(value)])

    read = made.get("read_options")
    read = read if isinstance(read, dict) else {}
    compared = [  # (flag, as given, as made), each as the command line's words
        ("--column", words(args.column), words(made.get("column"))),
        ("--by", words(args.by), words(made.get("by")) or None),
        ("--gold", words(args.gold), words(made.get("gold"))),
        *((f"--{k.replace('_', '-')}", words(v), words(read.get(k)))
          for k, v in read_options(args.format, args.scores or "chosen",
                                   args.step_bins).items()),
        # --scores chosen, the reader's default, is compared too: with an analysis made with
        # --scores margin it was taken as not given (review 426)
        *([("--scores", ["chosen"], words(read.get("scores", "chosen")))]
          if args.scores == "chosen" else [])]
    out = [f"{flag} {' '.join(value)} (" + (f"made with {' '.join(saved)})" if saved
                                             else "made without it)")
           for flag, value, saved in compared if value is not None and value != saved]
    return out + [flag for flag, used in (
        ("--bayes", args.bayes and made.get("method") != "bayes"),
        ("--goodhart", args.goodhart is True and not made.get("goodhart"))) if used]


def _dask_analysis(args: argparse.Namespace, say: Any) -> Any:
    """``--dask [ADDRESS]``: :func:`tailstat.dask.analyze` of the Parquet input(s), on the
    scheduler at ADDRESS or on a local cluster started for the run."""
    from tailstat import dask as tsd

    paths = [args.input, *args.more_inputs]
    rows = [flag for flag, used in (("--gold", args.gold is not None),
                                    ("--goodhart", args.goodhart is True)) if used]
    if rows:  # (option errors: not prefixed with the input's name, a review)
        raise OptionError(f"--dask reads Parquet files and classifies them per group; it does "
                        f"not support {' or '.join(rows)} ("
                        f"{'they need' if len(rows) > 1 else 'it needs'} every row: run "
                        "without --dask).")
    other = [flag for flag, used in (("- (standard input)", args.input == "-"),
                                     *_reader_options(args, plain=("parquet",))) if used]
    if other:  # (it said "they need every row" of these too: a review; and "give Parquet
        # files" to a Parquet input: the limit is the reader, not the files, another review)
        raise OptionError(f"--dask reads plain Parquet tables only (no RewardBench or TRL "
                        f"reader, no standard input), so {', '.join(other)} cannot apply: "
                        "run without --dask.")
    from tailstat.saved import is_saved_analysis

    if any(p != "-" and os.path.isfile(p) and is_saved_analysis(p) for p in paths):
        raise OptionError("--dask: a saved analysis is read as it was saved, with no work to "
                          "spread: leave --dask out.")
    address = args.dask
    if address and "://" not in address and (address.lower().endswith(".parquet")
                                              or os.path.exists(address)):
        raise DataError(f"--dask took {address!r} as the scheduler address: put --dask after "
                        "the input files, or give an address (tcp://HOST:8786).")
    kw = {"by": args.by, "fdr": _fdr_value(args), "seed": _seed_of(args), "progress": say,
          "method": "bayes" if args.bayes else "fast"}  # on the merged sketches, here
    if getattr(args, "json", False) and args.goodhart is None and not args.quiet:
        print("tailstat: note: --dask leaves the Goodhart summaries out of the JSON (they need "
              "every row: run without --dask for them)", file=sys.stderr)
    source = paths if len(paths) > 1 else paths[0]
    with input_warnings_said(args), _quiet_on_interrupt():  # said as without --dask
        if address:
            try:
                return tsd.analyze(source, args.column, client=address, **kw)
            except DataError as exc:  # the address, not the input file, is at fault
                if str(exc).startswith(NO_SCHEDULER) or "address of a Dask scheduler" in str(exc):
                    raise OptionError(f"--dask: {exc}") from None
                raise
        say(f"starting a local Dask cluster ({tsd.LOCAL_WORKERS} workers)")
        with tsd.local_client() as client, _quiet_on_interrupt():  # before the cluster closes
            return tsd.analyze(source, args.column, client=client, **kw)


@contextlib.contextmanager
def _quiet_on_interrupt() -> Iterator[None]:
    """Ctrl-C (or SIGTERM) during a Dask run ends the command with one line: the cluster's
    shutdown chatter is silenced (a review: the Client's pending tasks logged "Task exception
    was never retrieved ... AllExit" tracebacks and the nannies "still alive ... killing"
    warnings, 40 lines after 'tailstat: interrupted'; interrupted while the cluster started,
    its exit handler's "Exception ignored in atexit callback ... AssertionError")."""
    try:
        yield
    except KeyboardInterrupt:
        import logging

        logging.disable(logging.CRITICAL)  # the process is ending: for the rest of its life
        sys.unraisablehook = lambda unraisable: None  # (what atexit's failures go through)
        raise


#: Groups not classified named one by one (on stderr, and in the error when none is); the rest
#: counted.
FAILURES_SHOWN = 20


def _no_group_left(res: Any) -> None:
    """Exit-code policy: an analysis in which no group could be classified is bad input."""
    if not res.classifications:
        # every group named, with its reason (five cut to the first three left two unnamed;
        # the line is cut at its end past 1200 characters)
        raise DataError(no_group_classified(res.failures, FAILURES_SHOWN))

"""Where a report's data came from, for its reproducibility block and its figures.

Reading the input once and recording it (path, SHA-256, size, rows: :class:`_Input`), finding
the file an analysis read and checking that it still holds what was analysed, re-reading it
when the figures need the data (an analysis saved without its sketches), and the versions of
the software that made the report. No computation and no HTML here.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from tailstat.analysis import TailAnalysis
from tailstat.analysis_sketches import sketches_of
from tailstat.classification.classifier import MIN_N
from tailstat.data import Groups, check_groups, file_fingerprint, frame_source, read_table
from tailstat.errors import DataError
from tailstat.saved import computed_by, written_by

__all__: list[str] = []


@dataclass
class _Input:
    """Where the data came from (for the reproducibility block)."""

    label: str
    path: Path | None = None
    location: str | None = None
    sha256: str | None = None
    size: int | None = None
    rows: int | None = None
    note: str = ""
    #: The command line's reader options the file was read with (e.g. ``{"format": "jsonl",
    #: "scores": "margin"}``): the "to run again" command repeats them.
    read_options: dict[str, Any] = field(default_factory=dict)
    #: The input is a saved analysis (``TailAnalysis.to_json``) read from :attr:`path`.
    saved: bool = False
    #: The input was read from standard input (the command line's ``-``).
    stdin: bool = False

    def read_flags(self) -> list[str]:
        """:attr:`read_options` as command-line arguments (``["--format", "csv"]``)."""
        return [a for k, v in self.read_options.items()
                for a in option(f"--{k.replace('_', '-')}", str(v))]


def option(flag: str, value: str) -> list[str]:
    """A command-line option and its value, as one word ``--flag=value`` when the value
    starts with ``-`` (argparse reads ``--column -reward`` as an option missing its value:
    a report's "to run again" command exited with status 2; a review)."""
    return [f"{flag}={value}"] if value.startswith("-") else [flag, value]


def _path_word(path: Path | str) -> str:
    """A file path as a command's argument: one starting with ``-`` is written ``./-x``."""
    text = str(path)
    return f"./{text}" if text.startswith("-") and text != "-" else text


def analysed_path(settings: dict[str, Any]) -> str | None:
    """The file an analysis read, as its caller named it (``settings["source"]``) when that
    still names it from here, else as recorded (``settings["path"]``, absolute); ``None``
    for data in memory. Review 441: ``analyze("tiny.csv")`` reported
    ``/home/.../tiny.csv`` (the reader's folders in a page meant to be shared), where the
    command line's report says ``tiny.csv``."""
    path, source = settings.get("path"), settings.get("source")
    if not isinstance(path, str):
        return None
    if isinstance(source, str) and source and os.path.abspath(source) == path:
        return source
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _file_input(p: Path, note: str = "") -> _Input:
    if p.is_dir():  # a folder of logs (TRL): no single checksum
        return _Input(label=p.name, path=p, location=str(p),
                      note="; ".join(filter(None, ["a folder (no checksum)", note])))
    if not p.is_file():  # a pipe (<(...)) or FIFO: read once, nothing left to checksum
        return _Input(label=p.name, path=p, location=str(p),
                      note="; ".join(filter(None, ["a pipe or stream, read once (no "
                                                   "checksum, cannot be read again)", note])))
    return _Input(label=p.name, path=p, location=str(p), sha256=_sha256(p),
                  size=p.stat().st_size, note=note)


def computed_note(analysis: Any, how: str) -> str:
    """The version that computed an analysis read from a saved file (:func:`computed_by`)
    beside the one making its report, ``how`` it was read; ``""`` for one made here."""
    by = computed_by(analysis)
    return (f"analysis computed by {by} ({how}); report made by {written_by()}"
            if by is not None else "")


def _read(data: Any, options: dict[str, Any] | None = None) -> tuple[Any, _Input]:
    """Read a path once (recording its SHA-256; with the reader ``options`` it was analysed
    with, when it is the analysis' own file); pass other inputs through."""
    if isinstance(data, (str, os.PathLike)):
        # DataError for a missing, empty or unreadable file
        table = read_table(data, **(options or {}))
        if hasattr(table, "shape") and table.shape[0] == 0:
            raise DataError(f"input file '{data}' has no rows (only a header?): it holds no "
                            "rewards.")
        info = _file_input(Path(data))
        info.rows = len(table)
        if options:
            info.read_options = dict(options)
        return table, info
    read_from = frame_source(data)  # a frame derived from it keeps its attrs, not its file
    options = data.attrs.get("tailstat_cli_read") if read_from is not None else None
    source = read_from if isinstance(options, dict) else None
    if (isinstance(options, dict) and isinstance(source, str) and source != "<stdin>"
            and Path(source).exists()):
        # a file the command line read with --format, --scores or --step-bins (and passed
        # on unchanged): the file is the input, read with those options
        info = _file_input(Path(source))
        info.rows = len(data)
        info.read_options = dict(options)
        flags = " ".join(info.read_flags())  # (a pipe read with none: "read with " dangled)
        info.note = "; ".join(filter(None, [info.note, f"read with {flags}" if flags else ""]))
        return data, info
    label = type(data).__name__
    rows = len(data) if hasattr(data, "__len__") else None
    if read_from == "<stdin>":
        return data, _Input(label="standard input", rows=rows, stdin=True,
                            note="read once (no checksum, cannot be read again)",
                            read_options=dict(options) if isinstance(options, dict) else {})
    return data, _Input(label=f"in-memory {label}", rows=rows)


def _own_version() -> str:
    """The version of the package that runs (loaded by the time a report is written; an
    import here would be a cycle): the installed distribution's metadata named another
    version, or "?", when the code ran from a source tree."""
    return str(getattr(sys.modules.get("tailstat"), "__version__", "?"))


def _fitted_by_bayes(analysis: Any) -> bool:
    """Whether ``analysis`` was fitted with the Bayesian model (``analyze(method="bayes")``,
    which PyMC and ArviZ ran)."""
    return (getattr(analysis, "settings", None) or {}).get("method") == "bayes"


def _versions(bayes: bool = False) -> list[tuple[str, str]]:
    """The versions the report names: pymc's and arviz's only for an analysis fitted with
    them (``bayes``), whatever the process has imported (a review: a report of the same
    analysis listed them or not by what had been imported before it)."""
    from importlib import metadata

    out = [("tailstat", _own_version()),
           ("python", platform.python_version())]
    for mod in ("numpy", "scipy", "pandas", "jinja2", "pymc", "arviz"):
        if mod in ("pymc", "arviz") and not bayes:
            continue
        loaded = sys.modules.get(mod)
        if loaded is not None:
            out.append((mod, str(getattr(loaded, "__version__", "?"))))
            continue
        # not imported here: the installed version, without importing it
        try:
            out.append((mod, metadata.version(mod)))
        except metadata.PackageNotFoundError:  # pragma: no cover
            continue
    out.append(("platform", platform.platform(terse=True)))
    return out


def _groups_for_figures(data: Any, analysis: TailAnalysis) -> Groups:
    s = analysis.settings
    by = s.get("by")
    # the column only for a table: an array holds no columns to pick (a review: a column
    # recorded for an inferred one made report(a, data=array) advise leaving out column=,
    # which report() has none of for an analysis)
    column = s.get("column") if by or s.get("gold") or isinstance(data, pd.DataFrame) else None
    return check_groups(data, column, by=list(by) if by else None, gold=s.get("gold"),
                        min_size=MIN_N)  # as analyze


def _figure_data(analysis: TailAnalysis, data: Any, info: _Input,
                 report_warnings: list[str]) -> tuple[TailAnalysis, _Input]:
    """The analysis with the sketches its per-group figures are drawn from, for an analysis
    that carries none (one saved without them, or made before they were kept), and the
    report's input record.

    The sketches are made from ``data`` when given, else from the file the analysis read
    (``settings["path"]``) when it is still there and unchanged: its size and modification
    time as recorded, and every group's size and threshold X(n - k) as analysed. Otherwise
    the figures are not drawn and ``report_warnings`` says why (a file changed or gone); data
    given that do not hold the analysed groups is a :class:`DataError` (never figures of
    other data beside the analysis' verdicts).

    A file whose size and modification time the analysis does not record is never read (a
    saved analysis naming any file, ``/home/me/.ssh/id_rsa``, had it read), and of a file
    read again nothing the analysis does not hold is said: neither its columns nor its other
    groups (a review: they were put into the page).
    """
    given = data is not None
    if not given:
        path = analysed_path(analysis.settings)
        if path is None:  # analysed in memory: the page says there are no data
            return analysis, info
        if not Path(path).is_file():
            report_warnings.append(
                f"the diagnostic figures need the data, and the file analysed, {path}, is no "
                "longer there: they are not drawn. Pass the data that was analysed (data=) "
                "to draw them.")
            return analysis, info
        then = analysis.settings.get("path_fingerprint")
        if not isinstance(then, (list, tuple)):
            report_warnings.append(
                f"the diagnostic figures need the data, and the analysis does not record the "
                f"size and modification time of the file it read, {path}: the file is not "
                "read, as it cannot be told to be the one analysed, and they are not drawn. "
                "Pass the data that was analysed (data=) to draw them.")
            return analysis, info
        if list(then) != list(file_fingerprint(path)):
            report_warnings.append(_changed(path, "its size or modification time differ"))
            return analysis, info
        data = path
    try:
        # the analysis' own file, read as it was (--scores margin: the margins, not the
        # chosen scores; a review)
        options = None if given else analysis.settings.get("read_options")
        table, read = _read(data, options if isinstance(options, dict) else None)
        groups = _groups_for_figures(table, analysis)
    except DataError:
        if given:
            raise
        # (what the reader says names the file's columns: not said)
        report_warnings.append(f"the diagnostic figures need the data, which could not be "
                               f"read again from {data} as it was analysed: they are not "
                               "drawn. Pass the data that was analysed (data=) to draw them.")
        return analysis, info
    sketches, errors = sketches_of(groups)
    problem = _not_analysed(analysis, groups.samples, sketches, name_others=given)
    if problem is not None:
        if given:
            raise DataError(f"data= does not hold the data that was analysed ({problem}): "
                            "pass the data the analysis was made from, or leave data= out "
                            "(the figures that need no data are drawn).")
        report_warnings.append(_changed(str(data), problem))
        return analysis, info
    if info.saved:  # the input stays the saved analysis; the figures' data said beside it
        digest = f" (SHA-256 {read.sha256})" if read.sha256 else ""
        drawn = (f"the figures drawn from {read.location}{digest}, re-read at report time"
                 if read.location else f"the figures drawn from the data given ({read.label})")
        info.note = "; ".join(filter(None, [info.note, drawn]))
    else:
        info = read
        if info.path is not None:
            info.note = "data re-read at report time for the figures"
    return replace(analysis, sketches=sketches, error_sketches=errors), info


def _changed(path: str, how: str) -> str:
    return (f"the diagnostic figures need the data, and the file analysed, {path}, has changed "
            f"since the analysis ({how}): they are not drawn, so that the analysis' verdicts "
            "are never shown beside figures of other data. Pass the data that was analysed "
            "(data=) to draw them, or analyse the file again.")


def _not_analysed(analysis: TailAnalysis, samples: dict[Any, Any],
                  sketches: dict[Any, Any], *, name_others: bool = True) -> str | None:
    """How groups read again differ from those analysed (None: they match): the same groups,
    and each analysed group with its size and its threshold X(n - k), exactly.
    ``name_others``: name the groups read that were not analysed (those of data given), else
    count them (a file read again: its names are not the analysis' to show)."""
    table = analysis.table
    keys = list(table["group"])
    if set(samples) != set(keys):
        extra = [str(k) for k in samples if k not in set(keys)]
        gone = [str(k) for k in keys if k not in samples][:3]
        others = (", ".join(map(repr, extra[:3])) if name_others
                  else f"{len(extra)} group(s)" if extra else "")
        return "other groups: " + "; ".join(filter(None, [
            f"{', '.join(map(repr, gone))} missing" if gone else "",
            f"{others} not analysed" if others else ""]))
    thresholds = table["threshold"] if "threshold" in table else [None] * len(keys)
    for key, n, threshold in zip(keys, table["n"], thresholds, strict=True):
        sketch = sketches.get(key)
        if key not in analysis.classifications or sketch is None:
            continue
        if sketch.n != n:
            return f"group {str(key)!r} has {sketch.n} values, {int(n)} were analysed"
        c = analysis.classifications[key]
        k_m = int(c.evidence["moment"].k) if "moment" in c.evidence else None
        if (k_m is not None and k_m < sketch.top.shape[0] and threshold is not None
                and float(sketch.top[k_m]) != float(threshold)):
            return f"group {str(key)!r} has other values than were analysed"
    return None


def _shell_word(word: str) -> str:
    """``word`` quoted for a POSIX shell; with a line break, a tab or another control
    character in it, as bash's ``$'...'`` with that character escaped (quoted plainly, the
    page shows it as a space, and the command copied from it names another file)."""
    import shlex

    if not any(ord(ch) < 32 or ord(ch) == 127 for ch in word):
        return shlex.quote(word)
    named = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return "$'" + "".join(named.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 32 or ord(ch) == 127
                                            else ch) for ch in word) + "'"


def call_text(info: _Input, settings: dict[str, Any], title: str | None,
              figures: str = "auto", from_analysis: bool = False, *,
              default_fdr: float = 0.05) -> str:
    """The command (or Python call) that makes this report again: every setting that changes
    it (data options, method, seed, false-discovery rate, figures mode, title).

    ``from_analysis``: the report was made from an analysis; when that analysis came from a
    file that is still there, the command analyses the file again, else the Python call
    analyses ``data`` and reports the analysis. ``default_fdr``: the report's default
    false-discovery rate (not repeated in the command).
    """

    if from_analysis and not info.read_options and settings.get("read_options"):
        # the analysis of a frame a reader made with scores=, format=, ...: read so again
        # (the command dropped scores='rejected' and gave another verdict: a review)
        info = replace(info, read_options=dict(settings["read_options"]))
    if "step_bins" in info.read_options and tuple(settings.get("by") or ()) not in (
            ("steps",), ("mode", "steps")):  # (check_groups adds the modes of TRL logs)
        # read in step bins but grouped otherwise: the bins are no part of the analysis
        # (the command grouped by them: two groups for eight; a review)
        info = replace(info, read_options={k: v for k, v in info.read_options.items()
                                           if k != "step_bins"})
    if info.saved and info.path is not None:  # a saved analysis: reported again as it is
        parts = ["tailstat", "report", _path_word(info.path)]
        parts += ["--figures", figures] if figures != "auto" else []
        parts += option("--title", title) if title else []
        return " ".join(_shell_word(p) for p in parts)
    by = settings.get("by")
    if from_analysis and settings.get("engine") == "dask":  # Parquet shards, no Goodhart
        return _dask_call(settings, title, figures, default_fdr)
    path = info.path
    if path is None and from_analysis and info.location:
        candidate = Path(info.location)
        path = candidate if candidate.is_file() else None
    fdr = settings.get("fdr")
    fdr = None if fdr is None or float(fdr) == default_fdr else float(fdr)
    if path is not None or info.stdin:
        parts = ["tailstat", "report", _path_word(path) if path is not None else "-"]
        parts += info.read_flags()  # how the file was read
        if settings.get("column") is not None:
            parts += option("--column", str(settings["column"]))
        if by and "step_bins" not in info.read_options:  # the bins are --step-bins' own
            for column in by:  # one --by per column (two gave a Python call: a review)
                parts += option("--by", str(column))
        if settings.get("gold") is not None:
            parts += option("--gold", str(settings["gold"]))
        if settings.get("method") == "bayes":
            parts.append("--bayes")
        if settings.get("goodhart") is False:
            parts.append("--no-goodhart")
        elif settings.get("goodhart") is True:  # asked for, beyond the figures too
            parts.append("--goodhart")
        if settings.get("seed") is not None:  # None (a fresh seed each run) has no flag
            parts += ["--seed", str(settings["seed"])]
        if fdr is not None:
            parts += ["--fdr", f"{fdr:g}"]
        if figures != "auto":
            parts += ["--figures", figures]
        if title:
            parts += option("--title", title)
        command = " ".join(_shell_word(p) for p in parts)
        return f"(the same data) | {command}" if info.stdin and path is None else command
    shown = dict(settings)
    if shown.get("by") and len(shown["by"]) == 1:
        shown["by"] = shown["by"][0]
    elif shown.get("by"):
        shown["by"] = list(shown["by"])
    first = repr(str(path)) if path is not None else "data"
    if path is not None and info.read_options:  # read as the command line read it
        how = "".join(f", {k}={v!r}" for k, v in info.read_options.items())
        first = f"tailstat.data.read_table({first}{how})"
    # seed=None (a fresh seed each run) is said: the default is 0
    args = [first] + [f"{k}={shown[k]!r}" for k in ("column", "by", "gold", "method", "seed")
                      if shown.get(k) is not None or (k == "seed" and k in shown)]
    if fdr is not None:
        args.append(f"fdr={fdr!r}")
    extra = _report_args(figures, title)
    if from_analysis:
        if shown.get("goodhart") is not False:
            args.append("goodhart=True")
        return (f"tailstat.report(tailstat.analyze({', '.join(args)}), "
                f"{''.join(a + ', ' for a in extra)}path=...)")
    if isinstance(shown.get("goodhart"), bool):
        args.append(f"goodhart={shown['goodhart']}")
    return f"tailstat.report({', '.join(args + extra)}, path=...)"


def _dask_call(settings: dict[str, Any], title: str | None, figures: str,
               default_fdr: float) -> str:
    """The Python call that makes an analysis with Dask again (its source, columns, seed,
    fdr and a capacity given), reported as this one was: the command line's would have
    analysed the rows in memory."""
    source, paths = settings.get("source"), settings.get("paths")
    # the paths as given (several files were "shards", never defined: a review)
    args = ([repr(paths[0]) if len(paths) == 1 else repr(list(paths))] if paths else
            [repr(str(source)) if source and " " not in str(source) else "shards"])
    by = settings.get("by")
    shown_by = (by[0] if by and len(by) == 1 else list(by) if by else None)
    method = "bayes" if settings.get("method") == "bayes" else None  # (it was dropped)
    for name, value in (("column", settings.get("column")), ("by", shown_by),
                        ("method", method), ("seed", settings.get("seed")),
                        ("capacity", settings.get("capacity"))):
        if value is not None or (name == "seed" and "seed" in settings):
            args.append(f"{name}={value!r}")  # (seed=None said: the default is 0)
    fdr = settings.get("fdr")
    if fdr is not None and float(fdr) != default_fdr:
        args.append(f"fdr={float(fdr)!r}")
    extra = _report_args(figures, title)
    return (f"tailstat.report(tailstat.dask.analyze({', '.join(args)}), "
            f"{''.join(a + ', ' for a in extra)}path=...)")


def _report_args(figures: str, title: str | None) -> list[str]:
    """The arguments of ``tailstat.report`` itself that change the page: figures and title."""
    return ([f"figures={figures!r}"] if figures != "auto" else []) + (
        [f"title={title!r}"] if title else [])

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
from tailstat.data import Groups, check_groups, file_fingerprint, read_table
from tailstat.errors import DataError

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
                for a in (f"--{k.replace('_', '-')}", str(v))]


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


def _read(data: Any) -> tuple[Any, _Input]:
    """Read a path once (recording its SHA-256); pass other inputs through."""
    if isinstance(data, (str, os.PathLike)):
        table = read_table(data)  # DataError for a missing, empty or unreadable file
        if hasattr(table, "shape") and table.shape[0] == 0:
            raise DataError(f"input file '{data}' has no rows (only a header?): it holds no "
                            "rewards.")
        info = _file_input(Path(data))
        info.rows = len(table)
        return table, info
    options = data.attrs.get("tailstat_cli_read") if isinstance(data, pd.DataFrame) else None
    source = data.attrs.get("tailstat_source") if isinstance(options, dict) else None
    if (isinstance(options, dict) and isinstance(source, str) and source != "<stdin>"
            and Path(source).exists()):
        # a file the command line read with --format, --scores or --step-bins (and passed
        # on unchanged): the file is the input, read with those options
        info = _file_input(Path(source))
        info.rows = len(data)
        info.read_options = dict(options)
        info.note = "; ".join(filter(None, [info.note, "read with " + " ".join(info.read_flags())]))
        return data, info
    label = type(data).__name__
    rows = len(data) if hasattr(data, "__len__") else None
    if isinstance(data, pd.DataFrame) and data.attrs.get("tailstat_source") == "<stdin>":
        return data, _Input(label="standard input", rows=rows, stdin=True,
                            note="read once (no checksum, cannot be read again)",
                            read_options=dict(options) if isinstance(options, dict) else {})
    return data, _Input(label=f"in-memory {label}", rows=rows)


def _versions() -> list[tuple[str, str]]:
    # the version of the package that runs (loaded by the time a report is written; an
    # import here would be a cycle): the installed distribution's metadata named another
    # version, or "?", when the code ran from a source tree
    from importlib import metadata

    version = str(getattr(sys.modules.get("tailstat"), "__version__", "?"))
    out = [("tailstat", version),
           ("python", platform.python_version())]
    for mod in ("numpy", "scipy", "pandas", "jinja2", "pymc", "arviz"):
        if mod in ("pymc", "arviz") and mod not in sys.modules:
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
    return check_groups(data, s.get("column"), by=list(by) if by else None, gold=s.get("gold"),
                        min_size=MIN_N)  # as analyze


def _source_file(analysis: TailAnalysis) -> str | None:
    """The file the analysis read, if it still holds what was analysed (else an error)."""
    path = analysis.settings.get("path")
    if not isinstance(path, str) or not Path(path).is_file():
        return None
    then = analysis.settings.get("path_fingerprint")
    if then is not None and list(then) != list(file_fingerprint(path)):
        raise DataError(f"{path!r} has changed since it was analysed: the report would put "
                        "the old verdicts beside new figures. Run analyze() again, or pass "
                        "the data that was analysed as data=.")
    return path


def _with_sketches(analysis: TailAnalysis, table: Any, report_warnings: list[str]
                   ) -> TailAnalysis:
    """The analysis with the sketches of its groups made from ``table`` (when readable)."""
    if table is None:
        return analysis
    try:
        groups = _groups_for_figures(table, analysis)
    except DataError as exc:
        report_warnings.append(f"the figures need the data, which could not be read "
                               f"again: {exc}")
        return analysis
    sketches, errors = sketches_of(groups)
    return replace(analysis, sketches=sketches, error_sketches=errors)


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
    import shlex

    if info.saved and info.path is not None:  # a saved analysis: reported again as it is
        parts = ["tailstat", "report", str(info.path)]
        parts += ["--figures", figures] if figures != "auto" else []
        parts += ["--title", title] if title else []
        return " ".join(shlex.quote(p) for p in parts)
    by = settings.get("by")
    if from_analysis and settings.get("engine") == "dask":  # Parquet shards, no Goodhart
        return _dask_call(settings, title, figures, default_fdr)
    path = info.path
    if path is None and from_analysis and info.location:
        candidate = Path(info.location)
        path = candidate if candidate.is_file() else None
    fdr = settings.get("fdr")
    fdr = None if fdr is None or float(fdr) == default_fdr else float(fdr)
    if (path is not None or info.stdin) and not (by and len(by) > 1):
        parts = ["tailstat", "report", str(path) if path is not None else "-"]
        parts += info.read_flags()  # how the file was read
        if settings.get("column") is not None:
            parts += ["--column", str(settings["column"])]
        if by and "step_bins" not in info.read_options:  # the bins are --step-bins' own
            parts += ["--by", str(by[0])]
        if settings.get("gold") is not None:
            parts += ["--gold", str(settings["gold"])]
        if settings.get("method") == "bayes":
            parts.append("--bayes")
        if settings.get("goodhart") is False:
            parts.append("--no-goodhart")
        if settings.get("seed") is not None:  # None (a fresh seed each run) has no flag
            parts += ["--seed", str(settings["seed"])]
        if fdr is not None:
            parts += ["--fdr", f"{fdr:g}"]
        if figures != "auto":
            parts += ["--figures", figures]
        if title:
            parts += ["--title", title]
        command = " ".join(shlex.quote(p) for p in parts)
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
    args = [first] + [f"{k}={shown[k]!r}" for k in ("column", "by", "gold", "method", "seed")
                      if shown.get(k) is not None]
    if fdr is not None:
        args.append(f"fdr={fdr!r}")
    extra = _report_args(figures, title)
    if from_analysis:
        if shown.get("goodhart") is not False:
            args.append("goodhart=True")
        return (f"tailstat.report(tailstat.analyze({', '.join(args)}), "
                f"{''.join(a + ', ' for a in extra)}path=...)")
    if shown.get("goodhart") is False:
        args.append("goodhart=False")
    return f"tailstat.report({', '.join(args + extra)}, path=...)"


def _dask_call(settings: dict[str, Any], title: str | None, figures: str,
               default_fdr: float) -> str:
    """The Python call that makes an analysis with Dask again (its source, columns, seed,
    fdr and a capacity given), reported as this one was: the command line's would have
    analysed the rows in memory."""
    source = settings.get("source")
    args = [repr(str(source)) if source and " " not in str(source) else "shards"]
    by = settings.get("by")
    shown_by = (by[0] if by and len(by) == 1 else list(by) if by else None)
    for name, value in (("column", settings.get("column")), ("by", shown_by),
                        ("seed", settings.get("seed")), ("capacity", settings.get("capacity"))):
        if value is not None:
            args.append(f"{name}={value!r}")
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

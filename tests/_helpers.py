"""Helpers shared by the test modules (not a test module itself)."""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest

import tailstat


@contextmanager
def raises_data_error(*words: str):
    """``pytest.raises(DataError)`` whose message contains every word (case-insensitive)."""
    with pytest.raises(tailstat.DataError) as info:
        yield info
    err = info.value
    assert isinstance(err, ValueError), "DataError must also be a ValueError"
    assert isinstance(err, tailstat.TailstatError)
    msg = str(err).lower()
    missing = [w for w in words if w.lower() not in msg]
    assert not missing, f"message {str(err)!r} lacks {missing}"


class WithColumn(NamedTuple):
    """A table and the column to analyse (a plain tuple would be read as rewards)."""

    data: object
    column: str


def unpack_column(spec: Any) -> tuple[Any, str | None]:
    """``(data, column)`` of a :class:`WithColumn`, or ``(spec, None)``."""
    return (spec.data, spec.column) if isinstance(spec, WithColumn) else (spec, None)


def report_tails(rng: np.random.Generator, n: int, fourth: tuple[str, Callable[[], Any]]
                 ) -> dict[str, Callable[[], np.ndarray]]:
    """Makers of the report figure tests' groups: heavy (t3, Pareto: log survival, symlog
    Goodhart axis), bounded (tanh), lognormal, and a ``fourth`` (name, maker) before the
    lognormal one (e.g. small or offset values)."""
    return {"t3": lambda: rng.standard_t(3.0, n), "tanh": lambda: np.tanh(rng.normal(size=n)),
            "pareto": lambda: 50.0 * rng.pareto(1.5, n), fourth[0]: fourth[1],
            "lognormal": lambda: rng.lognormal(0.0, 1.0, n)}


def write_table(tmp_path: Path, kind: str, df: pd.DataFrame) -> Path:
    """Write ``df`` as ``rewards.<kind>`` (parquet, csv or exactly round-tripping jsonl)."""
    path = tmp_path / f"rewards.{kind}"
    if kind == "parquet":
        df.to_parquet(path)
    elif kind == "csv":
        df.to_csv(path, index=False)
    elif kind == "jsonl":
        # json.dumps writes the shortest repr that round-trips a float64 exactly
        with path.open("w") as fh:
            for rec in df.to_dict("records"):
                fh.write(json.dumps({k: (float(v) if isinstance(v, float) else v)
                                     for k, v in rec.items()}) + "\n")
    return path


def gold_analysis(makers: Mapping[str, Callable[[], np.ndarray]], rng: np.random.Generator,
                  n: int, noise: float) -> tailstat.TailAnalysis:
    """The analysis, with Goodhart summaries, of one group per maker: rewards ``make() +
    noise * v`` with gold scores ``v ~ N(0, 1)`` (``n`` each, drawn from ``rng``: ``v``
    first), warnings silenced (the report's figure tests)."""
    from tailstat.analysis import analyze_groups
    from tailstat.analysis_goodhart import add_goodhart
    from tailstat.data import check_groups

    parts = []
    for name, make in makers.items():
        v = rng.normal(size=n)
        parts.append(pd.DataFrame({"model": name, "reward": make() + noise * v, "gold": v}))
    groups = check_groups(pd.concat(parts, ignore_index=True), "reward", by="model",
                          gold="gold")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tailstat.TailstatWarning)
        return add_goodhart(analyze_groups(groups, warn=False), groups)  # type: ignore[arg-type]


def rare_power_law_errors(seed: int = 1, n: int = 3000) -> np.ndarray:
    """A normal body with 1% Pareto(1.2) errors (times 3) added: a sample the reference
    tails call subexponential while its ξ interval lies well above 0 (seed 1, n = 3000)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    hit = rng.random(n) < 0.01
    x[hit] += rng.pareto(1.2, hit.sum()) * 3
    return x


def gpd_draws(xi: float, n: int, seed: int, scale: float = 2.0, loc: float = 0.0) -> np.ndarray:
    """``n`` draws of a GPD(xi, scale) shifted by ``loc``, from a seeded generator."""
    from scipy import stats

    return loc + stats.genpareto.rvs(xi, scale=scale, size=n,
                                     random_state=np.random.default_rng(seed))


#: Short PyMC runs can miss the strict R-hat <= 1.01 / ESS targets by chance; tests that use
#: them ignore ConvergenceWarning on purpose (the Danish test checks convergence itself).
BAYES_SHORT_RUN = pytest.mark.filterwarnings("ignore::tailstat.errors.ConvergenceWarning")


def imported_by(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` are imported after running ``code`` in a fresh interpreter
    (warnings ignored), sorted."""
    probe = (f"{code}\nimport sys\n"
             f"print(sorted(m for m in {modules!r} if m in sys.modules))\n")
    out = fresh_python(probe)
    return json.loads(out.strip().splitlines()[-1].replace("'", '"'))


#: Python for the BLAS threads threadpoolctl reports, sorted (run in :func:`fresh_python`).
BLAS_THREADS = ("sorted({p['num_threads'] for p in __import__('threadpoolctl')"
                ".threadpool_info() if p['user_api'] == 'blas'})")


def fresh_python(code: str) -> str:
    """The standard output of ``code`` run in a fresh interpreter (warnings ignored):
    process-wide state a test process has long since changed (imports, environment)."""
    return subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                          text=True, check=True).stdout


@contextmanager
def default_recursion_limit():
    """Python's default recursion limit (1000) inside the block: imports such as PyMC's raise
    it, and a test of what happens past it must not depend on which tests ran first."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def two_model_scores(path: Path, seed: int) -> Path:
    """A CSV of 1500 t(3) scores of model "a" and 1500 normal scores of model "b" (columns
    ``model``, ``reward``): the command-line tests' ordinary input."""
    rng = np.random.default_rng(seed)
    pd.DataFrame({"model": np.repeat(["a", "b"], 1500),
                  "reward": np.concatenate([rng.standard_t(3.0, 1500), rng.normal(size=1500)])
                  }).to_csv(path, index=False)
    return path


@contextmanager
def filter_changes() -> Iterator[list[str]]:
    """The files of the tailstat package that call ``warnings.catch_warnings`` while the block
    runs: a change of the process-wide warning filters, which silences (or catches) the
    warnings other threads issue meanwhile. Calls from elsewhere (pandas, the test) pass."""
    real, calls = warnings.catch_warnings, []
    package = str(Path(tailstat.__file__).parent) + "/"

    def counted(*args: Any, **kwargs: Any) -> Any:
        caller = traceback.extract_stack(limit=2)[0].filename
        if caller.startswith(package):
            calls.append(caller)
        return real(*args, **kwargs)

    warnings.catch_warnings = counted  # type: ignore[assignment,misc]
    try:
        yield calls
    finally:
        warnings.catch_warnings = real  # type: ignore[misc]


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays are identical to the bit (dtype, shape and bytes)."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def wcag_contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours with channels in [0, 1]."""
    def lum(c: tuple[float, float, float]) -> float:
        r, g, b = (x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def agg_axes(size: tuple[float, float] = (5, 4)) -> Any:
    """A matplotlib Axes on its own Agg canvas, outside pyplot (the plot tests' figures)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig.subplots()


def bon_deletion_se(u: np.ndarray, v: np.ndarray | None, ns: list[int],
                    value: Callable[[pd.DataFrame, np.ndarray | None], np.ndarray]
                    ) -> np.ndarray:
    """The delete-one jackknife standard error of ``value(table, v_kept)`` by deleting each
    row and recomputing ``best_of_n`` on the rest (``tail="empirical"``): the brute force the
    exact jackknife of ``tailstat/goodhart/_bon_se.py`` is checked against."""
    from tailstat.goodhart.bon import best_of_n

    big_n = u.shape[0]
    moves = []
    for r in range(big_n):
        v_kept = None if v is None else np.delete(v, r)
        moves.append(value(best_of_n(np.delete(u, r), v_kept, n=ns, tail="empirical"), v_kept))
    m = np.array(moves)
    return np.sqrt((big_n - 1) / big_n * ((m - m.mean(0)) ** 2).sum(0))


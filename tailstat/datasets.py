"""Bundled data sets: ``load("reward_models" | "danish" | "rain")`` as a pandas DataFrame.

See ``datasets/README.md`` for what each holds, its source and licence.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from tailstat.errors import DataError

__all__ = ["NAMES", "load", "path"]

NAMES = ("reward_models", "danish", "rain")


def _folder() -> Path:
    installed = resources.files("tailstat") / "_datasets"
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parents[1] / "datasets"  # source checkout / editable


def path(name: str) -> Path:
    """The CSV file of a bundled data set.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    DataError
        An unknown name, or a data set missing from the installation.
    """
    if name not in NAMES:
        raise DataError(f"unknown data set {name!r}; choose one of {list(NAMES)}.")
    p = _folder() / f"{name}.csv"
    if not p.exists():
        raise DataError(f"bundled data set {name!r} is missing at {p}; reinstall tailstat.")
    return p


def load(name: str) -> pd.DataFrame:
    """Load a bundled data set as a DataFrame (a fresh copy each call).

    Parameters
    ----------
    name : str
        One of :data:`NAMES`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        As :func:`path`.
    """
    return pd.read_csv(path(name))

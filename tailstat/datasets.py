"""Bundled data sets: ``load("reward_models" | "danish" | "rain")`` as a pandas DataFrame.

``reward_models`` (30,000 rows; columns ``model, response_id, reward, gold``)
    Synthetic scores of three reward models (``rm-light``, ``rm-heavy``, ``rm-bounded``) on
    the same 10,000 responses, with the true utility in ``gold``: a light, a heavy and a
    bounded upper tail (a ceiling at 3), seeded, MIT like tailstat.
``danish`` (2,167 rows; ``date, loss_mDKK``)
    Danish fire insurance losses of one million DKK or more, Copenhagen Reinsurance,
    1980-01-03 to 1990-12-31, in millions of 1985 DKK (McNeil 1997, ASTIN Bulletin
    27:117-137; as shipped in the R package fitdistrplus 1.1.8, ``danishuni``, GPL >= 2): a
    classic heavy tail.
``rain`` (17,531 rows; ``day, rain_mm``)
    Daily rainfall (mm) at one location in south-west England, 1914-1962 (Coles 2001, *An
    Introduction to Statistical Modeling of Extreme Values*, §4.4; as shipped in the R package
    ismev 1.43, ``rain``, GPL >= 2); recorded to 0.1 mm, so its top values tie.

The source and licence of each, and the script that makes ``reward_models``, are in the
``README.md`` beside the CSV files (:func:`path` gives their folder:
``tailstat.datasets.path("rain").parent``).
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
        One of :data:`NAMES`: ``"reward_models"`` (three synthetic reward models' scores
        with the true utility, ``gold``), ``"danish"`` (fire insurance losses) or
        ``"rain"`` (daily rainfall); the module's documentation
        (``help(tailstat.datasets)``) says what each holds.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        As :func:`path`.
    """
    return pd.read_csv(path(name))

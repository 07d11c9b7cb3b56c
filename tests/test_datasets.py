"""The bundled data sets (``tailstat/datasets.py``): what the documentation says of each."""

from __future__ import annotations

import re

import tailstat as ts


def test_the_module_documents_each_data_set_as_it_loads() -> None:
    """A review: the documentation pointed to a datasets/README.md that an installation has
    elsewhere, and help() named the data sets without their columns or meaning. Each entry
    of the module's documentation gives the rows and columns that load() returns."""
    doc = ts.datasets.__doc__ or ""
    for name in ts.datasets.NAMES:
        frame = ts.datasets.load(name)
        found = re.search(rf"``{name}`` \(([\d,]+) rows; (?:columns )?``([^`]+)``\)", doc)
        assert found, name
        assert int(found.group(1).replace(",", "")) == len(frame)
        assert found.group(2).split(", ") == list(frame.columns)
        assert name in (ts.datasets.load.__doc__ or "")
    assert (ts.datasets.path("rain").parent / "README.md").exists()  # where the doc says

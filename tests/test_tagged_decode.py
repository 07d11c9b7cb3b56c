"""Reading saved results in a fresh process (``tailstat/_tagged_decode.py``): the package
loads its modules on first use, so the result classes a saved analysis names must be found
without them having been imported."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
from pathlib import Path

import numpy as np
from _helpers import fresh_python

import tailstat
from tailstat._tagged_decode import RESULT_MODULES
from tailstat.results import Result


def test_a_saved_analysis_reads_back_in_a_fresh_process(tmp_path) -> None:
    # a review: "damaged saved analysis (... a type 'TailAnalysis' that this version ...
    # does not know)" for every saved analysis, unless tailstat.analysis had been imported
    path = tmp_path / "an.json"
    x = np.random.default_rng(0).standard_normal(3000)
    tailstat.analyze(x, goodhart=True).to_json(path)
    out = fresh_python(f"import tailstat as ts; a = ts.read_analysis({str(path)!r}); "
                       "print(type(a).__name__, a.table['n'].iloc[0], "
                       "type(next(iter(a.goodhart.values()))).__name__)")
    assert out.split() == ["TailAnalysis", "3000", "GoodhartSummary"]


def test_every_result_class_is_in_a_module_the_reader_imports() -> None:
    root = Path(tailstat.__file__).parent
    for info in pkgutil.walk_packages([str(root)], "tailstat."):
        source = root.joinpath(*info.name.split(".")[1:])
        path = source.with_suffix(".py") if not info.ispkg else source / "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.ClassDef) for node in tree.body):
            importlib.import_module(info.name)  # (modules without classes define no result)
    found, stack = set(), [Result]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("tailstat.") and dataclasses.is_dataclass(sub):
                found.add(sub.__module__)
    assert found <= set(RESULT_MODULES) | {"tailstat.bayes._common"}, found - set(
        RESULT_MODULES)

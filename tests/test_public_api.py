"""The public API as a whole: every public callable documents exactly its parameters, and a
concept shared by several entry points is annotated alike.

Public: the names in ``__all__`` of ``tailstat`` and of its user-facing subpackages, and the
public methods of the classes among them (tests/test_contract.py checks the result protocol,
tests/test_validation.py the argument constraints).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest

MODULES = ["tailstat", "tailstat.plot", "tailstat.dask", "tailstat.goodhart", "tailstat.bayes",
           "tailstat.datasets", "tailstat.monitor", "tailstat.sketch", "tailstat.saved",
           "tailstat.results"]


def _methods(cls: type) -> Iterator[tuple[str, Callable[..., Any]]]:
    for name, attr in vars(cls).items():
        func = attr.__func__ if isinstance(attr, (classmethod, staticmethod)) else attr
        if inspect.isfunction(func) and not name.startswith("_"):
            yield name, func


def _public_callables() -> tuple[dict[str, Callable[..., Any]], set[str]]:
    """Every public function and method by qualified name, and the names of the functions."""
    out: dict[str, Callable[..., Any]] = {}
    functions: set[str] = set()
    seen: set[int] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if id(obj) in seen:  # re-exported: checked once, under its first name
                continue
            seen.add(id(obj))
            if inspect.isfunction(obj):
                out[f"{module_name}.{name}"] = obj
                functions.add(f"{module_name}.{name}")
            elif inspect.isclass(obj) and not issubclass(obj, BaseException):
                for method_name, method in _methods(obj):
                    out[f"{module_name}.{name}.{method_name}"] = method
    return out, functions


CALLABLES, FUNCTIONS = _public_callables()


def _documented_parameters(doc: str) -> list[str]:
    """The names of a numpydoc ``Parameters`` section (``a, b : type`` counts both)."""
    lines = inspect.cleandoc(doc).splitlines()
    names: list[str] = []
    for i, line in enumerate(lines[:-1]):
        if line.strip() != "Parameters" or set(lines[i + 1].strip()) != {"-"}:
            continue
        for entry in lines[i + 2:]:
            if entry.strip() and not entry.startswith(" "):
                if set(entry.strip()) == {"-"}:  # the next section's underline
                    names.pop()
                    break
                names += [n.strip().lstrip("*") for n in entry.partition(" : ")[0].split(",")]
    return names


def test_the_parser_reads_numpydoc_sections() -> None:
    doc = """Summary.

    Parameters
    ----------
    x : float
        Text.
    lo, hi : int
    **kw : Any

    Returns
    -------
    float
    """
    assert _documented_parameters(doc) == ["x", "lo", "hi", "kw"]


def test_the_public_callables_are_found() -> None:
    # a few of each kind: top-level functions, subpackage functions, methods, classmethods
    for name in ("tailstat.hill", "tailstat.plot.pp_gpd", "tailstat.GPDFit.sf",
                 "tailstat.TailSketch.from_bytes", "tailstat.merge_sketches",
                 "tailstat.goodhart.TailModel.isf", "tailstat.saved.decode"):
        assert name in CALLABLES


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_a_public_callable_documents_exactly_its_parameters(qualname: str) -> None:
    """A review found 20 public callables with parameters but no ``Parameters`` section
    (``merge_sketches``, ``plot.pp_gpd``, ``GPDFit.sf``, ``TailSketch.update``,
    ``OverOptimizationFit.predict``, ``saved.decode``, ...)."""
    func = CALLABLES[qualname]
    params = [p for p in inspect.signature(func).parameters if p not in ("self", "cls")]
    if not params:
        return
    documented = _documented_parameters(func.__doc__ or "")
    assert documented == params, (
        f"{qualname}: the docstring's Parameters section lists {documented}, the signature "
        f"has {params}")


#: The annotation every public entry point gives a shared concept.
SHARED = {
    "column": "Hashable | None",
    "by": "Hashable | Sequence[Hashable] | None",
    "gold": "Hashable | None",
}
#: fit_bayes_hierarchical requires ``by`` (no None); the ``gold`` of fit_overoptimization is
#: another concept under the same name (the gold scores themselves, not a column).
SHARED_EXEMPT = {("tailstat.fit_overoptimization", "gold")}
REQUIRED = {("tailstat.fit_bayes_hierarchical", "by")}


@pytest.mark.parametrize("concept", sorted(SHARED))
def test_a_shared_concept_has_one_annotation(concept: str) -> None:
    """A review: ``report`` annotated ``column``, ``by`` and ``gold`` as ``str`` (and
    documented them so) where ``analyze``, which it calls, takes any hashable column label;
    ``report(df, path, column=0, by=1)`` works. ``fit_bayes_hierarchical`` annotated ``by``
    as ``str | Sequence[str]`` and refused ``by=1`` (tests/test_bayes_settings.py)."""
    found = {}
    for qualname in sorted(FUNCTIONS):
        param = inspect.signature(CALLABLES[qualname]).parameters.get(concept)
        if param is not None and (qualname, concept) not in SHARED_EXEMPT:
            annotation = str(param.annotation)
            if (qualname, concept) in REQUIRED:  # the same type, without None
                annotation += " | None"
            found[qualname] = annotation
    assert len(found) >= 3
    assert {q: a for q, a in found.items() if a != SHARED[concept]} == {}


def test_every_seed_defaults_to_zero() -> None:
    """A review (stop 60): ``seed=None`` was the default of the estimators, ``GPDFit.gof``,
    ``fit_overoptimization`` and the Bayes fits (two identical calls differed) while
    ``fit_gpd``, ``choose_k``, ``classify``, ``analyze`` and ``report`` defaulted to 0 (so
    ``fit_gpd(x, gof="bootstrap")`` repeated and ``fit_gpd(x).gof("bootstrap")`` did not).
    Every public ``seed=`` defaults to 0; ``None`` is the opt-in for a fresh, recorded one."""
    seeded = {q: inspect.signature(f).parameters["seed"].default for q, f in CALLABLES.items()
              if "seed" in inspect.signature(f).parameters}
    assert len(seeded) >= 12, sorted(seeded)
    assert {q: d for q, d in seeded.items() if d != 0} == {}


def test_every_error_and_warning_is_exported_at_the_top_level() -> None:
    """A review: errors.py's tree shows OutputError (a report or saved analysis that cannot be
    written) beside the others, but only it was missing from ``tailstat``."""
    import tailstat
    from tailstat import errors

    for name in errors.__all__:
        assert getattr(tailstat, name) is getattr(errors, name)
        assert name in tailstat.__all__

"""Whether a value is of the kind a dataclass field declares.

The check a result read back from JSON goes through (:mod:`tailstat._tagged_json`): a file
can be valid tagged JSON whose fields are of the wrong kinds (an interval's level ``null``,
a classification's evidence a number), and such a result failed only later, in its
``repr`` or in the report, with an error that blamed tailstat. Annotations are read as the
classes declare them; what this module cannot judge (a callable, a type variable, a name
imported for type checking only) passes.
"""

from __future__ import annotations

import collections.abc as cabc
import dataclasses
import functools
import sys
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

import numpy as np

__all__ = ["field_problem"]


def field_problem(cls: type, name: str, value: Any) -> str | None:
    """What is wrong with ``value`` as the field ``name`` of the dataclass ``cls`` (its
    kind against the field's annotation), or ``None``."""
    hint = _hints(cls).get(name, Any)
    if _conforms(value, hint):
        return None
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{cls.__name__}.{name} is {shown}, not {_describe(hint)}"


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of ``cls``' fields; a field whose annotation cannot be
    resolved (a name imported for type checking only) is left out (not checked)."""
    try:
        return typing.get_type_hints(cls)
    except Exception:  # any name unresolved: field by field below
        pass
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        owner = next((c for c in cls.__mro__ if f.name in getattr(c, "__annotations__", {})),
                     cls)
        text = owner.__annotations__[f.name]
        try:
            out[f.name] = (eval(text, vars(sys.modules[owner.__module__]))
                           if isinstance(text, str) else text)
        except Exception:  # not resolvable here: not checked
            continue
    return out


def _real(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))


def _conforms(value: Any, hint: Any) -> bool:
    if hint is Any or isinstance(hint, typing.TypeVar):
        return True
    if hint is None or hint is type(None):
        return value is None
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        return any(_conforms(value, a) for a in args)
    if origin is Literal:
        return any(value == a and type(value) is type(a) for a in args)
    if hint is float:
        return _real(value)
    if hint is int:
        return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if hint is bool:
        return isinstance(value, (bool, np.bool_))
    if origin in (dict, cabc.Mapping):
        return isinstance(value, dict) and (
            len(args) < 2 or all(_conforms(v, args[1]) for v in value.values()))
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_conforms(v, args[0]) for v in value)
        return not args or (len(args) == len(value)
                            and all(_conforms(v, a) for v, a in zip(value, args, strict=True)))
    if origin in (list, cabc.Sequence):
        return isinstance(value, (list, tuple)) and (
            not args or all(_conforms(v, args[0]) for v in value))
    if origin is not None:  # another generic (Callable[...], ...): not judged here
        return True
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _describe(hint: Any) -> str:
    """The annotation in words for the message."""
    if isinstance(hint, type) and get_origin(hint) is None:
        return {float: "a number", int: "a whole number", str: "a string", bool: "true or false",
                dict: "a mapping"}.get(hint, f"a {hint.__name__}")
    return f"of the kind {hint}"

"""A hand-edited or damaged saved analysis whose parts no longer fit together is refused when
read, not read and then failed on, or said wrong, later (review 420): every field is
required, a sketch is a sketch, each classified group keeps its sketch (or none does), a
Goodhart analysis keeps every group's summary, and the settings and columns the report
reads are of their kind."""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    rng = np.random.default_rng(12)
    n = 3000
    df = pd.DataFrame({"m": np.repeat(["a", "b", "c"], n),
                       "r": np.r_[rng.normal(size=n), rng.standard_t(3, n),
                                  rng.gumbel(size=n)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="m", goodhart=True, fdr=0.1, warn=False)
    assert a.settings["fdr"] == 0.1
    return json.loads(a.to_json())  # type: ignore[no-any-return]


def _fields(d: dict[str, Any]) -> dict[str, Any]:
    return d["analysis"]["fields"]  # type: ignore[no-any-return]


def _edited(doc: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> str:
    bad = copy.deepcopy(doc)
    edit(bad)
    return json.dumps(bad)


def test_the_file_as_written_is_read(doc: dict[str, Any]) -> None:
    a = ts.read_analysis(json.dumps(doc))
    assert a.settings["fdr"] == 0.1 and len(a.goodhart) == 3 and len(a.sketches) == 3


@pytest.mark.parametrize("field", ["settings", "sketches", "goodhart", "error_sketches",
                                   "goodhart_failures"])
def test_a_field_cut_out_is_refused_not_filled_with_its_default(doc: dict[str, Any],
                                                                field: str) -> None:
    """No settings read as fdr = 0.05 (the table's flags were made at 0.1); no sketches as
    a report without figures; no goodhart as a report without its sections."""
    text = _edited(doc, lambda d: _fields(d).pop(field))
    with raises_data_error("damaged saved analysis", f"lacks the field(s) {field}"):
        ts.read_analysis(text)


@pytest.mark.parametrize("value", [1, True, 2.5])
def test_a_number_in_a_sketchs_place_is_refused(doc: dict[str, Any], value: Any) -> None:
    """An int (and so a bool) has ``to_bytes``: 1 was read as a sketch, and the report
    failed with an AttributeError."""
    def edit(d: dict[str, Any]) -> None:
        _fields(d)["sketches"]["a"] = value

    with raises_data_error("damaged saved analysis", "sketches['a'] is a", "not a sketch"):
        ts.read_analysis(_edited(doc, edit))


def test_one_groups_sketch_cut_out_is_refused_all_of_them_are_not(doc: dict[str, Any]) -> None:
    text = _edited(doc, lambda d: _fields(d)["sketches"].pop("b"))
    with raises_data_error("damaged saved analysis", "classified group 'b' has no sketch"):
        ts.read_analysis(text)
    # emptied, as the README allows: the report reads the rows for the figures
    emptied = ts.read_analysis(_edited(doc, lambda d: _fields(d).update(sketches={})))
    assert emptied.sketches == {} and len(emptied.classifications) == 3


def test_one_groups_goodhart_summary_cut_out_is_refused(doc: dict[str, Any]) -> None:
    text = _edited(doc, lambda d: _fields(d)["goodhart"].pop("a"))
    with raises_data_error("damaged saved analysis", "'a' has neither a Goodhart summary",
                           "goodhart=True"):
        ts.read_analysis(text)
    off = _edited(doc, lambda d: _fields(d)["settings"].update(goodhart=False))
    with raises_data_error("damaged saved analysis", "goodhart=False"):
        ts.read_analysis(off)


@pytest.mark.parametrize("value", [3, True, 2.5, "m"])
def test_a_by_that_is_no_list_of_columns_is_refused(doc: dict[str, Any], value: Any) -> None:
    with raises_data_error("damaged saved analysis", "settings['by']", "not a list"):
        ts.read_analysis(_edited(doc, lambda d: _fields(d)["settings"].update(by=value)))


def _rename_column(frame: dict[str, Any], old: str, new: str) -> None:
    cols = frame["$frame"]["columns"]["$index"]["values"]
    cols[cols.index(old)] = new


def test_a_column_repr_or_to_dict_reads_renamed_is_refused(doc: dict[str, Any]) -> None:
    """``confident`` (read by repr) and best-of-n's ``extrapolated`` (read by to_dict) were
    renamed, read, and then failed with a KeyError."""
    text = _edited(doc, lambda d: _rename_column(_fields(d)["table"], "confident", "conf"))
    with raises_data_error("damaged saved analysis", "no 'confident' column"):
        ts.read_analysis(text)

    def bon(d: dict[str, Any]) -> None:
        _rename_column(_fields(d)["goodhart"]["a"]["fields"]["best_of_n"], "extrapolated",
                       "extrapolated_")

    with raises_data_error("cannot be used", "'extrapolated'"):
        ts.read_analysis(_edited(doc, bon))


@pytest.mark.parametrize(("name", "value"), [("centre_depth", "x"), ("centre_depth", [1, 2]),
                                             ("centre_depth", 0), ("centre", "x"),
                                             ("centre", [1, 2])])
def test_a_classification_setting_the_report_reads_of_another_kind_is_refused(
        doc: dict[str, Any], name: str, value: Any) -> None:
    def edit(d: dict[str, Any]) -> None:
        c = _fields(d)["classifications"]["a"]["fields"]["settings"]
        assert name in c
        c[name] = value

    with raises_data_error("damaged saved analysis", f"settings['{name}']"):
        ts.read_analysis(_edited(doc, edit))


@pytest.mark.parametrize("value", [[0.1], "x", [0.1, "a", 0.2]])
def test_a_tail_models_classifier_xi_cut_short_is_refused(doc: dict[str, Any],
                                                          value: Any) -> None:
    def edit(d: dict[str, Any]) -> None:
        tail = _fields(d)["goodhart"]["a"]["fields"]["tail"]["fields"]["settings"]
        assert "classifier_xi" in tail
        tail["classifier_xi"] = value

    with raises_data_error("damaged saved analysis", "classifier_xi"):
        ts.read_analysis(_edited(doc, edit))

"""The groups of the hierarchical fit and their thresholds (``tailstat/bayes/_hier_groups.py``)
and how a group is named back (``label_of``, ``draws``): a stop-62 review found entries of
a threshold mapping for no group, or two for one, left unused without a word, keys that
print alike (1 and "1") refused as unknown groups, and a group given to a population
variable ignored."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from tailstat import DataError
from tailstat.bayes import fit_bayes_hierarchical
from tailstat.bayes._hier_groups import check_threshold_mapping, group_exceedances
from tailstat.data import check_groups
from tailstat.errors import ConvergenceWarning


def _alike() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"g": np.repeat(np.array([1, "1", 2.5], dtype=object), 400),
                         "r": rng.standard_exponential(1200)})


def test_a_threshold_mapping_names_each_group_once() -> None:
    groups = check_groups(_alike(), "r", by="g")
    labels = {"1 (int)", "'1' (str)", "2.5"}
    # by the keys as the data have them (the labels name their types), or by the labels
    for given in ({1: "90%", "1": "95%", 2.5: "95%"},
                  {"1 (int)": "90%", "'1' (str)": "95%", "2.5": "95%"}):
        got = check_threshold_mapping(given, groups)
        assert {str(k) for k in got} == labels
        assert sorted(got.values()) == ["90%", "95%", "95%"]
    for given, said in (({1: "90%", "1": "95%", 2.5: "95%", "zz": "90%"},
                         r"has entries for no group: \['zz'\]"),
                        ({1: "90%", "1": "95%", 2.5: "95%", "2.5": "99%"},
                         r"has more than one entry for group\(s\) \[.2.5.\]"),
                        ({1: "90%", 2.5: "95%"},
                         r"has no entry for group\(s\) \[\"'1' \(str\)\"\]")):
        with pytest.raises(DataError, match=said):
            check_threshold_mapping(given, groups)
    assert check_threshold_mapping("95%", groups) == "95%"
    frame = pd.DataFrame({"m": np.repeat(["x", "y"], 300), "c": 1,
                          "r": np.random.default_rng(1).standard_exponential(600)})
    two = check_groups(frame, "r", by=["m", "c"])
    with pytest.raises(DataError, match=r"more than one entry for group\(s\) \[.x/1.\]"):
        check_threshold_mapping({("x", 1): "90%", "x/1": "99%", ("y", 1): "95%"}, two)


def test_one_group_is_not_told_to_fix_skipped_groups() -> None:
    one = check_groups(_alike().query("g == 2.5"), "r", by="g")
    with pytest.raises(DataError) as info:
        group_exceedances(one, "90%", 5)
    said = str(info.value)
    assert "1 qualified, 0 skipped. Give the groups with by=, or use fit_bayes" in said
    assert "  " not in said and "Fix what the skipped" not in said


def test_keys_that_print_alike_name_their_groups() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = fit_bayes_hierarchical(_alike(), "r", by="g", draws=100, tune=100, chains=2,
                                     seed=1, threshold={1: "90%", "1": "95%", 2.5: "95%"},
                                     warn=False)
    assert fit.label_of(1) == "1 (int)" and fit.label_of("1") == "'1' (str)"
    assert fit.label_of("1 (int)") == "1 (int)" and fit.label_of(2.5) == "2.5"
    np.testing.assert_array_equal(fit.draws("xi", group=1), fit.draws("xi", group="1 (int)"))
    with pytest.raises(DataError, match="population's, not a group's"):
        fit.draws("mu_xi", group="no-such-group")
    assert fit.draws("tau").shape == (200,)


def test_a_threshold_mapping_may_name_the_missing_key_by_nan_or_none() -> None:
    # a review: {np.nan: 0.0} and {None: 0.0} were "no entry for group(s) ['<NA>']", where
    # label_of and draws read NaN and None as '<NA>'
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": [1.0] * 60 + [2.0] * 60 + [np.nan] * 60,
                       "r": rng.exponential(size=180)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the missing key's own InputWarning)
        groups = check_groups(df, "r", by="g")
    for missing in (np.nan, None, "<NA>"):
        got = check_threshold_mapping({1: 0.0, 2: "50%", missing: 0.5}, groups)
        assert sorted(got.values(), key=str) == sorted([0.0, "50%", 0.5], key=str)


def test_messages_name_the_function_and_only_the_options_given() -> None:
    # a review: "got an unexpected keyword argument 'draw'" without the function's name, and
    # "by= and gold= each need a table" from a function without gold=
    from tailstat.bayes import fit_bayes

    x = np.random.default_rng(0).standard_exponential(200)
    with pytest.raises(TypeError, match=r"^fit_bayes\(\) got an unexpected keyword argument "
                                        r"'draw'"):
        fit_bayes(x, draw=100)
    with pytest.raises(DataError, match=r"^by= needs a table"):
        fit_bayes_hierarchical(x, by=0)

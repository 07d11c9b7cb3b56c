"""What ``tailstat classify`` prints (``tailstat/cli.py``'s table and
``tailstat/_cli_output.py``): verdicts in words, uncertain ones marked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.cli import main


def test_the_table_shows_an_uncertain_error_verdict_as_uncertain(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: the text table's error_label read 'bounded' for an error with P(bounded) =
    0.55, while the report says 'leaning bounded'; it now holds the error's verdict words."""
    rng = np.random.default_rng(0)
    n = 3000
    g = rng.normal(size=2 * n)
    u = g + np.r_[rng.normal(size=n), rng.uniform(-1, 1, size=n)]
    path = tmp_path / "eg.csv"
    pd.DataFrame({"m": np.repeat(["a", "b"], n), "r": u, "g": g}).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "--gold", "g"]) == 0
    out = capsys.readouterr().out
    res = ts.analyze(pd.read_csv(path), "r", by="m", gold="g", warn=False)
    for key, c in res.error_classifications.items():
        row = next(line for line in out.splitlines() if line.startswith(str(key) + " "))
        assert c.verdict in row
    assert any(not c.confident for c in res.error_classifications.values())  # the case
    assert "uncertain — leaning" in out


def test_a_warning_that_holds_a_semicolon_stays_one_string() -> None:
    """The table row's warnings were its '; '-joined cell split again: a prior-pull or a
    convergence note (which hold '; ') became two strings, while the classification kept one."""
    from dataclasses import replace

    from tailstat._cli_output import classify_document

    a = ts.analyze(pd.DataFrame({"g": "a", "r": np.random.default_rng(0).standard_t(3, 2000)}),
                   "r", by="g")
    note = "R-hat 1.02 > 1.01 (worst: xi); the chains disagree"
    c = replace(a.classifications["a"], warnings=(note, "small sample"))
    table = a.table.assign(warnings=[f"{note}; small sample"])
    doc = classify_document(replace(a, classifications={"a": c}, table=table))
    assert doc["table"][0]["warnings"] == [note, "small sample"]
    assert doc["classifications"]["a"]["warnings"] == [note, "small sample"]


def _one_heavy_among_light(seed: int = 7) -> pd.DataFrame:
    """8 groups of 5,000 normal scores; g0 with 0.4% Pareto(1.5) errors (seed 7: called heavy,
    P(heavy) 0.94, p = 0.002: flagged at FDR 0.05, not at 0.01)."""
    rng = np.random.default_rng(seed)
    parts = []
    for g in range(8):
        x = rng.normal(size=5000)
        if g == 0:
            m = rng.random(5000) < 0.004
            x[m] += (rng.pareto(1.5, m.sum()) + 1) * 2
        parts.append(pd.DataFrame({"group": f"g{g}", "reward": x}))
    return pd.concat(parts)


def test_an_fdr_gate_that_passes_names_the_heavy_groups_it_did_not_flag(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: "pass: no group is heavy" below a table whose g0 reads heavy (0.94). The
    outcome now says no group is *flagged* and names the confident heavy ones; the JSON gate
    lists them; the report's summary says "not flagged" (it printed "-", which reads as "no
    value")."""
    import json

    path = tmp_path / "gate.csv"
    _one_heavy_among_light().to_csv(path, index=False)
    args = ["classify", str(path), "--column", "reward", "--by", "group", "--fail-on", "heavy"]
    assert main([*args, "--fdr", "0.01"]) == 0
    err = capsys.readouterr().err
    assert "pass: no group is flagged heavy; but called heavy with confidence and not flagged" \
        in err and err.rstrip().endswith(": g0")
    assert main([*args, "--fdr", "0.01", "--json"]) == 0
    gate = json.loads(capsys.readouterr().out)["gate"]
    assert gate["tripped"] == [] and gate["heavy_not_flagged"] == ["g0"]
    assert "gate with --level 0.8 in place of --fdr to fail on them" in err
    assert main(args) == 1  # the level gate fails on it
    capsys.readouterr()
    assert main(["report", str(path), "--column", "reward", "--by", "group", "--no-goodhart",
                 "--fdr", "0.01", "-o", str(tmp_path / "r.html")]) == 0
    rows = [ln for ln in capsys.readouterr().out.splitlines() if ln[:3] in {"g0 ", "g1 "}]
    assert len(rows) == 2 and all(ln.count("not flagged") == 1 for ln in rows)


def test_the_table_reads_its_numbers_as_the_verdict_and_python_do(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Two rows of the text table disagreed with what stood beside them: P(heavy) = 0.7995
    printed 0.8 next to "uncertain — leaning heavy (0.79)" (three significant digits), and
    the KL to +3 sd of a bounded tail, infinite (the target cannot be reached; ``inf`` in
    ``to_frame()``), printed ``-``, as a missing value does. They read 0.799 and inf."""
    rng = np.random.default_rng(70)
    path = tmp_path / "two.csv"
    pd.DataFrame({"m": np.repeat(["lean", "ceiling"], 3000),
                  "r": np.r_[rng.weibull(0.7, 3000), np.random.default_rng(1).uniform(
                      size=3000)]}).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "--goodhart", "-q"]) == 0
    rows = {line.split()[0]: line.split("  ") for line in capsys.readouterr().out.splitlines()}
    cells = {k: [c.strip() for c in v if c.strip()] for k, v in rows.items()}
    head = cells["group"]
    lean = dict(zip(head, cells["lean"], strict=True))
    assert lean["verdict"] == "uncertain — leaning heavy (0.79)" and lean["p_heavy"] == "0.799"
    ceiling = dict(zip(head, cells["ceiling"], strict=True))
    assert ceiling["goodhart_kl_3sd"] == "inf" and ceiling["goodhart_bon_v_1024"] == "-"


def test_the_gate_reports_the_level_it_applied() -> None:
    """A review: with --level 0.98 (read as 0.979, the classifier's probabilities only approach
    0.98) a group at P(heavy) = 0.9794 tripped the gate while the JSON and the FAIL line said
    "P(heavy) >= 0.98", so a script checking p_heavy >= gate.level disagreed with tripped."""
    from types import SimpleNamespace

    from tailstat._cli_output import _gate

    table = pd.DataFrame({"group": ["a", "b"], "p_heavy": [0.9794, 0.97], "error": [None, None]})
    res = SimpleNamespace(table=table, failures={}, classifications={}, settings={})
    code, gate = _gate(res, "heavy", 0.98, False)
    assert code == 1 and gate is not None and gate["tripped"] == ["a"]
    assert gate["level"] == pytest.approx(0.979)
    assert all(p >= gate["level"] for p in table["p_heavy"][table["group"].isin(gate["tripped"])])
    assert gate["rule"].startswith("P(heavy) >= 0.979 (--level 0.98 is read as 0.979")
    code, gate = _gate(res, "heavy", 0.9, False)  # a level below the cap is as given
    assert code == 1 and gate is not None and gate["level"] == 0.9
    assert gate["rule"] == "P(heavy) >= 0.9" and gate["tripped"] == ["a", "b"]


def test_keys_of_two_by_columns_read_as_written_in_the_table_gate_and_progress(
        tmp_path, capsys) -> None:
    """The diff's review: with --by name --by run, the table, the gate's FAIL line and the
    progress lines showed a key's emoji sequence as '\\u200d' escapes (the tuple's repr)."""
    family = "👩\u200d👩\u200d👧"
    rng = np.random.default_rng(0)
    pd.DataFrame({"name": f"rm {family}", "run": 1,
                  "reward": rng.pareto(1.0, 5000)}).to_csv(tmp_path / "k.csv", index=False)
    code = main(["classify", str(tmp_path / "k.csv"), "--column", "reward", "--by", "name",
                 "--by", "run", "--fail-on", "heavy"])
    out = capsys.readouterr()
    assert code == 1
    assert "\\u200d" not in out.out + out.err and family in out.out and family in out.err


def test_the_level_gate_names_heavy_groups_below_its_level(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A new user's review: at --level 0.9 the gate said "pass: no group reaches that level"
    for a group the table, the report and explain() call heavy with confidence (0.88). It
    now names them, and the JSON gate lists them (heavy_below_level, schema 3.5)."""
    import json

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"group": np.repeat(["g0", "g1"], 3000),
                          "reward": np.r_[np.random.default_rng(3).standard_t(4, 3000),
                                          rng.normal(size=3000)]})
    path = tmp_path / "gate.csv"
    frame.to_csv(path, index=False)  # g0: t(4), heavy at P(heavy) = 0.862
    args = ["classify", str(path), "--column", "reward", "--by", "group", "--fail-on", "heavy"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "pass: no group reaches that level; but called heavy with confidence below that " \
        "level" in err and err.rstrip().endswith(": g0")
    assert main([*args, "--json"]) == 0
    gate = json.loads(capsys.readouterr().out)["gate"]
    assert gate["tripped"] == [] and gate["heavy_below_level"] == ["g0"]
    assert gate["heavy_not_flagged"] == []
    main([*args, "--fdr", "0.05", "--json"])
    assert json.loads(capsys.readouterr().out)["gate"]["heavy_below_level"] == []


def test_a_failed_goodhart_summary_is_said_beside_the_table(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new user's review: with --goodhart, a group whose summary failed showed '-' in every
    Goodhart column, as a group where they do not apply, and nothing on stderr; the reason
    was only in the JSON. It is now a note."""
    from tailstat import analysis_goodhart
    from tailstat.errors import DataError

    real = analysis_goodhart.goodhart_summary

    def failing(u, *args, name=None, **kwargs):  # type: ignore[no-untyped-def]
        if name == "b":
            raise DataError("the tail model could not be fitted here. Pass more data, another "
                            "threshold, or tail='empirical' to use the sample alone.")
        return real(u, *args, name=name, **kwargs)

    monkeypatch.setattr(analysis_goodhart, "goodhart_summary", failing)
    rng = np.random.default_rng(1)
    path = tmp_path / "g.csv"
    reward = rng.normal(size=4000)
    reward[5] = np.nan
    pd.DataFrame({"group": np.repeat(["a", "b"], 2000), "reward": reward}
                 ).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "reward", "--by", "group",
                 "--goodhart"]) == 0
    err = capsys.readouterr().err
    assert "note: b: no Goodhart summary: the tail model could not be fitted here" in err
    assert "note: a: no Goodhart summary" not in err
    # in the command line's words: no Python-only advice (a new user's review)
    assert "or --no-goodhart to leave the Goodhart summary out" in err
    assert "missing rewards" in err and "tail='empirical'" not in err and "nan=" not in err


def test_the_gates_help_says_the_exit_status_it_returns(tmp_path: Path, capsys) -> None:
    """A review: ``classify --help`` said a group that could not be classified gives 2 under
    --fail-on (1 when another group is heavy), and the --fail-on help "2 on bad input, 0
    otherwise" (2 for an unclassifiable group with no heavy one)."""
    from tailstat._cli_exit import CLASSIFY_EXIT_TEXT

    rng = np.random.default_rng(3)
    rows = {"h": rng.pareto(1.0, 5000), "l": rng.normal(size=5000), "tiny": rng.normal(size=10)}
    frame = pd.DataFrame([(g, v) for g, x in rows.items() for v in x], columns=["g", "r"])
    args = ["--column", "r", "--by", "g", "--fail-on", "heavy", "-q"]
    frame.to_csv(tmp_path / "all.csv", index=False)
    frame[frame["g"] != "h"].to_csv(tmp_path / "no_heavy.csv", index=False)
    assert main(["classify", str(tmp_path / "all.csv"), *args]) == 1
    assert main(["classify", str(tmp_path / "no_heavy.csv"), *args]) == 2
    assert "could not be classified when no group is heavy (else 1)" in CLASSIFY_EXIT_TEXT
    with pytest.raises(SystemExit):
        main(["classify", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "else 2 on bad input or a group that could not be classified; 0 otherwise" in out


def test_the_text_table_writes_no_negative_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """A review: an interval of xi ending just below 0 was printed "[-0.25, -0.00]" (the
    report writes 0.00)."""
    import dataclasses

    from tailstat._cli_output import _summary, _two

    assert (_two(-0.004), _two(-0.006), _two(-0.25), _two(0.0)) == ("0.00", "-0.01", "-0.25",
                                                                      "0.00")
    rng = np.random.default_rng(0)
    res = ts.analyze(pd.DataFrame({"r": rng.normal(size=3000)}), "r", warn=False)
    c = res.classifications["r"]
    low = dataclasses.replace(c, xi=-0.1, xi_ci=dataclasses.replace(c.xi_ci, low=-0.25,
                                                                    high=-0.001))
    _summary(dataclasses.replace(res, classifications={"r": low}))
    out = capsys.readouterr().out
    assert "-0.10 [-0.25, 0.00]" in out and "-0.00" not in out


def test_errors_name_the_command_lines_options(tmp_path: Path, capsys) -> None:
    """A review: '--by g --by g' said "by= names a column twice", an empty gold column
    "leave gold out": the Python API's words where the command line has --by and --gold."""
    from tailstat._cli_output import in_option_words

    assert in_option_words("step_bins= needs steps; leave step_bins out") == \
        "--step-bins needs steps; leave --step-bins out"
    rng = np.random.default_rng(0)
    f = tmp_path / "s.csv"
    pd.DataFrame({"g": ["a", "b"] * 300, "r": rng.normal(size=600), "gold": np.nan}).to_csv(
        f, index=False)
    assert main(["classify", str(f), "--by", "g", "--by", "g", "-q"]) == 2
    assert "--by names a column twice" in capsys.readouterr().err
    assert main(["classify", str(f), "--column", "r", "--gold", "gold", "-q"]) == 2
    err = capsys.readouterr().err
    assert "leave --gold out" in err and "leave gold out" not in err


def test_the_text_table_names_no_subtype_explain_leaves_open() -> None:
    """A review: the CLI table appended the subtype ('heavy (0.98), power-law') where the
    report and explain() give the split between subtypes (below 60% of the label's)."""
    from tailstat._cli_output import _subtype_words
    from tailstat.classification.levels import subtype_split

    rng = np.random.default_rng(7)
    v = rng.pareto(2, 4000)
    c = ts.classify(v + 0.3 * rng.normal(size=v.size), warn=False)
    split = subtype_split(c)
    assert split is not None
    assert _subtype_words(c) == ", " + " or ".join(f"{s} {p:.0%}" for s, p in split.items())
    clear = ts.classify(rng.pareto(1.0, 4000), warn=False)
    assert _subtype_words(clear) == ", power-law"


def test_levels_at_an_offset_keep_their_digits(capsys) -> None:
    """A review: best-of-n's reward over scores near 10^6 printed '1e+06', hiding the gain."""
    from tailstat._cli_output import _print_table

    _print_table([{"group": "a", "goodhart_bon_u_1024": 1000003.27, "p_heavy": 0.7996,
                   "xi": -0.00012}], ["group", "goodhart_bon_u_1024", "p_heavy", "xi"])
    out = capsys.readouterr().out
    assert "1000003.27" in out and "1e+06" not in out and "0.799" in out


def test_a_long_key_is_cut_in_the_text_table_only(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    """One key of 500 characters made every row of the table 660 wide (a review): the text
    table shows its start and end around an ellipsis; the JSON keeps it whole."""
    import json

    from tailstat._cli_output import GROUP_CHARS

    rng = np.random.default_rng(0)
    long_key = "run-" + "x" * 500 + "-step9"
    path = tmp_path / "k.csv"
    pd.DataFrame({"g": np.repeat([long_key, "short"], 300),
                  "r": rng.normal(size=600)}).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "g", "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(ln for ln in lines if ln.startswith("run-"))
    assert "…" in row and "-step9" in row and len(row.split()[0]) == GROUP_CHARS - 1
    assert max(map(len, lines)) < 250
    assert main(["classify", str(path), "--column", "r", "--by", "g", "-q", "--json",
                 "--no-goodhart"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert long_key in {r["group"] for r in doc["table"]}


def test_a_report_of_many_groups_prints_the_analysis_not_every_group(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """tailstat report printed its table and one sentence per group: 11,570 lines for 5,000
    groups, for a product that is the HTML file (a review)."""
    from tailstat._cli_output import SUMMARY_MAX_GROUPS

    rng = np.random.default_rng(1)
    groups = SUMMARY_MAX_GROUPS + 1
    path = tmp_path / "g.csv"
    pd.DataFrame({"g": np.repeat([f"m{i:03d}" for i in range(groups)], 100),
                  "r": rng.normal(size=100 * groups)}).to_csv(path, index=False)
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--column", "r", "--by", "g", "-o", str(out),
                 "--figures", "none"]) == 0
    printed = capsys.readouterr().out
    assert f"({groups} groups: the table and one sentence per group are in the report)" \
        in printed
    assert len(printed.splitlines()) < 15 and "m050" in out.read_text(encoding="utf-8")


def test_the_goodhart_summaries_json_turns_on_are_said(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    """classify --json computes the Goodhart summaries unless told not to: 44 s against 5 s
    for 1,000 groups, with nothing saying where the time went (a review)."""
    path = tmp_path / "s.csv"
    pd.DataFrame({"r": np.random.default_rng(2).normal(size=600)}).to_csv(path, index=False)
    assert main(["classify", str(path), "--json"]) == 0
    err = capsys.readouterr().err
    assert "with the Goodhart summaries (--json: --no-goodhart leaves them out" in err
    for flags in (["--json", "--no-goodhart"], ["--json", "--goodhart"], []):
        assert main(["classify", str(path), *flags]) == 0
        assert "--no-goodhart leaves them out" not in capsys.readouterr().err


def test_the_table_says_when_the_error_was_read_from_part_of_the_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Gold for 30% of the rows: the error's verdict came from about 3,000 of a group's
    10,000, which the report and the JSON said (n_gold) and the text table did not."""
    rng = np.random.default_rng(0)
    g = rng.normal(size=20_000)
    r = g + 0.5 * rng.normal(size=g.size)
    for share, shown in ((0.3, True), (1.0, False)):
        path = tmp_path / f"gold{share}.csv"
        pd.DataFrame({"m": np.repeat(["a", "b"], g.size // 2), "r": r,
                      "gold": np.where(rng.random(g.size) < share, g, np.nan)}).to_csv(
                          path, index=False)
        assert main(["classify", str(path), "--column", "r", "--by", "m", "--gold", "gold",
                     "-q"]) == 0
        header = capsys.readouterr().out.splitlines()[0].split()
        assert ("n_gold" in header) == shown
        if shown:
            assert header.index("n_gold") == header.index("error_label") - 1


def test_table_columns_line_up_on_a_terminal_with_wide_characters(tmp_path) -> None:
    """A review: a group named with CJK characters (two terminal columns each) shifted its row
    by one column per character; columns are sized by shown width."""
    import subprocess
    import sys
    import unicodedata

    def shown(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    r = np.random.default_rng(0)
    path = tmp_path / "cjk.csv"
    pd.DataFrame({"r": r.normal(size=6000),
                  "g": np.repeat(["a", "日本語"], 3000)}).to_csv(path, index=False)
    out = subprocess.run([sys.executable, "-m", "tailstat", "classify", str(path), "--by", "g",
                          "-q"], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()[:3]
    starts = {shown(line[: line.index(" n" if i == 0 else " 3000")]) for i, line in
              enumerate(lines)}
    assert len(starts) == 1, lines


def test_min_n_leaves_small_groups_out_of_the_gate(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: a gate over groups of 5,000 scores failed (exit 2) on groups of 1, 5 and 30
    rows ("give it more rows or leave it out") and only editing the file could leave them
    out. --min-n N leaves the groups of fewer than N scores out of the gate, named on its
    line and in the JSON (min_n, not_gated; schema 3.11); a heavy small group is left out
    too, and a heavy large one still trips it."""
    import json

    rng = np.random.default_rng(0)
    sizes = {"big": 5000, "s1": 1, "s5": 5, "s30": 30, "t": 400}
    parts = [pd.DataFrame({"g": k, "r": rng.normal(size=n) if k != "t"
                           else rng.pareto(1.0, n) + 1.0}) for k, n in sizes.items()]
    path = tmp_path / "sizes.csv"
    pd.concat(parts).to_csv(path, index=False)
    args = ["classify", str(path), "--column", "r", "--by", "g", "--fail-on", "heavy"]
    assert main(args) == 1  # the Pareto group trips it
    capsys.readouterr()
    assert main([*args, "--min-n", "1000", "--json"]) == 0
    gate = json.loads(capsys.readouterr().out)["gate"]
    assert gate["min_n"] == 1000 and gate["not_gated"] == ["s1", "s30", "s5", "t"]
    assert gate["tripped"] == [] and gate["not_classified"] == []
    assert main([*args, "--min-n", "100"]) == 1
    err = capsys.readouterr().err
    assert "left out, fewer than 100 scores (--min-n): s1, s30, s5" in err
    assert main(["classify", str(path), "--column", "r", "--by", "g", "--min-n", "10"]) == 2
    assert "--min-n leaves the groups" in capsys.readouterr().err
    # review 364: a gate that left some groups out passes for the ones it gated; one that
    # left every group out vouches for none (it passed: "no group reaches that level")
    assert main([*args, "--min-n", "1000"]) == 0
    assert "pass: no gated group reaches that level; left out" in capsys.readouterr().err
    assert main([*args, "--min-n", "6000"]) == 2
    assert ("--min-n 6,000 leaves every group out of the gate --fail-on heavy (the largest "
            "has 5,000 scores)") in capsys.readouterr().err
    # review 378: the option error came after --save-analysis had written its file
    saved = tmp_path / "sv.json"
    assert main([*args, "--min-n", "6000", "--save-analysis", str(saved)]) == 2
    assert not saved.exists()


def test_blank_keys_are_quoted_in_the_text_table(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    """A review: groups '' and ' ' printed as two empty cells, which no reader can tell
    apart (nor from a missing name); they are quoted, as the notes and the gate quote them."""
    r = np.random.default_rng(0)
    path = tmp_path / "blank.parquet"
    pd.DataFrame({"g": [""] * 500 + [" "] * 500 + ["a"] * 500,
                  "r": r.normal(size=1500)}).to_parquet(path)
    assert main(["classify", str(path), "--column", "r", "--by", "g", "-q"]) == 0
    firsts = [line.split("  ")[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert firsts == ["''", "' '", "a"]


def test_the_gates_line_names_only_the_failures_it_gates(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The diff's review: with --min-n the line read 'not every group could be classified
    (const, tiny)' beside 'left out ... tiny', and the --min-n hint came for a constant group
    of 5,000 rows, which no size leaves out."""
    rng = np.random.default_rng(0)
    parts = [pd.DataFrame({"g": "const", "r": np.ones(5000)}),
             pd.DataFrame({"g": "tiny", "r": rng.normal(size=5)}),
             pd.DataFrame({"g": "ok", "r": rng.normal(size=5000)})]
    path = tmp_path / "c.csv"
    pd.concat(parts).to_csv(path, index=False)
    args = ["classify", str(path), "--column", "r", "--by", "g", "--fail-on", "heavy"]
    assert main([*args, "--min-n", "100"]) == 2
    err = capsys.readouterr().err
    assert "FAIL: not every group could be classified (const); left out" in err
    assert "--min-n N leaves" not in err
    assert main(args) == 2
    assert "(--min-n N leaves the groups of fewer than N scores" in capsys.readouterr().err


def test_theta_reads_two_decimals_in_the_table_and_the_repr_as_in_explain(
        capsys: pytest.CaptureFixture) -> None:
    """Review 364: theta = 1.005 printed "1" in the text table and the repr (three
    significant digits), where theta = 1 means exactly exponential, and "1.00" in explain()
    and the report."""
    import tailstat as ts
    from tailstat._cli_output import _print_table

    _print_table([{"group": "a", "theta": 1.005, "xi": 1.005}], ["group", "theta", "xi"])
    assert capsys.readouterr().out.splitlines()[1].split() == ["a", "1.00", "1"]
    c = ts.classify(ts.datasets.load("reward_models").query("model == 'rm-heavy'")["reward"])
    assert f"theta={c.theta:.2f}," in repr(c) and f"{c.theta:.2f}" in c.explain()


def test_the_gates_lines_name_twenty_groups_then_how_many_more(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Review 365: 500 groups of one row that could not be classified were all named on the
    gate's line and again on the error line, 3,100 characters each."""
    rng = np.random.default_rng(0)
    parts = [pd.DataFrame({"g": "big", "r": rng.normal(size=2500)})]
    parts += [pd.DataFrame({"g": f"t{i:02d}", "r": [1.0]}) for i in range(25)]
    path = tmp_path / "tiny.csv"
    pd.concat(parts).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "g", "-q",
                 "--fail-on", "heavy"]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines()
             if line.startswith(("tailstat: gate", "tailstat: error"))]
    assert len(lines) == 2
    for line in lines:
        assert "(t00, t01," in line and "t19 and 5 more)" in line and "t20" not in line


def test_the_gold_note_column_is_named_as_the_command_line_shows_it() -> None:
    """A review: the CLI said "(their rows' gold_note says why)", a column its tables lack;
    it prints those notes instead."""
    from tailstat._cli_output import in_option_words

    msg = ("The error (reward − gold) of 1 of 2 groups could not be analysed (their rows' "
           "gold_note says why): 'b': too few.")
    assert "(the notes below say why)" in in_option_words(msg)
    assert "(the group's note says why)" in in_option_words("x (the table's gold_note says "
                                                             "why): nothing")


def test_an_error_names_an_input_whose_name_is_a_common_word(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture,
                                                             monkeypatch) -> None:
    """A review: for a folder 'data' the prefix 'data:' was dropped, since "data" is in the
    message's own words ("the data has columns")."""
    from tailstat._cli_output import names_input

    assert not names_input("unknown column 'nope'; the data has columns ['r']", "data")
    assert names_input("'data' holds no rows", "data") and names_input("x in d.csv", "d.csv")
    folder = tmp_path / "data"
    folder.mkdir()
    pd.DataFrame({"r": np.random.default_rng(0).normal(size=100)}).to_parquet(
        folder / "a.parquet")
    monkeypatch.chdir(tmp_path)
    assert main(["classify", "data", "--column", "nope"]) == 2
    assert "error: data: unknown column 'nope'" in capsys.readouterr().err


def test_goodhart_bounds_and_extrapolated_best_of_n_are_marked_in_the_text_table(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: a lower bound of 2.995 nats read "3" beside a heavy tail's upper bound 0.00913
    that looked the same, and best-of-1024 of 300 rows (the tail model's, 2.71 against a true
    3.25) read as a measurement."""
    from tailstat._cli_output import bound_text

    assert bound_text(2.995, True) == ">=2.99" and bound_text(0.009131, False) == "<=0.00914"
    r = np.random.default_rng(0)
    path = tmp_path / "g.csv"
    pd.DataFrame({"g": ["small"] * 300 + ["big"] * 20_000 + ["heavy"] * 5000,
                  "r": np.r_[r.normal(size=300), r.normal(size=20_000),
                             r.pareto(1.5, 5000)]}).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "g", "--goodhart"]) == 0
    out = capsys.readouterr().out
    small = next(line for line in out.splitlines() if line.startswith("small"))
    heavy = next(line for line in out.splitlines() if line.startswith("heavy"))
    big = next(line for line in out.splitlines() if line.startswith("big"))
    assert "*" in small and "*" not in big and "* past the sample's reach" in out
    assert "<=" in heavy  # a heavy tail's cost is a policy's: an upper bound
    assert main(["classify", str(path), "--column", "r", "--by", "g", "--json"]) == 0
    import json

    table = json.loads(capsys.readouterr().out)["table"]
    flags = {row["group"]: row["goodhart_bon_u_1024_extrapolated"] for row in table}
    assert flags == {"small": True, "big": False, "heavy": True}  # (heavy: reach N/3300)


def test_keys_cut_alike_keep_where_they_differ(capsys: pytest.CaptureFixture) -> None:
    """Review 413: prompts sharing a chat template's start and end printed as one row three
    times; the text table now keeps the part where they differ, as the report does."""
    from tailstat._cli_output import GROUP_CHARS, _print_table

    head, tail = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n", \
        "<|im_end|>\n<|im_start|>assistant\n"
    asks = ["Explain GRPO", "What is 2+2?", "Write a haiku"]
    _print_table([{"group": head + a + tail, "n": 500} for a in asks], ["group", "n"])
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len({r.split("  ")[0] for r in rows}) == 3
    for ask, row in zip(asks, rows, strict=True):
        assert ask in row and row.startswith("<|im_start|>")
        assert len(row.split("  ")[0]) <= GROUP_CHARS + 2  # ellipses, not the whole key

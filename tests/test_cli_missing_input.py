"""An input file that is not there (``tailstat/cli.py``)."""

from __future__ import annotations

from tailstat.cli import main


def test_a_missing_input_is_said_without_a_status_line_before_it(tmp_path, capsys) -> None:
    """Review 426: "tailstat: classifying the upper tails" came first, then "input file not
    found"; the error now stands alone."""
    assert main(["classify", str(tmp_path / "nothing.csv")]) == 2
    err = capsys.readouterr().err
    assert "input file not found" in err and "classifying" not in err

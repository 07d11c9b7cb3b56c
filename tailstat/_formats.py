"""The input formats and RewardBench score choices, as plain constants: the command line's
``--format`` and ``--scores`` offer them without importing the readers (numpy, pandas,
pyarrow), so that ``tailstat --help`` answers at once."""

__all__ = ["FORMATS", "SCORES"]

#: Values of ``format=`` (``None`` or ``"auto"``: chosen by the input's shape).
FORMATS = ("auto", "csv", "tsv", "parquet", "arrow", "jsonl", "json", "rewardbench", "trl",
           "rewards-json")

#: Which scores of a RewardBench row are the rewards.
SCORES = ("chosen", "rejected", "both", "margin")

"""A reward's Goodhart summary with the gold comparison of the rows that have a gold score:
:func:`with_gold_comparison`, each part on its own rows."""

from __future__ import annotations

from dataclasses import replace

from tailstat.errors import DataError
from tailstat.goodhart._rows import check_rows_within
from tailstat.goodhart.bon import policy_kl
from tailstat.goodhart.summary import GoodhartSummary, _verdict

__all__ = ["with_gold_comparison"]


def with_gold_comparison(reward: GoodhartSummary, paired: GoodhartSummary, *,
                         note: str | None = None) -> GoodhartSummary:
    """The summary of a reward sample (``reward``, made from every row) with the gold
    comparison of the rows that have a gold score (``paired``, made from those rows with
    their gold scores), the verdict written anew from both.

    When gold scores cover only some rows, what optimisation does to the *reward* is a
    question about all of it (its tail, its classification), while what it does to the *true
    utility* can only be read from the rows with gold: this keeps each part on its own rows,
    so the verdict never contradicts the reward's classification.

    Parameters
    ----------
    reward : GoodhartSummary
        Without gold scores (``goodhart_summary(u)``), from all the rows.
    paired : GoodhartSummary
        With gold scores (``goodhart_summary(u_paired, v)``): ``u_paired`` all of the
        reward's rows or some of them (those with a gold score), in any order.
    note : str, optional
        What the gold comparison rests on (added to ``settings["gold_note"]`` and warnings).

    Returns
    -------
    GoodhartSummary

    Raises
    ------
    DataError
        ``reward`` with gold or ``paired`` without; ``paired``'s rewards not ``reward``'s rows
        or a subset of them, by the fingerprints the summaries keep in
        ``settings["rows_fingerprint"]`` (more rows, values past the reward's range, as many
        rows with other values, or values not among the reward's, which a sketch of hashes
        shows: :mod:`tailstat.goodhart._rows`; not checked for summaries saved without them).
    """
    if reward.gold is not None or paired.gold is None:
        raise DataError("with_gold_comparison needs a summary without gold scores and one "
                        "with them (goodhart_summary(u) and goodhart_summary(u_paired, v)).")
    check_rows_within(reward.settings.get("rows_fingerprint"),
                      paired.settings.get("rows_fingerprint"))
    verdict, vkl, vkind = _verdict(reward.frontier, reward.tail, reward.verdict_sd,
                                   paired.gold, reward.settings.get("verdict_kl_floor"))
    # (verdict_n stays the reward's: best-of-n sizes of the gold comparison are in gold["n"])
    settings = {**reward.settings, "prediction": paired.settings.get("prediction"),
                "gold_rows": int(paired.tail.n), "verdict_kl_kind": vkind}
    notes = [w for w in paired.warnings if "another scale" in w]
    if note:
        settings["gold_note"] = note
        notes.insert(0, note)
    # best-of-n of the rows with gold, by n (a curve mixing two row sets is no curve of either)
    pb = paired.best_of_n
    settings["gold_best_of_n_v"] = {int(n): float(v) for n, v in zip(pb["n"], pb["v"],
                                                                      strict=True)}
    settings["gold_best_of_n_gain_se"] = {int(n): float(s) for n, s in zip(
        pb["n"], pb["v_gain_se"], strict=True)}
    # and its KL, on the scores' own law where that is read (binary proxies: the curve was
    # drawn to 5.91 nats beside the proxy's 1.24; a review)
    settings["gold_best_of_n_kl"] = {int(n): float(k) for n, k in zip(
        pb["n"], policy_kl(pb, paired.tail), strict=True)}
    one = pb.loc[pb["n"] == 1, "v_sd"]  # the sd of the gold scores: the unit of their gains
    settings["gold_v_sd"] = float(one.iloc[0]) if len(one) else None
    return replace(reward, verdict=verdict, verdict_kl=vkl, gold=paired.gold, settings=settings,
                   warnings=tuple(dict.fromkeys((*notes, *reward.warnings))))

"""What a sketch holds when asked for more top values than it kept, and why: the one wording
that :meth:`tailstat.TailSketch.upper_tail` and ``classify`` (which advises a capacity of its
own) both start their refusal with, built from the sketch's numbers rather than parsed back
out of another message."""

from __future__ import annotations

__all__ = ["HEADROOM", "held_short"]

#: A sketch with the automatic capacity keeps this many times :func:`tailstat.sketch.capacity_for`
#: of its n, so that merged shards (whose total n is larger) still hold what the total needs.
HEADROOM = 2


def held_short(name: str, held: int, n: int, capacity: int | None, need: int,
               depth: int) -> tuple[str, str]:
    """The sketch's holding and the reason it is short, as ``(holds, why)``.

    Parameters
    ----------
    name : str
        The sketch's name.
    held : int
        Top values the sketch holds (its ``k_max + 1``).
    n : int
        Values it has seen.
    capacity : int or None
        Its fixed capacity, or None for the automatic one.
    need : int
        Top values asked of it (``k + 1``).
    depth : int
        What the analysis of ``n`` values reads (``capacity_for(n)``); a one-pass sketch with
        the automatic capacity holds :data:`HEADROOM` times that, or all ``n``.

    Returns
    -------
    tuple of str
        ``holds``, "the sketch 'x' holds the top 120 of 10000 values", and ``why``: empty, or
        a parenthesis that starts with a space (shards that kept fewer, or a merged sketch
        of a smaller capacity).
    """
    one = min(HEADROOM * depth, n)
    holds = f"the sketch {name!r} holds the top {held} of {n} values"
    if capacity is None and held < one:
        why = (" (with the automatic capacity, shards or batches that hold most of the top "
               f"values leave fewer than the {one} of a one-pass sketch)")
    elif capacity is not None and capacity >= need:
        why = (f" (its capacity is {capacity}, but a sketch merged into it had a smaller one "
               "and kept fewer)")
    else:
        why = ""
    return holds, why

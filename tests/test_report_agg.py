"""The report's Agg canvas: text drawn from the cache looks as matplotlib draws it, whatever
the cache held before."""

from __future__ import annotations

import os

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import IdentityTransform

from tailstat.reporting import _agg
from tailstat.reporting._agg import ReportCanvas, clear_text_cache

needs_glyph_api = pytest.mark.skipif(not _agg._GLYPH_API,
                                     reason="matplotlib without the glyph-level calls")

TEXTS = [("heavy-tailed (ξ = 0.42)", 0, {}), ("P(reward > x)", 90, {}),
         ("0.001", 0, {"weight": "bold"}), ("AVAWAy fi ffl", 0, {"size": 13}),
         ("1e−05 ", 30, {"style": "italic"}), ("   ", 0, {})]


def _pixels(canvas_cls: type, *, at_pixels: bool, dpi: int = 96) -> np.ndarray:
    fig = Figure(figsize=(4, 3), dpi=dpi)
    canvas = canvas_cls(fig)
    for i, (s, angle, kw) in enumerate(TEXTS):
        if at_pixels:  # whole-pixel origins (display coordinates)
            fig.text(20 + 40 * (i % 2), 20 + 45 * i, s, rotation=angle, rotation_mode="anchor",
                     transform=IdentityTransform(), **kw)
        else:  # where a layout puts them
            fig.text(0.07 + 0.13 * i, 0.11 + 0.137 * i, s, rotation=angle, **kw)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _assert_as_matplotlib(ours: np.ndarray, theirs: np.ndarray) -> None:
    """At a whole-pixel origin matplotlib renders the same glyph bitmaps at the same places;
    only where neighbouring glyphs share a pixel may one blend of their combined image differ
    from two blends, each rounded to 8 bits (a few levels, in a few pixels)."""
    assert (theirs < 255).any()  # there is text
    diff = np.abs(ours.astype(int) - theirs.astype(int))
    assert diff.max() <= 4
    assert (diff > 0).mean() < 0.002


@needs_glyph_api
def test_text_at_whole_pixels_matches_matplotlib() -> None:
    _assert_as_matplotlib(_pixels(ReportCanvas, at_pixels=True),
                          _pixels(FigureCanvasAgg, at_pixels=True))


@needs_glyph_api
def test_text_anywhere_moves_by_less_than_a_pixel() -> None:
    ours = _pixels(ReportCanvas, at_pixels=False)[..., :3].astype(float)
    theirs = _pixels(FigureCanvasAgg, at_pixels=False)[..., :3].astype(float)
    ink_ours, ink_theirs = 255 - ours.mean(axis=2), 255 - theirs.mean(axis=2)
    assert abs(ink_ours.sum() / ink_theirs.sum() - 1) < 0.02  # the same amount of ink
    rows, cols = np.indices(ink_ours.shape)
    for w in (ink_ours, ink_theirs):
        assert w.sum() > 0
    centre = [((w * rows).sum() / w.sum(), (w * cols).sum() / w.sum())
              for w in (ink_ours, ink_theirs)]
    assert np.abs(np.subtract(*centre)).max() < 0.5


@needs_glyph_api
def test_cache_does_not_change_the_pixels() -> None:
    clear_text_cache()
    cold = _pixels(ReportCanvas, at_pixels=False)
    assert len(_agg._TEXTS) >= len(TEXTS) - 1
    warm = _pixels(ReportCanvas, at_pixels=False)  # every text from the cache
    assert np.array_equal(cold, warm)
    other_dpi = _pixels(ReportCanvas, at_pixels=False, dpi=50)  # its own entries
    assert other_dpi.shape != cold.shape


def test_measures_equal_matplotlib() -> None:
    fig = Figure(dpi=96)
    ours = ReportCanvas(fig).get_renderer()
    theirs = FigureCanvasAgg(Figure(dpi=96)).get_renderer()
    for s, _, kw in TEXTS:
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(**kw)
        for ismath in (False,):
            assert ours.get_text_width_height_descent(s, prop, ismath) == \
                theirs.get_text_width_height_descent(s, prop, ismath)
            # a second time from the cache
            assert ours.get_text_width_height_descent(s, prop, ismath) == \
                theirs.get_text_width_height_descent(s, prop, ismath)


def test_without_glyph_api_draws_as_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_agg, "_GLYPH_API", False)
    ours = _pixels(ReportCanvas, at_pixels=False)
    theirs = _pixels(FigureCanvasAgg, at_pixels=False)
    assert np.array_equal(ours, theirs)


@needs_glyph_api
def test_font_settings_are_part_of_the_key() -> None:
    import matplotlib as mpl

    clear_text_cache()
    plain = _pixels(ReportCanvas, at_pixels=True)
    with mpl.rc_context({"text.hinting": "none"}):
        unhinted = _pixels(ReportCanvas, at_pixels=True)
        _assert_as_matplotlib(unhinted, _pixels(FigureCanvasAgg, at_pixels=True))
    assert not np.array_equal(plain, unhinted)
    assert np.array_equal(plain, _pixels(ReportCanvas, at_pixels=True))


@needs_glyph_api
def test_font_lists_behind_generic_families_are_part_of_the_key() -> None:
    import matplotlib as mpl

    clear_text_cache()
    sans = _pixels(ReportCanvas, at_pixels=True)  # cached under DejaVu Sans
    with mpl.rc_context({"font.sans-serif": ["DejaVu Serif"]}):
        serif = _pixels(ReportCanvas, at_pixels=True)
        _assert_as_matplotlib(serif, _pixels(FigureCanvasAgg, at_pixels=True))
        theirs = FigureCanvasAgg(Figure(dpi=96)).get_renderer()
        ours = ReportCanvas(Figure(dpi=96)).get_renderer()
        from matplotlib.font_manager import FontProperties

        assert ours.get_text_width_height_descent("Tail index", FontProperties(), False) == \
            theirs.get_text_width_height_descent("Tail index", FontProperties(), False)
    assert not np.array_equal(sans, serif)


def test_mathtext_is_measured_as_matplotlib_measures_it() -> None:
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    s = r"$\mathrm{tail}\ x^2$"
    ReportCanvas(Figure(dpi=100)).get_renderer().get_text_width_height_descent(
        s, FontProperties(), True)
    with mpl.rc_context({"mathtext.default": "bf"}):
        ours = ReportCanvas(Figure(dpi=100)).get_renderer().get_text_width_height_descent(
            s, FontProperties(), True)
        theirs = FigureCanvasAgg(Figure(dpi=100)).get_renderer().get_text_width_height_descent(
            s, FontProperties(), True)
    assert ours == theirs


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_a_forked_child_gets_a_free_lock() -> None:
    import threading
    import time

    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with _agg._LOCK:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        pid = os.fork()
        if pid == 0:  # the child: the lock must be free here
            code = 0 if _agg._LOCK.acquire(timeout=5) else 1
            os._exit(code)
        start = time.monotonic()
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert time.monotonic() - start < 5
    finally:
        release.set()
        thread.join()

"""An Agg canvas for the report's figures whose renderer draws each text from a cache.

matplotlib (3.11) lays out and rasterises every glyph of every text each time a figure is
drawn: about a third of the time of a report panel, although the same strings (tick labels,
axis labels, titles, legend entries) come back in every group. :class:`ReportCanvas` is a
``FigureCanvasAgg`` whose renderer keeps, per string and font (family, size, weight, ...),
the font settings that choose and shape the glyphs (the font lists behind the generic
families, hinting, kerning), dpi, angle and antialiasing, the string's coverage bitmap: its
glyphs rendered by FreeType at their laid-out sub-pixel offsets and combined into one image.
A text (each line of it) is then drawn as one image, its origin moved to the nearest whole
pixel, as matplotlib drew text before 3.11 (3.11 places each glyph at 1/64 pixel from the
text's exact position).

The image of a string does not depend on where it is drawn or on what was drawn before, so a
figure has the same pixels whether the cache was empty or full (the report's tests compare
the PNG bytes of figures drawn in different orders). The measures of each plain string
(width, height, descent) and the line-height metrics matplotlib reads from the font's tables
for every text are kept too, across figures and renderers.

Where matplotlib does not offer the glyph-level calls this relies on (other versions), or for
mathtext, the renderer draws and measures as ``RendererAgg`` does. The cache's lock is made
anew in a forked child (a fork while another thread holds it would otherwise leave the
child's lock held for ever).
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib import ft2font
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font

__all__ = ["ReportCanvas", "clear_text_cache"]

#: Strings kept (least recently used dropped first); a report uses a few hundred.
MAX_TEXTS = 8192
#: The glyph-level FreeType calls of matplotlib >= 3.11 this renderer needs.
_GLYPH_API = all(hasattr(ft2font.FT2Font, name)
                 for name in ("_layout", "_set_transform", "_render_glyph"))

_TEXTS: OrderedDict[tuple[Any, ...], tuple[np.ndarray, int, int] | None] = OrderedDict()
_HEIGHTS: dict[tuple[Any, ...], tuple[float, float, float] | None] = {}
_METRICS: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_LOCK = threading.Lock()  # the report's threads share the cache


def _new_lock() -> None:
    global _LOCK
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):  # a forked worker must not inherit a held lock
    os.register_at_fork(after_in_child=_new_lock)


def clear_text_cache() -> None:
    """Forget the kept text images and font metrics."""
    with _LOCK:
        _TEXTS.clear()
        _HEIGHTS.clear()
        _METRICS.clear()


def _font_key(prop: Any) -> tuple[Any, ...]:
    """What selects and sizes the font of ``prop`` (an immutable snapshot)."""
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
            prop.get_math_fontfamily())


#: The settings that choose the font file behind a generic family name.
_FAMILY_LISTS = ("font.serif", "font.sans-serif", "font.cursive", "font.fantasy",
                 "font.monospace")


def _rc_key() -> tuple[Any, ...]:
    """The settings (rcParams) that choose the font files and change how FreeType lays out
    and renders a string."""
    rc: Any = mpl.rcParams  # read as stored (dict.get): text.hinting_factor is deprecated
    # (reading it through the mapping warns)
    return (get_hinting_flag(), dict.get(rc, "text.hinting_factor"),
            dict.get(rc, "text.kerning_factor"),
            *(tuple(dict.get(rc, name) or ()) for name in _FAMILY_LISTS))


class _CachingRenderer(RendererAgg):
    """``RendererAgg`` drawing plain text from the module's cache of text images."""

    def _get_font_height_metrics(self, prop: Any) -> tuple[Any, Any, Any]:
        # matplotlib's Text._get_layout asks the renderer first (the hook exists for the
        # PDF/PS backends) and otherwise reads the same tables for every text it lays out
        key = (_font_key(prop), self.dpi, _rc_key())
        if key not in _HEIGHTS:
            _HEIGHTS[key] = _font_height_metrics(prop, self.dpi)
        found = _HEIGHTS[key]
        return found if found is not None else (None, None, None)

    def get_text_width_height_descent(self, s: str, prop: Any,
                                      ismath: Any) -> tuple[float, float, float]:
        # matplotlib caches the measures per renderer; these are kept across the figures
        # (a new figure, the Goodhart and overview figures, each worker's first group)
        if ismath:  # TeX or mathtext: its own settings, and the parser caches its parses
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, _font_key(prop), ismath, self.dpi, _rc_key())
        with _LOCK:
            found = _METRICS.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)
            with _LOCK:
                if len(_METRICS) >= MAX_TEXTS:
                    _METRICS.clear()
                _METRICS[key] = found
        return found

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float,
                  ismath: Any = False, mtext: Any = None) -> None:
        if ismath or not _GLYPH_API:
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            return
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        antialiased = bool(gc.get_antialiased())
        key = (s, _font_key(prop), self.dpi, float(angle), antialiased, _rc_key(),
               tuple(features) if features is not None else None, language)
        with _LOCK:
            found = key in _TEXTS
            if found:
                _TEXTS.move_to_end(key)
                image = _TEXTS[key]
        if not found:
            image = self._text_image(s, prop, angle, antialiased, features, language)
            with _LOCK:
                _TEXTS[key] = image
                while len(_TEXTS) > MAX_TEXTS:
                    _TEXTS.popitem(last=False)
        if image is None:  # nothing visible (blanks)
            return
        bitmap, left, top = image
        # the origin on a whole pixel; FreeType's y is upwards, draw_text_image's downwards
        # (its y is the bitmap's bottom side)
        x0, y0 = round(x), round(self.height - y)
        self._renderer.draw_text_image(bitmap, x0 + left,
                                       int(self.height) - (y0 + top) + bitmap.shape[0], 0, gc)

    def _text_image(self, s: str, prop: Any, angle: float, antialiased: bool, features: Any,
                    language: Any) -> tuple[np.ndarray, int, int] | None:
        """The coverage image of ``s`` drawn from the origin, with its left and top offsets
        (pixels, y upwards), as RendererAgg renders its glyphs; None when nothing shows."""
        font = self._prepare_font(prop)
        flags = get_hinting_flag()
        items = font._layout(s, flags=flags, features=features, language=language)
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        mode = ft2font.RenderMode.NORMAL if antialiased else ft2font.RenderMode.MONO
        glyphs = []
        for item in items:
            f = item.ft_object
            f.set_size(size, self.dpi)
            f._set_transform(matrix, [round(0x40 * (item.x * cos - item.y * sin)),
                                      round(0x40 * (item.x * sin + item.y * cos))])
            bitmap = f._render_glyph(item.glyph_index, flags, mode)
            buf = np.asarray(bitmap.buffer, dtype=np.uint8)
            if buf.size:
                glyphs.append((buf if antialiased else buf * np.uint8(0xFF),
                               int(bitmap.left), int(bitmap.top)))
        if not glyphs:
            return None
        left = min(g[1] for g in glyphs)
        top = max(g[2] for g in glyphs)
        right = max(g[1] + g[0].shape[1] for g in glyphs)
        bottom = min(g[2] - g[0].shape[0] for g in glyphs)
        # glyphs blended one after the other cover 1 - prod(1 - a): kerned neighbours that
        # share a pixel combine as they would on the canvas
        clear = np.full((top - bottom, right - left), 1.0)
        for buf, gl, gt in glyphs:
            r, c = top - gt, gl - left
            clear[r:r + buf.shape[0], c:c + buf.shape[1]] *= 1.0 - buf / 255.0
        image = np.rint(255.0 * (1.0 - clear)).astype(np.uint8)
        return image, left, top


def _font_height_metrics(prop: Any, dpi: float) -> tuple[float, float, float] | None:
    """(ascent, descent, line gap) in pixels from the font's OS/2 or hhea table, as
    ``Text._get_layout`` computes them; None when the font has neither table."""
    font: Any = get_font(fontManager._find_fonts_by_props(prop))  # tables typed by name
    for table_name, gap, ascent, descent in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() \
            * dpi / 72
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None


class ReportCanvas(FigureCanvasAgg):
    """``FigureCanvasAgg`` whose renderer draws text from the cache of text images."""

    def get_renderer(self) -> RendererAgg:
        # FigureCanvasAgg.get_renderer, with this module's renderer
        canvas: Any = self  # matplotlib's stubs type _lastKey as None
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if canvas._lastKey != key:
            canvas.renderer = _CachingRenderer(w, h, self.figure.dpi)
            canvas._lastKey = key
        return canvas.renderer

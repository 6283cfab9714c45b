"""Pictures of the charts (matplotlib): the same ``ChartDef`` as the file adapter draws
natively, drawn from the engine values of the SheetSpec, for places that cannot hold a
native Excel chart (a picture in a document, a preview). The live Excel add-in no longer
needs them: xlwings (0.37.3 and later) makes native charts on both engines, also through
xlwings Server, and ``addin/ribbon/live_book.py`` draws every ``ChartDef`` natively there."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from udfs.language.rounding import avrunda, format_tal
from workbooks.books.sheet_spec import ChartDef, SheetSpec, range_values

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

CM = 1 / 2.54


def _num(values: list) -> list[float]:
    return [float("nan") if not isinstance(v, (int, float)) or isinstance(v, bool) else float(v) for v in values]


def figure(chart: ChartDef, spec: SheetSpec) -> Figure:
    """A matplotlib Figure of ``chart`` with the values of ``spec``."""
    # matplotlib is imported on first use: it takes a good half second, and only the live
    # add-in draws pictures.
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(chart.width_cm * CM, chart.height_cm * CM), dpi=150)
    ax = fig.add_subplot()
    labels = [str(v) if v is not None else "" for v in range_values(spec, chart.categories)]
    positions = list(range(len(labels)))
    bottom_pos = [0.0] * len(labels)
    bottom_neg = [0.0] * len(labels)
    for s in chart.series:
        values = _num(range_values(spec, s.values))
        color = f"#{s.color}" if s.color else None
        if chart.kind == "line":
            ax.plot(positions, values, marker="o", markersize=3, color=color, label=s.title,
                    linestyle="--" if s.dashed else "-")
            continue
        clean = [0.0 if v != v else v for v in values]
        if chart.stacked:
            base = [bp if v >= 0 else bn for v, bp, bn in zip(clean, bottom_pos, bottom_neg)]
        else:
            base = [0.0] * len(clean)
        draw = ax.barh if chart.kind == "barh" else ax.bar
        kwargs = {"left": base} if chart.kind == "barh" else {"bottom": base}
        if s.invisible:
            draw(positions, clean, color="none", edgecolor="none", **kwargs)
        else:
            bars = draw(positions, clean, color=color, label=s.title, **kwargs)
            if chart.data_labels:
                ax.bar_label(bars, labels=[_label(v) for v in clean], fontsize=6.5, padding=2)
        if chart.stacked:
            bottom_pos = [bp + v if v >= 0 else bp for v, bp in zip(clean, bottom_pos)]
            bottom_neg = [bn + v if v < 0 else bn for v, bn in zip(clean, bottom_neg)]
    if chart.kind == "barh":
        ax.set_yticks(positions, labels, fontsize=6)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.6)
        if chart.y_title:
            ax.set_xlabel(chart.y_title, fontsize=7)
    else:
        ax.set_xticks(positions, labels, fontsize=6)
        if chart.y_title:
            ax.set_ylabel(chart.y_title, fontsize=7)
    ax.tick_params(labelsize=6)
    value_axis = ax.xaxis if chart.kind == "barh" else ax.yaxis
    value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_tal(v, 1)))
    if chart.y_min is not None or chart.y_max is not None:
        (ax.set_xlim if chart.kind == "barh" else ax.set_ylim)(chart.y_min, chart.y_max)
    if chart.kind == "barh":
        ax.margins(x=0.12)
    ax.grid(axis="x" if chart.kind == "barh" else "y", linewidth=0.4, alpha=0.5)
    ax.set_title(chart.title, fontsize=9)
    if chart.legend:
        ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, frameon=False)
    fig.tight_layout()
    return fig


def _label(value: float) -> str:
    """A data label in mnkr with one decimal; none for zero (the other half of a stacked pair)."""
    return "" if avrunda(value, 1) == 0 else format_tal(value, 1)


_CACHE: dict[str, bytes] = {}
_LOCK = threading.Lock()
CACHE_SIZE = 16


def png(chart: ChartDef, spec: SheetSpec) -> bytes:
    """The chart as PNG bytes. The same chart over the same values is drawn once (Rapport
    shows Diagram's charts again: the live add-in places both without drawing twice)."""
    ranges = [chart.categories, *(s.values for s in chart.series)]
    key = repr((replace(chart, anchor=""), [range_values(spec, r) for r in ranges]))
    with _LOCK:  # the server runs scripts in threads
        found = _CACHE.get(key)
    if found is None:
        found = _draw(chart, spec)
        with _LOCK:
            while len(_CACHE) >= CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = found
    return found


def _draw(chart: ChartDef, spec: SheetSpec) -> bytes:
    buffer = io.BytesIO()
    figure(chart, spec).savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.05)
    return buffer.getvalue()

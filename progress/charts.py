"""Geometry of small server-rendered SVG charts: one series of bars or one line.

The template `progress/charts/chart.html` draws a Chart: an <svg> with
role="img" and an aria-label, then the same numbers as a <table> in a
<details>, for screen readers and for anyone who wants the figures.

Drawn here rather than by a library: the charts are one series of at most a
few dozen points, the site's Content-Security-Policy allows no inline script
or style (pygal's SVG carries both; Chart.js and its kin need JavaScript and a
canvas with no text behind it), and owning the markup keeps the text table and
the labels in our templates and catalogue.

Layout: a viewBox of WIDTH x HEIGHT units that the page scales to its width;
text is FONT units tall, about 13 px on a 360 px phone. Values run from 0 at
the bottom to `top` (a round number at or above the largest value, or given,
as 100 for percentages). At most X_LABELS labels stand under the x axis, the
last point always among them. A None value is a gap: no bar, a break in the line.
Pure: plain values in, plain values out.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 22, 14, 30  # room for the labels at the edges
FONT = 14
X_LABELS = 5
BAR_SHARE = 0.7  # of each point's band; the rest is the gap between bars
DOT_RADIUS = 2.5


@dataclass(frozen=True)
class Datum:
    axis_label: str  # short, under the axis ("3/14")
    row_label: str  # in full, in the table ("2026-03-14")
    value: float | None
    text: str  # the value as the table shows it


@dataclass(frozen=True)
class Mark:
    """A bar (x, y its top left corner) or a dot (x, y its centre)."""

    x: float
    y: float
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ChartText:
    title: str
    summary: str  # the svg's aria-label: what the chart shows, in one sentence
    label_heading: str  # the table's first column
    value_heading: str  # the table's second column


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" | "line"
    text: ChartText
    data: list[Datum]
    marks: list[Mark] = field(default_factory=list)
    line: str = ""  # an SVG path
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    font: int = FONT


PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


def round_top(largest: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above `largest` (1 when it is 0)."""
    if largest <= 1:
        return 1
    power = 10 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= largest)


def _y(value: float, top: float) -> float:
    return TOP + PLOT_HEIGHT * (1 - min(value, top) / top)


def _band(count: int) -> float:
    return PLOT_WIDTH / max(count, 1)


def _centre(index: int, count: int) -> float:
    return LEFT + _band(count) * (index + 0.5)


def y_ticks(top: float, suffix: str) -> list[Tick]:
    values = (0, top / 2, top)
    return [Tick(round(_y(v, top), 1), f"{v:g}{suffix}") for v in values]


def x_ticks(data: Sequence[Datum]) -> list[Tick]:
    step = max(1, math.ceil(len(data) / X_LABELS))
    shown = sorted(range(len(data) - 1, -1, -step))
    return [Tick(round(_centre(i, len(data)), 1), data[i].axis_label) for i in shown]


def _values_top(data: Sequence[Datum], top: float | None) -> float:
    if top is not None:
        return top
    return round_top(max((d.value for d in data if d.value is not None), default=0))


def bar_chart(
    data: Sequence[Datum], *, text: ChartText, top: float | None = None, suffix: str = ""
) -> Chart:
    top, band = _values_top(data, top), _band(len(data))
    marks = []
    for index, datum in enumerate(data):
        if not datum.value:
            continue
        y = _y(datum.value, top)
        x = LEFT + band * index + band * (1 - BAR_SHARE) / 2
        height = TOP + PLOT_HEIGHT - y
        marks.append(Mark(round(x, 1), round(y, 1), round(band * BAR_SHARE, 1), round(height, 1)))
    return Chart(
        "bar",
        text=text,
        data=list(data),
        marks=marks,
        y_ticks=y_ticks(top, suffix),
        x_ticks=x_ticks(data),
    )


def line_path(points: Sequence[tuple[float, float] | None]) -> str:
    """An SVG path through the points, lifting the pen at each None."""
    parts, drawing = [], False
    for point in points:
        if point is None:
            drawing = False
            continue
        parts.append(f"{'L' if drawing else 'M'}{point[0]:g} {point[1]:g}")
        drawing = True
    return " ".join(parts)


def line_chart(
    data: Sequence[Datum], *, text: ChartText, top: float | None = None, suffix: str = ""
) -> Chart:
    """A line with a dot on each point."""
    top = _values_top(data, top)
    points = [
        None
        if datum.value is None
        else (round(_centre(i, len(data)), 1), round(_y(datum.value, top), 1))
        for i, datum in enumerate(data)
    ]
    marks = [Mark(*point, width=DOT_RADIUS) for point in points if point is not None]
    return Chart(
        "line",
        text=text,
        data=list(data),
        marks=marks,
        line=line_path(points),
        y_ticks=y_ticks(top, suffix),
        x_ticks=x_ticks(data),
    )

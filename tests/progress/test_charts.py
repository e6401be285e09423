from hypothesis import given
from hypothesis import strategies as st

from progress import charts
from progress.charts import HEIGHT, LEFT, TOP, WIDTH, ChartText, Datum, bar_chart, line_chart

TEXT = ChartText("title", "summary", "day", "value")
BASELINE = HEIGHT - charts.BOTTOM


def series(*values):
    return [Datum(f"{n}", f"day {n}", value, str(value)) for n, value in enumerate(values)]


def test_the_value_axis_tops_at_a_round_number():
    assert [charts.round_top(v) for v in (0, 1, 3, 7, 10, 11, 38, 120)] == [
        1, 1, 5, 10, 10, 20, 50, 200,
    ]  # fmt: skip


def test_bars_stand_on_the_baseline_in_proportion_and_a_zero_draws_none():
    chart = bar_chart(series(5, 0, 10), text=TEXT)
    assert len(chart.marks) == 2
    half, full = chart.marks
    assert half.y + half.height == full.y + full.height == BASELINE
    assert full.y == TOP
    assert abs(full.height - 2 * half.height) < 0.2
    assert [tick.label for tick in chart.y_ticks] == ["0", "5", "10"]


def test_a_line_lifts_the_pen_over_a_gap():
    chart = line_chart(series(50, None, 100, 75), text=TEXT, top=100, suffix="%")
    assert chart.line.count("M") == 2
    assert chart.line.count("L") == 1
    assert len(chart.marks) == 3
    assert chart.y_ticks[-1].label == "100%"


def test_at_most_five_labels_under_the_axis_the_last_point_among_them():
    chart = bar_chart(series(*range(30)), text=TEXT)
    assert len(chart.x_ticks) <= charts.X_LABELS
    assert chart.x_ticks[-1].label == "29"


values = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6))


@given(st.lists(values, min_size=1, max_size=60))
def test_every_mark_lies_inside_the_plot(values):
    for chart in (bar_chart(series(*values), text=TEXT), line_chart(series(*values), text=TEXT)):
        for mark in chart.marks:
            assert LEFT <= mark.x <= WIDTH - charts.RIGHT
            assert TOP <= mark.y <= BASELINE
            assert mark.y + mark.height <= BASELINE + 0.1

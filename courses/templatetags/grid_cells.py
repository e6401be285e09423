"""The tutor's grid rows, written by two tags per row: a thousand cells and fifty
rows of numbers through the template language's variables, filters and if-chains
cost more than the rest of the page. Each cell says what the spreadsheet says
(`courses.grid_export.cell_text`), escaped, and a dash where the assignment is
someone else's; the numbers are written as the template wrote them (localized,
`percent`, `exercise_label`, the date in the current time zone)."""

from html import escape

from django import template
from django.template.defaultfilters import date
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from lessons.exercises import exercise_label

from ..grid_export import cell_text, status_words
from .courses_tags import percent

register = template.Library()
DASH = '<span class="muted">—</span>'


@register.simple_tag(takes_context=True)
def grid_cells(context, cells) -> str:
    rendering = context.render_context  # one page's render: the words translated once
    if "grid_status_words" not in rendering:
        rendering["grid_status_words"] = status_words()
    words = rendering["grid_status_words"]
    html = []
    for cell in cells:
        text = cell_text(cell, words)
        html.append(
            f'<td class="cell cell--{escape(cell.status)}">{escape(text) if text else DASH}</td>'
        )
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)


@register.simple_tag
def grid_numbers(row) -> str:
    """A row's columns after the cells: lessons done, reviews, retention, words at
    risk, leeches, scores by exercise, last active."""
    retention = "—" if row.average_retention is None else percent(row.average_retention)
    scores = ", ".join(
        f'<span class="nowrap">{escape(str(exercise_label(kind)))} {percent(score)}</span>'
        for kind, score in row.scores_by_type.items()
    )
    last = date(template_localtime(row.last_active), "Y-m-d") if row.last_active else "—"
    columns = [
        localize(row.lessons_done),
        f"{localize(row.reviews_done)} / {localize(row.reviews_due)}",
        retention,
        localize(len(row.words_at_risk)),
        localize(row.leeches),
        scores or "—",
        escape(last),
    ]
    return mark_safe("\n    ".join(f"<td>{column}</td>" for column in columns))  # noqa: S308 (escaped)

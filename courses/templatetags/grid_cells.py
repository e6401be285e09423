"""The tutor's grid cells, written by one tag per row: a thousand cells through the
template language's if-chain and translate tags (or through `format_html`, whose
lazy-string checks run per cell) cost more than the rest of the page. Each cell
says what the spreadsheet says (`courses.grid_export.cell_text`), escaped, and a
dash where the assignment is someone else's."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from ..grid_export import cell_text, status_words

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

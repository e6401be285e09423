"""Names for the codes lessons store (exercise types, sound traps) and a word's
meanings labelled by side."""

from django import template

from lessons import phonetics
from lessons.exercises import exercise_label

register = template.Library()

register.filter("exercise_label", exercise_label)
register.filter("sound_trap_label", phonetics.sound_trap_label)


@register.filter
def labelled_glosses(item, preference):
    return item.labelled_glosses(preference or "both")

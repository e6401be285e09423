"""Names for the codes lessons store: exercise types and sound traps."""

from django import template

from lessons import phonetics
from lessons.exercises import exercise_label

register = template.Library()

register.filter("exercise_label", exercise_label)
register.filter("sound_trap_label", phonetics.sound_trap_label)

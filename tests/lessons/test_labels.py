"""Codes lessons store (exercise types, sound traps) are shown by name, in the language in use."""

import re

from django.template import Context, Template
from django.utils import translation

from lessons import phonetics
from lessons.exercises import exercise_label, exercise_types

HANGUL = re.compile(r"[가-힣]")


def test_every_sound_trap_has_a_korean_and_an_english_name():
    assert set(phonetics.SOUND_TRAP_LABELS) == set(phonetics.SOUND_TRAPS)
    with translation.override("ko"):
        korean = [phonetics.sound_trap_label(trap) for trap in phonetics.SOUND_TRAPS]
    with translation.override("en"):
        english = [phonetics.sound_trap_label(trap) for trap in phonetics.SOUND_TRAPS]
    assert all(HANGUL.search(name) for name in korean)
    assert "cluster" not in korean and "final_voicing" not in english
    assert phonetics.sound_trap_label("no-such-trap") == "no-such-trap"


def test_every_exercise_type_has_a_name_in_korean():
    with translation.override("ko"):
        names = {kind: exercise_label(kind) for kind in exercise_types()}
    assert names["dictation"] == "듣고 쓰기"
    assert all(HANGUL.search(name) for name in names.values()), names
    assert exercise_label("no_such_type") == "no_such_type"


def test_the_template_filters_name_the_codes():
    template = Template(
        "{% load lesson_labels %}{{ kind|exercise_label }}: {{ trap|sound_trap_label }}"
    )
    with translation.override("ko"):
        text = template.render(Context({"kind": "gap_fill", "trap": "final_voicing"}))
    assert text == "빈칸 채우기: 끝의 울림소리"

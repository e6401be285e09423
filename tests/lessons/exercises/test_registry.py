"""lessons.exercises: the registry is the stream block's exercise children."""

import pytest

from lessons.blocks import LessonStreamBlock
from lessons.exercises import exercise_types, registry
from lessons.exercises.base import ExerciseBlock

FUNCTIONS = ("parse", "grade", "answer_key", "english_text", "validate")


def test_the_registry_holds_exactly_the_streams_exercise_children():
    children = LessonStreamBlock().child_blocks
    exercises = {name for name, block in children.items() if isinstance(block, ExerciseBlock)}
    assert set(registry()) == exercises
    assert exercise_types() == tuple(name for name in children if name in exercises)
    assert set(children) - exercises == {"text", "dialogue", "image", "tip", "vocabulary"}


@pytest.mark.parametrize("name", exercise_types())
def test_each_type_is_the_module_of_its_block_with_every_function(name):
    module = registry()[name]
    assert type(LessonStreamBlock().child_blocks[name]).__module__ == module.__name__
    assert module.__name__ == f"lessons.exercises.{name}"
    for function in FUNCTIONS:
        assert callable(getattr(module, function)), (name, function)

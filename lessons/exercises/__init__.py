"""The exercise types, one module each, and their registry.

An exercise type is a module here holding its block (an `ExerciseBlock`
subclass with Meta icon, label and template) and these pure functions:

- `parse(data) -> answer`: submitted form data to a plain answer, or
  `AnswerFormatError`;
- `grade(value, answer) -> Grade`;
- `answer_key(value) -> answer`: what a perfect learner submits; and,
  when other answers also grade 1, `other_answers(value) -> [answer]`;
- `english_text(value) -> (prose, fragments)`: the English the leveller reads;
- `validate(value) -> [(path, message)]`: the rules beyond required fields,
  checked by the block's `clean()` and by the curriculum schema alike;
- optionally `spoken_texts(value) -> [text]`: what a listening exercise plays,
  rendered to audio with the lesson (lessons/audio/rendering.py);
- and, for a listening exercise, `heard_text(value) -> text`: the text the
  learner hears, which is the answer, so the page fetches it by exercise and
  never carries it (lessons/listening.py, the `listen_buttons` template tag).

The registry is read from `LessonStreamBlock`: each of its children that is
an `ExerciseBlock` is a type, named by its child name (the stored block type).
So adding an exercise type takes three things: the module here, one line
`<name> = <Name>Block()` in `LessonStreamBlock`, and its template
`lessons/templates/lessons/blocks/<name>.html`.
"""

from functools import cache
from types import ModuleType

from .base import ExerciseBlock, exercise_of


@cache
def registry() -> dict[str, ModuleType]:
    """{stream child name: exercise module}, in the stream's order."""
    # Imported here: the stream block imports the exercise modules.
    from lessons.blocks import LessonStreamBlock

    return {
        name: exercise_of(type(block))
        for name, block in LessonStreamBlock.base_blocks.items()
        if isinstance(block, ExerciseBlock)
    }


def exercise_types() -> tuple[str, ...]:
    return tuple(registry())


def exercise_label(block_type: str) -> str:
    """The exercise type's name (its block's Meta label) in the language in use;
    an unknown type is shown as it is."""
    from lessons.blocks import LessonStreamBlock

    block = LessonStreamBlock.base_blocks.get(block_type)
    return str(block.label) if block is not None else block_type

"""The schema of a lesson's blocks in the curriculum files (content/README.md):
one Django form per block type. Content blocks have their own forms; an
exercise's form is built from its block's fields, and its rules are its type's
`validate` (lessons.exercises), the same that the block's `clean()` checks in the
editor. `content.schema` reads the files and calls `read_block` for each block.
"""

from functools import cache
from pathlib import Path

from django import forms

from wagtail import blocks

from content.forms import (
    Flag,
    FormList,
    Invalid,
    Text,
    TextList,
    YamlForm,
    read_form,
)
from lessons.blocks import LessonStreamBlock
from lessons.exercises import registry


class BlockForm(YamlForm):
    type = Text()
    id = Text(required=False)

    def __init__(self, *args, folder: Path | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = folder


class TextBlockForm(BlockForm):
    title = Text(required=False)
    html = Text()


class DialogueLineForm(YamlForm):
    speaker = Text()
    en = Text()
    ko = Text(required=False)


class DialogueBlockForm(BlockForm):
    title = Text(required=False)
    lines = FormList(DialogueLineForm, min_num=1)


class ImageBlockForm(BlockForm):
    file = Text()
    alt = Text()
    caption = Text(required=False)

    def clean_file(self):
        name = self.cleaned_data["file"]
        if not (self.folder / name).is_file():
            raise forms.ValidationError(f"no file {name!r} beside the lesson file")
        return name


class TipBlockForm(BlockForm):
    ko = Text()


class ExerciseForm(BlockForm):
    """An exercise entry: its block's fields, then its type's own rules."""

    exercise = None  # the exercise type's module, set by exercise_form

    def clean(self):
        data = super().clean()
        if not self.errors:
            for problem in self.exercise.validate(data):
                self.add_problem(data, *problem)
        return data

    def add_problem(self, data: dict, path: tuple, message: str) -> None:
        """Add an exercise rule's problem; one about a list entry quotes the entry."""
        name, *index = path
        if index:
            message = f"{data[name][index[0]]!r}: {message}"
        at = "".join(f"[{i}]" for i in index)
        self.add_error(name, forms.ValidationError(message.replace("%", "%%"), params={"at": at}))


CONTENT_FORMS = {
    "text": TextBlockForm,
    "dialogue": DialogueBlockForm,
    "image": ImageBlockForm,
    "tip": TipBlockForm,
    "vocabulary": BlockForm,
}


def field_for(block: blocks.Block) -> forms.Field:
    """The form field that reads the YAML of one block field."""
    if isinstance(block, blocks.ListBlock):
        child, meta = block.child_block, block.meta
        counts = {"min_num": meta.min_num or 0, "max_num": meta.max_num}
        if isinstance(child, blocks.StructBlock):
            return FormList(struct_form(child, YamlForm), **counts)
        return TextList(**counts)
    if isinstance(block, blocks.BooleanBlock):
        return Flag()
    if isinstance(block, blocks.ChoiceBlock):
        return forms.ChoiceField(choices=block.field.choices, required=block.required)
    if isinstance(block, blocks.IntegerBlock):
        return forms.IntegerField(
            required=block.required,
            min_value=block.field.min_value,
            max_value=block.field.max_value,
        )
    return Text(required=block.required)


def struct_form(block: blocks.StructBlock, base: type[YamlForm], **attrs) -> type[YamlForm]:
    fields = {name: field_for(child) for name, child in block.child_blocks.items()}
    return type(f"{type(block).__name__}Form", (base,), {**fields, **attrs})


@cache
def block_forms() -> dict[str, type[YamlForm]]:
    """{block type: form}: the content forms, then one per exercise type."""
    stream = LessonStreamBlock.base_blocks
    exercises = {
        name: struct_form(stream[name], ExerciseForm, exercise=module)
        for name, module in registry().items()
    }
    return {**CONTENT_FORMS, **exercises}


def read_block(data, at: str, folder: Path) -> dict:
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in block_forms():
        raise Invalid(f"{at}.type", f"{kind!r} is not one of: {', '.join(block_forms())}")
    return read_form(block_forms()[kind], data, at, folder=folder)

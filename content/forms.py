"""Forms and form fields that read mappings parsed from YAML, for the curriculum schema.

Rules: a value of the wrong YAML type is an error, never coerced (a text
field given 10 or yes says "quote it"); empty values (missing, null, "", [])
count as left out; text is stripped. A problem inside a list or a nested
mapping carries the rest of its path (`[2].text`) in the error's params as
`at`, so that `read_form` names the exact place: "<field path>: <problem>",
the first problem in the form's field order.
"""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Invalid(Exception):
    """A problem at a field path of a file: "<at>: <problem>"."""

    def __init__(self, at: str, problem: str):
        super().__init__(f"{at}: {problem}")
        self.at, self.problem = at, problem


def nested(at: str, problem: str) -> ValidationError:
    # The problem is already formatted: escape it, since params format it again.
    return ValidationError(problem.replace("%", "%%"), params={"at": at})


class Text(forms.CharField):
    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, str):
            raise ValidationError(f"must be text, not {type(value).__name__} (quote it)")
        return super().to_python(value)


class Slug(Text):
    default_validators = [
        RegexValidator(SLUG_RE, "must be a slug: lower-case letters, digits and single hyphens")
    ]


class Flag(forms.Field):
    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if value is None:
            return False
        if not isinstance(value, bool):
            raise ValidationError("must be true or false")
        return value


class Count(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValidationError("must be a whole number above 0")
        return value


class Entries(forms.Field):
    """A list whose entries the schema reads itself (a lesson's words and body)."""

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list):
            raise ValidationError("must be a list")
        return value


class Listed(forms.Field):
    """A list with at least `min_num` and at most `max_num` entries, each read by `read`."""

    def __init__(self, *, min_num: int = 0, max_num: int | None = None, **kwargs):
        kwargs.setdefault("required", bool(min_num))
        super().__init__(**kwargs)
        self.min_num, self.max_num = min_num, max_num

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list):
            raise ValidationError(self.not_a_list)
        if len(value) < self.min_num or (self.max_num is not None and len(value) > self.max_num):
            exact = self.min_num == self.max_num
            wanted = f"exactly {self.min_num}" if exact else f"at least {self.min_num}"
            raise ValidationError(f"must have {wanted} entries")
        return [self.read(item, f"[{i}]") for i, item in enumerate(value)]


class TextList(Listed):
    """A list of text; one text alone is a list of one."""

    not_a_list = "must be a list of text"

    def to_python(self, value):
        return super().to_python([value] if isinstance(value, str) else value)

    def read(self, item, at):
        try:
            return Text(required=False).clean(item)
        except ValidationError as error:
            raise nested(at, error.messages[0]) from error


class FormList(Listed):
    """A list of mappings, each read by a form."""

    not_a_list = "must be a list"

    def __init__(self, form_class, **kwargs):
        super().__init__(**kwargs)
        self.form_class = form_class

    def read(self, item, at):
        try:
            return read_form(self.form_class, item, at)
        except Invalid as error:
            raise nested(error.at, error.problem) from error


# --- reading a mapping ----------------------------------------------------------


class YamlForm(forms.Form):
    """A mapping from a curriculum file: "is required" for a missing field, and a choice
    error that lists the choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = "is required"
            if isinstance(field, forms.ChoiceField):
                known = ", ".join(str(value) for value, _label in field.choices if value)
                field.error_messages["invalid_choice"] = f"%(value)r is not one of: {known}"


def read_form(form_class: type[YamlForm], data, at: str, **kwargs) -> dict:
    """The cleaned fields of `data`, or Invalid naming the first field in error."""
    if not isinstance(data, dict):
        raise Invalid(at or "(file)", "must be a mapping of fields")
    form = form_class(data=data, **kwargs)
    unknown = sorted(set(data) - set(form.fields), key=str)
    if unknown:
        raise Invalid(join(at, unknown[0]), f"unknown field (known: {', '.join(form.fields)})")
    if form.is_valid():
        return form.cleaned_data
    name = next(name for name in [*form.fields, NON_FIELD_ERRORS] if name in form.errors)
    error = form.errors.as_data()[name][0]
    where = join(at, name) + ((error.params or {}).get("at") or "")
    raise Invalid(where, error.messages[0])


def join(at: str, name: str) -> str:
    return f"{at}.{name}" if at else str(name)

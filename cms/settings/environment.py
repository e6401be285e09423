"""Settings read from the environment, refused with a clear message when malformed."""

import os

from django.core.exceptions import ImproperlyConfigured


def number_from_environment(name: str, default: float, kind: type = int) -> float:
    """The environment's `name` as a number of 0 or more (`default` when unset), or a
    clear refusal to start naming the setting and the value it was given."""
    text = os.environ.get(name, "").strip()
    if not text:
        return kind(default)
    try:
        value = kind(text)
    except ValueError:
        value = -1
    if value < 0:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what} of 0 or more, not {text!r}.")
    return value

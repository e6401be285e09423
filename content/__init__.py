"""The curriculum as data: YAML courses, lessons and vocabulary in `data/`, their
schema (Django forms whose choices come from the models), the idempotent loader
that publishes them, and the checks and reports run over them. It may import
every app below it (accounts, lessons, progress, courses, hub), never cms."""

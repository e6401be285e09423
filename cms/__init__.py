"""The site shell, at the top of the house: settings, URLs, the Celery app, base
templates, the home page (composed in `HomePage.get_context`), /healthz, the demo
accounts, and the learner's privacy export and deletion (`privacy.py`), which
read every app openly. Nothing imports cms but the project's entry points."""

from .celery import app as celery_app

__all__ = ["celery_app"]

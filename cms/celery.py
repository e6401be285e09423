"""The Celery app, configured from Django settings (CELERY_* names)."""

import os
from pathlib import Path

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_the_sites_logging(**kwargs) -> None:
    """Workers and beat log through the site's LOGGING, whose handlers withhold
    a database error's text (cms.redaction); left to itself, Celery would
    replace the root logger's handlers with its own, unfiltered."""
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def ensure_broker_folders(broker_url: str, transport_options: dict) -> None:
    """kombu's filesystem transport expects its folders to exist already."""
    if not broker_url.startswith("filesystem:"):
        return
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in transport_options:
            Path(transport_options[key]).mkdir(parents=True, exist_ok=True)

"""The Celery app, configured from Django settings (CELERY_* names)."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders(broker_url: str, transport_options: dict) -> None:
    """kombu's filesystem transport expects its folders to exist already."""
    if not broker_url.startswith("filesystem:"):
        return
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in transport_options:
            Path(transport_options[key]).mkdir(parents=True, exist_ok=True)

from django.apps import AppConfig
from django.conf import settings


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Saebom site"

    def ready(self):
        from .celery import ensure_broker_folders

        ensure_broker_folders(settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS)

from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub"

    def ready(self):
        from . import navigation

        # Workers and cron publish pages too; every process drops the cached hub links.
        navigation.connect_receivers()

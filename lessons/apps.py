from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Lessons"

    def ready(self):
        from .audio import receivers

        receivers.connect_receivers()

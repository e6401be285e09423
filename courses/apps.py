from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses and classrooms"

    def ready(self):
        from . import voice_recordings

        voice_recordings.connect_receivers()

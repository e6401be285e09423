from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses and classrooms"

    def ready(self):
        from . import navigation, voice_recordings

        voice_recordings.connect_receivers()
        navigation.connect_receivers()

from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path(
        "lessons/<int:page_id>/exercises/<str:block_id>/audio/<str:speed>/",
        views.exercise_audio,
        name="exercise_audio",
    ),
    path(
        "lessons/<int:page_id>/exercises/<str:block_id>/speech-text/",
        views.exercise_speech_text,
        name="exercise_speech_text",
    ),
]

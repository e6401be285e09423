from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path(
        "lessons/<int:page_id>/exercises/<str:block_id>/listen/",
        views.exercise_listening,
        name="exercise_listening",
    ),
]

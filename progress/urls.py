from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path(
        "lessons/<int:page_id>/exercises/<str:block_id>/answer/",
        views.answer_exercise,
        name="answer_exercise",
    ),
]

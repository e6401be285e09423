from django.urls import path

from . import views

app_name = "anki"

urlpatterns = [
    path("lessons/<int:page_id>/", views.lesson_deck, name="lesson"),
    path("courses/<int:page_id>/", views.course_deck, name="course"),
    path("my-words/", views.my_deck, name="mine"),
    path("weak-words/", views.my_deck, {"weak": True}, name="weak"),
    path("import/", views.upload, name="upload"),
    path("import/<int:import_id>/", views.import_status, name="import_status"),
]

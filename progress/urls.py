from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path(
        "lessons/<int:page_id>/exercises/<str:block_id>/answer/",
        views.answer_exercise,
        name="answer_exercise",
    ),
    path("lessons/<int:page_id>/complete/", views.complete_lesson, name="complete_lesson"),
    path("settings/", views.profile_settings, name="settings"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recover/", views.recover_password, name="recover_password"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/my-data.json", views.export_data, name="export_data"),
    path("privacy/delete/", views.delete_account, name="delete_account"),
]

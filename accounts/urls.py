from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.profile_settings, name="settings"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recover/", views.recover_password, name="recover_password"),
]

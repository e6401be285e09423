from django.urls import path

from . import privacy_views

app_name = "privacy"

urlpatterns = [
    path("", privacy_views.privacy_page, name="privacy"),
    path("my-data.json", privacy_views.export_data, name="export_data"),
    path("delete/", privacy_views.delete_account, name="delete_account"),
]

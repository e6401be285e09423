from django.urls import path

from . import views

app_name = "hub"
urlpatterns = [
    path("resources/propose/", views.propose, name="propose"),
]

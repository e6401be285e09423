from django.urls import path

from . import story_views, views

app_name = "hub"
urlpatterns = [
    path("resources/propose/", views.propose, name="propose"),
    path("resources/<int:page_id>/recommend/", views.recommend, name="recommend"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("stories/", story_views.story_list, name="stories"),
    path("stories/new/", story_views.story_edit, name="story_new"),
    path("stories/<int:pk>/", story_views.story_detail, name="story"),
    path("stories/<int:pk>/edit/", story_views.story_edit, name="story_edit"),
    path("stories/<int:pk>/submit/", story_views.story_submit, name="story_submit"),
    path("stories/<int:pk>/withdraw/", story_views.story_withdraw, name="story_withdraw"),
    path("stories/<int:pk>/comment/", story_views.story_comment, name="story_comment"),
]

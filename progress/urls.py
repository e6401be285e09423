from django.urls import path

from . import offline_views, placement_views, progress_views, review_views, views

app_name = "progress"

urlpatterns = [
    path(
        "lessons/<int:page_id>/exercises/<str:block_id>/answer/",
        views.answer_exercise,
        name="answer_exercise",
    ),
    path("lessons/<int:page_id>/complete/", views.complete_lesson, name="complete_lesson"),
    path("lessons/<int:page_id>/steps/<int:number>/next/", views.way_on, name="way_on"),
    path("offline/pack.json", offline_views.pack, name="offline_pack"),
    path("offline/sync/", offline_views.sync, name="offline_sync"),
    path("progress/", progress_views.progress_page, name="progress_page"),
    path("placement/", placement_views.placement_home, name="placement"),
    path("placement/start/", placement_views.placement_start, name="placement_start"),
    path("placement/<int:test_id>/", placement_views.placement_question, name="placement_question"),
    path(
        "placement/<int:test_id>/answer/",
        placement_views.placement_answer,
        name="placement_answer",
    ),
    path(
        "placement/<int:test_id>/result/",
        placement_views.placement_result,
        name="placement_result",
    ),
    path("writing/", views.my_writing, name="my_writing"),
    path("review/", review_views.session, name="review"),
    path("review/<int:card_id>/reveal/", review_views.reveal, name="review_reveal"),
    path("review/<int:card_id>/check/", review_views.check, name="review_check"),
    path("review/<int:card_id>/answer/", review_views.answer, name="review_answer"),
    path("review/drill/", review_views.session, {"mode": "drill"}, name="drill"),
    path(
        "review/drill/<int:card_id>/reveal/",
        review_views.reveal,
        {"mode": "drill"},
        name="drill_reveal",
    ),
    path(
        "review/drill/<int:card_id>/check/",
        review_views.check,
        {"mode": "drill"},
        name="drill_check",
    ),
    path(
        "review/drill/<int:card_id>/answer/",
        review_views.answer,
        {"mode": "drill"},
        name="drill_answer",
    ),
]

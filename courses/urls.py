from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("tutor/", views.tutor_home, name="tutor_home"),
    path("tutor/classrooms/<int:pk>/", views.classroom, name="classroom"),
    path("tutor/classrooms/<int:pk>/grid.csv", views.classroom_csv, name="classroom_csv"),
    path("tutor/classrooms/<int:pk>/prep/", views.session_prep, name="session_prep"),
    path("tutor/classrooms/<int:pk>/code/", views.rotate_code, name="rotate_code"),
    path("tutor/classrooms/<int:pk>/settings/", views.classroom_settings, name="settings"),
    path("tutor/classrooms/<int:pk>/co-tutors/", views.co_tutors, name="co_tutors"),
    path(
        "tutor/classrooms/<int:pk>/assignments/new/",
        views.assignment_form,
        name="new_assignment",
    ),
    path(
        "tutor/classrooms/<int:pk>/assignments/<int:assignment_id>/",
        views.assignment_form,
        name="edit_assignment",
    ),
    path(
        "tutor/classrooms/<int:pk>/assignments/<int:assignment_id>/cancel/",
        views.cancel_assignment,
        name="cancel_assignment",
    ),
    path(
        "tutor/classrooms/<int:pk>/learners/<int:learner_id>/", views.learner_detail, name="learner"
    ),
    path(
        "tutor/classrooms/<int:pk>/learners/<int:learner_id>/work/<int:progress_id>/comment/",
        views.comment,
        name="comment",
    ),
    path("tutor/invites/", views.create_tutor_invite, name="create_tutor_invite"),
    path("tutor/invite/<str:token>/", views.accept_tutor_invite, name="accept_tutor_invite"),
    path("classes/", views.my_classrooms, name="my_classrooms"),
    path("classes/<int:membership_id>/leave/", views.leave, name="leave"),
]

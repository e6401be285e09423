from django.urls import path

from . import matching_views, profile_views, session_views, views, voice_views, writing_views

app_name = "courses"

urlpatterns = [
    path("tutor/", views.tutor_home, name="tutor_home"),
    path("tutor/behind/", views.behind, name="behind"),
    path("tutor/behind.csv", views.behind_csv, name="behind_csv"),
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
    path("tutor/classrooms/<int:pk>/writing/", writing_views.writing_list, name="writing_list"),
    path(
        "tutor/classrooms/<int:pk>/writing/<int:submission_id>/",
        writing_views.writing_detail,
        name="writing_detail",
    ),
    path("tutor/invites/", views.create_tutor_invite, name="create_tutor_invite"),
    path("tutor/invite/<str:token>/", views.accept_tutor_invite, name="accept_tutor_invite"),
    path("classes/", views.my_classrooms, name="my_classrooms"),
    path("classes/<int:membership_id>/leave/", views.leave, name="leave"),
    path("tutor/recordings/", voice_views.tutor_recordings, name="tutor_recordings"),
    path("classes/recordings/", voice_views.my_recordings, name="my_recordings"),
    path("classes/recordings/send/", voice_views.send_recording, name="send_recording"),
    path(
        "classes/recordings/<int:pk>/delete/",
        voice_views.delete_recording,
        name="delete_recording",
    ),
    path("recordings/<int:pk>/audio/", voice_views.recording_audio, name="recording_audio"),
    # Tutor matching: profiles and the directory (profile_views).
    path("tutor/profile/", profile_views.edit_profile, name="tutor_profile"),
    path("tutor/profile/hide/", profile_views.hide_profile, name="hide_tutor_profile"),
    path("classes/tutors/", profile_views.directory, name="tutor_directory"),
    # Requests and matches (matching_views).
    path("classes/tutors/<int:profile_id>/", matching_views.tutor_detail, name="tutor_detail"),
    path("classes/my-tutors/", matching_views.my_tutors, name="my_tutors"),
    path("classes/my-tutors/<int:request_id>/", matching_views.my_tutor, name="my_tutor"),
    path(
        "classes/my-tutors/<int:request_id>/withdraw/",
        matching_views.withdraw_request,
        name="withdraw_request",
    ),
    path("classes/my-tutors/<int:request_id>/end/", matching_views.end_match, name="end_match"),
    path(
        "classes/my-tutors/<int:request_id>/block/", matching_views.block_tutor, name="block_tutor"
    ),
    path(
        "classes/my-tutors/<int:request_id>/report/",
        matching_views.report_tutor,
        name="report_tutor",
    ),
    path("tutor/requests/", matching_views.tutor_requests, name="tutor_requests"),
    path(
        "tutor/requests/<int:request_id>/accept/",
        matching_views.accept_request,
        name="accept_request",
    ),
    path(
        "tutor/requests/<int:request_id>/decline/",
        matching_views.decline_request,
        name="decline_request",
    ),
    path("tutor/requests/<int:request_id>/end/", matching_views.end_match, name="tutor_end_match"),
    # One-to-one sessions, for both sides (session_views).
    path("matches/<int:request_id>/sessions/", session_views.sessions, name="sessions"),
    path("sessions/<int:session_id>/accept/", session_views.accept_session, name="accept_session"),
    path(
        "sessions/<int:session_id>/decline/", session_views.decline_session, name="decline_session"
    ),
    path("sessions/<int:session_id>/cancel/", session_views.cancel_session, name="cancel_session"),
    path("sessions/<int:session_id>/invite.ics", session_views.session_ics, name="session_ics"),
    path("sessions/<int:session_id>/notes/", session_views.session_notes, name="session_notes"),
    path(
        "sessions/<int:session_id>/video-link/",
        session_views.session_video_link,
        name="session_video_link",
    ),
]

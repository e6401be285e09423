"""The periodic work Celery beat sends, one entry per job, each with the task it
runs and how long a late message is still worth running (`expires`). Beat reads it
through django-celery-beat's database scheduler, so operators can pause or re-time
an entry in the Django admin."""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Proves that beat and a worker are alive; /healthz reads its age.
    "heartbeat": {
        "task": "cms.tasks.record_heartbeat_task",
        "schedule": crontab(),
        "options": {"expires": 60},
    },
    # Reminds each learner of due reviews once per local day, at their reminder hour.
    "send-review-reminders": {
        "task": "progress.tasks.send_review_reminders_task",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 15 * 60},
    },
    # Reminds each side of an agreed one-to-one session once, at their local reminder hour.
    "send-session-reminders": {
        "task": "courses.tasks.send_session_reminders_task",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 15 * 60},
    },
    # Dashboard aggregates (reviews done and due, retention, streak, leeches).
    "refresh-learner-stats": {
        "task": "progress.tasks.refresh_learner_stats_task",
        "schedule": crontab(minute=30, hour=2),
        "options": {"expires": 24 * 3600},
    },
    # Fits FSRS parameters for learners with enough new reviews; keeps only better ones.
    "fit-learner-parameters": {
        "task": "progress.tasks.fit_learner_parameters_task",
        "schedule": crontab(minute=0, hour=3),
        "options": {"expires": 24 * 3600},
    },
    # Sends lost Anki imports again, fails dead ones, deletes stray uploads and old cached decks.
    "sweep-anki-work": {
        "task": "progress.tasks.sweep_anki_work_task",
        "schedule": crontab(minute="7-59/15"),
        "options": {"expires": 15 * 60},
    },
    # Morning in Korea: tells each tutor (once a day) which current learners are behind.
    "notify-tutors-overdue": {
        "task": "courses.tasks.notify_tutors_overdue_task",
        "schedule": crontab(minute=5, hour=22),
        "options": {"expires": 3600},
    },
    # Deletes voice recording files that no row holds (a request that died mid-way).
    "delete-stray-voice-recordings": {
        "task": "courses.tasks.delete_stray_voice_recordings_task",
        "schedule": crontab(minute=35, hour=4),
        "options": {"expires": 24 * 3600},
    },
    # Deletes sign-in attempt records older than AXES_RECORDS_KEEP_DAYS.
    "prune-access-records": {
        "task": "cms.tasks.prune_access_records_task",
        "schedule": crontab(minute=50, hour=3),
        "options": {"expires": 24 * 3600},
    },
    # Renders audio that a lost publish message or a new engine voice left missing.
    "render-missing-audio": {
        "task": "lessons.tasks.render_missing_audio_task",
        "schedule": crontab(minute=20, hour=1),
        "options": {"expires": 24 * 3600},
    },
    # Tells editors (once per entry) which help entries have not been verified for a year.
    "flag-stale-resources": {
        "task": "hub.tasks.flag_stale_resources_task",
        "schedule": crontab(minute=40, hour=4),
        "options": {"expires": 24 * 3600},
    },
}

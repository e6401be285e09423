"""A learner's own data: everything kept about them, as JSON, and its deletion.

The export holds the account (with its email addresses and how many recovery
codes are left), the profile (with fitted FSRS parameters), the nightly review
statistics, lesson progress, every exercise attempt, review card and review
log, notifications, the days a daily message was sent, parameter fits and Anki
imports (counts and dates); the classrooms joined and left, the assignments
that reached the learner there, tutors' comments on their lessons and the voice
recordings they sent (what they said, when, and to how many tutors), what they
wrote in writing exercises with their tutors' comments on it; their requests to
tutors with the sessions agreed and the tutors' notes, and the tutors they blocked
and reported (dates and what they wrote, never whom); the
stories they wrote (with tutors' comments), what tutors recommended to them and
the organisations they proposed. Classrooms appear by name only: the export
never names a tutor or another learner.

Invariants: every field that points at the user is either in USER_FIELDS_EXPORTED
or in USER_FIELDS_LEFT_OUT with its reason (a test holds the list to the app
registry), and each section costs a fixed number of queries, however many rows.

The export is written as a stream, section by section, and the sections that
grow with use are read EXPORT_CHUNK_ROWS rows at a time. Deleting the account
is `cms.erasure`.

The sections of what the learner did with others (classrooms, assignments,
comments, recordings, writing, tutors, stories, recommendations, proposals) are
read in `cms.privacy_shared`. This module sits in cms, the top of the house, so it
reads every app openly.
"""

import json
from collections.abc import Iterator
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder

from allauth.account.models import EmailAddress

from accounts.models import LearnerProfile, RecoveryCode
from progress.models import (
    AnkiImport,
    ExerciseAttempt,
    LearnerStats,
    LessonProgress,
    Notification,
    ParameterFit,
    PlacementTest,
    ReviewCard,
    ReviewLog,
    SentMarker,
)

from .privacy_shared import (
    assignment_data,
    classroom_data,
    iso,
    proposal_data,
    recommendation_data,
    story_data,
    tutor_block_data,
    tutor_comment_data,
    tutor_report_data,
    tutor_request_data,
    voice_recording_data,
    writing_data,
)

EXPORT_FORMAT = "saebom-learner-data/2"
# Rows read and written at a time by the sections that grow with use: the export
# of a learner at the import limit (a million reviews) holds this many at once.
EXPORT_CHUNK_ROWS = 2000

# "app_label.Model.field" pointing at the user -> the export section holding its rows.
USER_FIELDS_EXPORTED = {
    "account.EmailAddress.user": "account",
    "accounts.RecoveryCode.user": "account",
    "accounts.LearnerProfile.user": "profile",
    "progress.LearnerStats.learner": "review_stats",
    "progress.LessonProgress.learner": "lessons",
    "progress.ExerciseAttempt.learner": "attempts",
    "progress.ReviewCard.learner": "review_cards",
    "progress.ReviewLog.learner": "review_logs",
    "progress.Notification.learner": "notifications",
    "progress.SentMarker.user": "messages_sent",
    "progress.ParameterFit.learner": "parameter_fits",
    "progress.AnkiImport.learner": "anki_imports",
    "progress.PlacementTest.learner": "placement_tests",
    "courses.Membership.learner": "classrooms",
    "courses.Assignment.learner": "assignments",
    "courses.VoiceRecording.learner": "voice_recordings",
    "progress.WritingSubmission.learner": "writing",
    "courses.TutorRequest.learner": "tutor_requests",
    "courses.TutorBlock.learner": "tutors_blocked",
    "courses.TutorReport.learner": "tutor_reports",
    "hub.Story.author": "stories",
    "hub.Recommendation.learner": "recommendations",
    "hub.ResourcePage.proposed_by": "proposals",
}

AS_TUTOR = "written as a tutor, about other learners, whom a learner's export never names"
EDITING = "Wagtail's records of editing pages and media, kept for editors"
AUDIT = "an audit log holding only the user id, which names no one once the account is deleted"
USER_FIELDS_LEFT_OUT = {
    "courses.Classroom.tutor": AS_TUTOR,
    "courses.Classroom_co_tutors.user": AS_TUTOR,
    "courses.Assignment.created_by": AS_TUTOR,
    "courses.TutorComment.tutor": AS_TUTOR,
    "progress.WritingComment.tutor": AS_TUTOR,
    "courses.VoiceRecording_tutors.user": (
        "the tutors a learner sent a recording to: the export counts them and names none"
    ),
    "courses.TutorRequest.tutor": AS_TUTOR,
    "courses.TutoringSession.proposed_by": (
        "who proposed a session: it is in its learner's export, which says whether they did"
    ),
    "courses.TutorBlock.tutor": "the tutor a learner blocked, whom the export never names",
    "courses.TutorReport.tutor": "the tutor a learner reported, whom the export never names",
    "courses.TutorProfile.tutor": (
        "a tutor's own profile in the directory: they read and change all of it on its page"
    ),
    "courses.TutorProfile.locked_by": EDITING,
    "courses.TutorInvite.created_by": "a tutor invitation made by site staff",
    "courses.TutorInvite.used_by": "the invitation that made this account a tutor's",
    "hub.StoryComment.tutor": AS_TUTOR,
    "hub.Recommendation.tutor": AS_TUTOR,
    "auth.User_groups.user": "roles (learner, tutor, editor) that decide what the account may do",
    "auth.User_user_permissions.user": "permissions that decide what the account may do",
    "admin.LogEntry.user": "Django admin's log of what site staff changed",
    "wagtailcore.Page.owner": EDITING,
    "wagtailcore.Page.locked_by": EDITING,
    "wagtailcore.Revision.user": EDITING,
    "wagtailcore.WorkflowState.requested_by": EDITING,
    "wagtailcore.TaskState.finished_by": EDITING,
    "wagtailcore.Comment.user": EDITING,
    "wagtailcore.Comment.resolved_by": EDITING,
    "wagtailcore.CommentReply.user": EDITING,
    "wagtailcore.PageSubscription.user": EDITING,
    "wagtailcore.UploadedFile.uploaded_by_user": EDITING,
    "wagtailadmin.EditingSession.user": EDITING,
    "wagtailadmin.FormState.user": EDITING,
    "wagtailimages.Image.uploaded_by_user": EDITING,
    "wagtaildocs.Document.uploaded_by_user": EDITING,
    "wagtailusers.UserProfile.user": "the Wagtail admin's settings for editors",
    "wagtailcore.APIToken.user": "secret keys for programs, which a download must not copy",
    "wagtailcore.PageLogEntry.user": AUDIT,
    "wagtailcore.ModelLogEntry.user": AUDIT,
}


def export_sections() -> dict:
    """Section name -> its reader, in the order the export writes them. A reader
    returns a value, or an iterator of rows read in chunks (the sections that grow
    with use), which the export writes as a list without holding it."""
    return {
        "account": account_data,
        "profile": profile_data,
        "review_stats": review_stats_data,
        "lessons": lesson_data,
        "attempts": attempt_data,
        "review_cards": review_card_data,
        "review_logs": review_log_data,
        "notifications": notification_data,
        "messages_sent": messages_sent_data,
        "parameter_fits": parameter_fit_data,
        "anki_imports": anki_import_data,
        "placement_tests": placement_test_data,
        "classrooms": classroom_data,
        "assignments": assignment_data,
        "tutor_comments": tutor_comment_data,
        "voice_recordings": voice_recording_data,
        "writing": writing_data,
        "tutor_requests": tutor_request_data,
        "tutors_blocked": tutor_block_data,
        "tutor_reports": tutor_report_data,
        "stories": story_data,
        "recommendations": recommendation_data,
        "proposals": proposal_data,
    }


def export_chunks(user) -> Iterator[str]:
    """The export as one JSON object, written section by section."""
    yield "{" + _json("format") + ": " + _json(EXPORT_FORMAT)
    for name, read in export_sections().items():
        value = read(user)
        yield ", " + _json(name) + ": "
        if not isinstance(value, Iterator):
            yield _json(value)
            continue
        yield "["
        separator = ""
        while rows := list(islice(value, EXPORT_CHUNK_ROWS)):
            yield separator + ",".join(map(_json, rows))
            separator = ","
        yield "]"
    yield "}\n"


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def messages_sent_data(user) -> list[dict]:
    markers = SentMarker.objects.filter(user=user).order_by("local_date")
    return list(markers.values("kind", "local_date"))


def parameter_fit_data(user) -> list[dict]:
    fits = ParameterFit.objects.filter(learner=user).order_by("fitted_at")
    return list(fits.values("fitted_at", "reviews_seen", "kept", "reason", "figures"))


def account_data(user) -> dict:
    addresses = EmailAddress.objects.filter(user=user)
    return {
        "username": user.get_username(),
        "email": user.email,
        "date_joined": iso(user.date_joined),
        "email_addresses": list(addresses.order_by("pk").values("email", "verified", "primary")),
        "recovery_codes_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
    }


def profile_data(user) -> dict:
    profile = LearnerProfile.objects.for_user(user)
    fields = [
        "display_name",
        "gloss_preference",
        "ui_language",
        "time_zone",
        "daily_review_goal",
        "reminder_hour",
        "desired_retention",
        "fsrs_parameters",
    ]
    return {name: getattr(profile, name) for name in fields}


def review_stats_data(user) -> dict | None:
    fields = [f.name for f in LearnerStats._meta.concrete_fields if f.name not in ("id", "learner")]
    return LearnerStats.objects.filter(learner=user).values(*fields).first()


def lesson_data(user) -> list[dict]:
    return [
        {
            "lesson_id": p.lesson_id,
            "lesson": p.lesson.title,
            "started_at": iso(p.started_at),
            "completed_at": iso(p.completed_at),
            "best_score": p.best_score,
        }
        for p in LessonProgress.objects.for_learner(user).select_related("lesson")
    ]


def attempt_data(user) -> Iterator[dict]:
    return (
        {
            "lesson_id": a.lesson_id,
            "block_id": a.block_id,
            "block_type": a.block_type,
            "answer": a.answer,
            "score": a.score,
            "correct": a.correct,
            "created_at": iso(a.created_at),
        }
        for a in ExerciseAttempt.objects.for_learner(user)
        .order_by("created_at")
        .iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )


def review_card_data(user) -> Iterator[dict]:
    cards = ReviewCard.objects.for_learner(user).select_related("item").order_by("pk")
    return (
        {
            "word": c.item.headword,
            "word_uuid": str(c.item.uuid),
            "direction": c.direction,
            "state": c.state,
            "step": c.step,
            "stability": c.stability,
            "difficulty": c.difficulty,
            "due": iso(c.due),
            "last_review": iso(c.last_review),
            "reps": c.reps,
            "lapses": c.lapses,
        }
        for c in cards.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )


def review_log_data(user) -> Iterator[dict]:
    logs = ReviewLog.objects.for_learner(user).order_by("reviewed_at", "pk")
    rows = logs.values(
        "card__item__uuid", "card__direction", "rating", "reviewed_at", "duration_ms", "source"
    )
    return (
        {
            "word_uuid": str(row["card__item__uuid"]),
            "direction": row["card__direction"],
            "rating": row["rating"],
            "reviewed_at": iso(row["reviewed_at"]),
            "duration_ms": row["duration_ms"],
            "source": row["source"],
        }
        for row in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )


def notification_data(user) -> Iterator[dict]:
    notes = Notification.objects.filter(learner=user).order_by("created_at", "pk")
    return (
        {
            "kind": n.kind,
            "text": n.text,
            "created_at": iso(n.created_at),
            "read_at": iso(n.read_at),
        }
        for n in notes.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )


def anki_import_data(user) -> list[dict]:
    # The upload path is left out: the file is deleted once it has been read.
    counts = ["new_reviews", "already_known", "foreign_notes", "skipped_rows", "new_cards"]
    fields = ["status", *counts, "cards_replayed", "error", "created_at", "finished_at"]
    return list(AnkiImport.objects.filter(learner=user).order_by("created_at").values(*fields))


def placement_test_data(user) -> list[dict]:
    tests = PlacementTest.objects.filter(learner=user).order_by("started_at")
    return [
        {
            "started_at": iso(test.started_at),
            "finished_at": iso(test.finished_at),
            "level": test.level,
            "confidence": test.confidence,
            "answers": [{"item": item, "right": right} for item, right, *_rest in test.answers],
            "recommended_lesson": test.lesson.title if test.lesson else None,
        }
        for test in tests.select_related("lesson")
    ]

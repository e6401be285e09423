"""The export sections of what a learner did with others: classrooms joined and
left, assignments that reached them, tutors' comments on their lessons, voice
recordings and writing sent to tutors, requests to tutors they chose with the
sessions agreed and the tutors' notes, tutors blocked and reported, stories,
tutors' recommendations and proposed organisations. `cms.privacy` lists every
section and writes the export; these readers name no tutor and no other learner."""

from django.db.models import Count, Exists, OuterRef, Q

from courses.models import (
    Assignment,
    Membership,
    TutorBlock,
    TutorComment,
    TutorReport,
    TutorRequest,
    VoiceRecording,
)
from hub.models import Recommendation, ResourcePage, Story
from progress.models import WritingSubmission


def iso(value) -> str | None:
    return value.isoformat() if value else None


def classroom_data(user) -> list[dict]:
    memberships = Membership.objects.filter(learner=user)
    return [
        {
            "classroom": m["classroom__name"],
            "joined_at": iso(m["joined_at"]),
            "left_at": iso(m["left_at"]),
        }
        for m in memberships.order_by("joined_at").values("classroom__name", "joined_at", "left_at")
    ]


def assignment_data(user) -> list[dict]:
    """Assignments to the learner alone, and those to a whole classroom while the
    learner was in it (joined by the due date, left after it was set)."""
    while_member = Membership.objects.filter(
        Q(left_at__isnull=True) | Q(left_at__gte=OuterRef("created_at")),
        learner=user,
        classroom=OuterRef("classroom"),
        joined_at__date__lte=OuterRef("due_on"),
    )
    received = Assignment.objects.filter(
        Q(learner=user) | Q(Exists(while_member), learner__isnull=True)
    )
    return [
        {
            "classroom": a.classroom.name,
            "lesson_or_course": a.target.title,
            "kind": a.kind,
            "for_me_alone": a.learner_id is not None,
            "starts_on": iso(a.starts_on),
            "due_on": iso(a.due_on),
            "note": a.note,
            "cancelled_at": iso(a.cancelled_at),
        }
        for a in received.select_related("classroom", "lesson", "course").order_by("due_on", "pk")
    ]


def tutor_comment_data(user) -> list[dict]:
    comments = TutorComment.objects.filter(progress__learner=user)
    return [
        {
            "classroom": c["classroom__name"],
            "lesson": c["progress__lesson__title"],
            "comment": c["body"],
            "created_at": iso(c["created_at"]),
        }
        for c in comments.order_by("created_at").values(
            "classroom__name", "progress__lesson__title", "body", "created_at"
        )
    ]


def voice_recording_data(user) -> list[dict]:
    """What the learner sent, not the sound itself: they hear it under My recordings."""
    recordings = VoiceRecording.objects.filter(learner=user).annotate(tutor_count=Count("tutors"))
    return [
        {
            "text": r["text"],
            "type": r["content_type"],
            "bytes": r["size"],
            "sent_to_tutors": r["tutor_count"],
            "created_at": iso(r["created_at"]),
        }
        for r in recordings.order_by("created_at", "pk").values(
            "text", "content_type", "size", "tutor_count", "created_at"
        )
    ]


def writing_data(user) -> list[dict]:
    submissions = (
        WritingSubmission.objects.filter(learner=user)
        .select_related("lesson")
        .prefetch_related("comments")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "lesson": s.lesson.title,
            "text": s.text,
            "submitted_at": iso(s.submitted_at),
            "comments": [
                {"comment": c.body, "created_at": iso(c.created_at)} for c in s.comments.all()
            ],
        }
        for s in submissions
    ]


def story_data(user) -> list[dict]:
    stories = Story.objects.filter(author=user)
    return [
        {
            "title": s.title,
            "story": s.body,
            "status": s.status,
            "pen_name": s.pen_name,
            "published": s.is_published,
            "created_at": iso(s.created_at),
            "updated_at": iso(s.updated_at),
            "submitted_at": iso(s.submitted_at),
            "tutor_comments": [
                {"comment": c.text, "created_at": iso(c.created_at)} for c in s.comments.all()
            ],
        }
        for s in stories.select_related("page").prefetch_related("comments").order_by("created_at")
    ]


def recommendation_data(user) -> list[dict]:
    recommendations = Recommendation.objects.filter(learner=user)
    return [
        {"resource": r["resource__title"], "note": r["note"], "created_at": iso(r["created_at"])}
        for r in recommendations.order_by("created_at").values(
            "resource__title", "note", "created_at"
        )
    ]


def proposal_data(user) -> list[dict]:
    pages = ResourcePage.objects.filter(proposed_by=user)
    fields = ["kind", "website", "phone", "email", "description_ko", "description_en"]
    return [
        {
            "name": page.title,
            **{name: getattr(page, name) for name in fields},
            "regions": [region.code for region in page.regions.all()],
            "languages": [language.code for language in page.languages.all()],
            "published": page.live,
        }
        for page in pages.prefetch_related("regions", "languages").order_by("pk")
    ]


def tutor_request_data(user) -> list[dict]:
    """Requests to tutors and the sessions of each. The tutor is not named, and a
    session's video link (the tutor's own meeting room) is left out."""
    requests = (
        TutorRequest.objects.filter(learner=user)
        .select_related("classroom")
        .prefetch_related("sessions")
        .order_by("created_at", "pk")
    )
    return [
        {
            "pen_name": r.pen_name,
            "level": r.level,
            "message": r.message,
            "status": r.status,
            "classroom": r.classroom.name if r.classroom else None,
            "created_at": iso(r.created_at),
            "answered_at": iso(r.answered_at),
            "ended_at": iso(r.ended_at),
            "sessions": [session_data(s, user) for s in r.sessions.all()],
        }
        for r in requests
    ]


def session_data(session, user) -> dict:
    return {
        "starts_at": iso(session.starts_at),
        "minutes": session.minutes,
        "status": session.status,
        "proposed_by_me": session.proposed_by_id == user.pk,
        "tutor_notes": session.notes,
        "created_at": iso(session.created_at),
    }


def tutor_block_data(user) -> list[dict]:
    blocks = TutorBlock.objects.filter(learner=user).order_by("created_at")
    return [
        {"blocked_at": iso(created_at)}
        for created_at in blocks.values_list("created_at", flat=True)
    ]


def tutor_report_data(user) -> list[dict]:
    """What the learner reported; the editors' own note on it is theirs."""
    reports = TutorReport.objects.filter(learner=user).order_by("created_at")
    return [
        {
            "reason": r["reason"],
            "text": r["text"],
            "created_at": iso(r["created_at"]),
            "resolved_at": iso(r["resolved_at"]),
        }
        for r in reports.values("reason", "text", "created_at", "resolved_at")
    ]

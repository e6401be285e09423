"""Demo accounts for `make run` and the browser tests; never in production."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import LearnerProfile
from courses import assigning, classrooms, joining, profiling
from courses.models import Assignment, Classroom, TutorProfile
from lessons.models import LessonPage

DEFAULT_PASSWORD = "saebom-demo"  # noqa: S105 - printed to the developer, dev settings only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str


DEMO_ACCOUNTS = [
    DemoAccount("demo-editor", "editor"),
    DemoAccount("demo-tutor-1", "tutor"),
    DemoAccount("demo-tutor-2", "tutor"),
    DemoAccount("demo-learner-1", "learner"),
    DemoAccount("demo-learner-2", "learner"),
    DemoAccount("demo-learner-3", "learner"),
]
ROLE_GROUPS = {"editor": ["Editors", "Moderators"], "tutor": ["Tutors"], "learner": []}


@transaction.atomic
def seed_demo_accounts(*, password: str = DEFAULT_PASSWORD) -> list[DemoAccount]:
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(username=account.username)
        user.set_password(password)
        user.is_staff = account.role == "editor"
        user.save()
        for name in ROLE_GROUPS[account.role]:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if account.role == "learner":
            # The learners the site is for read Korean; a tutor's profile follows the browser.
            LearnerProfile.objects.for_user(user)
            LearnerProfile.objects.filter(user=user).update(
                ui_language=LearnerProfile.Language.KOREAN
            )
    seed_demo_classrooms()
    seed_demo_tutor_profile()
    return DEMO_ACCOUNTS


# tutor → learners; each classroom gets one assignment of the first live lesson.
DEMO_CLASSROOMS = {
    "demo-tutor-1": ["demo-learner-1", "demo-learner-2"],
    "demo-tutor-2": ["demo-learner-3"],
}


def seed_demo_classrooms() -> None:
    users = get_user_model().objects.in_bulk(
        [*DEMO_CLASSROOMS, *sum(DEMO_CLASSROOMS.values(), [])], field_name="username"
    )
    lesson = LessonPage.objects.live().order_by("path").first()
    today = timezone.localdate()
    for number, (tutor, learners) in enumerate(DEMO_CLASSROOMS.items(), start=1):
        name = f"Demo class {number}"
        if Classroom.objects.filter(tutor=users[tutor], name=name).exists():
            continue
        classroom = classrooms.create_classroom(tutor=users[tutor], name=name)
        for learner in learners:
            joining.join_classroom(learner=users[learner], code=classroom.join_code)
        if lesson is not None:
            assigning.create_assignment(
                classroom=classroom,
                created_by=users[tutor],
                lesson=lesson,
                kind=Assignment.Kind.COMPLETE if number == 1 else Assignment.Kind.KEEP,
                starts_on=today,
                due_on=today + timedelta(days=7),
                note="Finish before our next session.",
            )


# A profile learners can find in the directory: New York evenings, Seoul mornings.
DEMO_TUTOR_PROFILE = {
    "display_name": "Ms Demo",
    "languages": ["en"],
    "helps_with": ["conversation", "job_interviews"],
    "availability": "\n".join(f"{day} 19:00-21:00" for day in ("Mon", "Tue", "Wed", "Thu", "Fri")),
    "time_zone": "America/New_York",
    "introduction": "I help adults practise everyday English, slowly and kindly.",
    "capacity": 5,
}


def seed_demo_tutor_profile() -> None:
    """demo-tutor-2's profile, sent and approved by the demo editor as editors do.
    Saving it gives the tutor an account profile for its zone, in English as if
    written from an English browser."""
    User = get_user_model()
    tutor = User.objects.get(username="demo-tutor-2")
    if TutorProfile.objects.filter(tutor=tutor, live=True).exists():
        return
    with translation.override("en"):
        profile = profiling.save_profile(tutor=tutor, data=DEMO_TUTOR_PROFILE)
    task_state = profile.current_workflow_state.current_task_state
    task_state.task.specific.on_action(
        task_state, User.objects.get(username="demo-editor"), "approve"
    )


def demo_join_code() -> str:
    """The join code of the first demo classroom, for a new learner to try joining."""
    tutor = next(iter(DEMO_CLASSROOMS))
    classroom = Classroom.objects.get(tutor__username=tutor, name="Demo class 1")
    return classroom.join_code

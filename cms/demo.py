"""Demo accounts for `make run` and the browser tests; never in production."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from progress.models import LearnerProfile

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
            LearnerProfile.objects.for_user(user)
    return DEMO_ACCOUNTS

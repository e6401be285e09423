"""Accounts for the load test, made only in the cluster's own database.

`seed_load` refuses any database whose name does not contain "cluster" and any
database that holds a user who is not one of its own (`load-` names): a
production database has real users, so it can never be seeded by mistake. Each
learner gets review cards (due now), an address for reminders that have come
(UTC, hour 0) and a place in one tutor's classroom. Running it twice changes
nothing but the password, which it writes to the accounts file for the load test.

    python -m cluster.seeding ACCOUNTS_FILE [--learners N]
"""

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

PREFIX = "load-"
ITEMS_PER_LEARNER = 12


class SeedRefused(Exception):
    pass


def refuse_unless_cluster_database(connection, users) -> None:
    name = connection.settings_dict.get("NAME") or ""
    if "cluster" not in name:
        raise SeedRefused(f"refusing to seed {name!r}: not a cluster database")
    strangers = users.exclude(username__startswith=PREFIX)
    if strangers.exists():
        raise SeedRefused(f"refusing to seed {name!r}: it holds users of its own")


def seed_load(*, learners: int, password: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    User = get_user_model()
    refuse_unless_cluster_database(connection, User.objects.all())
    with transaction.atomic():
        tutor = account(User, f"{PREFIX}tutor", password, group="Tutors")
        names = [f"{PREFIX}learner-{n:03d}" for n in range(1, learners + 1)]
        for name in names:
            prepare_learner(account(User, name, password))
        classroom = classroom_of(tutor, names)
    return {
        "password": password,
        "tutor": tutor.username,
        "classroom": classroom.pk,
        "learners": names,
        "lessons": lesson_paths(),
    }


def account(User, username: str, password: str, *, group: str = ""):
    from django.contrib.auth.models import Group

    user, _ = User.objects.get_or_create(username=username)
    user.email = f"{username}@example.invalid"
    user.set_password(password)
    user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def prepare_learner(user) -> None:
    from accounts.models import LearnerProfile
    from lessons.models import VocabularyItem
    from progress import recording

    LearnerProfile.objects.for_user(user)
    LearnerProfile.objects.filter(user=user).update(time_zone="UTC", reminder_hour=0)
    items = VocabularyItem.objects.order_by("pk")[:ITEMS_PER_LEARNER]
    recording.create_review_cards(learner=user, items=items)


def classroom_of(tutor, names: list[str]):
    from django.contrib.auth import get_user_model

    from courses import classrooms, joining
    from courses.models import Classroom

    classroom = Classroom.objects.filter(tutor=tutor).first()
    if classroom is None:
        classroom = classrooms.create_classroom(tutor=tutor, name="Load class")
    for learner in get_user_model().objects.filter(username__in=names):
        joining.join_classroom(learner=learner, code=classroom.join_code)
    return classroom


def lesson_paths() -> list[str]:
    from lessons.models import LessonPage

    return [page.url for page in LessonPage.objects.live().order_by("path")[:10]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.seeding")
    parser.add_argument("accounts", type=Path)
    parser.add_argument("--learners", type=int, default=40)
    args = parser.parse_args(argv)
    import django

    django.setup()
    try:
        seeded = seed_load(learners=args.learners, password=secrets.token_urlsafe(16))
    except SeedRefused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    args.accounts.parent.mkdir(parents=True, exist_ok=True)
    args.accounts.write_text(json.dumps(seeded, indent=1))
    os.chmod(args.accounts, 0o600)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`manage.py import_anki` imports a package for a learner through the same code path."""

import uuid
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from progress.models import ReviewCard, ReviewLog
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.support.anki_packages import WORDS, exported_packages

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]


@pytest.fixture
def user():
    for word in WORDS:
        VocabularyItemFactory(uuid=uuid.UUID(word))
    return learner()


def run(*args) -> str:
    out = StringIO()
    call_command("import_anki", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_the_reviews_and_prints_the_counts(user, packages):
    output = run("--learner", user.username, str(packages["legacy"]))
    assert "new reviews: 50" in output and "skipped rows: 1" in output
    assert "new cards: 10" in output
    assert ReviewLog.objects.filter(learner=user, source="anki").count() == 50


def test_running_the_command_again_adds_nothing(user, packages):
    run("--learner", user.username, str(packages["modern"]))
    output = run("--learner", user.username, str(packages["colpkg"]))
    assert "new reviews: 0" in output and "already known: 50" in output
    assert ReviewLog.objects.count() == 50


def test_a_hostile_file_is_a_clear_error_and_changes_nothing(user, packages, tmp_path):
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError, match=r"not an Anki package \(.apkg or .colpkg\)"):
        run("--learner", user.username, str(path))
    with pytest.raises(CommandError, match="no review history"):
        run("--learner", user.username, str(packages["unscheduled"]))
    with pytest.raises(CommandError, match="Cannot read .*missing.apkg: No such file"):
        run("--learner", user.username, str(path.with_name("missing.apkg")))
    assert not ReviewLog.objects.exists() and not ReviewCard.objects.exists()


def test_an_unknown_learner_is_named(packages):
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        run("--learner", "nobody", str(packages["modern"]))

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from progress.anki.exceptions import PackageError
from progress.anki.importing import import_reviews
from progress.anki.package import read_package


class Command(BaseCommand):
    help = "Import the reviews in an Anki package (.apkg or .colpkg) into a learner's history."

    def add_arguments(self, parser):
        parser.add_argument("--learner", required=True, help="the learner's username")
        parser.add_argument("file", help="the .apkg or .colpkg file")

    def handle(self, *args, learner, file, **options):
        user = get_user_model().objects.filter(username=learner).first()
        if user is None:
            raise CommandError(f"There is no user {learner!r}.")
        try:
            contents = read_package(file)
        except PackageError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        result = import_reviews(learner=user, contents=contents, now=timezone.now())
        for name, value in vars(result).items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")

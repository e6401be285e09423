from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lessons.word_pairs import load_word_pairs


class Command(BaseCommand):
    help = "Load South/North Korean word pairs from a CSV file (header: south_form,north_form)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            result = load_word_pairs(path=path)
        except (OSError, UnicodeDecodeError, ValidationError) as error:
            raise CommandError(
                f"{path}: {'; '.join(getattr(error, 'messages', [str(error)]))}"
            ) from error
        self.stdout.write(f"{result.read} pairs read, {result.created} new.")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.loader import ContentError, load_curriculum
from lessons.tasks import render_missing_audio_task

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = "Publish the curriculum files (courses, lessons, vocabulary) as pages and snippets."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=DATA, help="default: content/data")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and load, report, then roll back"
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            report = load_curriculum(path, dry_run=dry_run)
        except ContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(report))
        if not dry_run:
            # Words edited without a lesson publish get their audio too.
            render_missing_audio_task.delay_on_commit()

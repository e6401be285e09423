from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.exceptions import ContentError
from content.reporting import curriculum_markdown
from content.schema import read_curriculum

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = "Write each lesson's level, word count, coverage and gap-type mix as Markdown."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=DATA, help="default: content/data")
        parser.add_argument("-o", "--output", help="file to write (default: print)")

    def handle(self, *args, path, output, **options):
        try:
            markdown = curriculum_markdown(read_curriculum(Path(path)))
        except ContentError as error:
            raise CommandError(str(error)) from error
        if output:
            Path(output).write_text(markdown + "\n", encoding="utf-8")
        else:
            self.stdout.write(markdown)

from django.core.management.base import BaseCommand, CommandError

from lessons.leveling import format_report, report_for_lesson
from lessons.models import LessonPage


class Command(BaseCommand):
    help = "Show a lesson's level report: words taught, words above its level, coverage."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the lesson page's slug")

    def handle(self, *args, slug, **options):
        page = LessonPage.objects.filter(slug=slug).first()
        if page is None:
            raise CommandError(f"No lesson with the slug {slug!r}.")
        self.stdout.write(f"{page.title} ({slug})\n" + format_report(report_for_lesson(page)))

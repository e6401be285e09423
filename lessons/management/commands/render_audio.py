from django.core.management.base import BaseCommand, CommandError

from lessons.audio import rendering
from lessons.models import LessonPage


class Command(BaseCommand):
    help = "Render the audio of one lesson or of every live lesson; rendered texts are kept."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--lesson", metavar="SLUG", help="the lesson's slug")
        which.add_argument("--all", action="store_true", help="every live lesson")

    def handle(self, *args, lesson, all, **options):
        lessons = LessonPage.objects.live()
        if lesson:
            lessons = LessonPage.objects.filter(slug=lesson)
            if not lessons.exists():
                raise CommandError(f"No lesson has the slug {lesson!r}.")
        report = rendering.render_lessons(lessons)
        self.stdout.write(str(report))
        if report.refused:
            self.stderr.write("Not spoken: " + "; ".join(report.refused))

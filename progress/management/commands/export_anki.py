from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page

from progress.anki import builds


class Command(BaseCommand):
    help = "Write an Anki deck (.apkg) of a lesson, a course, or a learner's words."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--lesson", metavar="SLUG")
        target.add_argument("--course", metavar="SLUG")
        target.add_argument("--learner", metavar="USERNAME")
        parser.add_argument("--weak", action="store_true", help="only the learner's weak words")
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, lesson, course, learner, weak, output, **options):
        if weak and not learner:
            raise CommandError("--weak goes with --learner.")
        kind, target_id = self._target(lesson, course, learner)
        build = builds.deck_for(kind, target_id, weak=weak)
        output.write_bytes(build.package())
        self.stdout.write(f"Wrote {output} ({build.note_count} notes).")

    def _target(self, lesson, course, learner) -> tuple[str, int]:
        if learner:
            user = get_user_model().objects.filter(username=learner).first()
            if user is None:
                raise CommandError(f"No user called {learner!r}.")
            return "learner", user.pk
        slug, kind = (lesson, "lesson") if lesson else (course, "course")
        model = "lessonpage" if lesson else "coursepage"
        page = Page.objects.live().filter(slug=slug, content_type__model=model).first()
        if page is None:
            raise CommandError(f"No published {kind} with the slug {slug!r}.")
        return kind, page.pk

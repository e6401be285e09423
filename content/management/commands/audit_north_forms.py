from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.audit import audit_report
from content.exceptions import ContentError

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = "Audit the curriculum's North Korean forms against the Ministry pairs and checked rows."

    def add_arguments(self, parser):
        parser.add_argument("--pairs", required=True, help="the Ministry of Unification pairs CSV")
        parser.add_argument("--checked", required=True, help="the checked rows CSV")
        parser.add_argument("--data", default=DATA, help="default: content/data")

    def handle(self, *args, pairs, checked, data, **options):
        try:
            lines = audit_report(Path(data), Path(pairs), Path(checked))
        except (ContentError, OSError, KeyError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(lines))

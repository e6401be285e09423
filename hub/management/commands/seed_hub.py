from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.seeding import EXAMPLES, seed_hub_examples


class Command(BaseCommand):
    help = "Add the fictional example organisations to the help directory (development only)."

    def handle(self, *args, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("seed_hub is for development only; these settings refuse it.")
        index = seed_hub_examples()
        self.stdout.write(f"Help directory at {index.url}: {len(EXAMPLES)} example organisations")

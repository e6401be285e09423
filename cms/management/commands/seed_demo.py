from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import DEFAULT_PASSWORD, demo_join_code, seed_demo_accounts


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    def handle(self, *args, password, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("seed_demo is for development only; these settings refuse it.")
        accounts = seed_demo_accounts(password=password)
        self.stdout.write("Demo accounts (development only), password: " + password)
        for account in accounts:
            self.stdout.write(f"  {account.username:<16} {account.role}")
        self.stdout.write(f"Join code for a new learner (Demo class 1): {demo_join_code()}")

"""Migrate every database (the app's and, on SQLite, the queue's) and create the cache table."""

from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Apply migrations to every configured database and create the cache table."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        for alias in settings.DATABASES:
            if verbosity:
                self.stdout.write(f"Migrating database '{alias}'…")
            call_command("migrate", database=alias, interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Databases are up to date."))

"""`manage.py demo_data [--if-empty]`: build the demo city of Riverside (demo/riverside/)."""

from django.core.management import BaseCommand
from django.utils import timezone

from demo.build import city_build, city_exists
from demo.riverside import RIVERSIDE


class Command(BaseCommand):
    help = (
        "Create demo programs, organizations, venues, series, events, logins and RSVPs "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has programs.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and city_exists():
            self.stdout.write("Demo data: the database already has data; leaving it as it is.")
            return
        self.stdout.write(f"Building the demo city of {RIVERSIDE.name}…")
        result = city_build(
            city=RIVERSIDE, now=timezone.now(), say=lambda text: self.stdout.write(f"  {text}")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result.events} events, {result.logins} logins "
                f"(password '{RIVERSIDE.password}')."
            )
        )

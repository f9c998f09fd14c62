"""Print a new API token for a user (shown once; only its digest is stored)."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = "Create an API token for an officer's or coordinator's app and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        _, token = AuthToken.objects.create(user=user)
        self.stdout.write(token)

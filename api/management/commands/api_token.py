"""Print a new API token for a user (shown once; only its digest is stored)."""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from knox.models import AuthToken

from api.models import TokenScope


class Command(BaseCommand):
    help = (
        "Create an API token for an officer's, coordinator's or partner's app and print it "
        "once. --scope rsvp:manage-links lets the app get back the seat outcome and manage "
        "link of the RSVPs it makes (a partner's kiosk); grant it only to apps you trust "
        "with residents' RSVPs."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=TokenScope.Scope.values,
            help="A right beyond the user's role; may be given more than once.",
        )

    def handle(self, *args, username, scope, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        with transaction.atomic():
            auth_token, token = AuthToken.objects.create(user=user)
            TokenScope.objects.bulk_create(
                [TokenScope(token=auth_token, scope=name) for name in dict.fromkeys(scope)]
            )
        self.stdout.write(token)

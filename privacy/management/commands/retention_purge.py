from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.services import retention_purge


class Command(BaseCommand):
    help = _(
        "Erase residents' personal data of events past their retention period (the daily "
        "schedule does this too). --dry-run prints what it would erase and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Print what would be erased; erase nothing.")
        )

    def handle(self, *args, dry_run: bool, **options):
        result = retention_purge(dry_run=dry_run, trigger="command")
        run = result.run
        lead = _("Would erase") if dry_run else _("Erased")
        self.stdout.write(
            _(
                "%(lead)s: %(events)d events, %(rsvps)d RSVPs, %(attendees)d residents, "
                "%(walkins)d walk-in names, %(notices)d notices. Kept by a legal hold: "
                "%(held)d events."
            )
            % {
                "lead": lead,
                "events": run.events,
                "rsvps": run.rsvps,
                "attendees": run.attendees,
                "walkins": run.walkins,
                "notices": run.notices,
                "held": run.held,
            }
        )
        if run.block_parties:
            self.stdout.write(
                _("%(lead)s: %(parties)d National Night Out block parties.")
                % {"lead": lead, "parties": run.block_parties}
            )
        if result.event_ids:
            self.stdout.write(_("Events: %s") % ", ".join(f"#{pk}" for pk in result.event_ids))
        if result.held_ids:
            self.stdout.write(_("On hold: %s") % ", ".join(f"#{pk}" for pk in result.held_ids))

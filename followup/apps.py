from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from followup import receivers
        from followup.queries import roster_answer_cells
        from rsvp.officers.csv_export import ROSTER_COLUMNS

        receivers.connect()
        # The roster CSV's "still coming?" column (rsvp imports no app above it).
        header = _("still coming?")
        if all(h is not header for h, _cells in ROSTER_COLUMNS):
            ROSTER_COLUMNS.append((header, roster_answer_cells))

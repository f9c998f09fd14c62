from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from followup import receivers
        from followup.queries import roster_answer_cells
        from followup.services import still_coming_sweep
        from notifications.dispatch import PLANNERS
        from rsvp.officers.csv_export import ROSTER_COLUMNS

        receivers.connect()
        # "Still coming?" is planned by the notice dispatcher's sweep (every qcluster
        # process, every NOTICE_SWEEP_SECONDS; a per-minute schedule as a backstop), so a
        # question goes out within seconds of its moment, not inside an RSVP.
        if still_coming_sweep not in PLANNERS:
            PLANNERS.append(still_coming_sweep)
        # The roster CSV's "still coming?" column (rsvp imports no app above it).
        header = _("still coming?")
        if all(h is not header for h, _cells in ROSTER_COLUMNS):
            ROSTER_COLUMNS.append((header, roster_answer_cells))

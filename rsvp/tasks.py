"""django-q2 tasks of the RSVP app.

The path `rsvp.tasks.rsvp_links_send` is stored in queued tasks of running sites: keep it.
"""

import logging

from rsvp.services import rsvp_links_resend

logger = logging.getLogger(__name__)


def rsvp_links_send(email: str) -> int:
    """Plan the "your RSVP link" e-mails an address asked for; how many (see rsvp_links_resend).

    The e-mails go through the outbox, each in its RSVP's own language.
    """
    try:
        planned = rsvp_links_resend(email)
    except Exception as exc:  # noqa: BLE001 - see below
        # django-q2 keeps a failed task with its arguments (save=False spares only the
        # ones that succeed), where administrators read them: this one never fails. The
        # resident, told to look for the e-mail, asks again if none comes.
        logger.warning("RSVP links not planned: %s", exc.__class__.__name__)
        return 0
    # Counted, never named: the address is personal data and logs are read by others.
    logger.info("RSVP links asked for: %s planned", planned)
    return planned

"""What the residents' views share."""

from scheduler.errors import Busy


def retry_later(response, exc: Busy):
    # A busy answer says when to try again (DESIGN.md rule 6), as the API's problem does.
    response["Retry-After"] = str(exc.retry_after_seconds)
    return response

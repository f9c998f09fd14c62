"""For pages that must answer the same for a known and an unknown address: what was queued
for the worker, and a page with its per-request CSRF mask taken out."""

import re

from django.conf import settings
from django_q.models import OrmQ


def queued_tasks() -> list[tuple]:
    """(function path, args) of each task on the ORM broker's queue, oldest first."""
    tasks = [q.task for q in OrmQ.objects.using(settings.QUEUE_DATABASE).order_by("id")]
    return [(t["func"], t["args"]) for t in tasks]


def unmasked(html: str) -> str:
    """The page without its CSRF token, which is masked afresh on every page."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

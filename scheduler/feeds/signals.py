"""Keep `updated_at` truthful for calendar feeds.

A feed entry shows its venue, program, host and partners, so renaming any of them
(or changing an event's partners) revises the entry: its LAST-MODIFIED must move,
and the feeds' cache fingerprints (built on `updated_at`) must see the change.
Removing an occurrence revises its series' entry (a new EXDATE).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from scheduler.models import Event, EventSeries, Organization, Program, Venue


def _touch_events(**lookup) -> None:
    Event.objects.filter(**lookup).update(updated_at=timezone.now())


def venue_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        _touch_events(venue=instance)


def program_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        _touch_events(program=instance)


def organization_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    now = timezone.now()
    Event.objects.filter(host=instance).update(updated_at=now)
    Event.objects.filter(pk__in=instance.partner_events.values("pk")).update(updated_at=now)


def event_partners_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            _touch_events(pk=instance.pk)
    elif action == "pre_clear":
        _touch_events(pk__in=list(instance.partner_events.values_list("pk", flat=True)))
    elif pk_set:
        _touch_events(pk__in=pk_set)


def event_deleted(sender, instance, **kwargs):
    if instance.series_id:
        EventSeries.objects.filter(pk=instance.series_id).update(updated_at=timezone.now())


def connect() -> None:
    post_save.connect(venue_saved, sender=Venue, dispatch_uid="feeds_venue_saved")
    post_save.connect(program_saved, sender=Program, dispatch_uid="feeds_program_saved")
    post_save.connect(organization_saved, sender=Organization, dispatch_uid="feeds_org_saved")
    m2m_changed.connect(
        event_partners_changed, sender=Event.partners.through, dispatch_uid="feeds_partners"
    )
    post_delete.connect(event_deleted, sender=Event, dispatch_uid="feeds_event_deleted")

"""Admin for events: saved, cancelled, reinstated and deleted through the event services."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from scheduler.admin.actions import EverydayEventAdmin, WhenFilter
from scheduler.admin.base import (
    BUSY_DELETE_MESSAGE,
    AuditHistoryAdmin,
    ProgramFirstAdmin,
    ServiceSavesAdmin,
)
from scheduler.admin.copies import DuplicateEventAdmin
from scheduler.admin.imports import EventImportAdmin
from scheduler.errors import Busy, EventError
from scheduler.forms import CancelForm, EventAdminForm
from scheduler.locking import busy_on_lock_wait
from scheduler.models import (
    Event,
    EventLanguage,
    Neighborhood,
    Organization,
    Review,
    text_columns,
)
from scheduler.services import (
    event_cancel,
    event_create,
    event_delete,
    event_reinstate,
    event_save,
)


class NeighborhoodFilter(admin.SimpleListFilter):
    title = _("neighborhood")
    parameter_name = "neighborhood"

    def lookups(self, request, model_admin):
        return [(n.slug, n.name) for n in Neighborhood.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(venue__neighborhood__slug=self.value())
        return queryset


class OrganizationFilter(admin.SimpleListFilter):
    title = _("organization (host or partner)")
    parameter_name = "organization"

    def lookups(self, request, model_admin):
        return [(o.slug, o.name) for o in Organization.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            partnered = Event.objects.filter(partners__slug=self.value()).values("pk")
            return queryset.filter(Q(host__slug=self.value()) | Q(pk__in=partnered))
        return queryset


EVENT_CREATE_FIELDS = (
    "title",
    "description",
    "program",
    "venue",
    "host",
    "start",
    "end",
    "partners",
    "officers",
    "timezone",
    "visibility",
    "rsvp_opens_at",
    "rsvp_closes_at",
    "promotion_cutoff_minutes",
    "rsvp_mode",
)


# The actions' entry in an event's history, stored untranslated as Django's own are.
STATUS_CHANGED = [{"changed": {"fields": ["status", "cancellation reason"]}}]


class EventLanguageInline(admin.TabularInline):
    """The languages spoken at the event, or interpreted into there (shown to residents)."""

    model = EventLanguage
    fields = ["language", "interpreted"]
    extra = 0


class EventAdmin(
    EverydayEventAdmin,
    DuplicateEventAdmin,
    EventImportAdmin,
    TabbedTranslationAdmin,
    AuditHistoryAdmin,
    ProgramFirstAdmin,
    ServiceSavesAdmin,
):
    """Events. Registered here without RSVPs; rsvp/admin.py registers it again with them.

    The title and description have a tab per language (scheduler/translation.py)."""

    form = EventAdminForm
    inlines = [EventLanguageInline]
    list_display = [
        "title",
        "start",
        "program",
        "venue",
        "host",
        "status_badge",
        "capacity",
        "confirmed_count",
        "waitlisted_count",
        "to_arrange_count",
    ]
    list_filter = [
        WhenFilter,
        "status",
        "review",
        "program",
        ("start", admin.DateFieldListFilter),
        OrganizationFilter,
        NeighborhoodFilter,
        "visibility",
    ]
    # Each language's title: a search finds the event whatever the coordinator's language.
    search_fields = [*text_columns("title"), "venue__name"]
    date_hierarchy = "start"
    list_select_related = ["program", "venue", "host"]
    autocomplete_fields = ["venue", "host", "partners", "officers"]
    # Status and its reason change only through the actions (event_cancel, event_reinstate),
    # so residents are told.
    readonly_fields = [
        "page_link",
        "status",
        "cancellation_reason",
        "uid",
        "sequence",
        "series",
        "occurrence_date",
        "cancelled_at",
    ]
    actions = [
        "cancel_events",
        "reinstate_events",
        "assign_officers",
        "move_venue",
        "delete_events",
    ]
    action_confirmation_template = "admin/scheduler/event/action_confirmation.html"

    @admin.display(description=_("link for residents"))
    def page_link(self, obj):
        # An unlisted event's link carries its share key: the only way residents reach it.
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{0}">{0}</a>', obj.absolute_url)

    def get_exclude(self, request, obj=None):
        # A new event belongs to no series, so "edited by hand" means nothing yet.
        return ["is_customized"] if obj is None else super().get_exclude(request, obj)

    @admin.display(description=_("Status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_cancelled:
            return format_html('<strong style="color:#b00020">{}</strong>', gettext("Cancelled"))
        if obj.review != Review.PUBLISHED:
            # A partner's proposal not yet published: it looks like any event otherwise.
            return gettext("%(review)s (not public)") % {"review": obj.get_review_display()}
        return obj.get_status_display()

    @admin.display(description=_("Confirmed RSVPs"), ordering="confirmed")
    def confirmed_count(self, obj):
        return obj.confirmed

    @admin.display(description=_("Waitlisted"), ordering="waitlisted")
    def waitlisted_count(self, obj):
        return obj.waitlisted

    def refusal_text(self, exc, *, add):
        if add:
            return gettext("Nothing was saved: %(reason)s") % {"reason": exc.message}
        # The form checked this page's values; the service checks them merged onto the
        # event as it is now, so a refusal here means the event changed meanwhile.
        return gettext(
            "Nothing was saved: %(reason)s The event was changed by someone else since you "
            "opened this page. Open it again to see it as it is now, then make your change."
        ) % {"reason": exc.message}

    def save_model(self, request, obj, form, change):
        if not change:
            created = event_create(**self.create_values(form, EVENT_CREATE_FIELDS))
            obj.pk = created.pk
            obj.refresh_from_db()  # the admin goes on with its own object (log, redirect)
            return
        changed, data = form.changed_data, form.cleaned_data
        event_save(
            event=obj,
            changed_fields=changed,
            capacity=data["capacity"] if "capacity" in changed else ...,
            partners=data["partners"] if "partners" in changed else None,
            officers=data["officers"] if "officers" in changed else None,
        )

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with busy_on_lock_wait():
                return super().delete_view(request, object_id, extra_context)
        except (EventError, Busy) as exc:
            # Raised out of the admin's transaction: nothing deleted, nothing logged.
            text = BUSY_DELETE_MESSAGE if isinstance(exc, Busy) else exc.message
            self.message_user(request, text, messages.ERROR)
            return redirect(reverse("admin:scheduler_event_change", args=[object_id]))

    def delete_model(self, request, obj):
        event_delete(event=obj)

    def delete_queryset(self, request, queryset):
        for event in queryset:
            try:
                event_delete(event=event)
            except EventError as exc:
                self.message_user(request, _about(event, exc), messages.ERROR)
            except Busy:
                self.message_user(request, BUSY_DELETE_MESSAGE, messages.ERROR)
                return

    def action_confirmation(
        self, request, queryset, *, action: str, title, intro, confirm, form=None
    ):
        """A page like Django's delete confirmation: the events, a form, a yes button."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "intro": intro,
            "confirm": confirm,
            "opts": self.opts,
            "events": list(queryset),
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.action_confirmation_template, context)

    @admin.action(
        description=_("Cancel selected events (residents are told)"), permissions=["change"]
    )
    def cancel_events(self, request, queryset):
        form = CancelForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            return self.action_confirmation(
                request,
                queryset,
                action="cancel_events",
                title=_("Cancel events"),
                intro=_(
                    "These events will be cancelled. Every resident who RSVPed is told, with "
                    "the reason you give; their RSVPs stay on record, and calendars show the "
                    "event as cancelled. Events already cancelled are left as they are."
                ),
                confirm=_("Yes, cancel and tell the residents"),
                form=form,
            )
        reason = form.cleaned_data["reason"]
        done = 0
        for event in queryset:
            try:
                if event_cancel(event=event, reason=reason):
                    done += 1
                    self.log_change(request, event, STATUS_CHANGED)
            except Busy:
                self.message_user(request, self.busy_text(event, done), messages.ERROR)
                return None
        if done:
            text = ngettext(
                "%(count)d event cancelled; its residents are told.",
                "%(count)d events cancelled; their residents are told.",
                done,
            ) % {"count": done}
        else:
            text = gettext("The selected events were already cancelled: nothing changed.")
        self.message_user(request, text)
        return None

    @admin.action(
        description=_("Reinstate selected cancelled events (residents are told)"),
        permissions=["change"],
    )
    def reinstate_events(self, request, queryset):
        if not request.POST.get("post"):
            return self.action_confirmation(
                request,
                queryset,
                action="reinstate_events",
                title=_("Reinstate events"),
                intro=_(
                    "These cancelled events will take place after all. Every resident who "
                    "RSVPed is told; their RSVPs are as they were when the event was cancelled, "
                    "and calendars show the event again. Events that are not cancelled are "
                    "left as they are; events that have already ended cannot be reinstated."
                ),
                confirm=_("Yes, reinstate and tell the residents"),
            )
        done = refused = 0
        for event in queryset:
            try:
                if event_reinstate(event=event):
                    done += 1
                    self.log_change(request, event, STATUS_CHANGED)
            except EventError as exc:
                refused += 1
                self.message_user(request, _about(event, exc), messages.ERROR)
            except Busy:
                self.message_user(request, self.busy_text(event, done), messages.ERROR)
                return None
        if done:
            text = ngettext(
                "%(count)d event reinstated; its residents are told.",
                "%(count)d events reinstated; their residents are told.",
                done,
            ) % {"count": done}
            self.message_user(request, text)
        elif not refused:
            text = gettext("None of the selected events was cancelled: nothing changed.")
            self.message_user(request, text)
        return None

    @staticmethod
    def busy_text(event: Event, done: int) -> str:
        return ngettext(
            "Busy: %(count)d event was done, but “%(event)s” and the ones after it were not. "
            "Please try again in a moment: the events already done are skipped then.",
            "Busy: %(count)d events were done, but “%(event)s” and the ones after it were not. "
            "Please try again in a moment: the events already done are skipped then.",
            done,
        ) % {"event": event, "count": done}


def _about(event: Event, exc: EventError) -> str:
    return gettext("“%(event)s”: %(reason)s") % {"event": event, "reason": exc.message}


admin.site.register(Event, EventAdmin)

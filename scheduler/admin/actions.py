"""The coordinator's everyday admin for events: the list opens on what is coming, with its
counts; bulk moves and assignments; deletes refused in words rather than with Django's
permission page (copies on a new date: copies.py). Every write goes through
scheduler.services."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scheduler.admin.base import BUSY_MESSAGE
from scheduler.admin.dashboard import dashboard_view
from scheduler.errors import Busy, DomainError
from scheduler.models import Venue
from scheduler.permissions import ROLE_GROUPS
from scheduler.queries import with_admin_counts
from scheduler.services import (
    event_delete,
    events_assign_officers,
    events_move_venue,
)
from scheduler.services.common import has_attendance


class WhenFilter(admin.SimpleListFilter):
    """Upcoming events first: what a coordinator works on is this week's, not last year's."""

    title = _("when")
    parameter_name = "when"
    UPCOMING, WEEK, PAST, EVERY = "upcoming", "week", "past", "all"

    def lookups(self, request, model_admin):
        return [
            (self.UPCOMING, _("Upcoming")),
            (self.WEEK, _("Next 7 days")),
            (self.PAST, _("Past")),
            (self.EVERY, _("All dates")),
        ]

    def value(self):
        return super().value() or self.UPCOMING

    def _chosen_by_id(self, request) -> bool:
        # An action on events picked one by one (from a page that shows past ones, or the
        # "Cancel instead" of a refused delete) acts on those: the default "Upcoming" must
        # not drop them. "All N selected" (select_across) still means the filtered list.
        return (
            self.parameter_name not in request.GET
            and request.method == "POST"
            and bool(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME))
            and request.POST.get("select_across") != "1"
        )

    def choices(self, changelist):
        # No "All" of Django's own: the default is "Upcoming", and "All dates" is a choice.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self._chosen_by_id(request):
            return queryset
        now = timezone.now()
        if self.value() == self.UPCOMING:
            return queryset.filter(end__gte=now)
        if self.value() == self.WEEK:
            return queryset.filter(end__gte=now, start__lt=now + dt.timedelta(days=7))
        if self.value() == self.PAST:
            return queryset.filter(end__lt=now)
        return queryset


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignOfficersForm(forms.Form):
    officers = OfficerChoiceField(
        label=_("Officers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    replace = forms.BooleanField(
        label=_("Replace the officers already assigned"),
        required=False,
        help_text=_("Unticked: these officers are added to those already assigned."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=ROLE_GROUPS)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class MoveVenueForm(forms.Form):
    venue = forms.ModelChoiceField(label=_("New venue"), queryset=Venue.objects.order_by("name"))


class EverydayEventAdmin(admin.ModelAdmin):
    """Mixed into EventAdmin: the list's default and counts, the dashboard's address, bulk
    actions, delete refusals."""

    delete_refused_template = "admin/scheduler/event/delete_refused.html"

    def get_queryset(self, request):
        return with_admin_counts(super().get_queryset(request))

    def get_ordering(self, request):
        if request.GET.get(WhenFilter.parameter_name) == WhenFilter.PAST:
            return ["-start", "-id"]  # the most recent first
        return ["start", "id"]

    @admin.display(description=_("To arrange"), ordering="to_arrange")
    def to_arrange_count(self, obj):
        return obj.to_arrange

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(dashboard_view), name=f"{prefix}_dashboard"),
            *super().get_urls(),
        ]

    def delete_view(self, request, object_id, extra_context=None):
        event = self.get_object(request, unquote(object_id))
        may_delete = event is not None and self.has_delete_permission(request, event)
        if may_delete and has_attendance(event):
            return self.delete_refused(request, [event])
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # What goes with an event nobody RSVPed to (its languages, who looked at its empty
        # roster) is the service's to delete (event_delete): no permission page about it.
        # Events with RSVPs or walk-ins never get here (delete_refused).
        deleted, counts, _perms, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_refused(self, request, events):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("This event cannot be deleted"),
            "subtitle": None,
            "opts": self.opts,
            "events": events,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.delete_refused_template, context, status=409)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Django's own would show a permission page for events with RSVPs (delete_events).
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Delete selected events nobody RSVPed to"), permissions=["delete"])
    def delete_events(self, request, queryset):
        events = list(queryset)
        kept = [event for event in events if has_attendance(event)]
        deletable = [event for event in events if event not in kept]
        if not request.POST.get("post"):
            if not deletable:
                return self.delete_refused(request, kept)
            return self.action_confirmation(
                request,
                [*deletable],
                action="delete_events",
                title=_("Delete events"),
                intro=ngettext(
                    "This event will be deleted. Nobody RSVPed to it or walked in.",
                    "These events will be deleted. Nobody RSVPed to them or walked in.",
                    len(deletable),
                )
                + (" " + self.kept_text(kept) if kept else ""),
                confirm=_("Yes, delete"),
            )
        done = 0
        for event in deletable:
            try:
                event_delete(event=event)
            except Busy:
                self.message_user(request, self.busy_text(event, done), messages.ERROR)
                return None
            except DomainError as exc:
                kept.append(event)
                self.message_user(request, exc.message, messages.ERROR)
            else:
                done += 1
                self.log_deletion(request, event, str(event))
        if done:
            self.message_user(
                request,
                ngettext("%(count)d event deleted.", "%(count)d events deleted.", done)
                % {"count": done},
            )
        if kept:
            self.message_user(request, self.kept_text(kept), messages.WARNING)
        return None

    @staticmethod
    def kept_text(kept) -> str:
        return ngettext(
            "%(count)d event has RSVPs or walk-ins, so it is not deleted: cancel it instead, "
            "and its residents are told.",
            "%(count)d events have RSVPs or walk-ins, so they are not deleted: cancel them "
            "instead, and their residents are told.",
            len(kept),
        ) % {"count": len(kept)}

    @admin.action(description=_("Assign officers to selected events"), permissions=["change"])
    def assign_officers(self, request, queryset):
        form = AssignOfficersForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            return self.action_confirmation(
                request,
                queryset,
                action="assign_officers",
                title=_("Assign officers"),
                intro=_(
                    "The officers you choose are assigned to these events: they see them on "
                    "their officer page and in their assignment calendar, with the rosters."
                ),
                confirm=_("Assign"),
                form=form,
            )
        try:
            result = events_assign_officers(
                events=queryset,
                officers=form.cleaned_data["officers"],
                replace=form.cleaned_data["replace"],
            )
        except Busy:
            self.message_user(request, BUSY_MESSAGE, messages.ERROR)
            return None
        for event in result.changed:
            self.log_change(request, event, [{"changed": {"fields": ["officers"]}}])
        count = len(result.changed)
        self.message_user(
            request,
            ngettext(
                "Officers assigned to %(count)d event.",
                "Officers assigned to %(count)d events.",
                count,
            )
            % {"count": count}
            if count
            else gettext("These officers were already assigned: nothing changed."),
        )
        return None

    @admin.action(
        description=_("Move selected events to another venue (residents are told)"),
        permissions=["change"],
    )
    def move_venue(self, request, queryset):
        form = MoveVenueForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            return self.action_confirmation(
                request,
                queryset,
                action="move_venue",
                title=_("Move events to another venue"),
                intro=_(
                    "These events move to the venue you choose. Every resident who RSVPed is "
                    "told where it is now, and calendars show the new place. Events that have "
                    "already ended stay where they were."
                ),
                confirm=_("Move and tell the residents"),
                form=form,
            )
        try:
            result = events_move_venue(events=queryset, venue=form.cleaned_data["venue"])
        except Busy:
            self.message_user(request, BUSY_MESSAGE, messages.ERROR)
            return None
        except DomainError as exc:
            self.message_user(
                request,
                gettext("Nothing was moved: %(reason)s") % {"reason": exc.message},
                messages.ERROR,
            )
            return None
        for event in result.changed:
            self.log_change(request, event, [{"changed": {"fields": ["venue"]}}])
        count = len(result.changed)
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d event moved; its residents are told.",
                    "%(count)d events moved; their residents are told.",
                    count,
                )
                % {"count": count},
            )
        if result.ended:
            self.message_user(
                request,
                ngettext(
                    "%(count)d event has already ended, so it was not moved.",
                    "%(count)d events have already ended, so they were not moved.",
                    len(result.ended),
                )
                % {"count": len(result.ended)},
                messages.WARNING,
            )
        if not count and not result.ended:
            self.message_user(
                request, gettext("These events were already at that venue: nothing changed.")
            )
        return None

"""Coordinators' admin: legal holds (set, lift, never delete) and the log of retention runs."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from privacy.models import LegalHold, RetentionRun
from privacy.services import legal_hold_lift


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["event", "reason", "set_by", "set_at", "lifted_by", "lifted_at"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    search_fields = ["event__title", "reason"]
    autocomplete_fields = ["event"]
    readonly_fields = ["set_by", "set_at", "lifted_by", "lifted_at"]
    actions = ["lift"]

    def get_readonly_fields(self, request, obj=None):
        # A hold is a record: once set, its event and reason stay as they were.
        if obj is not None:
            return ["event", "reason", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lift the selected holds"), permissions=["change"])
    def lift(self, request, queryset):
        lifted = sum(legal_hold_lift(hold=hold, by=request.user) for hold in queryset)
        self.message_user(
            request,
            ngettext("%(count)d hold lifted.", "%(count)d holds lifted.", lifted)
            % {"count": lifted},
            messages.SUCCESS,
        )


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "trigger",
        "dry_run",
        "events",
        "rsvps",
        "attendees",
        "walkins",
        "notices",
        "block_parties",
        "held",
    ]
    list_filter = ["trigger", "dry_run"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

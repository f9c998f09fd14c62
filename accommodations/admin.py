from django.contrib import admin

from accommodations.models import AccommodationRequest


@admin.register(AccommodationRequest)
class AccommodationRequestAdmin(admin.ModelAdmin):
    list_display = ("label", "rsvp", "state", "late", "lead_hours", "created_at")
    list_filter = ("state", "kind", "late")
    list_select_related = ("rsvp",)
    raw_id_fields = ("rsvp", "decided_by")
    readonly_fields = ("routed_at", "decided_at", "decided_by", "created_at", "lead_hours", "late")

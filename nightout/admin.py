"""Coordinators set up each year's National Night Out here; registrations are read-only
(hosts change them by their link, visits are assigned on /officers/night-out/coordinate/)."""

from django.contrib import admin

from nightout.models import BlockParty, NightOut


@admin.register(NightOut)
class NightOutAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "date",
        "start_time",
        "end_time",
        "registration_opens",
        "registration_closes",
    ]


@admin.register(BlockParty)
class BlockPartyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "night_out", "neighborhood", "expected_size", "withdrawn_at"]
    list_filter = ["night_out", "neighborhood"]
    search_fields = ["host_name", "email", "address"]
    readonly_fields = [f.name for f in BlockParty._meta.fields]

    def has_add_permission(self, request):
        return False

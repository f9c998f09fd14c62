"""Coordinators set a series up as a course here; applications are decided on the
course's report page (/officers/courses/<id>/), where the applicant is told."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from courses.models import Application, Certificate, Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["series", "capacity", "needs_approval", "applications_open", "min_sessions"]
    list_select_related = ["series"]
    autocomplete_fields = ["series"]
    search_fields = ["series__title"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "required_sessions":
            from scheduler.models import Event

            kwargs["queryset"] = Event.objects.filter(series__isnull=False).select_related("series")
            # Checkboxes, not filter_horizontal: Django's SelectFilter script puts aria-label
            # on spans, which axe refuses (aria-prohibited-attr), and a course has few
            # sessions to tick.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "status", "created_at"]
    list_filter = ["status", "course"]
    list_select_related = ["course__series"]
    search_fields = ["name", "email"]
    # Decisions go through the report page's service, which tells the applicant.
    readonly_fields = ["status", "decided_at", "decided_by", "erased_at", "language"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["course", "holder_initial", "hours", "completed_on", "revoked_at"]
    list_select_related = ["course__series"]
    readonly_fields = ["course", "application", "holder_initial", "hours", "completed_on"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        from django.utils import timezone

        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())

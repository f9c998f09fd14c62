"""What the event and series admins share: saves through services, adding from a program."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scheduler.admin.choices import StorableIdsAdmin
from scheduler.errors import Busy, DomainError
from scheduler.forms import ProgramChoiceForm
from scheduler.locking import busy_on_lock_wait
from scheduler.models import Program, default_column, other_columns
from scheduler.services import TEXT_FIELDS

BUSY_MESSAGE = _(
    "Someone else is changing this right now, so nothing was saved. Please try again in a moment."
)
BUSY_DELETE_MESSAGE = _(
    "Someone else is changing this event right now, so it was not deleted. Please try again "
    "in a moment."
)


class AuditHistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The admin's "History" shows the audit trail (scheduler.audit): who changed what and
    when, each field before and after, the services' changes as well as the admin's."""

    auditlog_history_template = "admin/audit_history.html"
    auditlog_history_per_page = 50

    def audit_entries(self, obj) -> QuerySet[LogEntry]:
        """The entries this object's history shows (an event's adds its RSVPs')."""
        return LogEntry.objects.get_for_object(obj)

    def history_view(self, request, object_id, extra_context=None):
        return self.auditlog_history_view(request, object_id, extra_context)

    def auditlog_history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        entries = (
            self.audit_entries(obj)
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")
        )
        paginator = self.get_paginator(request, entries, self.auditlog_history_per_page)
        page = paginator.get_page(request.GET.get("p", 1))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(object)s") % {"object": obj},
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": "p",
            "pagination_required": paginator.count > self.auditlog_history_per_page,
            "object": obj,
            "opts": self.opts,
            "log_entries": page,
            "own_type": ContentType.objects.get_for_model(obj).pk,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.auditlog_history_template, context)


class ServiceSavesAdmin(StorableIdsAdmin, admin.ModelAdmin):
    """An admin whose saves go through a service, which may refuse them.

    The refusal (a DomainError raised by save_model or save_related) leaves the admin's
    transaction, so nothing of the save is written, inline rows included; the form is then
    shown again as posted, with the reason. A lock wait that runs out is the same: Busy.
    """

    def refusal_text(self, exc: DomainError, *, add: bool) -> str:
        return gettext("Nothing was saved: %(reason)s") % {"reason": exc.message}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # On SQLite the wait for the write lock is the admin's own BEGIN IMMEDIATE.
            with busy_on_lock_wait():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            add = object_id is None or "_saveasnew" in request.POST
            text = BUSY_MESSAGE if isinstance(exc, Busy) else self.refusal_text(exc, add=add)
            request.porchlight_refusal = (exc.field, str(text))
            # ModelAdmin.changeform_view is this same call inside transaction.atomic(). The
            # form is invalid now (it carries the refusal), so it is only shown again: that
            # needs no transaction, and on SQLite one would wait for the write lock again.
            response = self._changeform_view(request, object_id, form_url, extra_context)
            response.status_code = 503 if isinstance(exc, Busy) else 409
            return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "porchlight_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (form,), {"refusal": refusal})

    def save_related(self, request, form, formsets, change):
        # Partners and officers were written by the service, with the rest of the save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ProgramFirstAdmin(admin.ModelAdmin):
    """Adding starts from a program: the form then shows that program's seats and party size.

    What a coordinator sees on the add page is what is saved: the capacity and party size
    offered are the program's, and clearing the capacity makes the event unlimited, as on
    the change page. If the coordinator picks another program on that page without
    touching the two numbers, the other program's defaults apply (the service's rule for
    values not given).
    """

    program_choice_template = "admin/scheduler/choose_program.html"

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "GET":
            choice = ProgramChoiceForm(request.GET if "program" in request.GET else None)
            if not choice.is_valid():
                return self.program_choice_view(request, choice)
        return super().add_view(request, form_url, extra_context)

    def program_choice_view(self, request, form):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Add %(name)s") % {"name": self.opts.verbose_name},
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "carried": [
                (name, value)
                for name, values in request.GET.lists()
                for value in values
                if name != "program"
            ],
            "has_programs": Program.objects.exists(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.program_choice_template, context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        choice = ProgramChoiceForm(request.GET)
        if choice.is_valid():
            program = choice.cleaned_data["program"]
            initial.setdefault("capacity", program.default_capacity)
            initial.setdefault("max_party_size", program.default_max_party_size)
        return initial

    @staticmethod
    def create_values(form, names) -> dict:
        """The add form's values for a *_create service: capacity and party size only if
        the coordinator changed them from what the page offered."""
        data = form.cleaned_data
        values = {name: data[name] for name in names if name in data}
        # The texts come as a field per language (the translation admin's tabs).
        values["title"] = data[default_column("title")]
        values["description"] = data.get(default_column("description")) or ""
        values["translations"] = {
            column: data[column] for column in other_columns(*TEXT_FIELDS) if column in data
        }
        for name in ("capacity", "max_party_size"):
            if name in form.changed_data:
                values[name] = data[name]
        return values

"""The roster's "still coming?" answers: read once per page, looked up per row."""

from django import template
from django.utils.translation import gettext as _

from followup.queries import answers_for
from followup.reports import followup_report

register = template.Library()


@register.simple_tag
def still_coming_answers(event) -> dict[int, str]:
    return answers_for(event)


@register.filter
def answer_of(answers, rsvp_id):
    """The answer for this RSVP ("coming", "cant", "" for none), None when not asked."""
    return (answers or {}).get(rsvp_id)


@register.simple_tag
def followup_report_for(user, report):
    """The reports page's no-show figures for the range of its attendance `report`."""
    return followup_report(user, start=report.start, end=report.end)


@register.filter
def followup_tables(report):
    return [
        (_("Program"), report.programs),
        (_("Lead time"), report.lead_times),
        (_("“Still coming?” answer"), report.answers),
    ]

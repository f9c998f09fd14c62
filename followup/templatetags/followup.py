"""The roster's "still coming?" answers: read once per page, looked up per row."""

from django import template

from followup.queries import answers_for

register = template.Library()


@register.simple_tag
def still_coming_answers(event) -> dict[int, str]:
    return answers_for(event)


@register.filter
def answer_of(answers, rsvp_id):
    """The answer for this RSVP ("coming", "cant", "" for none), None when not asked."""
    return (answers or {}).get(rsvp_id)

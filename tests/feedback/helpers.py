"""Fixture data for the feedback tests: programs with surveys, held events, check-ins."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from feedback.models import Survey, SurveyQuestion
from notifications.models import Notification
from rsvp.models import Rsvp
from tests import factories

COMFORT = "I feel more comfortable contacting the police after this event"
USEFUL = "The event was useful to me"
WRITE = "What could we do better?"


def survey_for(program, *, hours: int = 3) -> tuple[SurveyQuestion, SurveyQuestion, SurveyQuestion]:
    survey = Survey.objects.create(program=program, thank_you_after_hours=hours)
    rating = SurveyQuestion.objects.create(survey=survey, kind="rating", text=COMFORT, position=1)
    useful = SurveyQuestion.objects.create(survey=survey, kind="rating", text=USEFUL, position=2)
    text = SurveyQuestion.objects.create(survey=survey, kind="text", text=WRITE, position=3)
    return rating, useful, text


def held(*, ended_ago: dt.timedelta = dt.timedelta(hours=4), **kw):
    """An event that ended `ended_ago` ago (an hour long)."""
    start = timezone.now() - ended_ago - dt.timedelta(hours=1)
    return factories.event(start=start, **kw)


def came(event, **kw) -> Rsvp:
    rsvp = factories.rsvp(event, **kw)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=event.start, arrived=F("party_size"))
    rsvp.refresh_from_db()
    return rsvp


def survey_tokens(event) -> list[str]:
    """The survey links of an event's thank-yous, as the e-mails carry them."""
    notices = Notification.objects.filter(kind="thank_you", event=event).order_by("pk")
    return [n.link_token("survey") for n in notices]

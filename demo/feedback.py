"""The demo city's feedback: Coffee with a Cop's survey, the thank-yous after its events
already held, and a dozen answers, so the officer reports have something to show.

Through the services (feedback.services): the thank-yous are planned as the periodic task
would have planned them after each event, and the answers go in through the survey's own
links. The thank-yous are history: recorded as sent when they were due.
"""

import datetime as dt
import random
from collections.abc import Callable

from django.db.models import F
from modeltranslation.utils import build_localized_fieldname

from feedback.models import Survey, SurveyQuestion
from feedback.services import survey_submit, thank_yous_plan
from notifications.models import Notification
from scheduler.models import Event, Program

Say = Callable[[str], None]
PROGRAM = "coffee-with-a-cop"
ANSWERS = 12
QUESTIONS = [
    (
        "rating",
        {
            "en": "I feel more comfortable contacting the police after this event",
            "es": "Después de este evento me siento más cómodo al contactar a la policía",
            "vi": "Sau sự kiện này, tôi thấy thoải mái hơn khi liên lạc với cảnh sát",
            "zh-hans": "参加这次活动后，我更愿意联系警察",
        },
    ),
    (
        "rating",
        {
            "en": "I learned something useful for my neighborhood",
            "es": "Aprendí algo útil para mi vecindario",
            "vi": "Tôi đã học được điều hữu ích cho khu phố của mình",
            "zh-hans": "我学到了对我所在社区有用的东西",
        },
    ),
    (
        "text",
        {
            "en": "What could we do better next time?",
            "es": "¿Qué podríamos mejorar la próxima vez?",
            "vi": "Lần sau chúng tôi có thể làm gì tốt hơn?",
            "zh-hans": "下次我们可以在哪些方面做得更好？",
        },
    ),
]
COMMENTS = [
    "More evening sessions, please.",
    "Great to meet the officers who patrol our street.",
    "",
    "Could you bring information in Spanish too? Call me at 503-555-0147.",
    "",
    "Parking was hard to find.",
]


def feedback_build(*, now: dt.datetime, say: Say, seed: int = 7) -> None:
    program = Program.objects.get(slug=PROGRAM)
    if Survey.objects.filter(program=program).exists():
        say("0 thank-yous after Coffee with a Cop, 0 survey answers")
        return
    survey = Survey.objects.create(program=program)
    questions = [
        SurveyQuestion.objects.create(
            survey=survey,
            kind=kind,
            position=index,
            **{build_localized_fieldname("text", code): text for code, text in texts.items()},
        )
        for index, (kind, texts) in enumerate(QUESTIONS, start=1)
    ]
    rnd = random.Random(seed)
    held = Event.objects.filter(program=program, end__lte=now - dt.timedelta(hours=4)).order_by(
        "-start"
    )
    answered = thanked = 0
    for event in held:
        if answered >= ANSWERS:
            break
        after = event.end + dt.timedelta(hours=survey.thank_you_after_hours)
        thank_yous_plan(now=after)
        # History: sent when they were due (those of other programs' events held then too).
        Notification.objects.filter(
            kind=Notification.Kind.THANK_YOU, state=Notification.State.PENDING, due_at__lt=now
        ).update(state=Notification.State.SENT, sent_at=F("due_at"))
        notices = Notification.objects.filter(kind=Notification.Kind.THANK_YOU, event=event)
        thanked += notices.count()
        for notice in notices.order_by("pk"):
            if answered >= ANSWERS or rnd.random() < 0.2:
                continue  # not everyone answers
            comfort, learned, better = questions
            survey_submit(
                token=notice.link_token("survey"),
                answers={
                    comfort.pk: rnd.choice([3, 4, 4, 5, 5]),
                    learned.pk: rnd.choice([2, 3, 4, 4, 5]),
                    better.pk: rnd.choice(COMMENTS),
                },
                now=after + dt.timedelta(days=1),
            )
            answered += 1
    say(f"{thanked} thank-yous after Coffee with a Cop, {answered} survey answers")

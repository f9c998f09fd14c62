"""An event asking one question of each kind: three of its program's, four of its own."""

import dataclasses

from questions.models import Choice, Kind, Question
from tests import factories


@dataclasses.dataclass
class Asked:
    event: object
    street: Question  # short text, required (the event's)
    notes: Question  # long text
    topic: Question  # single choice (the program's)
    times: Question  # multiple choice (the program's)
    first: Question  # yes/no (the program's)
    kids: Question  # number
    moved: Question  # date
    choices: dict


def asked_event(**kw) -> Asked:
    program = factories.program()
    event = factories.event(program=program, **kw)

    def q(text, kind, *, of_program=False, required=False, position=0, **extra):
        owner = {"program": program} if of_program else {"event": event}
        return Question.objects.create(
            text=text, kind=kind, required=required, position=position, **owner, **extra
        )

    topic = q("Which topic matters most?", Kind.SINGLE_CHOICE, of_program=True, position=1)
    times = q("Which times suit you?", Kind.MULTIPLE_CHOICE, of_program=True, position=2)
    first = q("Is this your first meeting?", Kind.YES_NO, of_program=True, position=3)
    choices = {}
    for question, labels in (
        (topic, ["Traffic", "Break-ins", "Parks"]),
        (times, ["Mornings", "Evenings"]),
    ):
        for i, label in enumerate(labels):
            choices[label] = Choice.objects.create(question=question, label=label, position=i)
    return Asked(
        event=event,
        street=q(
            "Your street",
            Kind.SHORT_TEXT,
            required=True,
            position=1,
            help_text="So we can group neighbors.",
        ),
        notes=q("Anything else?", Kind.LONG_TEXT, position=2),
        topic=topic,
        times=times,
        first=first,
        kids=q("How many children are coming?", Kind.NUMBER, position=3),
        moved=q("When did you move in?", Kind.DATE, position=4),
        choices=choices,
    )


def form_post(asked: Asked, **answers) -> dict:
    """The RSVP form's POST body with these answers (by question attribute name)."""
    body = {"name": "Ana Reyes", "email": "ana@example.org", "party_size": "1"}
    for attr, value in answers.items():
        body[f"question_{getattr(asked, attr).pk}"] = value
    return body

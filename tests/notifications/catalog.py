"""What the message catalogs say, for tests that check a notice or a feed is in a language.

The expected words are read from the catalog (locale/<code>/LC_MESSAGES/django.mo), never
written in the test: a test asserts that what residents get is what the catalog says, and
`translated` also asserts the catalog has a translation, so such a test fails until the
language's catalog is filled rather than passing on English.
"""

from tests.i18n import translated
from tests.i18n import translated_plural as _translated_plural


def translated_plural(language: str, singular: str, plural: str, n: int, **values) -> str:
    """The form for `n` in `language`; `values` fill the placeholders (`n` by default)."""
    return _translated_plural(language, singular, plural, n, **(values or {"n": n}))


# Per kind of notice: its subject and the key sentence its message opens with, as msgids.
# The reminder opens with a plural (its offset): (singular, plural, n).
NOTICE_WORDS = {
    "confirmed": ("You're confirmed: %(title)s", "Hello %(name)s, you're confirmed."),
    "waitlisted": (
        "You're on the waitlist: %(title)s",
        "Hello %(name)s, the event is full for now, so you're on the waitlist. If a seat opens "
        "up before the event, it goes to the next people in line and we'll e-mail you right "
        "away.",
    ),
    "promoted": (
        "A seat opened up — you're confirmed: %(title)s",
        "Good news, %(name)s: a seat opened up and you're now confirmed.",
    ),
    "cancelled": (
        "Your RSVP is cancelled: %(title)s",
        "Hello %(name)s, your RSVP is cancelled. Your seat goes to the next people waiting. "
        "Thank you for letting us know.",
    ),
    "link_resent": (
        "Your RSVP link: %(title)s",
        "Hello %(name)s: someone, perhaps you, sent another RSVP for this event with your "
        "e-mail address, which already has one. Nothing was changed: your RSVP stays as it is, "
        "and nothing typed that time was kept. Your link is below: use it to see, change or "
        "cancel your RSVP. If that wasn't you, you can ignore this e-mail.",
    ),
    "reminder": (
        "Reminder: %(title)s",
        (
            "A reminder: the event starts in %(n)s hour.",
            "A reminder: the event starts in %(n)s hours.",
            2,
        ),
    ),
    "event_changed": ("Changed: %(title)s", "The event you RSVPed to has changed."),
    "event_cancelled": ("Cancelled: %(title)s", "We're sorry: this event has been cancelled."),
    "waitlist_closed": (
        "The waitlist has closed: %(title)s",
        "The waitlist for this event has closed: no more seats will be given out before it "
        "starts. We're sorry we couldn't fit you in this time — we hope to see you at the next "
        "one.",
    ),
    "feed_link": (
        "Your personal calendar feed",
        "Hello %(name)s, here is your personal calendar feed: subscribe to it in your calendar "
        "app to see every event you RSVP to. It replaces any earlier feed link. If you did not "
        "ask for it, you can ignore this e-mail.",
    ),
    "event_reinstated": ("It's on again: %(title)s", "Good news: this event is on again."),
    "links_requested": (
        "Your RSVP link: %(title)s",
        "Hello %(name)s: someone, perhaps you, asked us to e-mail the links to the RSVPs of "
        "this address. Here is the one for this event: use it to see, change or cancel your "
        "RSVP. Nothing was changed. If that wasn't you, you can ignore this e-mail.",
    ),
    # followup/: the question before the event; an officer's message (its subject and text
    # are the officer's, in the versions written: tests/followup/ checks those).
    "still_coming": (
        "Still coming? %(title)s",
        "Hello %(name)s, are you still coming? Tell us with one tap: if you can't make it, your "
        "seat goes to the next people waiting.",
    ),
    "attendee_message": (
        "%(title)s",
        "A message from %(host)s about the event you RSVPed to:",
    ),
    # After the event, to residents who were checked in (feedback.services).
    "thank_you": (
        "Thank you for coming: %(title)s",
        "Hello %(name)s, thank you for coming. We hope to see you again.",
    ),
    # To staff (notifications/staff.py): about a partner's proposal.
    "proposal_submitted": (
        "Event proposal to review: %(title)s",
        "%(organization)s proposes this event and asks you to review it. It is not public until "
        "you approve it.",
    ),
    "proposal_approved": (
        "Your event is approved: %(title)s",
        "Good news: a coordinator approved your event. It is now public, and residents can RSVP.",
    ),
    "proposal_changes": (
        "Changes asked for: %(title)s",
        "A coordinator asks for changes to your event before it can be approved. Make them, then "
        "submit it again.",
    ),
    "proposal_declined": (
        "Event proposal declined: %(title)s",
        "A coordinator declined your event. It will not be published.",
    ),
    # National Night Out block parties (subjects name the year, not a title).
    "nightout_registered": (
        "Your block party is registered: National Night Out %(year)s",
        "Hello %(name)s, thank you for registering your block party.",
    ),
    "nightout_link": (
        "Your block party link: National Night Out %(year)s",
        "Hello %(name)s: someone, perhaps you, registered another block party with your e-mail "
        "address, which already has one this year. Nothing was changed, and nothing typed that "
        "time was kept. Your link is below: use it to see, change or withdraw your registration.",
    ),
    "nightout_visits": (
        "Officer visits to your block party: National Night Out %(year)s",
        "Hello %(name)s, the officer visits to your block party have changed. Here they are as "
        "they stand now.",
    ),
    # Volunteers' places in an event's roles (volunteers/).
    "volunteer_confirmed": (
        "You're volunteering: %(title)s",
        "Hello %(name)s, thank you: your place as %(role)s is confirmed.",
    ),
    "volunteer_link": (
        "Your volunteer link: %(title)s",
        "Hello %(name)s: someone, perhaps you, signed up again for this role with your e-mail "
        "address, which already has a place in it. Nothing was changed, and nothing typed that "
        "time was kept. Your link is below.",
    ),
    "volunteer_withdrawn": (
        "You withdrew as a volunteer: %(title)s",
        "Hello %(name)s, you are no longer signed up as %(role)s. Thank you for letting us know.",
    ),
    # Accommodation requests (accommodations/): to the host contact and officers, and the
    # answer to the resident (openings name what was asked: tests/accommodations/).
    "accommodation_asked": (
        "To arrange: %(title)s",
        "A resident coming to this event asked us to arrange:",
    ),
    "accommodation_done": (
        "Arranged for you: %(title)s",
        "Hello %(name)s, it is arranged: %(what)s.",
    ),
    "accommodation_unable": (
        "We could not arrange it: %(title)s",
        "Hello %(name)s, we are sorry: we could not arrange this for the event: %(what)s.",
    ),
    # Course applications (courses/): to the applicant, in the language they applied in.
    "course_received": (
        "We received your application: %(title)s",
        "Hello %(name)s, thank you for applying. A coordinator will review your application, "
        "and we will e-mail you the decision.",
    ),
    "course_approved": (
        "You're accepted: %(title)s",
        "Hello %(name)s, your application is approved: you have a place in the course. Please "
        "come to every session you can.",
    ),
    "course_declined": (
        "About your application: %(title)s",
        "Hello %(name)s, we're sorry: we cannot offer you a place in this course. Thank you for "
        "your interest — we hope to see you at another program.",
    ),
    "course_waitlisted": (
        "You're on the waitlist: %(title)s",
        "Hello %(name)s, the course is full for now, so your application is on the waitlist. If "
        "a place opens up, a coordinator can approve it and we'll e-mail you.",
    ),
}
# Their notices read the requests they are about: checked in tests/accommodations/, not
# by the every-kind tests (whose rows name no request).
ACCOMMODATION_KINDS = frozenset(
    {"accommodation_asked", "accommodation_done", "accommodation_unable"}
)

# Words every notice shows around its opening (the shared layout), as msgids.
LAYOUT_WORDS = [
    "When:",
    "Where:",
    "Hosted by:",
    "See, change or cancel your RSVP",
    "Stop reminder e-mails and texts",
    "Porchlight sends this because an RSVP was made with this e-mail address. If you did not "
    "make it, cancel it with the link above: nobody else was sent that link.",
]


def notice_subject(language: str, kind: str, *, title: str = "", year: int = 0) -> str:
    subject = NOTICE_WORDS[kind][0]
    values = {"title": title, "year": year}
    return translated(
        language, subject, **{k: v for k, v in values.items() if f"%({k})s" in subject}
    )


def notice_opening(
    language: str, kind: str, *, name: str, organization: str = "", role: str = ""
) -> str:
    opening = NOTICE_WORDS[kind][1]
    if isinstance(opening, tuple):
        return translated_plural(language, *opening)
    values = {"name": name} if "%(name)s" in opening else {}
    if "%(organization)s" in opening:
        values["organization"] = organization
    if "%(role)s" in opening:
        values["role"] = role
    return translated(language, opening, **values)


def english_sentences(*, title: str, name: str) -> list[str]:
    """Every subject and opening in English, and the layout's words: none may show."""
    out = list(LAYOUT_WORDS)
    for subject, opening in NOTICE_WORDS.values():
        # An officer's message's subject is the event's title alone: no English in it.
        if subject != "%(title)s":
            out.append(subject % {"title": title} if "%(title)s" in subject else subject)
        if isinstance(opening, tuple):
            singular, plural, n = opening
            out += [singular % {"n": n}, plural % {"n": n}]
        elif any(word in opening for word in ("%(organization)s", "%(role)s", "%(what)s")):
            continue  # a staff notice's, a volunteer's (a role) or one naming a request
        else:
            out.append(opening % {"name": name} if "%(name)s" in opening else opening)
    return out

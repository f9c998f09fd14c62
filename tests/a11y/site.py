"""Every page of the site, on demo-like data, for the accessibility tests (tests/a11y/).

`site_build()` makes the rows (the demo city of Riverside, plus the events and RSVPs in
the states a page can be in: full, waitlisted, cancelled, head count, unlisted) and returns
the pages to check. A page is a path to open as a resident, an officer or a coordinator,
and, for what a form sends back, the step that sends it in the browser.

"Every page" is held by test_site_routes.py: each named URL pattern of ours is either
checked here (`Page.route`) or listed in pages.NOT_PAGES with the reason it is not an HTML page;
each model of ours in the admin has its list, add and change pages here.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from accommodations.models import AccommodationRequest
from accommodations.rules import Asked
from courses.models import Certificate, Course
from demo.build import city_build
from demo.riverside import RIVERSIDE
from feedback.models import Survey, SurveyInvite
from followup.models import ProgramFollowup
from followup.services import message_send, question_moment, still_coming_plan
from nightout.models import BlockParty, NightOut, PartyLink
from nightout.services import visit_assign
from notifications.models import Notification
from privacy.models import DataAccessLink, LegalHold, RetentionRun
from rsvp.models import RosterAccess, Rsvp
from rsvp.services import rsvp_create, rsvp_create_headcount
from scheduler.imports.runs import import_run_check
from scheduler.models import (
    Event,
    EventSeries,
    ImportRun,
    Membership,
    Organization,
    Program,
    Review,
    Venue,
    Visibility,
)
from scheduler.models.places import RsvpMode
from scheduler.permissions import COORDINATORS, OFFICERS, PARTNER_STAFF
from scheduler.services import event_cancel, proposal_create
from scheduler.tokens import token_hash, token_new
from tests import factories
from tests.a11y.pages import (
    COORDINATOR,
    KIOSK,
    KIOSK_EVENT_TITLE,
    OFFICER,
    OFFICER_PASSWORD,
    Page,
    admin_pages,
    submit,
)
from volunteers.models import VolunteerLink, VolunteerRole, VolunteerSignup


def walkin_queued(page):
    """A walk-in recorded by the door list's script (no reload): the page with its toast."""
    page.locator(".walkin-form #id_head_count").fill("2")
    page.locator(".walkin-form #id_name").fill("Mo")
    page.locator(".walkin-form button[type=submit]").click()
    page.locator("#door-toast:not([hidden])").wait_for()
    page.wait_for_function("() => document.getElementById('door-sync').dataset.waiting === '0'")
    return page.request.get(page.url)  # the page's own status, as a navigation would give


def site_build(*, now: dt.datetime | None = None) -> list[Page]:
    now = now or timezone.now()
    # A transactional test starts from a flushed database, without the groups that a data
    # migration made (the coordinator here is a superuser: permissions do not matter).
    for group in (COORDINATORS, OFFICERS, PARTNER_STAFF):
        Group.objects.get_or_create(name=group)
    city_build(city=RIVERSIDE, now=now, say=lambda text: None)
    officer = factories.user("officer", username="a11y.officer", password=OFFICER_PASSWORD)
    coordinator = factories.user(
        "coordinator",
        username="a11y.coordinator",
        password=OFFICER_PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    program = Program.objects.order_by("pk").first()
    start = now + dt.timedelta(days=3)

    event = factories.event(
        title="Coffee with a Cop at the Riverside Library",
        program=program,
        officers=[officer],
        start=start,
        capacity=30,
        languages=[("es", True)],
        description="Coffee, questions and neighbors.\n\nBring a friend.",
    )
    confirmed = rsvp_create(
        event=event,
        name="Ana García",
        email="ana@example.org",
        party_size=2,
        language="es",
        # The officers' home lists it to arrange (accommodations).
        extras={"accommodations": [Asked(kind="interpreter", detail="Español")]},
    )
    factories.rsvp(event, name="Ben Okafor")
    checked = factories.rsvp(event, name="Cy Young")
    Rsvp.objects.filter(pk=checked.pk).update(
        checked_in_at=now, checked_in_by=officer, arrived=F("party_size")
    )
    factories.walkin(event, name="Dee Walker", head_count=2)
    RosterAccess.objects.create(user=officer, event=event, what=RosterAccess.What.PAGE)

    full = factories.event(
        title="Home Security Workshop", program=program, officers=[officer], capacity=1
    )
    rsvp_create(event=full, name="Eli Full", email="eli@example.org")
    waitlisted = rsvp_create(event=full, name="Fay Waits", email="fay@example.org")

    cancelled = factories.event(title="Neighborhood Watch Meeting", program=program)
    gone = rsvp_create(event=cancelled, name="Gus Gone", email="gus@example.org")
    event_cancel(event=cancelled, reason="The hall is closed for repairs.")

    headcount = factories.event(
        title="Youth Basketball Night",
        program=program,
        officers=[officer],
        rsvp_mode=RsvpMode.HEADCOUNT,
    )
    counted = rsvp_create_headcount(event=headcount, party_size=3)

    unlisted = factories.event(
        title="Crisis Intervention Training", program=program, visibility=Visibility.UNLISTED
    )
    # Nobody RSVPs to this one during the walk (the unlisted event gets one), so its delete
    # page is Django's confirmation, not the refusal.
    deletable = factories.event(title="Bike Rodeo (draft)", program=program)
    past = factories.event(
        title="Last Month's Coffee",
        program=program,
        officers=[officer],
        start=now - dt.timedelta(days=30),
    )
    factories.rsvp(past, name="Hal Past")
    # The demo's survey (Coffee with a Cop): a link of a thank-you, its token known here.
    survey = Survey.objects.select_related("program").get()
    survey_token = token_new()
    SurveyInvite.objects.create(
        event=Event.objects.filter(program=survey.program, end__lt=now).order_by("-end").first(),
        token_hash=token_hash(survey_token),
        expires_at=now + dt.timedelta(days=1),
    )
    sms = rsvp_create(
        event=event,
        name="Ida Texts",
        email="ida@example.org",
        phone="+1 555 010 0199",
        sms_opt_in=True,
    )

    # The door is open (check-in opens two hours before the start): check-in forms,
    # "How many arrived?", undo, "Show contact" and the walk-in form are on the page.
    door = factories.event(
        title="Coffee at the Door",
        program=program,
        officers=[officer],
        start=now + dt.timedelta(minutes=30),
    )
    at_door = rsvp_create(event=door, name="Jo Door", email="jo@example.org", party_size=3)
    came = factories.rsvp(door, name="Kim In", party_size=2, phone="+15035550123")
    Rsvp.objects.filter(pk=came.pk).update(checked_in_at=now, checked_in_by=officer, arrived=1)
    factories.rsvp(door, name="Lu Wait", status="waitlisted")

    notice = Notification.objects.filter(rsvp=confirmed.rsvp).first()
    stop = notice.link_token("unsubscribe")
    Notification.objects.filter(pk=notice.pk).update(unsubscribe_token_hash=token_hash(stop))
    data_token = token_new()
    DataAccessLink.objects.create(
        attendee=confirmed.rsvp.attendee, token_hash=token_hash(data_token)
    )
    erase_token = token_new()
    DataAccessLink.objects.create(attendee=gone.rsvp.attendee, token_hash=token_hash(erase_token))
    hold = LegalHold.objects.create(
        event=past, reason="Records request 2026-114", set_by=coordinator
    )
    run = RetentionRun.objects.first() or _retention_run()
    series = EventSeries.objects.order_by("pk").first()
    import_run = _import_run(coordinator)

    # Under way, so the kiosk's door is open (its how-many and welcome pages).
    kiosk_event = factories.event(
        title=KIOSK_EVENT_TITLE,
        program=program,
        officers=[officer],
        start=now - dt.timedelta(minutes=10),
    )
    factories.rsvp(kiosk_event, name="Jo Kiosk")
    factories.rsvp(kiosk_event, name="Kim Party", party_size=3)

    e, f, c, h, k = event.pk, full.pk, cancelled.pk, headcount.pk, kiosk_event.pk
    d, jo = door.pk, at_door.rsvp.pk
    token, wait_token = confirmed.manage_token, waitlisted.manage_token
    rsvp_button = "form[action$='/rsvp/#rsvp'] button[type=submit]"
    # The officer also works for a partner and proposes its events (the demo city has one
    # of the library's awaiting a coordinator's review).
    library = Organization.objects.get(slug="riverside-library")
    officer.groups.add(Group.objects.get(name=PARTNER_STAFF))
    Membership.objects.create(user=officer, organization=library)
    draft = proposal_create(
        author=officer,
        host=library,
        program=program,
        venue=Venue.objects.order_by("pk").first(),
        title="Teen Book Club and Safety Talk",
        description="Books, snacks and a short talk on staying safe.",
        start=start + dt.timedelta(days=4),
        end=start + dt.timedelta(days=4, hours=1),
        capacity=20,
    )
    awaiting = Event.objects.get(review=Review.SUBMITTED)
    # National Night Out (the demo city registers its block parties): a visit of this
    # officer's, and a host's manage link whose token is known here.
    night = NightOut.objects.get()
    host_party = BlockParty.objects.filter(night_out=night).order_by("pk").first()
    visit_assign(
        party=host_party,
        officer=officer,
        start=night.start + dt.timedelta(hours=3),
        end=night.start + dt.timedelta(hours=3, minutes=30),
        by=coordinator,
    )
    party_token = token_new()
    PartyLink.objects.create(party=host_party, token_hash=token_hash(party_token))
    # Volunteer roles (the demo's Hillcrest kickoff asks for block captains and greeters).
    kickoff = Event.objects.get(uid="demo-hillcrest-watch-kickoff@porchlight")
    volunteer = VolunteerSignup.objects.filter(role__event=kickoff).order_by("pk").first()
    volunteer_token = token_new()
    VolunteerLink.objects.create(signup=volunteer, token_hash=token_hash(volunteer_token))
    VolunteerRole.objects.create(event=unlisted, name="Greeter", capacity=2)
    volunteer_button = "form[action$='/volunteer/#volunteer'] button[type=submit]"
    # The demo city's course (demo/courses.py): its cohort, sessions and certificates.
    course = Course.objects.get()
    course_session = course.series.occurrences.order_by("start").first()
    certificate_code = Certificate.objects.order_by("pk").first().code
    pages = [
        Page("volunteer sign-up", "volunteers:signup", f"/events/{kickoff.pk}/volunteer/"),
        Page(
            "volunteer sign-up, refused",
            "volunteers:signup",
            f"/events/{kickoff.pk}/volunteer/",
            then=submit(volunteer_button, {"#id_volunteer-email": "not an address"}),
            status=400,
        ),
        Page(
            "volunteer sign-up sent",
            "volunteers:signup",
            f"/events/{kickoff.pk}/",
            then=submit(
                volunteer_button,
                {
                    "#id_volunteer-role_1": True,
                    "#id_volunteer-name": "Vi Volunteer",
                    "#id_volunteer-email": "vi@example.org",
                },
            ),
            status=202,
        ),
        Page(
            "volunteer sign-up, unlisted event",
            "volunteers:signup_link",
            f"/events/{unlisted.share_key}/volunteer/",
        ),
        Page("volunteer manage", "volunteers:manage", f"/volunteer/{volunteer_token}/"),
        Page("course", "courses:detail", f"/courses/{course.pk}/"),
        Page(
            "course, application refused",
            "courses:detail",
            f"/courses/{course.pk}/",
            then=submit("main form button[type=submit]", {"#id_email": "not an address"}),
            status=400,
        ),
        Page(
            "course, applied",
            "courses:detail",
            f"/courses/{course.pk}/",
            then=submit(
                "main form button[type=submit]",
                {"#id_name": "Jo Applicant", "#id_email": "jo.applicant@example.org"},
            ),
            status=202,
        ),
        Page("certificate valid", "courses:verify", f"/certificates/{certificate_code}/"),
        Page("certificate unknown", "courses:verify", f"/certificates/{'A' * 26}/", status=404),
        Page("courses list", "courses:officer_list", "/officers/courses/", OFFICER),
        Page("course report", "courses:report", f"/officers/courses/{course.pk}/", COORDINATOR),
        Page(
            "course session attendance",
            "courses:session",
            f"/officers/courses/{course.pk}/sessions/{course_session.pk}/",
            COORDINATOR,
        ),
        Page("night out form", "nightout:register", "/night-out/"),
        Page(
            "night out form, refused",
            "nightout:register",
            "/night-out/",
            then=submit("main form button[type=submit]", {"#id_email": "not an address"}),
            status=400,
        ),
        Page("night out manage", "nightout:manage", f"/night-out/manage/{party_token}/"),
        Page("night out visits", "nightout:officer_visits", "/officers/night-out/", OFFICER),
        Page("night out sheet", "nightout:officer_sheet", "/officers/night-out/sheet/", OFFICER),
        Page(
            "night out coordinate",
            "nightout:coordinate",
            "/officers/night-out/coordinate/",
            COORDINATOR,
        ),
        # Residents
        Page("home", "rsvp:event_list", "/"),
        Page(
            "home, filtered",
            "rsvp:event_list",
            f"/?program={program.slug}&language=es&q=coffee",
        ),
        Page("home, nothing found", "rsvp:event_list", "/?q=zzzz-nothing"),
        Page("event", "rsvp:event_detail", f"/events/{e}/"),
        Page("event, full (waitlist)", "rsvp:event_detail", f"/events/{f}/"),
        Page("event, cancelled", "rsvp:event_detail", f"/events/{c}/"),
        Page("event, head count", "rsvp:event_detail", f"/events/{h}/"),
        Page("event, past", "rsvp:event_detail", f"/events/{past.pk}/"),
        Page("event, unlisted by its link", "rsvp:event_link", f"/events/{unlisted.share_key}/"),
        Page(
            "event, form errors",
            "rsvp:submit",
            f"/events/{e}/",
            then=submit(rsvp_button, {"#id_email": "not-an-address"}),
            status=400,
        ),
        Page(
            "RSVP sent",
            "rsvp:submit",
            f"/events/{e}/",
            then=submit(rsvp_button, {"#id_name": "Jo Sent", "#id_email": "jo@example.org"}),
            status=202,
        ),
        Page(
            "RSVP sent, unlisted event",
            "rsvp:submit_link",
            f"/events/{unlisted.share_key}/",
            then=submit(rsvp_button, {"#id_name": "Kim Link", "#id_email": "kim@example.org"}),
            status=202,
        ),
        Page(
            "head count done",
            "rsvp:submit",
            f"/events/{h}/",
            then=submit(rsvp_button, {"#id_party_size": "2"}),
            status=201,
        ),
        Page("manage", "rsvp:manage", f"/rsvp/{token}/"),
        Page("manage, waitlisted", "rsvp:manage", f"/rsvp/{wait_token}/"),
        Page("manage, cancelled event", "rsvp:manage", f"/rsvp/{gone.manage_token}/"),
        Page("manage, head count", "rsvp:manage", f"/rsvp/{counted.manage_token}/"),
        Page(
            "manage, e-mail added",
            "rsvp:email_add",
            f"/rsvp/{counted.manage_token}/",
            then=submit(
                "form[action$='/email/'] button[type=submit]", {"#id_email": "lee@example.org"}
            ),
        ),
        Page(
            "manage, texts turned on",
            "rsvp:texts",
            f"/rsvp/{sms.manage_token}/",
            then=submit("form[action$='/texts/'] button[type=submit]"),
        ),
        Page(
            "manage, feed link sent",
            "rsvp:feed_link",
            f"/rsvp/{token}/",
            then=submit("form[action$='/feed/'] button[type=submit]"),
        ),
        Page(
            "manage, language changed",
            "rsvp:language",
            f"/rsvp/{token}/",
            then=submit("form[action$='/language/'] button[type=submit]"),
        ),
        Page(
            "manage, details saved",
            "rsvp:details",
            f"/rsvp/{wait_token}/",
            then=submit(
                "form[action*='/details/'] button[type=submit]", {"#id_name": "Ana R. Ruiz"}
            ),
        ),
        Page(
            "manage, details refused",
            "rsvp:details",
            f"/rsvp/{wait_token}/",
            then=submit("form[action*='/details/'] button[type=submit]", {"#id_name": " "}),
            status=400,
        ),
        Page("manage link dead", "rsvp:manage", "/rsvp/not-a-real-token/", status=404),
        Page("lost links", "rsvp:links", "/rsvp/links/"),
        Page(
            "lost links sent",
            "rsvp:links",
            "/rsvp/links/",
            then=submit("main form button[type=submit]", {"#id_email": "ana@example.org"}),
        ),
        Page(
            "lost links, bad address",
            "rsvp:links",
            "/rsvp/links/",
            then=submit("main form button[type=submit]", {"#id_email": "not an address"}),
            status=400,
        ),
        Page("cancel page", "rsvp:cancel", f"/rsvp/{token}/cancel/"),
        Page(
            "manage, just cancelled",
            "rsvp:cancel",
            f"/rsvp/{sms.manage_token}/cancel/",
            then=submit("main form button[type=submit]"),
        ),
        Page("stop reminders", "notifications:reminders_stop", f"/notices/{stop}/stop-reminders/"),
        Page(
            "reminders stopped",
            "notifications:reminders_stop",
            f"/notices/{stop}/stop-reminders/",
            then=submit("main form button[type=submit]"),
        ),
        Page("privacy request", "privacy:request", "/privacy/"),
        Page(
            "privacy request sent",
            "privacy:request",
            "/privacy/",
            then=submit("main form button[type=submit]", {"#id_email": "ana@example.org"}),
        ),
        Page("privacy data", "privacy:data", f"/privacy/data/{data_token}/"),
        Page("privacy link dead", "privacy:data", "/privacy/data/not-a-real-token/", status=404),
        Page("privacy delete", "privacy:delete", f"/privacy/data/{erase_token}/delete/"),
        Page(
            "privacy delete, box not ticked",
            "privacy:delete",
            f"/privacy/data/{erase_token}/delete/",
            then=submit("main form button[type=submit]"),
            status=400,
        ),
        Page(
            "privacy deleted",
            "privacy:delete",
            f"/privacy/data/{erase_token}/delete/",
            then=submit("main form button[type=submit]", {"#id_confirm": True}),
        ),
        Page("404", "", "/no-such-page/", status=404),
        Page("login", "login", "/accounts/login/"),
        Page(
            "login, wrong password",
            "login",
            "/accounts/login/",
            then=submit(
                ".login button[type=submit]",
                {"#id_username": "a11y.officer", "#id_password": "wrong"},
            ),
        ),
        Page("API docs", "api-docs", "/api/docs/", ready=".swagger-ui .opblock"),
        # Officers
        Page("officers' home", "officers:home", "/officers/", OFFICER),
        # The page the service worker shows offline, before its script fills it in.
        Page("door list offline (empty)", "officers:door_shell", "/officers/door/shell/", OFFICER),
        Page("attendance", "officers:attendance", f"/officers/events/{e}/attendance/", OFFICER),
        Page(
            "attendance, door open",
            "officers:attendance",
            f"/officers/events/{d}/attendance/",
            OFFICER,
        ),
        Page(
            "attendance, contact shown",
            "officers:contact",
            f"/officers/events/{d}/attendance/",
            OFFICER,
            then=submit(f"#rsvp-{jo} .reveal-form button"),
        ),
        Page(
            "attendance, walk-in added",
            "officers:attendance",
            f"/officers/events/{d}/attendance/",
            OFFICER,
            then=walkin_queued,
        ),
        Page(
            "attendance, walk-in refused",
            "officers:attendance",
            f"/officers/events/{d}/attendance/",
            OFFICER,
            then=submit(
                ".walkin-form button[type=submit]", {".walkin-form #id_email": "mo@example.org"}
            ),
            status=400,
        ),
        Page(
            "attendance, coordinator before the door opens",
            "officers:attendance",
            f"/officers/events/{e}/attendance/",
            COORDINATOR,
        ),
        Page(
            "attendance, full event",
            "officers:attendance",
            f"/officers/events/{f}/attendance/",
            OFFICER,
        ),
        Page(
            "attendance, head count",
            "officers:attendance",
            f"/officers/events/{h}/attendance/",
            OFFICER,
        ),
        Page(
            "sign-in sheet",
            "officers:sign_in_sheet",
            f"/officers/events/{e}/sign-in-sheet/",
            OFFICER,
        ),
        Page("reports", "officers:reports", "/officers/reports/", OFFICER),
        Page("reports, coordinator", "officers:reports", "/officers/reports/", COORDINATOR),
        Page("feedback report", "feedback:report", "/officers/reports/feedback/", OFFICER),
        Page(
            "feedback report, coordinator",
            "feedback:report",
            "/officers/reports/feedback/",
            COORDINATOR,
        ),
        Page("repeat attendance", "feedback:repeat", "/officers/reports/returning/", OFFICER),
        Page("survey", "feedback:survey", f"/feedback/{survey_token}/"),
        Page(
            "survey, refused",
            "feedback:survey",
            f"/feedback/{survey_token}/",
            then=submit("main form button[type=submit]"),
            status=400,
        ),
        Page("survey, link used", "feedback:survey", f"/feedback/{token_new()}/", status=404),
        Page("proposals", "officers:proposals", "/officers/proposals/", OFFICER),
        Page("proposals to review", "officers:proposals", "/officers/proposals/", COORDINATOR),
        Page("propose an event", "officers:proposal_new", "/officers/proposals/new/", OFFICER),
        Page(
            "propose an event, refused",
            "officers:proposal_new",
            "/officers/proposals/new/",
            OFFICER,
            then=submit(".proposal-form button[type=submit]"),
            status=400,
        ),
        Page("proposal, draft", "officers:proposal", f"/officers/proposals/{draft.pk}/", OFFICER),
        Page(
            "proposal, draft change refused",
            "officers:proposal",
            f"/officers/proposals/{draft.pk}/",
            OFFICER,
            then=submit(
                f"form[action$='/proposals/{draft.pk}/'] button[type=submit]", {"#id_title": ""}
            ),
            status=400,
        ),
        Page(
            "proposal, submitted",
            "officers:proposal_submit",
            f"/officers/proposals/{draft.pk}/",
            OFFICER,
            then=submit("form[action$='/submit/'] button[type=submit]"),
        ),
        Page(
            "proposal, review",
            "officers:proposal",
            f"/officers/proposals/{awaiting.pk}/",
            COORDINATOR,
        ),
        Page(
            "proposal, review refused",
            "officers:proposal_review",
            f"/officers/proposals/{awaiting.pk}/",
            COORDINATOR,
            then=submit("form[action$='/review/'] button[type=submit]"),
            status=400,
        ),
        Page("feed link", "officer_feed_token", "/officers/feed-token/", OFFICER),
        Page(
            "feed link made",
            "officer_feed_token",
            "/officers/feed-token/",
            OFFICER,
            then=submit("main form button[type=submit]"),
        ),
        # The kiosk: its start as the officer (not sent: that session would then be the
        # kiosk's), the kiosk itself in a session of its own.
        Page("kiosk start", "officers:kiosk_start", f"/officers/events/{k}/kiosk/start/", OFFICER),
        Page("kiosk", "officers:kiosk", f"/officers/events/{k}/kiosk/", KIOSK),
        Page(
            "kiosk, name found",
            "officers:kiosk",
            f"/officers/events/{k}/kiosk/",
            KIOSK,
            then=submit(".kiosk-search button[type=submit]", {"#kiosk-q": "kim"}),
        ),
        Page(
            "kiosk, how many",
            "officers:kiosk_checkin",
            f"/officers/events/{k}/kiosk/",
            KIOSK,
            then=_kiosk_tap("kim"),
        ),
        Page(
            # The first language's run checks Jo in; the second's says "already checked in".
            "kiosk, welcome",
            "officers:kiosk_done",
            f"/officers/events/{k}/kiosk/",
            KIOSK,
            then=_kiosk_tap("kiosk"),
        ),
        Page("kiosk exit", "officers:kiosk_exit", f"/officers/events/{k}/kiosk/exit/", KIOSK),
        Page(
            "kiosk exit, wrong PIN",
            "officers:kiosk_exit",
            f"/officers/events/{k}/kiosk/exit/",
            KIOSK,
            then=submit(".kiosk-exit button[type=submit]", {"#id_pin": "0000"}),
            status=403,
        ),
        # Coordinators, in the admin
        Page("admin home", "admin:index", "/admin/", COORDINATOR),
        Page("admin login", "admin:login", "/admin/login/"),
        Page("admin app scheduler", "admin:app_list", "/admin/scheduler/", COORDINATOR),
        Page(
            "admin event history",
            "admin:scheduler_event_history",
            f"/admin/scheduler/event/{e}/history/",
            COORDINATOR,
        ),
        Page(
            "admin event audit log",
            "admin:scheduler_event_auditlog",
            f"/admin/scheduler/event/{e}/auditlog/",
            COORDINATOR,
        ),
        Page(
            "admin event delete",
            "admin:scheduler_event_delete",
            f"/admin/scheduler/event/{deletable.pk}/delete/",
            COORDINATOR,
        ),
        # An event with RSVPs: the refusal says why and offers "Cancel instead…".
        Page(
            "admin event delete refused",
            "admin:scheduler_event_delete",
            f"/admin/scheduler/event/{past.pk}/delete/",
            COORDINATOR,
            status=409,
        ),
        Page(
            "admin event duplicate",
            "admin:scheduler_event_duplicate",
            f"/admin/scheduler/event/{past.pk}/duplicate/",
            COORDINATOR,
        ),
        Page(
            "admin event duplicate, refused date",
            "admin:scheduler_event_duplicate",
            f"/admin/scheduler/event/{past.pk}/duplicate/",
            COORDINATOR,
            then=submit(".submit-row input[type=submit]", {"#id_start_date": "2020-01-07"}),
        ),
        Page(
            "admin series duplicate",
            "admin:scheduler_eventseries_duplicate",
            f"/admin/scheduler/eventseries/{series.pk}/duplicate/",
            COORDINATOR,
        ),
        Page(
            "admin coordinator dashboard",
            "admin:scheduler_event_dashboard",
            "/admin/scheduler/event/dashboard/",
            COORDINATOR,
        ),
        Page(
            "admin event add, program chosen",
            "admin:scheduler_event_add",
            f"/admin/scheduler/event/add/?program={program.pk}",
            COORDINATOR,
        ),
        Page(
            "admin eventseries add, program chosen",
            "admin:scheduler_eventseries_add",
            f"/admin/scheduler/eventseries/add/?program={program.pk}",
            COORDINATOR,
        ),
        Page(
            "admin eventseries change, dates previewed (no script needed)",
            "admin:scheduler_eventseries_change",
            f"/admin/scheduler/eventseries/{series.pk}/change/",
            COORDINATOR,
            then=submit("button[name=_preview]"),
        ),
        Page(
            "admin eventseries add, the editor's errors",
            "admin:scheduler_eventseries_add",
            f"/admin/scheduler/eventseries/add/?program={program.pk}",
            COORDINATOR,
            then=submit("button[name=_preview]", {"#id_end_time": "18:30"}),
        ),
        Page(
            "admin import",
            "admin:scheduler_event_import",
            "/admin/scheduler/event/import/",
            COORDINATOR,
        ),
        Page(
            "admin import run",
            "admin:scheduler_event_import_run",
            f"/admin/scheduler/event/import/{import_run.pk}/",
            COORDINATOR,
        ),
    ]
    objects = {
        Event: event,
        EventSeries: series,
        Rsvp: confirmed.rsvp,
        Notification: notice,
        LegalHold: hold,
        RetentionRun: run,
        AccommodationRequest: confirmed.rsvp.accommodation_requests.get(),
    }
    pages += _followup_pages(event=event, rsvp=confirmed.rsvp, officer=officer)
    pages += admin_pages(objects)
    return pages


def _followup_pages(*, event, rsvp, officer) -> list[Page]:
    """ "Still coming?" (a question each state) and the officers' messages page."""
    program = event.program
    ProgramFollowup.objects.get_or_create(program=program, defaults={"still_coming_minutes": 2880})
    # As the dispatcher's sweep will at the question's moment (the RSVP was made before).
    still_coming_plan(rsvp=rsvp, now=question_moment(event))
    message_send(
        event=event,
        user=officer,
        audience="confirmed",
        versions={"en": {"subject": "Parking", "body": "Park behind the library."}},
        language="en",
    )
    asked = Notification.objects.get(rsvp=rsvp, kind="still_coming", channel="email")
    token = asked.link_token("still-coming")
    return [
        Page("still coming", "followup:still_coming", f"/still-coming/{token}/"),
        Page(
            "still coming, one answer",
            "followup:still_coming_answer",
            f"/still-coming/{token}/yes/",
        ),
        Page(
            "still coming, answered",
            "followup:still_coming_answer",
            f"/still-coming/{token}/yes/",
            then=submit("main button[type=submit]"),
        ),
        Page("messages", "followup:messages", f"/officers/events/{event.pk}/messages/", OFFICER),
        Page(
            "messages, preview",
            "followup:messages",
            f"/officers/events/{event.pk}/messages/",
            OFFICER,
            then=submit(
                "button[name=_preview]",
                {"#id_subject_en": "Bring a chair", "#id_body_en": "Seats are few."},
            ),
        ),
    ]


def _kiosk_tap(name: str):
    """A step: search the kiosk for `name`, tap "This is me" (a party of one lands on the
    welcome, a larger one on how many came)."""

    def step(page):
        submit(".kiosk-search button[type=submit]", {"#kiosk-q": name})(page)
        return submit(".kiosk-me")(page)

    return step


def _retention_run() -> RetentionRun:
    return RetentionRun.objects.create(trigger=RetentionRun.Trigger.choices[0][0], dry_run=True)


def _import_run(user) -> ImportRun:
    """A checked import (its dry run): two new events and one the calendar gets wrong."""
    day = (timezone.localdate() + dt.timedelta(days=10)).strftime("%Y%m%d")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//City of Riverside//Events//EN"]
    for uid, summary, start in (
        ("a11y-1", "Bike Safety Clinic", f"DTSTART:{day}T100000"),
        ("a11y-2", "Senior Scam Awareness", f"DTSTART:{day}T140000"),
        ("a11y-3", "No start time", ""),
    ):
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", f"SUMMARY:{summary}"]
        lines += [start, "DURATION:PT1H", "END:VEVENT"] if start else ["END:VEVENT"]
    data = ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()
    program = Program.objects.order_by("pk").first()
    venue = Venue.objects.order_by("pk").first()
    return import_run_check(
        user=user,
        language="en",
        upload=("events.ics", data),
        program=program,
        venue=venue,
        host=Organization.objects.order_by("pk").first(),
        timezone_name="America/Los_Angeles",
    )

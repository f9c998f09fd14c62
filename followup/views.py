""" "Still coming?" pages (a resident's secret link) and the officers' messages page.

A GET never answers: mail scanners and link previews fetch every link in a message, so each
link opens a page whose one button POSTs (the same rule as the stop-reminders link). The
pages read no cookie or session: the token in the path is the only key (token_page).
"""

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from followup import queries
from followup.errors import FollowupError
from followup.forms import MessageForm
from followup.models import StillComing
from followup.services import (
    may_message,
    message_recipient_count,
    message_send,
    question_by_token,
    still_coming_answer,
)
from rsvp.officers.access import staff_required
from scheduler.feeds.languages import supported_language
from scheduler.models import Event
from scheduler.tokens import token_page

ANSWERS = {"yes": StillComing.Answer.COMING, "no": StillComing.Answer.CANT}


def _page(request, question, token: str, context: dict, status: int = 200):
    # In the language the resident chose with the RSVP, whichever browser opens the link.
    language = supported_language(question.rsvp.language)
    with translation.override(language or translation.get_language()):
        return render(
            request,
            "followup/still_coming.html",
            {"question": question, "event": question.event, "token": token, **context},
            status=status,
        )


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
def still_coming_view(request, token: str, answer: str = ""):
    question = question_by_token(token)
    if question is None:
        raise Http404(_("This link is not valid."))
    if request.method != "POST":
        if answer and answer not in ANSWERS:
            raise Http404(_("This link is not valid."))
        return _page(request, question, token, {"choice": answer, "done": bool(question.answer)})
    chosen = ANSWERS.get(request.POST.get("answer", ""))
    try:
        still_coming_answer(token=token, answer=chosen or "")
    except FollowupError as exc:
        question.refresh_from_db()
        return _page(
            request,
            question,
            token,
            {"error": exc.message, "done": bool(question.answer)},
            exc.status,
        )
    question.refresh_from_db()
    return _page(request, question, token, {"done": True, "just_answered": True})


def _message_event(request, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue", "host"), pk=pk)
    if not may_message(request.user, event):
        raise Http404(_("No such event."))
    return event


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def messages_page(request, pk: int):
    """Write, preview (with the exact recipient count), then send; and the sent log."""
    event = _message_event(request, pk)
    form = MessageForm(request.POST or None, event=event)
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "_send" in request.POST:
            try:
                message_send(
                    event=event,
                    user=request.user,
                    audience=data["audience"],
                    versions=data["versions"],
                    language=data["language"],
                    client_key=data["client_key"],
                )
            except FollowupError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                flash.success(request, _("Your message is on its way."))
                return redirect(reverse("followup:messages", args=[event.pk]))
        else:
            preview = {
                "count": message_recipient_count(event, data["audience"]),
                "versions": data["versions"],
                "default": data["language"],
            }
    elif request.method == "POST":
        status = 400
    response = render(
        request,
        "followup/messages.html",
        {
            "event": event,
            "form": form,
            "preview": preview,
            "sent": queries.messages_sent(event),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response

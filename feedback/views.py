"""The survey page a resident opens from the thank-you's link: no account, one use."""

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from feedback.errors import LINK_GONE, SurveyError
from feedback.forms import SurveyForm
from feedback.services import invite_by_token, survey_questions, survey_submit
from scheduler.feeds.languages import LANG_PARAM, supported_language
from scheduler.tokens import token_page


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
def survey_page(request, token: str):
    # The thank-you names the resident's language in the link: the page is in it.
    language = supported_language(request.GET.get(LANG_PARAM))
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    invite = invite_by_token(token)
    questions = survey_questions(invite.event) if invite else []
    if invite is None or not questions:
        return render(request, "feedback/survey.html", {"gone": LINK_GONE}, status=404)
    event = invite.event
    survey = event.program.survey
    if request.method != "POST":
        form = SurveyForm(questions=questions)
        return render(
            request, "feedback/survey.html", {"form": form, "event": event, "survey": survey}
        )
    form = SurveyForm(request.POST, questions=questions)
    if form.is_valid():
        try:
            survey_submit(token=token, answers=form.answers())
        except SurveyError as exc:
            if exc.code == "link_gone":
                return render(request, "feedback/survey.html", {"gone": exc.message}, status=404)
            form.add_error(None, exc.message)
        else:
            return render(request, "feedback/survey.html", {"done": True, "event": event})
    return render(
        request,
        "feedback/survey.html",
        {"form": form, "event": event, "survey": survey},
        status=400,
    )

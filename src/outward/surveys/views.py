"""The survey builder's pages: list, create (blank or from a template), the survey page with
its questions, texts, links and results summary, editing, questions, activation, preview."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from outward.accounts.models import User
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has
from outward.surveys import results
from outward.surveys.choices import Audience
from outward.surveys.forms import (
    SHOWN_FOR,
    QuestionForm,
    SurveyCreateForm,
    SurveySettingsForm,
    SurveyTextsForm,
    put_errors,
)
from outward.surveys.models import Question, Survey
from outward.surveys.public_views import preview_page
from outward.surveys.respondent_page import choose_language, text_in
from outward.surveys.services import building

PAGE_SIZE = 50
QUESTION_ALIASES = {"show_if": "show_if_question", "help_text": "help_en"}


def _survey(pk: uuid.UUID) -> Survey:
    return get_object_or_404(Survey.objects.select_related("touchpoint", "created_by"), pk=pk)


def _question(survey: Survey, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, survey=survey)


def _questions(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("about_team").order_by("position", "id"))


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@requires(Perm.SURVEYS_VIEW)
def survey_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(results.survey_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/list.html", {"page": page, "query": ""})


@requires(Perm.SURVEYS_CHANGE)
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["template"]:
                survey = building.create_from_template(
                    data["template"],
                    name=data["name"],
                    created_by=_user(request),
                    languages=data["languages"],
                    touchpoint=data["touchpoint"],
                )
            else:
                survey = building.create_survey(
                    name=data["name"],
                    created_by=_user(request),
                    kind=data["kind"],
                    audience=data["audience"],
                    languages=data["languages"],
                    touchpoint=data["touchpoint"],
                )
        except OutwardError as error:
            put_errors(form, error.field_errors or {"body": error.message}, {})
        else:
            messages.success(request, f"Survey “{survey.name}” created as a draft.")
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/create.html", {"form": form})


def _public_links(survey: Survey) -> dict[str, str]:
    public = reverse("respond:public", kwargs={"public_token": survey.public_token})
    script = reverse("respond:embed", kwargs={"public_token": survey.public_token})
    return {
        "public_url": f"{settings.SITE_URL}{public}",
        "embed_snippet": f'<script src="{settings.SITE_URL}{script}" async></script>',
    }


@requires(Perm.SURVEYS_VIEW)
def survey_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(pk)
    questions = _questions(survey)
    problems = building.survey_problems(survey, questions, activating=True)
    fallback = survey.default_language
    rows = [
        {
            "question": q,
            "texts": [(code, text_in(q.text, code, "")) for code in survey.languages],
            "missing": [code for code in survey.languages if not (q.text or {}).get(code)],
            "fallback_text": text_in(q.text, fallback, fallback),
        }
        for q in questions
    ]
    context = {
        "survey": survey,
        "rows": rows,
        "problems": problems,
        "summary": results.summary(survey, questions),
        "is_pulse": survey.audience == Audience.EMPLOYEES,
        "can_change": user_has(request.user, Perm.SURVEYS_CHANGE),
        "can_send": user_has(request.user, Perm.SURVEYS_CHANGE),
        "texts": [
            {
                "code": code,
                "title": (survey.title or {}).get(code, ""),
                "intro": (survey.intro or {}).get(code, ""),
                "thanks": (survey.thanks or {}).get(code, ""),
            }
            for code in survey.languages
        ],
        **_public_links(survey),
    }
    return render(request, "surveys/detail.html", context)


@requires(Perm.SURVEYS_CHANGE)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(pk)
    which = request.POST.get("which", "")
    settings_form = SurveySettingsForm.for_survey(
        survey, request.POST if which == "settings" else None
    )
    texts_form = SurveyTextsForm(survey, request.POST if which == "texts" else None)
    if which == "settings" and settings_form.is_valid():
        try:
            building.update_survey(survey, **settings_form.cleaned_data)
        except OutwardError as error:
            put_errors(settings_form, error.field_errors or {"body": error.message}, {})
        else:
            messages.success(request, "Settings saved.")
            return redirect("surveys:detail", pk=survey.pk)
    if which == "texts" and texts_form.is_valid():
        try:
            for code in texts_form.languages:
                building.set_texts(survey, code, **texts_form.texts_for(code))
        except OutwardError as error:
            texts_form.add_error(None, " ".join(error.field_errors.values()) or error.message)
        else:
            messages.success(request, "Texts saved.")
            return redirect("surveys:detail", pk=survey.pk)
    context = {"survey": survey, "settings_form": settings_form, "texts_form": texts_form}
    return render(request, "surveys/edit.html", context)


def _question_page(
    request: HttpRequest, survey: Survey, form: QuestionForm, question: Question | None
) -> HttpResponse:
    return render(
        request,
        "surveys/question_form.html",
        {"survey": survey, "form": form, "question": question, "shown_for": SHOWN_FOR},
    )


def _aliases(survey: Survey) -> dict[str, str]:
    return {
        **QUESTION_ALIASES,
        "text": f"text_{survey.default_language}",
        "choices": f"choices_{survey.languages[0] if survey.languages else 'en'}",
    }


@requires(Perm.SURVEYS_CHANGE)
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(pk)
    questions = _questions(survey)
    form = QuestionForm(survey, questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        try:
            building.add_question(survey, **fields)
        except OutwardError as error:
            put_errors(
                form, error.field_errors or {"body": error.message}, _aliases(survey), fields["key"]
            )
        else:
            messages.success(request, f"Question “{fields['key']}” added.")
            return redirect("surveys:detail", pk=survey.pk)
    return _question_page(request, survey, form, None)


@requires(Perm.SURVEYS_CHANGE)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: uuid.UUID, question_id: int) -> HttpResponse:
    survey = _survey(pk)
    question = _question(survey, question_id)
    form = QuestionForm(survey, _questions(survey), request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        try:
            building.update_question(question, **fields)
        except OutwardError as error:
            put_errors(
                form, error.field_errors or {"body": error.message}, _aliases(survey), fields["key"]
            )
        else:
            messages.success(request, f"Question “{fields['key']}” saved.")
            return redirect("surveys:detail", pk=survey.pk)
    return _question_page(request, survey, form, question)


@requires(Perm.SURVEYS_CHANGE)
@require_POST
def question_delete(request: HttpRequest, pk: uuid.UUID, question_id: int) -> HttpResponse:
    survey = _survey(pk)
    question = _question(survey, question_id)
    if request.POST.get("confirmed") != "yes":
        return _confirm(
            request,
            survey,
            f"Delete the question “{question.key}”?",
            "It leaves the survey now; answers already given to it stay in the stored "
            "responses and their exports.",
            "Delete the question",
        )
    try:
        building.delete_question(question)
    except OutwardError as error:
        messages.error(request, " ".join(error.field_errors.values()) or error.message)
    else:
        messages.success(request, f"Question “{question.key}” deleted.")
    return redirect("surveys:detail", pk=survey.pk)


@requires(Perm.SURVEYS_CHANGE)
@require_POST
def question_move(request: HttpRequest, pk: uuid.UUID, question_id: int) -> HttpResponse:
    survey = _survey(pk)
    question = _question(survey, question_id)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        building.move_question(question, step)
    except OutwardError as error:
        messages.error(request, " ".join(error.field_errors.values()) or error.message)
    return redirect(reverse("surveys:detail", kwargs={"pk": survey.pk}) + "#questions")


@requires(Perm.SURVEYS_CHANGE)
@require_POST
def survey_activate(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(pk)
    try:
        building.activate_survey(survey)
    except OutwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The survey is active: it takes answers now.")
    return redirect("surveys:detail", pk=survey.pk)


@requires(Perm.SURVEYS_CHANGE)
@require_POST
def survey_close(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(pk)
    if request.POST.get("confirmed") != "yes":
        return _confirm(
            request,
            survey,
            f"Close “{survey.name}”?",
            "It takes no more answers: open invitations and the public link stop working, "
            "and no trigger sends it any more. Results stay.",
            "Close the survey",
        )
    building.close_survey(survey)
    messages.success(request, "The survey is closed: it takes no more answers.")
    return redirect("surveys:detail", pk=survey.pk)


def _confirm(
    request: HttpRequest, survey: Survey, question: str, consequence: str, action: str
) -> HttpResponse:
    """Ask before a step that cannot be undone: the same POST again, confirmed."""
    context = {
        "survey": survey,
        "question": question,
        "consequence": consequence,
        "action": action,
        "url": request.path,
    }
    return render(request, "surveys/confirm.html", context)


@requires(Perm.SURVEYS_VIEW)
def survey_preview(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(pk)
    language = choose_language(survey, requested=request.GET.get("lang", ""))
    if language not in survey.languages:
        raise Http404("No such language.")
    return preview_page(request, survey, language)

"""The respondent's pages, open to anyone with the link: an e-mailed invitation
(`/s/<token>/`), the public link (`/s/p/<public_token>/`) and the website snippet that frames
it (`/s/p/<public_token>/embed.js`).

GET never writes (mail scanners follow links): `?score=N` only preselects. Pages work as
plain form posts; `respond.js` adds autosave and live follow-ups.

CSRF: these POSTs are csrf_exempt on purpose. A CSRF attack borrows an ambient credential
(a session cookie); these forms have none. An invitation's credential is the signed token in
its URL, which a cross-site attacker does not have. The public form's credential is a
submission key signed by us into the page (`form` field): it binds the POST to a form we
issued for this survey, without a cookie, because a cookie with SameSite=Lax is not sent
inside a third-party iframe (the snippet) and the public link is anonymous anyway: anyone
may load the form and answer. What limits abuse is the per-address rate limit. A signed-in
employee's session is never used here (the service writes with no audit actor).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from outward.core import ratelimit
from outward.core.errors import NotFound
from outward.surveys.choices import Channel
from outward.surveys.models import Invitation, Question, Survey
from outward.surveys.respondent_page import (
    LANGUAGE_NAMES,
    choose_language,
    field_name,
    interface_language,
    preselect_score,
    question_views,
    text_in,
    ui_words,
)
from outward.surveys.services.responses import (
    LinkExpired,
    LinkUsed,
    Saved,
    SurveyClosed,
    check_invitation,
    new_submission_key,
    opening,
    public_survey,
    questions_for,
    save_answers,
    stored_response,
    survey_questions,
)
from outward.surveys.tokens import InvalidToken, find_invitation

FORM_MAX_AGE = 14 * 24 * 3600
RESUME_MAX_AGE = 30 * 24 * 3600
AUTOSAVE_HEADER = "HTTP_X_OUTWARD_AUTOSAVE"


def _form_signer(survey: Survey) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"outward.surveys.public-form:{survey.pk}")


def _link_limit() -> ratelimit.Limit:
    return ratelimit.Limit(
        scope="survey-link",
        attempts=settings.OUTWARD_SURVEY_POSTS_PER_LINK,
        window=60,
    )


def _ip_limit() -> ratelimit.Limit:
    return ratelimit.Limit(
        scope="survey-public",
        attempts=settings.OUTWARD_SURVEY_POSTS_PER_IP,
        window=60,
    )


def _notice_page(
    request: HttpRequest,
    language: str,
    title: str,
    message: str,
    *,
    status: int = 200,
    thanks: bool = False,
    embed: bool = False,
) -> HttpResponse:
    """The one-message page (thanks, used link, expired, ...); framable when embedded."""
    context = {
        "language": language,
        "title": title,
        "message": message,
        "thanks": thanks,
        "embed": embed,
    }
    return _framable(render(request, "surveys/respond/notice.html", context, status=status), embed)


def _notice(
    request: HttpRequest, kind: str, language: str, status: int, *, embed: bool = False
) -> HttpResponse:
    words = ui_words(language)
    response = _notice_page(
        request, language, words[f"{kind}_title"], words[kind], status=status, embed=embed
    )
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _thanks(
    request: HttpRequest, survey: Survey, language: str, *, embed: bool = False
) -> HttpResponse:
    words = ui_words(language)
    fallback = survey.default_language
    return _notice_page(
        request,
        language,
        text_in(survey.title, language, fallback) or words["thanks_title"],
        text_in(survey.thanks, language, fallback) or words["thanks"],
        thanks=True,
        embed=embed,
    )


def _raw_answers(request: HttpRequest, questions: list[Question]) -> dict[str, list[str]]:
    return {q.key: request.POST.getlist(field_name(q)) for q in questions}


def _page(
    request: HttpRequest,
    survey: Survey,
    questions: list[Question],
    language: str,
    answers: dict[str, Any],
    *,
    action: str,
    hidden: dict[str, str],
    saved: Saved | None = None,
    embed: bool = False,
    preview: bool = False,
    status: int = 200,
) -> HttpResponse:
    words = ui_words(language)
    errors = saved.errors if saved else {}
    revealed = saved.revealed if saved else frozenset()
    views = question_views(survey, questions, answers, language, errors=errors, revealed=revealed)
    query = {k: v for k, v in (("embed", "1" if embed else ""),) if v}
    switcher = [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code.split("-")[0], code),
            "url": "?" + urlencode({**query, "lang": code}),
            "current": code == language,
        }
        for code in survey.languages
    ]
    context = {
        "survey": survey,
        "language": language,
        "words": words,
        "title": text_in(survey.title, language, survey.default_language) or survey.name,
        "intro": text_in(survey.intro, language, survey.default_language),
        "questions": views,
        "action": action,
        "hidden": hidden,
        "errors": {k: v for k, v in errors.items() if k not in revealed},
        "empty_error": words["empty"] if errors.get("__all__") == "empty" else "",
        "revealed": bool(revealed),
        "saved_for_later": bool(saved and saved.response and not errors and not revealed),
        "switcher": switcher if len(switcher) > 1 else [],
        "embed": embed,
        "preview": preview,
    }
    return _framable(render(request, "surveys/respond/page.html", context, status=status), embed)


def _framable(response: HttpResponse, embed: bool) -> HttpResponse:
    """The response, allowed inside another site's frame when it is the embedded snippet."""
    if embed:
        response.xframe_options_exempt = True
    return response


def _autosave_reply(saved: Saved, language: str) -> JsonResponse:
    words = ui_words(language)
    return JsonResponse(
        {
            "saved": saved.response is not None,
            "completed": saved.completed,
            "errors": {key: words.get(code, code) for key, code in saved.errors.items()},
            "message": words["autosaved"],
        }
    )


def _shown(request: HttpRequest) -> set[str] | None:
    # Only pages we rendered send "shown"; without it (an API-like post) every visible
    # follow-up counts as shown.
    return set(request.POST.getlist("shown")) if "shown" in request.POST else None


def _complete_requested(request: HttpRequest) -> bool:
    return request.POST.get("action", "send") == "send" and AUTOSAVE_HEADER not in request.META


# E-mailed invitations


@csrf_exempt  # the token in the URL is the credential; see the module docstring
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        return _post_invitation(request, token)
    try:
        found = find_invitation(token)
    except InvalidToken:
        return _notice(request, "invalid", choose_language_for(request), 404)
    survey = found.survey
    language = _invitation_language(request, found)
    try:
        check_invitation(found)
    except (LinkUsed, LinkExpired, SurveyClosed) as refused:
        return _refused(request, refused, language)
    questions = questions_for(found, survey_questions(survey))
    stored = stored_response(survey, invitation=found)
    answers = dict(stored.answers) if stored else {}
    answers = preselect_score(questions, answers, request.GET.get("score", ""))
    return _page(
        request,
        survey,
        questions,
        language,
        answers,
        action=reverse("respond:invitation", kwargs={"token": token}),
        hidden={"lang": language},
    )


def choose_language_for(request: HttpRequest) -> str:
    """The interface language of a page without a survey (an invalid link)."""
    return interface_language(request.headers.get("Accept-Language", ""))


def _refused(
    request: HttpRequest, refused: Exception, language: str, *, embed: bool = False
) -> HttpResponse:
    if isinstance(refused, LinkUsed):
        return _notice(request, "used", language, 409, embed=embed)
    if isinstance(refused, LinkExpired):
        return _notice(request, "expired", language, 410, embed=embed)
    return _notice(request, "closed", language, 410, embed=embed)


def _invitation_language(request: HttpRequest, found: Invitation) -> str:
    return choose_language(
        found.survey,
        requested=request.GET.get("lang", "") or request.POST.get("lang", ""),
        preferred=found.language,
    )


def _post_invitation(request: HttpRequest, token: str) -> HttpResponse:
    language = choose_language_for(request)
    try:
        with opening(token) as opened:
            found = opened.invitation
            survey = found.survey
            language = _invitation_language(request, found)
            # A link never posted to (opened_at is set by its first save) cannot be over its
            # limit yet: the usual single "send" of a one-click answer costs no counter write.
            counted = found.opened_at is not None and ratelimit.enabled()
            if counted and ratelimit.is_over(_link_limit(), "token", found.nonce):
                return _notice(request, "slow", language, 429)
            questions = questions_for(found, survey_questions(survey))
            saved = save_answers(
                survey=survey,
                raw=_raw_answers(request, questions),
                complete=_complete_requested(request),
                language=language,
                invitation=found,
                channel=Channel.EMAIL,
                shown=_shown(request),
                locked=opened.locked,
            )
    except InvalidToken:
        return _notice(request, "invalid", language, 404)
    except (LinkUsed, LinkExpired, SurveyClosed) as refused:
        return _refused(request, refused, language)
    if AUTOSAVE_HEADER in request.META:
        return _autosave_reply(saved, language)
    if saved.completed:
        return _thanks(request, survey, language)
    return _page(
        request,
        survey,
        questions,
        language,
        saved.answers,
        action=reverse("respond:invitation", kwargs={"token": token}),
        hidden={"lang": language},
        saved=saved,
        status=422 if saved.errors and not saved.revealed else 200,
    )


# The public link and the website snippet


def _resume_cookie(survey: Survey) -> str:
    return f"outward_resume_{survey.public_token}"


def _unsign(survey: Survey, signed: str) -> str:
    """The submission key inside a form token we issued for this survey; "" otherwise."""
    try:
        return _form_signer(survey).unsign(signed, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        return ""


@csrf_exempt  # a signed submission key instead of the CSRF cookie; see the module docstring
@never_cache
@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, public_token: str) -> HttpResponse:
    embed = request.GET.get("embed") == "1"
    fallback_language = choose_language_for(request)
    try:
        survey = public_survey(public_token)
    except NotFound:
        return _notice(request, "invalid", fallback_language, 404, embed=embed)
    except SurveyClosed:
        return _notice(request, "closed", fallback_language, 410, embed=embed)
    language = choose_language(
        survey,
        requested=request.GET.get("lang", "") or request.POST.get("lang", ""),
        accept_language=request.headers.get("Accept-Language", ""),
    )
    if request.method == "POST":
        if ratelimit.enabled() and ratelimit.is_over(
            _ip_limit(), "ip", ratelimit.client_ip(request)
        ):
            return _notice(request, "slow", language, 429, embed=embed)
        return _post_public(request, survey, language, embed)
    questions = survey_questions(survey)
    key = _unsign(survey, request.COOKIES.get(_resume_cookie(survey), ""))
    stored = stored_response(survey, submission_key=key) if key else None
    if stored is None or stored.completed_at is not None:
        key, answers = new_submission_key(), {}
    else:
        answers = dict(stored.answers)
    answers = preselect_score(questions, answers, request.GET.get("score", ""))
    return _page(
        request,
        survey,
        questions,
        language,
        answers,
        action=_public_action(survey, embed),
        hidden={"lang": language, "form": _form_signer(survey).sign(key)},
        embed=embed,
    )


def _public_action(survey: Survey, embed: bool) -> str:
    url = reverse("respond:public", kwargs={"public_token": survey.public_token})
    return f"{url}?embed=1" if embed else url


def _post_public(request: HttpRequest, survey: Survey, language: str, embed: bool) -> HttpResponse:
    signed = request.POST.get("form", "")
    key = _unsign(survey, signed)
    if not key:
        return _notice(request, "stale", language, 400, embed=embed)
    questions = survey_questions(survey)
    try:
        saved = save_answers(
            survey=survey,
            raw=_raw_answers(request, questions),
            complete=_complete_requested(request),
            language=language,
            submission_key=key,
            channel=Channel.EMBED if embed else Channel.LINK,
            shown=_shown(request),
        )
    except LinkUsed:
        # The same form sent twice (a double click, a retry): it was stored once.
        return _thanks(request, survey, language, embed=embed)
    except SurveyClosed:
        return _notice(request, "closed", language, 410, embed=embed)
    except NotFound:
        return _notice(request, "stale", language, 400, embed=embed)
    if AUTOSAVE_HEADER in request.META:
        reply: HttpResponse = _autosave_reply(saved, language)
    elif saved.completed:
        reply = _thanks(request, survey, language, embed=embed)
    else:
        reply = _page(
            request,
            survey,
            questions,
            language,
            saved.answers,
            action=_public_action(survey, embed),
            hidden={"lang": language, "form": signed},
            saved=saved,
            embed=embed,
            status=422 if saved.errors and not saved.revealed else 200,
        )
    if saved.response is not None and not saved.completed:
        # Coming back to the link resumes this response (not inside a third-party iframe,
        # where browsers withhold the cookie; there the page itself carries the key).
        reply.set_cookie(
            _resume_cookie(survey),
            signed,
            max_age=RESUME_MAX_AGE,
            path=reverse("respond:public", kwargs={"public_token": survey.public_token}),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    elif saved.completed:
        reply.delete_cookie(
            _resume_cookie(survey),
            path=reverse("respond:public", kwargs={"public_token": survey.public_token}),
        )
    return reply


@require_GET
def embed(request: HttpRequest, public_token: str) -> HttpResponse:
    """The script a website pastes: it puts the public page in an iframe right after itself
    and keeps the frame as tall as its content (the page posts its height)."""
    try:
        survey = public_survey(public_token)
    except (NotFound, SurveyClosed):
        return HttpResponse(
            "/* This survey is not available. */\n",
            status=404,
            content_type="text/javascript; charset=utf-8",
        )
    path = reverse("respond:public", kwargs={"public_token": survey.public_token})
    title = text_in(survey.title, survey.default_language, survey.default_language)
    script = (
        "(function () {\n"
        "  var me = document.currentScript;\n"
        "  if (!me) { return; }\n"
        "  var frame = document.createElement('iframe');\n"
        f"  frame.src = {_js(settings.SITE_URL + path + '?embed=1')};\n"
        f"  frame.title = {_js(title or survey.name)};\n"
        "  frame.style.cssText = 'width:100%;min-height:420px;border:0;display:block';\n"
        "  frame.setAttribute('loading', 'lazy');\n"
        "  me.parentNode.insertBefore(frame, me.nextSibling);\n"
        "  window.addEventListener('message', function (event) {\n"
        f"    if (event.origin !== {_js(settings.SITE_URL)}) {{ return; }}\n"
        "    if (event.source !== frame.contentWindow) { return; }\n"
        "    var height = event.data && event.data.outwardHeight;\n"
        "    if (typeof height === 'number' && height > 0 && height < 20000) {\n"
        "      frame.style.height = Math.ceil(height) + 'px';\n"
        "    }\n"
        "  });\n"
        "})();\n"
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _js(value: str) -> str:
    """A JavaScript string literal; `<` escaped so it can never close a script element."""
    return json.dumps(value).replace("<", "\\u003c")


# The builder's preview: the page as a respondent sees it, in any language; it posts nowhere.
def preview_page(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    questions = survey_questions(survey)
    answers = preselect_score(questions, {}, request.GET.get("score", ""))
    return _page(
        request,
        survey,
        questions,
        language,
        answers,
        action="",
        hidden={},
        preview=True,
    )

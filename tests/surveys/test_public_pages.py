"""The respondent's pages over HTTP: links (forged, used, expired), the one-click score, partial
save and resume, double submits, languages, the website snippet, escaping, robustness, speed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outward.feedback.models import FeedbackItem
from outward.surveys.models import Response, Survey
from outward.surveys.public_views import _unsign
from outward.surveys.services.building import set_texts, update_question
from tests.factories import CustomerFactory, TeamFactory, UserFactory
from tests.surveys.response_helpers import active_survey, invite

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("respond:invitation", kwargs={"token": token})


def _public_url(survey: Survey) -> str:
    return reverse("respond:public", kwargs={"public_token": survey.public_token})


def _form_token(html: str) -> str:
    found = re.search(r'name="form" value="([^"]+)"', html)
    assert found, "the public form carries its signed submission key"
    return found.group(1)


# Links


def test_a_forged_token_gets_a_friendly_404(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())
    nonce, signature = token.split(":")

    tampered = client.get(_url(f"{nonce}:{signature[:-2]}xx"))
    random_token = client.get(_url("bm90LWEtdG9rZW4:abcdefghijklmnopqrstuvwxyz0"))

    for response in (tampered, random_token):
        assert response.status_code == 404
        assert "find this survey" in response.content.decode()


def test_a_forged_token_cannot_post_answers(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    response = client.post(_url(token + "x"), {"q_nps": "9", "action": "send"})

    assert response.status_code == 404
    assert Response.objects.count() == 0


def test_the_email_link_preselects_the_score_and_writes_nothing(client: Client) -> None:
    # Given an invitation
    survey = active_survey()
    invitation, token = invite(survey, customer=CustomerFactory.create())

    # When the one-click link for 9 is opened (a mail scanner would do the same)
    response = client.get(_url(token) + "?score=9")

    # Then 9 is checked, the promoter follow-up is visible, and nothing was stored
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="q_nps-9" name="q_nps" value="9" checked', html)
    assert re.search(r'id="question-keep_doing"(?![^>]*hidden)', html)
    assert re.search(r'id="question-fix_first"[^>]*hidden', html)
    assert Response.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.opened_at is None


def test_every_input_has_a_label_and_scales_are_fieldsets(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    html = client.get(_url(token)).content.decode()

    ids = re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id
    assert re.search(r"<fieldset[^>]*>\s*<input[^>]*>\s*<legend", html)
    assert '<html lang="en">' in html


def test_a_complete_submit_thanks_and_a_second_says_already_answered(client: Client) -> None:
    survey = active_survey()
    _invitation, token = invite(survey, customer=CustomerFactory.create())
    form = {"q_nps": "10", "q_keep_doing": "Quick answers", "action": "send"}

    first = client.post(_url(token), form)
    second = client.post(_url(token), form)
    later = client.get(_url(token))

    assert first.status_code == 200
    assert "Thank you" in first.content.decode()
    assert second.status_code == 409
    assert "already answered" in second.content.decode()
    assert "already answered" in later.content.decode()
    assert Response.objects.count() == 1
    assert FeedbackItem.objects.count() == 1


def test_an_expired_link_gets_a_friendly_page(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create(), expires_in=timedelta(minutes=-1))

    shown = client.get(_url(token))
    posted = client.post(_url(token), {"q_nps": "9"})

    for response in (shown, posted):
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert Response.objects.count() == 0


def test_partial_answers_come_back_when_the_link_is_opened_again(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    saved = client.post(
        _url(token), {"q_nps": "4", "q_fix_first": "The invoices", "action": "save"}
    )
    again = client.get(_url(token))

    assert saved.status_code == 200
    html = again.content.decode()
    assert re.search(r'value="4" checked', html)
    assert "The invoices</textarea>" in html
    assert Response.objects.get().completed_at is None


def test_autosave_answers_json_and_completes_nothing(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    response = client.post(
        _url(token), {"q_nps": "7", "action": "send"}, HTTP_X_OUTWARD_AUTOSAVE="1"
    )

    assert response.json()["saved"] is True
    assert response.json()["completed"] is False
    assert Response.objects.get().answers == {"nps": 7}


def test_without_javascript_a_revealed_follow_up_is_asked_before_completing(
    client: Client,
) -> None:
    # Given the page as rendered without a score: the follow-ups' "shown" inputs are disabled
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    # When a detractor score is sent with only the always-visible questions marked shown
    response = client.post(
        _url(token), {"q_nps": "2", "shown": ["nps", "comment"], "action": "send"}
    )

    # Then the page asks the detractor follow-up, and nothing is complete yet
    html = response.content.decode()
    assert "One more question" in html
    assert re.search(r'id="question-fix_first"(?![^>]*hidden)', html)
    assert Response.objects.get().completed_at is None


def test_a_missing_required_answer_is_named_on_the_page(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    response = client.post(_url(token), {"q_comment": "hi", "action": "send"})

    assert response.status_code == 422
    assert "Please answer this question." in response.content.decode()


# The public link and the snippet


def test_a_public_double_submit_stores_one_response(client: Client) -> None:
    survey = active_survey(public=True)
    token = _form_token(client.get(_public_url(survey)).content.decode())
    form = {"form": token, "q_nps": "8", "action": "send"}

    first = client.post(_public_url(survey), form)
    second = client.post(_public_url(survey), form)

    assert first.status_code == second.status_code == 200
    assert "Thank you" in second.content.decode()
    assert Response.objects.count() == 1
    assert FeedbackItem.objects.count() == 1


def test_a_public_form_without_our_signature_is_refused(client: Client) -> None:
    survey = active_survey(public=True)

    response = client.post(_public_url(survey), {"form": "abc:def", "q_nps": "8"})

    assert response.status_code == 400
    assert Response.objects.count() == 0


def test_the_public_link_resumes_partial_answers_from_its_cookie(client: Client) -> None:
    survey = active_survey(public=True)
    token = _form_token(client.get(_public_url(survey)).content.decode())
    client.post(_public_url(survey), {"form": token, "q_nps": "5", "action": "save"})

    html = client.get(_public_url(survey)).content.decode()

    assert re.search(r'value="5" checked', html)
    # The same submission key (its signature carries a timestamp, so compare what it signs).
    assert _unsign(survey, _form_token(html)) == _unsign(survey, token) != ""


def test_a_disabled_public_link_is_not_found(client: Client) -> None:
    survey = active_survey()

    assert client.get(_public_url(survey)).status_code == 404
    assert client.get(reverse("respond:embed", args=[survey.public_token])).status_code == 404


def test_only_the_embedded_page_may_be_framed(client: Client) -> None:
    survey = active_survey(public=True)

    plain = client.get(_public_url(survey))
    embedded = client.get(_public_url(survey) + "?embed=1")
    token = _form_token(embedded.content.decode())
    posted = client.post(_public_url(survey) + "?embed=1", {"form": token, "q_nps": "9"})

    assert plain["X-Frame-Options"] == "DENY"
    assert "X-Frame-Options" not in embedded
    assert "X-Frame-Options" not in posted
    assert Response.objects.get().channel == "embed"


def test_the_embed_script_inserts_an_iframe_of_the_embedded_page(
    client: Client, settings: object
) -> None:
    survey = active_survey(public=True)

    response = client.get(reverse("respond:embed", args=[survey.public_token]))

    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert "createElement('iframe')" in script
    assert f'{_public_url(survey)}?embed=1"' in script
    assert "event.origin !==" in script


def test_the_embed_script_escapes_the_title(client: Client) -> None:
    survey = active_survey(public=True)
    set_texts(survey, "en", title="</script><script>alert(1)</script>")

    script = client.get(reverse("respond:embed", args=[survey.public_token])).content.decode()

    assert "</script>" not in script
    assert "\\u003c/script>" in script


# Languages


def test_the_public_page_follows_the_browsers_language(client: Client) -> None:
    survey = active_survey(public=True, languages=("en", "de"))

    german = client.get(_public_url(survey), HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.9,en;q=0.5")
    french = client.get(_public_url(survey), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert '<html lang="de">' in german.content.decode()
    assert "Wie wahrscheinlich" in german.content.decode()
    assert '<html lang="en">' in french.content.decode()  # not offered: the fallback


def test_the_invitation_language_wins_and_the_switcher_overrides_it(client: Client) -> None:
    survey = active_survey(languages=("en", "de"))
    _, token = invite(survey, customer=CustomerFactory.create(), language="de")

    invited = client.get(_url(token), HTTP_ACCEPT_LANGUAGE="en")
    switched = client.get(_url(token) + "?lang=en")

    assert '<html lang="de">' in invited.content.decode()
    assert 'hreflang="en"' in invited.content.decode()
    assert '<html lang="en">' in switched.content.decode()


def test_a_missing_translation_falls_back_to_the_first_language(client: Client) -> None:
    survey = active_survey(languages=("en", "de"))
    question = survey.questions.get(key="comment")
    update_question(question, text={"en": "Anything else?"})
    _, token = invite(survey, customer=CustomerFactory.create(), language="de")

    html = client.get(_url(token)).content.decode()

    assert "Anything else?" in html
    assert '<html lang="de">' in html


# Safety


def test_survey_texts_are_escaped(client: Client) -> None:
    survey = active_survey()
    set_texts(survey, "en", title="<img src=x onerror=alert(1)>", intro="<b>bold</b>")
    _, token = invite(survey, customer=CustomerFactory.create())

    html = client.get(_url(token)).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>bold</b>" not in html


form_values = st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10), max_size=3))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "q_nps",
                "q_fix_first",
                "q_keep_doing",
                "q_comment",
                "shown",
                "action",
                "lang",
                "form",
                "x",
            ]
        )
        | st.text(max_size=8),
        form_values,
        max_size=6,
    )
)
def test_random_post_bodies_never_cause_a_server_error(client: Client, body: dict) -> None:
    survey = Survey.objects.first() or active_survey(public=True)
    _, token = invite(survey, customer=CustomerFactory.create())

    for url in (_url(token), _public_url(survey), _public_url(survey) + "?embed=1"):
        response = client.post(url, body)
        assert response.status_code < 500, (url, body)


def test_an_employees_invitation_page_shows_nothing_about_them(client: Client) -> None:
    employee = UserFactory.create(
        first_name="Ingrid", last_name="Secret", team=TeamFactory.create()
    )
    survey = active_survey("employee_pulse")
    _, token = invite(survey, employee=employee)

    html = client.get(_url(token)).content.decode()

    assert "Ingrid" not in html
    assert "anonymous" in html


# Speed


def test_the_response_page_takes_a_handful_of_queries(client: Client) -> None:
    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    with CaptureQueriesContext(connection) as shown:
        client.get(_url(token) + "?score=9")
    with CaptureQueriesContext(connection) as sent:
        client.post(_url(token), {"q_nps": "9", "action": "send"})

    assert len(shown) <= 3, [q["sql"][:90] for q in shown]
    assert len(sent) <= 16, [q["sql"][:90] for q in sent]


def test_the_public_page_takes_a_handful_of_queries(client: Client) -> None:
    survey = active_survey(public=True)

    with CaptureQueriesContext(connection) as shown:
        client.get(_public_url(survey))

    assert len(shown) <= 2, [q["sql"][:90] for q in shown]


# Rate limits


def test_posts_to_one_invitation_link_are_limited(client: Client) -> None:
    from django.test import override_settings

    survey = active_survey()
    _, token = invite(survey, customer=CustomerFactory.create())

    with override_settings(OUTWARD_RATE_LIMITS_ENABLED=True, OUTWARD_SURVEY_POSTS_PER_LINK=2):
        statuses = [
            client.post(_url(token), {"q_nps": "5", "action": "save"}).status_code for _ in range(4)
        ]

    # the first post is free (the link was never posted to), then two within the limit
    assert statuses == [200, 200, 200, 429]


def test_anonymous_posts_from_one_address_are_limited(client: Client) -> None:
    from django.test import override_settings

    survey = active_survey(public=True)
    token = _form_token(client.get(_public_url(survey)).content.decode())

    with override_settings(OUTWARD_RATE_LIMITS_ENABLED=True, OUTWARD_SURVEY_POSTS_PER_IP=2):
        statuses = [
            client.post(
                _public_url(survey), {"form": token, "q_nps": "5", "action": "save"}
            ).status_code
            for _ in range(3)
        ]

    assert statuses == [200, 200, 429]

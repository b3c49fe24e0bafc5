"""The invitation e-mail: HTML and plain text, in the invitation's language, with one-click
score links for the survey's first score question and an opt-out link in every message to a
customer. An employee's (pulse) message says how their answers stay anonymous instead.

A score link only opens the response page with the score preselected (`?score=N`); the page
never writes on GET, so a mail scanner following links answers nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from outward.accounts.organisation import current, reply_to, sender
from outward.surveys.choices import QUESTION_SCALES, QuestionType
from outward.surveys.models import Invitation, Question, Survey
from outward.surveys.tokens import invitation_token

SCORE_TYPES = (QuestionType.NPS, QuestionType.CSAT, QuestionType.CES)

# The words around the survey's own texts. Languages without an entry use English.
CHROME: dict[str, dict[str, Any]] = {
    "en": {
        "asking": "{organisation} would like to hear from you.",
        "subject": "We would like your opinion",
        "reminder": "A gentle reminder: your answer still counts.",
        "reminder_subject": "Reminder",
        "open": "Answer the survey",
        "click": "Click your answer to start:",
        "valid_until": "This link works until {date}.",
        "opt_out": "Do not send me surveys any more",
        "why": "You receive this because you are our customer and agreed to be contacted.",
        "employee_subject": "Pulse: {name}",
        "why_employee": "It is anonymous. Your answers are stored with your team only, never "
        "with your name, and no result is ever shown for a group of fewer than {minimum} "
        "people.",
        "low": {"nps": "Not at all likely", "csat": "Very dissatisfied", "ces": "Very hard"},
        "high": {"nps": "Extremely likely", "csat": "Very satisfied", "ces": "Very easy"},
    },
    "de": {
        "asking": "{organisation} möchte gern von Ihnen hören.",
        "subject": "Ihre Meinung ist uns wichtig",
        "reminder": "Eine kurze Erinnerung: Ihre Antwort zählt noch.",
        "reminder_subject": "Erinnerung",
        "open": "Zur Umfrage",
        "click": "Klicken Sie auf Ihre Antwort, um zu beginnen:",
        "valid_until": "Dieser Link gilt bis zum {date}.",
        "opt_out": "Keine Umfragen mehr senden",
        "why": "Sie erhalten diese E-Mail als Kunde, der einer Kontaktaufnahme zugestimmt hat.",
        "low": {"nps": "Überhaupt nicht wahrscheinlich", "csat": "Sehr unzufrieden",
                "ces": "Sehr schwierig"},
        "high": {"nps": "Äußerst wahrscheinlich", "csat": "Sehr zufrieden", "ces": "Sehr einfach"},
    },
    "fr": {
        "asking": "{organisation} aimerait connaître votre avis.",
        "subject": "Votre avis nous intéresse",
        "reminder": "Petit rappel : votre réponse compte toujours.",
        "reminder_subject": "Rappel",
        "open": "Répondre au questionnaire",
        "click": "Cliquez sur votre réponse pour commencer :",
        "valid_until": "Ce lien est valable jusqu'au {date}.",
        "opt_out": "Ne plus m'envoyer de questionnaires",
        "why": "Vous recevez ce message en tant que client ayant accepté d'être contacté.",
        "low": {"nps": "Pas du tout probable", "csat": "Très insatisfait", "ces": "Très difficile"},
        "high": {"nps": "Très probable", "csat": "Très satisfait", "ces": "Très facile"},
    },
    "nl": {
        "asking": "{organisation} hoort graag van u.",
        "subject": "We horen graag uw mening",
        "reminder": "Een vriendelijke herinnering: uw antwoord telt nog.",
        "reminder_subject": "Herinnering",
        "open": "Naar de enquête",
        "click": "Klik op uw antwoord om te beginnen:",
        "valid_until": "Deze link werkt tot {date}.",
        "opt_out": "Stuur mij geen enquêtes meer",
        "why": "U ontvangt dit als klant die heeft ingestemd met contact.",
        "low": {"nps": "Zeer onwaarschijnlijk", "csat": "Zeer ontevreden", "ces": "Zeer moeilijk"},
        "high": {"nps": "Zeer waarschijnlijk", "csat": "Zeer tevreden", "ces": "Zeer makkelijk"},
    },
}  # fmt: skip


def localized(texts: Mapping[str, str] | None, language: str, fallback: str) -> str:
    """The text in `language`, else in the survey's fallback language, else any, else ""."""
    if not texts:
        return ""
    return texts.get(language) or texts.get(fallback) or next(iter(texts.values()), "")


@dataclass(frozen=True)
class ScoreLink:
    value: int
    url: str


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("respond:invitation", kwargs={"token": token})


def opt_out_url(token: str) -> str:
    return settings.SITE_URL + reverse("respond:opt_out", kwargs={"token": token})


def first_score_question(survey: Survey) -> Question | None:
    return survey.questions.filter(type__in=SCORE_TYPES).order_by("position", "id").first()


def build_invitation_email(
    invitation: Invitation, *, reminder: bool = False
) -> EmailMultiAlternatives:
    survey = invitation.survey
    language = invitation.language
    fallback = survey.default_language
    chrome = CHROME.get(language, CHROME["en"])
    token = invitation_token(invitation)
    url = invitation_url(token)
    question = first_score_question(survey)
    scores: list[ScoreLink] = []
    if question is not None:
        low, high = QUESTION_SCALES[question.type]
        scores = [ScoreLink(n, f"{url}?score={n}") for n in range(low, high + 1)]
    title = localized(survey.title, language, fallback) or chrome["subject"]
    subject = f"{chrome['reminder_subject']}: {title}" if reminder else title
    employee = invitation.employee_id is not None
    english = CHROME["en"]
    organisation = current()
    if employee:
        subject = chrome.get("employee_subject", english["employee_subject"]).format(
            name=survey.name
        )
        why = chrome.get("why_employee", english["why_employee"]).format(
            minimum=settings.OUTWARD_PULSE_MIN_GROUP
        )
    context = {
        "title": title,
        "intro": localized(survey.intro, language, fallback),
        "question": localized(question.text, language, fallback) if question else "",
        "scores": scores,
        "low_label": chrome["low"][question.type] if question else "",
        "high_label": chrome["high"][question.type] if question else "",
        "url": url,
        "opt_out_url": "" if employee else opt_out_url(token),
        "why": why if employee else chrome["why"],
        "reminder": reminder,
        "chrome": chrome,
        "valid_until": chrome["valid_until"].format(date=invitation.expires_at.date().isoformat()),
        "language": language,
        "asking": chrome.get("asking", english["asking"]).format(organisation=organisation.name),
    }
    headers = {}
    if not employee:  # customers may leave the list; a pulse is no mailing list
        headers = {
            "List-Unsubscribe": f"<{context['opt_out_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ").strip()[:200],
        body=render_to_string("surveys/email/invitation.txt", context),
        from_email=sender(organisation),
        reply_to=reply_to(organisation),
        to=[invitation.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("surveys/email/invitation.html", context), "text/html"
    )
    return message

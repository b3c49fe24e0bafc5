"""The ready-made surveys a manager starts from: relationship NPS with its two follow-ups,
CSAT after an event, effort (CES), and the employee pulse. Texts in the languages we ship
(en, de, fr, nl where written); a survey in another language gets them filled in by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from outward.surveys.choices import Audience, QuestionType, SurveyKind


@dataclass(frozen=True)
class QuestionTemplate:
    key: str
    type: str
    text: dict[str, str]
    required: bool = False
    show_if: dict[str, Any] | None = None
    scale_max: int = 5
    help_text: dict[str, str] | None = None


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    label: str
    kind: str
    audience: str
    title: dict[str, str]
    intro: dict[str, str]
    thanks: dict[str, str]
    questions: tuple[QuestionTemplate, ...]


_THANKS = {
    "en": "Thank you! Your answers help us improve.",
    "de": "Vielen Dank! Ihre Antworten helfen uns, besser zu werden.",
    "fr": "Merci ! Vos réponses nous aident à nous améliorer.",
    "nl": "Bedankt! Uw antwoorden helpen ons beter te worden.",
}
_ANYTHING_ELSE = {
    "en": "Is there anything else you would like to tell us?",
    "de": "Möchten Sie uns sonst noch etwas sagen?",
    "fr": "Souhaitez-vous nous dire autre chose ?",
    "nl": "Wilt u ons nog iets anders vertellen?",
}

TEMPLATES: dict[str, SurveyTemplate] = {
    t.key: t
    for t in (
        SurveyTemplate(
            key="relationship_nps",
            label="Relationship NPS",
            kind=SurveyKind.RELATIONSHIP,
            audience=Audience.CUSTOMERS,
            title={
                "en": "How are we doing?",
                "de": "Wie machen wir uns?",
                "fr": "Comment nous trouvez-vous ?",
                "nl": "Hoe doen we het?",
            },
            intro={
                "en": "Two minutes, three questions.",
                "de": "Zwei Minuten, drei Fragen.",
                "fr": "Deux minutes, trois questions.",
                "nl": "Twee minuten, drie vragen.",
            },
            thanks=_THANKS,
            questions=(
                QuestionTemplate(
                    "nps",
                    QuestionType.NPS,
                    {
                        "en": "How likely are you to recommend us to a friend or colleague?",
                        "de": "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder "
                        "Kollegen empfehlen?",
                        "fr": "Quelle est la probabilité que vous nous recommandiez à un ami "
                        "ou un collègue ?",
                        "nl": "Hoe waarschijnlijk is het dat u ons aanbeveelt aan een vriend "
                        "of collega?",
                    },
                    required=True,
                ),
                QuestionTemplate(
                    "fix_first",
                    QuestionType.TEXT,
                    {
                        "en": "What should we fix first?",
                        "de": "Was sollten wir zuerst verbessern?",
                        "fr": "Que devrions-nous corriger en premier ?",
                        "nl": "Wat moeten we eerst verbeteren?",
                    },
                    show_if={"question": "nps", "min": 0, "max": 6},
                ),
                QuestionTemplate(
                    "keep_doing",
                    QuestionType.TEXT,
                    {
                        "en": "What should we keep doing?",
                        "de": "Was sollten wir beibehalten?",
                        "fr": "Que devrions-nous continuer à faire ?",
                        "nl": "Wat moeten we vooral blijven doen?",
                    },
                    show_if={"question": "nps", "min": 9, "max": 10},
                ),
                QuestionTemplate("comment", QuestionType.TEXT, _ANYTHING_ELSE),
            ),
        ),
        SurveyTemplate(
            key="event_csat",
            label="After an event (CSAT)",
            kind=SurveyKind.TRANSACTIONAL,
            audience=Audience.CUSTOMERS,
            title={
                "en": "How did it go?",
                "de": "Wie ist es gelaufen?",
                "fr": "Comment cela s'est-il passé ?",
                "nl": "Hoe ging het?",
            },
            intro={"en": "One question about your recent experience with us."},
            thanks=_THANKS,
            questions=(
                QuestionTemplate(
                    "csat",
                    QuestionType.CSAT,
                    {
                        "en": "How satisfied are you with how we handled it?",
                        "de": "Wie zufrieden sind Sie damit, wie wir es erledigt haben?",
                        "fr": "Êtes-vous satisfait de la façon dont nous l'avons traité ?",
                        "nl": "Hoe tevreden bent u over hoe we het hebben afgehandeld?",
                    },
                    required=True,
                ),
                QuestionTemplate(
                    "went_wrong",
                    QuestionType.TEXT,
                    {
                        "en": "What went wrong?",
                        "de": "Was ist schiefgelaufen?",
                        "fr": "Qu'est-ce qui n'a pas fonctionné ?",
                        "nl": "Wat ging er mis?",
                    },
                    show_if={"question": "csat", "min": 1, "max": 3},
                ),
                QuestionTemplate("comment", QuestionType.TEXT, _ANYTHING_ELSE),
            ),
        ),
        SurveyTemplate(
            key="effort_ces",
            label="Effort (CES)",
            kind=SurveyKind.TRANSACTIONAL,
            audience=Audience.CUSTOMERS,
            title={
                "en": "Was it easy?",
                "de": "War es einfach?",
                "fr": "Était-ce simple ?",
                "nl": "Was het makkelijk?",
            },
            intro={"en": "Tell us how much effort it took."},
            thanks=_THANKS,
            questions=(
                QuestionTemplate(
                    "ces",
                    QuestionType.CES,
                    {
                        "en": "How easy was it to get what you needed?",
                        "de": "Wie einfach war es, das zu bekommen, was Sie brauchten?",
                        "fr": "Était-il facile d'obtenir ce dont vous aviez besoin ?",
                        "nl": "Hoe makkelijk was het om te krijgen wat u nodig had?",
                    },
                    required=True,
                    help_text={"en": "1 = very difficult, 7 = very easy."},
                ),
                QuestionTemplate(
                    "made_hard",
                    QuestionType.TEXT,
                    {
                        "en": "What made it hard?",
                        "de": "Was hat es schwer gemacht?",
                        "fr": "Qu'est-ce qui l'a rendu difficile ?",
                        "nl": "Wat maakte het moeilijk?",
                    },
                    show_if={"question": "ces", "min": 1, "max": 3},
                ),
                QuestionTemplate("comment", QuestionType.TEXT, _ANYTHING_ELSE),
            ),
        ),
        SurveyTemplate(
            key="employee_pulse",
            label="Employee pulse",
            kind=SurveyKind.RELATIONSHIP,
            audience=Audience.EMPLOYEES,
            title={"en": "How are things at work?", "de": "Wie läuft es bei der Arbeit?"},
            intro={"en": "This pulse is anonymous: we keep only your team with your answers."},
            thanks={"en": "Thank you. Your answers count.", "de": "Danke. Ihre Antworten zählen."},
            questions=(
                QuestionTemplate(
                    "enps",
                    QuestionType.NPS,
                    {
                        "en": "How likely are you to recommend working here to a friend?",
                        "de": "Wie wahrscheinlich ist es, dass Sie uns als Arbeitgeber einem "
                        "Freund empfehlen?",
                    },
                    required=True,
                ),
                QuestionTemplate(
                    "equipped",
                    QuestionType.RATING,
                    {
                        "en": "I have what I need to serve our customers.",
                        "de": "Ich habe, was ich brauche, um unsere Kunden gut zu bedienen.",
                    },
                    scale_max=5,
                    help_text={"en": "1 = strongly disagree, 5 = strongly agree."},
                ),
                QuestionTemplate(
                    "comment",
                    QuestionType.TEXT,
                    {
                        "en": "What one thing would help you serve our customers better?",
                        "de": "Was würde Ihnen am meisten helfen, unsere Kunden besser zu "
                        "bedienen?",
                    },
                ),
            ),
        ),
    )
}

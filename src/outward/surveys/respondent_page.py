"""What the respondent's page shows: the language, the interface words in it, and each question
with its options, current answer, visibility and error. Pure functions of the survey, its
questions and the answers so far: no queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from outward.surveys.choices import QuestionType
from outward.surveys.models import Question, Survey
from outward.surveys.services.building import CHOICE_TYPES, scale_of
from outward.surveys.services.responses import is_visible

# The page's own words; survey texts come from the survey. English is the fallback.
UI: dict[str, dict[str, str]] = {
    "en": {
        "send": "Send",
        "save": "Save and finish later",
        "saved": "Your answers are saved. You can come back to this link to finish.",
        "autosaved": "Saved",
        "required": "Please answer this question.",
        "range": "Please pick one of the options.",
        "choice": "Please pick from the options shown.",
        "too_long": "Please shorten your answer (at most 5,000 characters).",
        "empty": "Please answer at least one question before sending.",
        "errors": "Some answers need your attention.",
        "revealed": "Thank you. One more question, based on your answer:",
        "required_mark": "required",
        "language": "Language",
        "thanks_title": "Thank you!",
        "thanks": "Your answers help us improve.",
        "used_title": "You have already answered",
        "used": "This survey link has been used. Thank you for your answers!",
        "expired_title": "This link has expired",
        "expired": "The survey this link belongs to is no longer taking answers from it.",
        "closed_title": "This survey is closed",
        "closed": "It is no longer taking answers. Thank you for your interest.",
        "invalid_title": "We couldn't find this survey",
        "invalid": "The link may be incomplete. Please open it again from the message you "
        "received.",
        "stale_title": "Please reload the survey",
        "stale": "This form is too old to send. Reload the page and answer again.",
        "slow_title": "Please slow down",
        "slow": "We received many answers from here in a short time. Please wait a minute "
        "and send again.",
        "nps_low": "0 = not at all likely",
        "nps_high": "10 = extremely likely",
        "csat_low": "1 = very dissatisfied",
        "csat_high": "5 = very satisfied",
        "ces_low": "1 = very difficult",
        "ces_high": "7 = very easy",
        "rating_low": "1 = lowest",
        "rating_high": "{max} = highest",
        "preview": "Preview: answers are not sent.",
    },
    "de": {
        "send": "Absenden",
        "save": "Speichern und später fortfahren",
        "saved": "Ihre Antworten sind gespeichert. Sie können über diesen Link fortfahren.",
        "autosaved": "Gespeichert",
        "required": "Bitte beantworten Sie diese Frage.",
        "range": "Bitte wählen Sie eine der Möglichkeiten.",
        "choice": "Bitte wählen Sie aus den angezeigten Möglichkeiten.",
        "too_long": "Bitte kürzen Sie Ihre Antwort (höchstens 5.000 Zeichen).",
        "empty": "Bitte beantworten Sie mindestens eine Frage.",
        "errors": "Einige Antworten brauchen Ihre Aufmerksamkeit.",
        "revealed": "Danke. Eine weitere Frage zu Ihrer Antwort:",
        "required_mark": "Pflichtfrage",
        "language": "Sprache",
        "thanks_title": "Vielen Dank!",
        "thanks": "Ihre Antworten helfen uns, besser zu werden.",
        "used_title": "Sie haben bereits geantwortet",
        "used": "Dieser Link wurde bereits verwendet. Danke für Ihre Antworten!",
        "expired_title": "Dieser Link ist abgelaufen",
        "expired": "Über diesen Link werden keine Antworten mehr angenommen.",
        "closed_title": "Diese Umfrage ist beendet",
        "closed": "Sie nimmt keine Antworten mehr an. Danke für Ihr Interesse.",
        "invalid_title": "Wir konnten diese Umfrage nicht finden",
        "invalid": "Der Link ist vielleicht unvollständig. Bitte öffnen Sie ihn erneut.",
        "stale_title": "Bitte laden Sie die Umfrage neu",
        "stale": "Dieses Formular ist zu alt. Bitte laden Sie die Seite neu.",
        "slow_title": "Bitte etwas langsamer",
        "slow": "Von hier kamen viele Antworten in kurzer Zeit. Bitte warten Sie eine Minute.",
        "nps_low": "0 = sehr unwahrscheinlich",
        "nps_high": "10 = sehr wahrscheinlich",
        "csat_low": "1 = sehr unzufrieden",
        "csat_high": "5 = sehr zufrieden",
        "ces_low": "1 = sehr schwierig",
        "ces_high": "7 = sehr einfach",
        "rating_low": "1 = niedrigste",
        "rating_high": "{max} = höchste",
        "preview": "Vorschau: Antworten werden nicht gesendet.",
    },
    "fr": {
        "send": "Envoyer",
        "save": "Enregistrer et finir plus tard",
        "saved": "Vos réponses sont enregistrées. Revenez par ce lien pour terminer.",
        "autosaved": "Enregistré",
        "required": "Merci de répondre à cette question.",
        "range": "Merci de choisir une des options.",
        "choice": "Merci de choisir parmi les options proposées.",
        "too_long": "Merci de raccourcir votre réponse (5 000 caractères au plus).",
        "empty": "Merci de répondre à au moins une question.",
        "errors": "Certaines réponses demandent votre attention.",
        "revealed": "Merci. Une question de plus, selon votre réponse :",
        "required_mark": "obligatoire",
        "language": "Langue",
        "thanks_title": "Merci !",
        "thanks": "Vos réponses nous aident à nous améliorer.",
        "used_title": "Vous avez déjà répondu",
        "used": "Ce lien a déjà été utilisé. Merci pour vos réponses !",
        "expired_title": "Ce lien a expiré",
        "expired": "Ce questionnaire n'accepte plus de réponses par ce lien.",
        "closed_title": "Ce questionnaire est clos",
        "closed": "Il n'accepte plus de réponses. Merci de votre intérêt.",
        "invalid_title": "Questionnaire introuvable",
        "invalid": "Le lien est peut-être incomplet. Ouvrez-le à nouveau depuis le message reçu.",
        "stale_title": "Merci de recharger le questionnaire",
        "stale": "Ce formulaire est trop ancien. Rechargez la page.",
        "slow_title": "Un peu de patience",
        "slow": "Nous avons reçu beaucoup de réponses d'ici. Merci d'attendre une minute.",
        "nps_low": "0 = pas du tout probable",
        "nps_high": "10 = très probable",
        "csat_low": "1 = très insatisfait",
        "csat_high": "5 = très satisfait",
        "ces_low": "1 = très difficile",
        "ces_high": "7 = très facile",
        "rating_low": "1 = le plus bas",
        "rating_high": "{max} = le plus haut",
        "preview": "Aperçu : les réponses ne sont pas envoyées.",
    },
    "nl": {
        "send": "Versturen",
        "save": "Opslaan en later afmaken",
        "saved": "Uw antwoorden zijn opgeslagen. Via deze link kunt u verdergaan.",
        "autosaved": "Opgeslagen",
        "required": "Beantwoord deze vraag alstublieft.",
        "range": "Kies een van de mogelijkheden.",
        "choice": "Kies uit de getoonde mogelijkheden.",
        "too_long": "Maak uw antwoord korter (ten hoogste 5.000 tekens).",
        "empty": "Beantwoord ten minste één vraag.",
        "errors": "Sommige antwoorden vragen uw aandacht.",
        "revealed": "Dank u. Nog één vraag over uw antwoord:",
        "required_mark": "verplicht",
        "language": "Taal",
        "thanks_title": "Dank u wel!",
        "thanks": "Uw antwoorden helpen ons beter te worden.",
        "used_title": "U hebt al geantwoord",
        "used": "Deze link is al gebruikt. Bedankt voor uw antwoorden!",
        "expired_title": "Deze link is verlopen",
        "expired": "Via deze link worden geen antwoorden meer aangenomen.",
        "closed_title": "Deze enquête is gesloten",
        "closed": "Er worden geen antwoorden meer aangenomen. Bedankt voor uw interesse.",
        "invalid_title": "We konden deze enquête niet vinden",
        "invalid": "De link is misschien onvolledig. Open hem opnieuw vanuit het bericht.",
        "stale_title": "Laad de enquête opnieuw",
        "stale": "Dit formulier is te oud. Laad de pagina opnieuw.",
        "slow_title": "Even geduld",
        "slow": "We kregen veel antwoorden van hier in korte tijd. Wacht een minuut.",
        "nps_low": "0 = helemaal niet waarschijnlijk",
        "nps_high": "10 = zeer waarschijnlijk",
        "csat_low": "1 = zeer ontevreden",
        "csat_high": "5 = zeer tevreden",
        "ces_low": "1 = zeer moeilijk",
        "ces_high": "7 = zeer makkelijk",
        "rating_low": "1 = laagste",
        "rating_high": "{max} = hoogste",
        "preview": "Voorbeeld: antwoorden worden niet verstuurd.",
    },
}

LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "nl": "Nederlands",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "pl": "Polski",
    "sv": "Svenska",
    "da": "Dansk",
}


def ui_words(language: str) -> dict[str, str]:
    """The interface words in this language (or its primary subtag), English for the rest."""
    words = dict(UI["en"])
    words.update(UI.get(language) or UI.get(language.split("-")[0]) or {})
    return words


def text_in(texts: Mapping[str, Any] | None, language: str, fallback: str) -> str:
    texts = texts or {}
    return str(texts.get(language) or texts.get(fallback) or "")


def parse_accept_language(header: str) -> list[str]:
    """Language tags of an Accept-Language header, most preferred first (q=0 dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag or tag == "*" or len(tag) > 35:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]


def interface_language(accept_language: str) -> str:
    """The language of a page without a survey (an invalid link): the browser's best match
    among the languages of the page's own words, else English."""
    for tag in parse_accept_language(accept_language):
        if (primary := tag.split("-")[0]) in UI:
            return primary
    return "en"


def choose_language(
    survey: Survey, *, requested: str = "", preferred: str = "", accept_language: str = ""
) -> str:
    """The page language: an explicit choice (the switcher), else the invitation's language,
    else the browser's best match among the survey's languages, else the fallback."""
    offered = [str(code) for code in survey.languages] or ["en"]
    lowered = {code.lower(): code for code in offered}
    for candidate in (requested, preferred):
        if candidate and candidate.lower() in lowered:
            return lowered[candidate.lower()]
    tags = parse_accept_language(accept_language)
    for tag in tags:
        if tag in lowered:
            return lowered[tag]
    for tag in tags:
        primary = tag.split("-")[0]
        for code in offered:
            if code.lower().split("-")[0] == primary:
                return code
    return survey.default_language


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool
    input_id: str


@dataclass(frozen=True)
class QuestionView:
    key: str
    type: str
    name: str  # the form field
    text: str
    help: str
    required: bool
    options: list[Option]
    text_value: str
    visible: bool
    is_scale: bool
    is_multiple: bool
    is_text: bool
    scale_low: str
    scale_high: str
    error: str
    show_if: dict[str, Any] | None
    columns: int


def field_name(question: Question) -> str:
    return f"q_{question.key}"


def _scale_ends(question: Question, words: Mapping[str, str]) -> tuple[str, str]:
    if question.type == QuestionType.RATING:
        return words["rating_low"], words["rating_high"].format(max=question.scale_max)
    return words.get(f"{question.type}_low", ""), words.get(f"{question.type}_high", "")


def question_views(
    survey: Survey,
    questions: Sequence[Question],
    answers: Mapping[str, Any],
    language: str,
    *,
    errors: Mapping[str, str] | None = None,
    revealed: frozenset[str] = frozenset(),
) -> list[QuestionView]:
    """Every question as the page shows it. A follow-up whose condition the answers do not
    meet is rendered hidden (the script reveals it live), never left out."""
    fallback = survey.default_language
    words = ui_words(language)
    errors = errors or {}
    views: list[QuestionView] = []
    for question in questions:
        value = answers.get(question.key)
        scale = scale_of(question)
        options: list[Option] = []
        if scale is not None:
            options = [
                Option(str(n), str(n), value == n, f"{field_name(question)}-{n}")
                for n in range(scale[0], scale[1] + 1)
            ]
        elif question.type in CHOICE_TYPES:
            picked = value if isinstance(value, list) else [value]
            options = [
                Option(
                    str(choice.get("value")),
                    text_in(choice.get("label"), language, fallback) or str(choice.get("value")),
                    choice.get("value") in picked,
                    f"{field_name(question)}-{index}",
                )
                for index, choice in enumerate(question.choices or [])
            ]
        low, high = _scale_ends(question, words) if scale is not None else ("", "")
        code = "" if question.key in revealed else errors.get(question.key, "")
        views.append(
            QuestionView(
                key=question.key,
                type=question.type,
                name=field_name(question),
                text=text_in(question.text, language, fallback) or question.key,
                help=text_in(question.help_text, language, fallback),
                required=question.required,
                options=options,
                text_value=value if isinstance(value, str) and scale is None else "",
                visible=is_visible(question, answers),
                is_scale=scale is not None,
                is_multiple=question.type == QuestionType.MULTIPLE_CHOICE,
                is_text=question.type == QuestionType.TEXT,
                scale_low=low,
                scale_high=high,
                error=words.get(code, "") if code else "",
                show_if=question.show_if,
                columns=len(options) if scale is not None else 1,
            )
        )
    return views


def preselect_score(
    questions: Sequence[Question], answers: Mapping[str, Any], score: str
) -> dict[str, Any]:
    """The answers with `score` (an e-mail's one-click link) put on the first scored question,
    if it lies on that question's scale; nothing is saved."""
    text = score.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 3:
        return dict(answers)
    for question in questions:
        scale = scale_of(question)
        if scale is None:
            continue
        if scale[0] <= int(text) <= scale[1]:
            return {**answers, question.key: int(text)}
        break
    return dict(answers)

"""Forms of the survey builder. They parse and shape input; the rules live in
`services.building`, whose errors are put back on the fields they name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.text import slugify

from outward.accounts.models import Team
from outward.customers.models import Touchpoint
from outward.surveys.choices import Audience, QuestionType, SurveyKind
from outward.surveys.models import Question, Survey
from outward.surveys.services.building import TEMPLATES, scale_of


def parse_languages(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(
        choices=[("", "Blank survey"), *[(t.key, t.label) for t in TEMPLATES.values()]],
        required=False,
        help_text="A template brings its questions and texts; you can change them afterwards.",
    )
    name = forms.CharField(max_length=200, help_text="Internal name, never shown to respondents.")
    kind = forms.ChoiceField(
        choices=SurveyKind.choices, initial=SurveyKind.RELATIONSHIP, help_text="Blank surveys."
    )
    audience = forms.ChoiceField(
        choices=Audience.choices, initial=Audience.CUSTOMERS, help_text="Blank surveys."
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.filter(is_active=True),
        required=False,
        help_text="Required for transactional surveys: the event they follow.",
    )
    languages = forms.CharField(
        initial="en",
        max_length=200,
        help_text="Language codes, comma-separated; the first is the fallback (e.g. en, de).",
    )

    def clean_languages(self) -> list[str]:
        return parse_languages(self.cleaned_data["languages"])


class SurveySettingsForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=SurveyKind.choices)
    audience = forms.ChoiceField(choices=Audience.choices)
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.filter(is_active=True), required=False
    )
    languages = forms.CharField(
        max_length=200, help_text="Comma-separated; the first is the fallback language."
    )
    reminder_after_days = forms.IntegerField(
        min_value=0, max_value=60, help_text="One reminder this many days later; 0 sends none."
    )
    public_link_enabled = forms.BooleanField(
        required=False,
        label="Public link and website snippet",
        help_text="Anyone with the link may answer, anonymously.",
    )

    def clean_languages(self) -> list[str]:
        return parse_languages(self.cleaned_data["languages"])

    @classmethod
    def for_survey(
        cls, survey: Survey, data: Mapping[str, Any] | None = None
    ) -> SurveySettingsForm:
        initial = {
            "name": survey.name,
            "kind": survey.kind,
            "audience": survey.audience,
            "touchpoint": survey.touchpoint_id,
            "languages": ", ".join(survey.languages),
            "reminder_after_days": survey.reminder_after_days,
            "public_link_enabled": survey.public_link_enabled,
        }
        return cls(data, initial=initial, prefix="settings")


class SurveyTextsForm(forms.Form):
    """Title, introduction and thank-you text for each of the survey's languages."""

    def __init__(self, survey: Survey, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, prefix="texts")
        self.languages = list(survey.languages)
        for code in self.languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=f"Title ({code})",
                required=False,
                max_length=300,
                initial=(survey.title or {}).get(code, ""),
            )
            self.fields[f"intro_{code}"] = forms.CharField(
                label=f"Introduction ({code})",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=(survey.intro or {}).get(code, ""),
            )
            self.fields[f"thanks_{code}"] = forms.CharField(
                label=f"Thank-you text ({code})",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=(survey.thanks or {}).get(code, ""),
            )

    def texts_for(self, code: str) -> dict[str, str]:
        return {name: self.cleaned_data[f"{name}_{code}"] for name in ("title", "intro", "thanks")}


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)
# Which fields each type shows (the page hides the others; the server ignores them).
SHOWN_FOR = {
    "choices": " ".join(CHOICE_TYPES),
    "scale_max": QuestionType.RATING,
    "about_team": QuestionType.RATING,
}


class QuestionForm(forms.Form):
    type = forms.ChoiceField(choices=QuestionType.choices)
    required = forms.BooleanField(required=False)
    key = forms.SlugField(
        max_length=50,
        required=False,
        label="Answer name (optional)",
        help_text="How exports and the API name the answer; made from the question when "
        "left empty.",
    )
    scale_max = forms.IntegerField(
        min_value=2,
        max_value=10,
        initial=5,
        required=False,
        label="Highest rating",
        help_text="From 1 to this.",
    )
    show_if_question = forms.ChoiceField(
        required=False,
        label="Follow-up of",
        help_text="Show only when the answer to this earlier scored question lies in the range.",
    )
    show_if_min = forms.IntegerField(required=False, label="From", min_value=0, max_value=10)
    show_if_max = forms.IntegerField(required=False, label="To", min_value=0, max_value=10)
    about_team = forms.ModelChoiceField(
        queryset=Team.objects.all(),
        required=False,
        help_text="Internal-customer rating: the team whose service is rated.",
    )

    def __init__(
        self,
        survey: Survey,
        questions: list[Question],
        data: Mapping[str, Any] | None = None,
        instance: Question | None = None,
    ) -> None:
        super().__init__(data, initial=_initial(survey, instance))
        self.languages = list(survey.languages)
        earlier = questions
        if instance is not None:
            earlier = [q for q in questions if q.position < instance.position]
        show_if = self.fields["show_if_question"]
        assert isinstance(show_if, forms.ChoiceField)
        show_if.choices = [("", "— always shown —")] + [
            (q.key, _question_label(q, self.languages)) for q in earlier if scale_of(q) is not None
        ]
        self.instance = instance
        self.survey = survey
        self.taken = {q.key for q in questions if instance is None or q.pk != instance.pk}
        for code in self.languages:
            self.fields[f"choices_{code}"] = forms.CharField(
                label=f"Choices ({code})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="One choice a line, in the order shown."
                + (
                    " The same number of lines in each language." if len(self.languages) > 1 else ""
                ),
                initial="\n".join(
                    str((c.get("label") or {}).get(code, "")) for c in (instance.choices or [])
                )
                if instance
                else "",
            )
            self.fields[f"text_{code}"] = forms.CharField(
                label=f"Question ({code})",
                required=False,
                max_length=2000,
                initial=((instance.text if instance else None) or {}).get(code, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"help_{code}"] = forms.CharField(
                label=f"Hint ({code})",
                required=False,
                max_length=2000,
                initial=((instance.help_text if instance else None) or {}).get(code, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent = data.get("show_if_question")
        if parent and (data.get("show_if_min") is None or data.get("show_if_max") is None):
            self.add_error("show_if_min", "Give the range of answers that shows this question.")
        if data.get("type") in CHOICE_TYPES:
            lists = {code: _lines(data.get(f"choices_{code}") or "") for code in self.languages}
            first = self.languages[0]
            if not lists[first]:
                self.add_error(f"choices_{first}", "List the choices, one a line.")
            for code, labels in lists.items():
                if labels and len(labels) != len(lists[first]):
                    self.add_error(
                        f"choices_{code}",
                        f"{len(labels)} choices here, {len(lists[first])} in {first}: give "
                        "each choice in every language, in the same order.",
                    )
        return data

    def _key(self) -> str:
        """The answer name typed, the stored one, or one made from the question's text."""
        typed = self.cleaned_data.get("key") or ""
        if typed:
            return str(typed)
        if self.instance is not None:
            return self.instance.key
        text = next((self.cleaned_data.get(f"text_{c}") for c in self.languages), "") or ""
        return unique_key(text, str(self.cleaned_data["type"]), self.taken)

    def _choices(self) -> list[dict[str, Any]]:
        if self.cleaned_data["type"] not in CHOICE_TYPES:
            return []
        lists = {c: _lines(self.cleaned_data.get(f"choices_{c}") or "") for c in self.languages}
        old = (
            [str(c.get("value", "")) for c in (self.instance.choices or [])]
            if self.instance
            else []
        )
        values: list[str] = []
        for n, label in enumerate(lists[self.languages[0]]):
            value = old[n] if n < len(old) else unique_key(label, "choice", set(values) | set(old))
            values.append(value)
        return [
            {
                "value": value,
                "label": {c: lists[c][n] for c in self.languages if n < len(lists[c])},
            }
            for n, value in enumerate(values)
        ]

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        parent = data.get("show_if_question")
        rating = data["type"] == QuestionType.RATING
        return {
            "key": self._key(),
            "type": data["type"],
            "required": data["required"],
            "text": {code: data[f"text_{code}"] for code in self.languages},
            "help_text": {code: data[f"help_{code}"] for code in self.languages},
            "choices": self._choices(),
            "scale_max": (data.get("scale_max") or 5) if rating else 5,
            "show_if": (
                {"question": parent, "min": data["show_if_min"], "max": data["show_if_max"]}
                if parent
                else None
            ),
            "about_team": data.get("about_team") if rating else None,
        }


def _initial(survey: Survey, question: Question | None) -> dict[str, Any]:
    if question is None:
        return {"scale_max": 5}
    show_if = question.show_if or {}
    return {
        "key": question.key,
        "type": question.type,
        "required": question.required,
        "scale_max": question.scale_max,
        "show_if_question": show_if.get("question", ""),
        "show_if_min": show_if.get("min"),
        "show_if_max": show_if.get("max"),
        "about_team": question.about_team_id,
    }


def _question_label(question: Question, languages: list[str]) -> str:
    text = next((question.text.get(c) for c in languages if (question.text or {}).get(c)), "")
    short = text if len(text) <= 60 else text[:59] + "…"
    return f"{short} ({question.key})" if short else question.key


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def unique_key(text: str, fallback: str, taken: set[str], limit: int = 40) -> str:
    """A short answer name made from a text ("What could we do better?" ->
    what_could_we_do_better), unused among `taken` (a _2, _3 ... when it is)."""
    words = slugify(text).replace("-", "_")[:limit].strip("_") or fallback
    if words[0].isdigit():
        words = f"{fallback}_{words}"
    key, n = words, 2
    while key in taken:
        key, n = f"{words}_{n}", n + 1
    return key


def put_errors(
    form: forms.Form,
    field_errors: Mapping[str, str],
    aliases: Mapping[str, str],
    question_key: str = "",
) -> None:
    """Show a service's errors on the form fields they name (else at the top of the form)."""
    for name, message in field_errors.items():
        field = name
        if name.startswith("questions.") and name.count(".") >= 2:
            _, key, field = name.split(".", 2)
            if key != question_key:
                form.add_error(None, f"Question {key}: {message}")
                continue
        target = aliases.get(field, field)
        form.add_error(target if target in form.fields else None, message)

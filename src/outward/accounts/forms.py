"""Forms of the accounts pages: password reset, API tokens, the people page and skill levels."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from outward.accounts.choices import TokenScope
from outward.accounts.models import Skill, Team
from outward.accounts.tasks import send_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by the task worker, not the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        send_email.enqueue(subject=subject, body=body, to=[to_email], html_body=html_body)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What uses this token, e.g. “CRM sync”.",
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        help_text="Read-only tokens can look but never change anything.",
    )


LEVEL_CHOICES = [
    (1, "1 · novice"),
    (2, "2 · with help"),
    (3, "3 · on their own"),
    (4, "4 · advanced"),
    (5, "5 · expert"),
]


def _team_choices(teams: list[Team]) -> list[tuple[Any, str]]:
    return [("", "All teams"), *((team.pk, team.name) for team in teams)]


def _skill_choices(skills: list[Skill], empty: str) -> list[tuple[Any, str]]:
    return [("", empty), *((skill.pk, skill.name) for skill in skills)]


class PeopleFilterForm(forms.Form):
    """The people page's filters: a team, and a skill held at a minimum level (GET)."""

    team = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    skill = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    min_level = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="At level",
        choices=[("", "Any level"), *((n, f"{n} or more") for n in range(1, 6))],
    )

    def __init__(self, *args: Any, teams: list[Team], skills: list[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices(teams)  # type: ignore[attr-defined]
        self.fields["skill"].choices = _skill_choices(skills, "Any skill")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("min_level") is not None and cleaned.get("skill") is None:
            self.add_error("skill", "Choose the skill the level is about.")
        return cleaned


class SkillLevelForm(forms.Form):
    """One employee's level in one skill, or (with `remove`) the skill taken off them."""

    skill = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Choose a skill.",
            "invalid_choice": "Choose a skill from the list.",
        },
    )
    level = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Choose…"), *LEVEL_CHOICES],
        error_messages={"invalid_choice": "Choose a level from 1 to 5."},
        help_text="1 (novice) to 5 (expert).",
    )
    verified_on = forms.DateField(
        required=False,
        label="Verified on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty while the level is self-assessed.",
    )
    remove = forms.BooleanField(required=False)  # sent by the "Remove" button

    def __init__(self, *args: Any, skills: list[Skill], today: date, **kwargs: Any) -> None:
        # Its own ids: it shares the page with the filters, which also have a `skill` field.
        kwargs.setdefault("auto_id", "set_%s")
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["skill"].choices = _skill_choices(skills, "Choose…")  # type: ignore[attr-defined]

    def clean_verified_on(self) -> date | None:
        verified_on: date | None = self.cleaned_data.get("verified_on")
        if verified_on is not None and verified_on > self.today:
            raise forms.ValidationError("A level can't be verified in the future.")
        return verified_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("remove")
            and cleaned.get("level") is None
            and "level" not in self.errors
        ):
            self.add_error("level", "Choose a level from 1 to 5.")
        return cleaned

"""The form that starts a pulse round."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from outward.accounts.models import Team
from outward.pulse.services import DEFAULT_OPEN_DAYS, MAX_OPEN_DAYS

MAX_RATED_DEFAULT = 8  # more teams than this: the manager picks which are rated


def default_name() -> str:
    today = timezone.localdate()
    return f"Pulse Q{(today.month - 1) // 3 + 1} {today.year}"


class StartRoundForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="Shown in the e-mail's subject.")
    rated_teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Internal-customer ratings",
        help_text="Everyone rates how well each of these departments serves them (never "
        "their own).",
    )
    ask_equipped = forms.BooleanField(
        required=False, initial=True, label="Ask “I have what I need to serve our customers”"
    )
    ask_comment = forms.BooleanField(
        required=False, initial=True, label="Ask for a comment (shown only for the whole company)"
    )
    invites_without_team = forms.BooleanField(
        required=False,
        initial=False,
        label="Also invite accounts in no team",
        help_text="Only employees in a team are asked by default; accounts in none (the admin "
        "account, contractors) are left out.",
    )
    open_days = forms.IntegerField(
        min_value=1,
        max_value=MAX_OPEN_DAYS,
        initial=DEFAULT_OPEN_DAYS,
        label="Open for (days)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = default_name()
        # Every team rates the others by default (nobody is asked about their own team).
        self.fields["rated_teams"].initial = list(
            Team.objects.order_by("name").values_list("pk", flat=True)[:MAX_RATED_DEFAULT]
        )

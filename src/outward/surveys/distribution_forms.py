"""Forms of the distribution pages: the contact policy, sending a survey now, the search in
the list of customers never heard from."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.surveys.services.coverage import POLICY_LIMITS


class ContactPolicyForm(forms.Form):
    fatigue_days = forms.IntegerField(
        label="Fatigue period (days)",
        min_value=POLICY_LIMITS["fatigue_days"][0],
        max_value=POLICY_LIMITS["fatigue_days"][1],
        help_text="Nobody is invited more often than once in this many days, across all "
        "surveys and triggers. 0 turns the rule off.",
    )
    coverage_days = forms.IntegerField(
        label="Coverage period (days)",
        min_value=POLICY_LIMITS["coverage_days"][0],
        max_value=POLICY_LIMITS["coverage_days"][1],
        help_text="Every active customer who agreed to be contacted is invited to the "
        "relationship survey at least once in this many days. More than twice the fatigue "
        "period.",
    )
    token_valid_days = forms.IntegerField(
        label="Links valid for (days)",
        min_value=POLICY_LIMITS["token_valid_days"][0],
        max_value=POLICY_LIMITS["token_valid_days"][1],
        help_text="How long an invitation's link can be used to answer.",
    )


class SendForm(forms.Form):
    segment = forms.ChoiceField(required=False, choices=[])
    region = forms.ChoiceField(required=False, choices=[])
    confirm = forms.BooleanField(
        label="Invite every matching active customer now",
        help_text="The contact rules apply: customers without consent, opted out, or invited "
        "in the fatigue period are skipped and counted.",
    )

    def __init__(self, *args: Any, segments: list[str], regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", "All segments"), *((s, s) for s in segments)]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", "All regions"), *((r, r) for r in regions)]  # type: ignore[attr-defined]


class NeverHeardSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search by name",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or e-mail"}),
    )

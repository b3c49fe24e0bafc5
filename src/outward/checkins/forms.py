"""Forms of the check-in pages."""

from __future__ import annotations

from django import forms

from outward.cases.choices import PromiseKind
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.services.outcomes import MAX_TEXT, Outcome


class FilterForm(forms.Form):
    status = forms.ChoiceField(choices=CheckInStatus.choices, required=False)
    reason = forms.ChoiceField(choices=[("", "Any reason"), *Reason.choices], required=False)
    mine = forms.BooleanField(required=False, label="Mine only")


class OutcomeForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        label="What the customer said",
    )
    nps = forms.IntegerField(
        min_value=0,
        max_value=10,
        required=False,
        label="How likely to recommend us (0-10)",
        help_text="If you asked.",
    )
    open_case = forms.BooleanField(
        required=False, label="Open a case", help_text="They raised something to fix."
    )
    promise = forms.CharField(
        max_length=300, required=False, label="Promise made", help_text="Leave empty if none."
    )
    promise_kind = forms.ChoiceField(
        choices=PromiseKind.choices, initial=PromiseKind.FOLLOW_UP, label="Kind of promise"
    )
    promise_due = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        required=False,
        label="Promise due",
    )

    def outcome(self) -> Outcome:
        data = self.cleaned_data
        return Outcome(
            text=data["text"],
            nps=data["nps"],
            open_case=data["open_case"],
            promise=data["promise"],
            promise_kind=data["promise_kind"],
            promise_due=data["promise_due"],
        )


class DismissForm(forms.Form):
    note = forms.CharField(max_length=300, label="Why not")

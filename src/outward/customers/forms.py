"""The customer list's search and filter form (GET)."""

from __future__ import annotations

from django import forms

from outward.customers.choices import LifecycleStatus


class CustomerFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, e-mail or customer id"}
        ),
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *LifecycleStatus.choices]
    )
    segment = forms.ChoiceField(required=False, choices=[])
    region = forms.ChoiceField(required=False, choices=[])

    def __init__(
        self, *args: object, segments: list[str], regions: list[str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["segment"].choices = [("", "Any segment"), *((s, s) for s in segments)]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", "Any region"), *((r, r) for r in regions)]  # type: ignore[attr-defined]

"""Forms of the programme pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from outward.accounts.models import User


class PolicyForm(forms.Form):
    title = forms.CharField(max_length=200, initial="Customer-service policy")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=100_000,
        label="Policy text",
        help_text="Write it here, or upload the document (a .md or .txt file fills this in).",
    )
    document = forms.FileField(
        required=False, help_text="PDF, Word (.docx), OpenDocument (.odt), Markdown or text."
    )
    note = forms.CharField(max_length=300, required=False, label="What changed")


class TrainingForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Employee")
    course = forms.CharField(max_length=200)
    completed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), required=False, help_text="If it expires."
    )
    hours = forms.DecimalField(max_digits=5, decimal_places=1, required=False, min_value=0)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["completed_on"].initial = timezone.localdate()


class FundingForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    initiatives = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, label="Initiatives budget"
    )
    remedies = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, label="Remedies budget"
    )
